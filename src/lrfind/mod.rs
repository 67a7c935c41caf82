//! "Find the learning rate": the LR range test (Smith 2015; fastai's `lr_find`), the rules
//! that read a learning rate off its curve, a coarse-to-fine grid search, and the lecture's
//! tips as small experiments.
//!
//! Everything long-running is a struct with a chunked `run(n)` so that a web worker can
//! report progress and stop between chunks; everything else is a pure function of its data.

mod analysis;
mod band;
mod cyclic;
mod experiment;
mod from_train;
mod grid;
mod range_test;
mod runs;
mod search;
mod smoothing;
mod spec;
mod suggest;
mod sweep;
mod tip_csv;
mod tip_findings;
mod tips;

#[cfg(test)]
pub(crate) mod fixtures;

pub use analysis::{analyse, Analysis, Suggestions};
pub use band::{spread, BandProgress, SeedBand, SeedRun, Spread};
pub use cyclic::{cyclic_bounds, cyclic_lr_spec, one_cycle_spec, CyclicBounds, FALL_FRACTION};
pub use experiment::{Experiment, ExperimentProgress, ExperimentReport, Phase};
pub use grid::{best, refine_grid, to_csv, with_lr, GridPoint, Metric, Stage};
pub use range_test::{RangeProgress, RangeTest, StopReason};
pub use runs::{Arm, ArmResult, Budget, Runs, RunsProgress};
pub use search::{Search, SearchConfig, SearchProgress};
pub use smoothing::{ema_smooth, Smoothing};
pub use spec::{LrFindSpec, LrSearchSpec, SearchSetup};
pub use suggest::{min_div_10, steepest, valley, Suggestion, SuggestionKind};
pub use sweep::{RangeTestConfig, SweepMode, MAX_ITERATIONS};
pub use tip_csv::{report_csv, REPORT_CSV_HEADER};
pub use tip_findings::{best_lr_per_row, finding};
pub use tips::{heatmap, Heatmap, Tip, HEATMAP_BATCHES, HEATMAP_LRS};
