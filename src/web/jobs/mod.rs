//! What the workers hold: each panel's long computation (a training run, a range test, a grid
//! search, a tip's experiment, a landscape, a snapshot ensemble) behind an opaque handle that
//! the worker runs in chunks. Two wasm modules hold them (see Cargo.toml): feature
//! `jobs-training` the Train, Landscape and Snapshots workers' and the benchmark page's,
//! `jobs-search` the LR Finder and Tips workers'. Both are built for speed; the pages' modules
//! for size.

#[cfg(feature = "jobs-training")]
mod bench;
mod data;
#[cfg(feature = "jobs-search")]
mod grid_search;
#[cfg(feature = "jobs-training")]
mod landscape;
#[cfg(feature = "jobs-search")]
mod range_finder;
#[cfg(feature = "jobs-training")]
mod snapshots;
#[cfg(feature = "jobs-search")]
mod tips;
#[cfg(feature = "jobs-training")]
mod training;

#[cfg(feature = "jobs-training")]
pub use bench::{
    bench_kernel_names, bench_peak, bench_peak_flops_per_iter, bench_schedules, bench_train_config,
    bench_train_set, BenchKernel, BenchLandscape,
};
#[cfg(feature = "jobs-search")]
pub use grid_search::GridSearch;
#[cfg(feature = "jobs-training")]
pub use landscape::LandscapeJob;
#[cfg(feature = "jobs-search")]
pub use range_finder::RangeFinder;
#[cfg(feature = "jobs-training")]
pub use snapshots::SnapshotJob;
#[cfg(feature = "jobs-search")]
pub use tips::TipExperiment;
#[cfg(feature = "jobs-training")]
pub use training::Training;
