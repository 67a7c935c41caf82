//! Native training throughput of the lab's default model (784-128-10 ReLU, Adam) on the bundled
//! digits, at batch sizes 32 and 128, and the speed of the matrix kernels on its shapes.
//! A measurement, not a test:  cargo run --release --example throughput
//!
//! Prints one JSON object. Throughput counts training samples through forward, backward,
//! `optimizer.step()` and the history's bookkeeping (validation excluded). The machine's load
//! matters: run it on an idle machine and read the best of several runs.

use std::time::Instant;

use lrlab::data::Dataset;
use lrlab::kernels::{matmul, matmul_nt, matmul_tn, Dims};
use lrlab::train::TrainConfig;

fn bundled() -> Dataset {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/");
    let read = |name: &str| std::fs::read(format!("{dir}{name}")).expect("bundled data");
    Dataset::from_idx(
        &read("mnist-10k-images-idx3-ubyte.gz"),
        &read("mnist-10k-labels-idx1-ubyte.gz"),
    )
    .expect("bundled data parses")
}

/// Samples per second through training steps: the best of three epochs, each timed over all
/// its iterations but the last (which triggers validation), after one warm-up epoch.
fn train_throughput(pool: &Dataset, batch_size: usize) -> f64 {
    let config = TrainConfig {
        batch_size,
        epochs: 4,
        ..TrainConfig::default()
    };
    let mut trainer = config.build(pool, None).expect("default trainer");
    let per_epoch = trainer.iterations_per_epoch();
    trainer.run(per_epoch).expect("warm-up epoch");
    let mut best = 0.0f64;
    for _ in 0..3 {
        let start = Instant::now();
        trainer.run(per_epoch - 1).expect("timed iterations");
        let seconds = start.elapsed().as_secs_f64();
        best = best.max(((per_epoch - 1) * batch_size) as f64 / seconds);
        trainer.run(1).expect("epoch end");
    }
    best
}

/// GFLOP/s of `op` on `d`, best of five repetitions of `reps` calls.
fn gflops(d: Dims, op: fn(Dims, &[f32], &[f32], &mut [f32], bool)) -> f64 {
    let a = vec![0.5f32; d.m * d.k];
    let b = vec![0.25f32; d.k * d.n];
    let mut c = vec![0.0f32; d.m * d.n];
    let reps = 200;
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let start = Instant::now();
        for _ in 0..reps {
            op(d, &a, &b, &mut c, false);
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    2.0 * (d.m * d.k * d.n * reps) as f64 / best / 1e9
}

fn main() {
    let pool = bundled();
    let kernels = [
        (
            "forward X·W0ᵀ 128x784x128",
            gflops(Dims::new(128, 784, 128), matmul_nt),
        ),
        (
            "weight grad dHᵀ·X 128x128x784",
            gflops(Dims::new(128, 128, 784), matmul_tn),
        ),
        (
            "input grad dY·W1 128x10x128",
            gflops(Dims::new(128, 10, 128), matmul),
        ),
    ];
    let b32 = train_throughput(&pool, 32);
    let b128 = train_throughput(&pool, 128);
    let kernel_json: Vec<String> = kernels
        .iter()
        .map(|(name, g)| format!("\"{name}\": {g:.2}"))
        .collect();
    println!(
        "{{\"train_samples_per_s\": {{\"batch_32\": {b32:.0}, \"batch_128\": {b128:.0}}}, \"kernel_gflops\": {{{}}}}}",
        kernel_json.join(", ")
    );
}
