//! The Train, Landscape and Snapshots workers' jobs and the benchmark page's workloads (feature
//! `jobs-training`).

mod bench;
mod landscape;
mod run;
mod snapshots;

pub use bench::{
    bench_kernel_names, bench_peak, bench_peak_flops_per_iter, bench_schedules, bench_train_config,
    bench_train_set, BenchKernel, BenchLandscape,
};
pub use landscape::LandscapeJob;
pub use run::Training;
pub use snapshots::SnapshotJob;
