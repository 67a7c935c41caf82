//! `make bench`'s native half: training-step throughput of the default network (784-128-10
//! ReLU, SGD) at batch sizes 32 and 128, the matrix kernels on the step's shapes, schedule
//! computation, the landscape grid (coarse picture and whole 41x41 grid), and the machine's
//! 128-bit SIMD ceilings. A measurement, not a test:
//!
//!   cargo run --release --example bench
//!   cargo run --release --example bench -- --training 32
//!
//! Prints one JSON object (scripts/bench.mjs merges it into bench-results/summary.json). Every
//! figure is the best of several runs after a warm-up; run it on an idle machine. With
//! `--training B` it times only the training at batch size B, so that scripts/bench.mjs can
//! alternate it with the same training in the browser (both sides then see the same machine).

mod peak;

use std::time::Instant;

use lrlab::bench::{
    mul_add_chains, simulate_all, train_config, train_flops_per_sample, KernelBench,
    LandscapeBench, BENCH_BATCHES, KERNEL_SHAPES, PEAK_FLOPS_PER_ITER, SCHEDULE_STEPS,
};
use lrlab::data::Dataset;
use serde_json::{json, Map, Value};

fn bundled() -> Result<Dataset, Box<dyn std::error::Error>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/");
    let read = |name: &str| std::fs::read(format!("{dir}{name}"));
    Ok(Dataset::from_idx(
        &read("mnist-10k-images-idx3-ubyte.gz")?,
        &read("mnist-10k-labels-idx1-ubyte.gz")?,
    )?)
}

/// Samples per second through training steps (forward, backward, `optimizer.step()`, the
/// history's bookkeeping): the best of three epochs after a warm-up epoch, each timed over all
/// its iterations but the last, which runs validation.
fn train_throughput(pool: &Dataset, batch_size: usize) -> lrlab::Result<f64> {
    let mut trainer = train_config(batch_size)?.build(pool, None)?;
    let per_epoch = trainer.iterations_per_epoch();
    trainer.run(per_epoch)?;
    let mut best = 0.0f64;
    for _ in 0..3 {
        let start = Instant::now();
        trainer.run(per_epoch - 1)?;
        let seconds = start.elapsed().as_secs_f64();
        best = best.max(((per_epoch - 1) * batch_size) as f64 / seconds);
        trainer.run(1)?;
    }
    Ok(best)
}

/// Timed runs per kernel shape. The SIMD peaks it is compared with are the best of many short
/// runs (`peak.rs`), so the kernels are measured the same way: on a shared machine a short run
/// has a better chance of having had the core to itself.
const KERNEL_RUNS: usize = 30;

/// The shortest of `runs` timed calls of `f`, in seconds, after one untimed warm-up call (every
/// figure of this benchmark is a best of several runs).
pub(crate) fn best_seconds<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    std::hint::black_box(f());
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// GFLOP/s of one kernel: repetitions sized to 50 MFLOP (a few milliseconds), best of
/// [`KERNEL_RUNS`].
fn kernel_gflops(bench: &mut KernelBench) -> f64 {
    let reps = ((5e7 / bench.flops()) as usize).max(1);
    let flops = bench.flops() * reps as f64;
    flops / best_seconds(KERNEL_RUNS, || bench.run(reps)) / 1e9
}

/// GFLOP/s of the lab's own multiply + add chains (`lrlab::bench::mul_add_chains`, the loop
/// the page times as wasm SIMD128's ceiling), here on SSE: a check that the page's loop measures
/// the same ceiling as `peak::mul_add_gflops`.
fn lab_peak_gflops() -> f64 {
    let iters = (5e7 / PEAK_FLOPS_PER_ITER as f64) as usize;
    let seconds = best_seconds(KERNEL_RUNS, || {
        mul_add_chains(iters, std::hint::black_box(1e-7))
    });
    (iters * PEAK_FLOPS_PER_ITER) as f64 / seconds / 1e9
}

/// Milliseconds to simulate all 17 schedulers for 10,000 steps each, best of five.
fn schedules_ms() -> lrlab::Result<f64> {
    simulate_all(SCHEDULE_STEPS)?;
    Ok(best_seconds(5, || simulate_all(SCHEDULE_STEPS)) * 1e3)
}

/// Milliseconds until the landscape's coarse 11x11 picture and its whole 41x41 grid are
/// evaluated (41 points per call, as in the page), after an untimed setup.
fn landscape_ms(pool: &Dataset) -> lrlab::Result<(f64, f64)> {
    let mut bench = LandscapeBench::new(std::sync::Arc::new(pool.clone()))?;
    let start = Instant::now();
    let mut coarse = None;
    while !bench.is_done() {
        if bench.step(41)?.coarse_ready && coarse.is_none() {
            coarse = Some(start.elapsed().as_secs_f64() * 1e3);
        }
    }
    let grid = start.elapsed().as_secs_f64() * 1e3;
    Ok((coarse.unwrap_or(grid), grid))
}

/// Training throughput at `batch_size` as the summary reports it: samples/s and, in the issue's
/// FLOP count, GFLOP/s.
fn training_figures(
    pool: &Dataset,
    batch_size: usize,
    flops_per_sample: f64,
) -> lrlab::Result<Value> {
    let rate = train_throughput(pool, batch_size)?;
    Ok(json!({
        "samples_per_s": rate.round(),
        "gflops": round2(rate * flops_per_sample / 1e9),
    }))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let pool = bundled()?;
    let model = train_config(32)?.model.build(784, 10)?;
    let flops_per_sample = train_flops_per_sample(&model);
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => {}
        [flag, batch] if flag == "--training" => {
            println!(
                "{}",
                training_figures(&pool, batch.parse()?, flops_per_sample)?
            );
            return Ok(());
        }
        _ => return Err(format!("usage: bench [--training BATCH], got {args:?}").into()),
    }

    let mut kernels = Map::new();
    for (name, op, dims) in KERNEL_SHAPES {
        let mut bench = KernelBench::new(op, dims)?;
        kernels.insert(name.into(), json!(round2(kernel_gflops(&mut bench))));
    }
    let mut train = Map::new();
    for batch in BENCH_BATCHES {
        let figures = training_figures(&pool, batch, flops_per_sample)?;
        train.insert(format!("batch_{batch}"), figures);
    }
    let (coarse_ms, grid_ms) = landscape_ms(&pool)?;
    let summary = json!({
        "target": std::env::consts::ARCH,
        "landscape": {"coarse_ms": round2(coarse_ms), "grid_ms": round2(grid_ms)},
        "train": Value::Object(train),
        "train_flops_per_sample": flops_per_sample,
        "kernel_gflops": Value::Object(kernels),
        "schedules_ms": round2(schedules_ms()?),
        "simd128_fma_peak_gflops": peak::fma_gflops().map(round2),
        "simd128_mul_add_peak_gflops": peak::mul_add_gflops().map(round2),
        "lab_mul_add_chains_gflops": round2(lab_peak_gflops()),
    });
    println!("{summary}");
    Ok(())
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
