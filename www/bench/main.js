// The benchmark page: loads the lab's wasm build and the training digits, then runs every
// browser workload of `make bench` on request, showing each figure as it arrives. scripts/
// bench.mjs calls `window.lrlabBench.run()` headless and reads the returned object, and
// `window.lrlabBench.training(batch)` for the training timings it pairs with native ones.
import initWasm, * as wasm from "../pkg/lrlab_jobs_training.js";
import { h } from "../lib/dom.js";
import { lrlabKernels, lrlabLandscape, lrlabSchedules, lrlabTraining } from "./lrlab.js";
import { tfjsTraining, useBackend } from "./tfjs.js";
import { breathe } from "./timing.js";

const BATCHES = [32, 128];
const LR = 0.05;

const status = document.getElementById("status");
const rows = document.querySelector("#results tbody");
const button = document.getElementById("run");

function show(workload, engine, result) {
  rows.append(h("tr", {}, h("td", { text: workload }), h("td", { text: engine }), h("td", { text: result })));
}

function say(text) {
  status.textContent = text;
}

async function loadFiles() {
  const get = async (name) => new Uint8Array(await (await fetch(new URL(`../data/${name}`, import.meta.url))).arrayBuffer());
  return { images: await get("mnist-10k-images-idx3-ubyte.gz"), labels: await get("mnist-10k-labels-idx1-ubyte.gz") };
}

async function run() {
  rows.replaceChildren();
  const files = await loadFiles();
  const out = { lrlab: { train: {} }, tfjs: {} };
  say("Timing lrlab's matrix kernels…");
  await breathe();
  const { kernels, peak } = await lrlabKernels(wasm);
  out.lrlab.kernel_gflops = kernels;
  out.lrlab.simd128_mul_add_peak_gflops = peak;
  for (const [name, g] of Object.entries(kernels)) show(`kernel ${name}`, "lrlab wasm", `${g} GFLOP/s`);
  show("SIMD128 multiply + add peak (the kernels' ceiling)", "lrlab wasm", `${peak} GFLOP/s`);
  say("Timing the schedules…");
  await breathe();
  out.lrlab.schedules_ms = lrlabSchedules(wasm);
  show("17 schedulers × 10,000 steps", "lrlab wasm", `${out.lrlab.schedules_ms} ms`);
  say("Timing the landscape grid (after training its run)…");
  await breathe();
  out.lrlab.landscape = await lrlabLandscape(wasm, files);
  show("landscape 41x41 grid, 2,000 digits", "lrlab wasm", `${out.lrlab.landscape.grid_ms} ms (coarse ${out.lrlab.landscape.coarse_ms} ms)`);
  for (const batch of BATCHES) {
    say(`Training with lrlab, batch ${batch}…`);
    await breathe();
    const r = await lrlabTraining(wasm, files, batch);
    out.lrlab.train[`batch_${batch}`] = r;
    show(`training, batch ${batch}`, "lrlab wasm", `${r.samples_per_s} samples/s`);
  }
  const set = wasm.bench_train_set(files.images, files.labels);
  for (const backend of ["wasm", "cpu"]) {
    say(`Starting TensorFlow.js's ${backend} backend…`);
    const info = await useBackend(backend);
    const entry = { ...info, version: globalThis.tf.version_core, train: {} };
    for (const batch of BATCHES) {
      say(`Training with TensorFlow.js (${backend}), batch ${batch}…`);
      await breathe();
      const r = await tfjsTraining(set, batch, LR);
      entry.train[`batch_${batch}`] = r;
      const label = backend === "wasm" ? `tfjs wasm${info.simd ? " SIMD" : ""}` : "tfjs cpu";
      show(`training, batch ${batch}`, label, `${r.samples_per_s} samples/s`);
    }
    out.tfjs[backend] = entry;
  }
  out.user_agent = navigator.userAgent;
  say("Done.");
  return out;
}

async function main() {
  await initWasm();
  wasm.init();
  let running = null;
  const start = () => {
    if (!running) {
      button.disabled = true;
      running = run().finally(() => {
        running = null;
        button.disabled = false;
      });
    }
    return running;
  };
  button.addEventListener("click", () => start().catch((e) => say(`Failed: ${e.message}`)));
  let files = null;
  window.lrlabBench = {
    run: start,
    // One training timing on its own (scripts/bench.mjs alternates it with the native one).
    training: async (batch) => lrlabTraining(wasm, (files ??= await loadFiles()), batch),
  };
  button.disabled = false;
  say("Ready.");
  document.documentElement.dataset.ready = "true";
}

main().catch((e) => say(`The benchmark page could not start: ${e.message}`));
