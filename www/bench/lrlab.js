// The lab's own workloads, timed in this page: the real crate built for the web (www/pkg),
// the same code `cargo run --release --example bench` times natively.
import { bestMs, breathe, timeMs } from "./timing.js";

/**
 * Samples/s through training steps, as examples/bench measures them: one warm-up epoch, then
 * the best of three epochs, each timed over all its iterations but the last (which validates).
 */
export async function lrlabTraining(wasm, files, batch) {
  const t = new wasm.Training(wasm.bench_train_config(batch), files.images, files.labels);
  try {
    const { iterations_per_epoch: ipe } = t.summary();
    t.run(ipe);
    t.take_updates();
    let best = 0;
    for (let e = 0; e < 3; e += 1) {
      await breathe();
      const t0 = performance.now();
      t.run(ipe - 1);
      const ms = performance.now() - t0;
      best = Math.max(best, (((ipe - 1) * batch) / ms) * 1000);
      t.run(1);
    }
    const updates = t.take_updates();
    const losses = updates.loss;
    return { samples_per_s: Math.round(best), final_loss: round(mean(losses.subarray(losses.length - (ipe - 1)))) };
  } finally {
    t.free();
  }
}

/**
 * GFLOP/s of each kernel shape, and of the SIMD128 multiply + add chains that are their ceiling
 * (src/bench/peak.rs), best of 30 runs each as examples/bench measures them; each run is 200
 * MFLOP (about 10 ms), four times the native runs, because a page's clock may be coarsened to
 * 0.1 ms. The ceiling's runs alternate with each kernel's, so that both see the same machine
 * (a shared VM drifts within minutes); its best over all of them is the peak.
 */
export async function lrlabKernels(wasm) {
  const kernels = {};
  const peakIters = Math.round(2e8 / wasm.bench_peak_flops_per_iter());
  const peakRun = () => wasm.bench_peak(peakIters, 1e-7);
  let peakMs = Infinity;
  const names = wasm.bench_kernel_names();
  for (let i = 0; i < names.length; i += 1) {
    await breathe();
    const k = new wasm.BenchKernel(i);
    try {
      const reps = Math.max(1, Math.round(2e8 / k.flops()));
      const kernelRun = () => k.run(reps);
      peakRun();
      kernelRun();
      let kernelMs = Infinity;
      for (let run = 0; run < 30; run += 1) {
        peakMs = Math.min(peakMs, timeMs(peakRun));
        kernelMs = Math.min(kernelMs, timeMs(kernelRun));
      }
      kernels[names[i]] = round((k.flops() * reps) / kernelMs / 1e6);
    } finally {
      k.free();
    }
  }
  const peak = round((peakIters * wasm.bench_peak_flops_per_iter()) / peakMs / 1e6);
  return { kernels, peak };
}

/**
 * The landscape grid (src/bench/landscape.rs): after an untimed setup (a one-epoch run and its
 * plane), milliseconds until the 11x11 coarse picture is complete and until the whole 41x41
 * grid over the 2,000 validation digits is, evaluated 41 points per call as a worker would.
 */
export async function lrlabLandscape(wasm, files) {
  const bench = new wasm.BenchLandscape(files.images, files.labels);
  try {
    await breathe();
    const t0 = performance.now();
    let coarse = null;
    for (;;) {
      const state = bench.step(41);
      if (coarse === null && state & 1) coarse = performance.now() - t0;
      if (state & 2) break;
    }
    const grid = performance.now() - t0;
    return { grid_ms: round(grid), coarse_ms: round(coarse ?? grid), points: bench.total(), samples: bench.samples() };
  } finally {
    bench.free();
  }
}

/** Milliseconds to simulate all 17 schedulers for 10,000 steps each, best of five. */
export function lrlabSchedules(wasm) {
  return round(bestMs(() => wasm.bench_schedules(10_000)));
}

export function mean(values) {
  let s = 0;
  for (const v of values) s += v;
  return values.length ? s / values.length : NaN;
}

export function round(x) {
  return Math.round(x * 100) / 100;
}
