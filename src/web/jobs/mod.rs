//! What the workers hold: each panel's long computation (a training run, a range test, a grid
//! search, a tip's experiment, a landscape, a snapshot ensemble) behind an opaque handle that
//! the worker runs in chunks. Two wasm modules hold them (see Cargo.toml), one folder each:
//! `training/` (feature `jobs-training`) the Train, Landscape and Snapshots workers' and the
//! benchmark page's, `search/` (`jobs-search`) the LR Finder and Tips workers'. Both are built
//! for speed; the pages' modules for size.

mod data;
#[cfg(feature = "jobs-search")]
mod search;
#[cfg(feature = "jobs-training")]
mod training;

#[cfg(feature = "jobs-search")]
pub use search::*;
#[cfg(feature = "jobs-training")]
pub use training::*;
