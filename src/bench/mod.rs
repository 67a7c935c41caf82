//! The workloads `make bench` times: the same code natively (`examples/bench`) and in the
//! browser (the benchmark page, through `web::bench`), so that every ratio compares like with
//! like. Nothing here reads a clock (wasm32-unknown-unknown has none); callers time the calls.

mod kernel;
mod landscape;
mod peak;
mod schedules;
mod training;

pub use kernel::{KernelBench, KernelOp, KERNEL_SHAPES};
pub use landscape::{LandscapeBench, LANDSCAPE_SPEC};
pub use peak::{mul_add_chains, mul_add_chains_reference, PEAK_FLOPS_PER_ITER};
pub use schedules::{simulate_all, SCHEDULE_STEPS};
pub use training::{train_config, train_flops_per_sample, BENCH_BATCHES, BENCH_LR};
