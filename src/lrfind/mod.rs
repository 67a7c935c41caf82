//! "Find the learning rate": the LR range test (Smith 2015; fastai's `lr_find`), the rules
//! that read a learning rate off its curve, a coarse-to-fine grid search, and the lecture's
//! tips as small experiments.
//!
//! Everything long-running is a struct with a chunked `run(n)` so that a web worker can
//! report progress and stop between chunks; everything else is a pure function of its data.

mod analysis;
mod cyclic;
mod range_test;
mod smoothing;
mod suggest;
mod sweep;

#[cfg(test)]
pub(crate) mod fixtures;

pub use analysis::{analyse, Analysis, Suggestions};
pub use cyclic::{cyclic_bounds, cyclic_lr_spec, one_cycle_spec, CyclicBounds, FALL_FRACTION};
pub use range_test::{RangeProgress, RangeTest, StopReason};
pub use smoothing::{ema_smooth, Smoothing};
pub use suggest::{min_div_10, steepest, valley, Suggestion, SuggestionKind};
pub use sweep::{RangeTestConfig, SweepMode, MAX_ITERATIONS};
