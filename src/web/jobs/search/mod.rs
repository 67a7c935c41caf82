//! The LR Finder and Tips workers' jobs (feature `jobs-search`): the range test, the
//! coarse-to-fine search and the tips' experiments.

mod grid_search;
mod range_finder;
mod tips;

pub use grid_search::GridSearch;
pub use range_finder::RangeFinder;
pub use tips::TipExperiment;
