//! The page side of every panel but Schedules: what the panels call from the main thread to
//! check settings, export them and draw their charts. Two wasm modules hold it (see Cargo.toml),
//! one folder each: `train/` (feature `panels-train`) the Train and Playground panels',
//! `experiments/` (`panels-experiments`) the LR Finder, Tips, Landscape and Snapshots panels'.
//! Both have the forms' defaults and the experiments' exports. What the panels run in their
//! workers is in `jobs/`.

mod defaults;
#[cfg(feature = "panels-experiments")]
mod experiments;
mod scripts;
#[cfg(feature = "panels-train")]
mod train;

pub use defaults::{optimizer_defaults, train_defaults};
#[cfg(feature = "panels-experiments")]
pub use experiments::*;
pub use scripts::experiment_export;
#[cfg(feature = "panels-train")]
pub use train::*;
