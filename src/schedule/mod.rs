//! Learning-rate schedulers with PyTorch 2.x semantics (`torch.optim.lr_scheduler`).
//!
//! A scheduler never owns an optimizer: it is built on, and stepped with, the optimizer's
//! `param_groups` (`&mut [ParamGroup]`), exactly when PyTorch would touch them. Construction
//! performs PyTorch's initial step (sets `initial_lr`, writes the epoch-0 lr).
//!
//! Each scheduler mirrors torch 2.15's `lr_scheduler.py` line by line: the recursive
//! ("chainable") `get_lr` forms, the closed forms SequentialLR uses at its milestones, the
//! constructors' side effects and every error PyTorch raises, with its text (Python's own
//! `ZeroDivisionError`/`KeyError`/`TypeError` text too, where PyTorch fails through them).
//! tests/pytorch/gen_schedules.py checks all of it against real torch.
//!
//! Where lrlab differs from PyTorch, on purpose:
//! - Keywords typed `int` in PyTorch are `i64`: a JSON `2.5` for `step_size` is refused
//!   rather than duck-typed; OneCycleLR accepts `pct_start: 1` (PyTorch wants a float).
//! - NaN and infinite arguments are refused (JSON cannot carry them; PyTorch would compute
//!   NaN learning rates).
//! - One value per keyword: lists per param group (`base_lr=[...]`, `min_lr=[...]`) and a
//!   custom `scale_fn` are not offered; `lr_lambda` is an [`Expr`], not a Python callable,
//!   and its failures are [`crate::Error::Expression`] with lrlab's own message.
//! - A SequentialLR milestone that restarts a nested SequentialLR or ChainedScheduler fails as
//!   in PyTorch, but with a message saying so (PyTorch's `NotImplementedError` is empty).
//! - TimeBasedDecay and ExponentialDecay (the lecture's formulas) are lrlab's; each is defined
//!   as the PyTorch MultiplicativeLR / LambdaLR its snippet uses.

pub(crate) mod base;
mod chained_scheduler;
mod config;
mod constant_lr;
mod cosine_annealing_lr;
mod cosine_annealing_warm_restarts;
mod cyclic_lr;
mod describe;
mod exponential_decay;
mod exponential_lr;
pub mod expr;
mod lambda_lr;
mod linear_lr;
mod markers;
mod multi_step_lr;
mod multiplicative_lr;
mod one_cycle_lr;
mod polynomial_lr;
mod pyops;
mod reduce_lr_on_plateau;
mod sequential_lr;
mod simulate;
mod snippet;
mod step_lr;
mod time_based_decay;

pub use base::group_momentum;
pub use chained_scheduler::{ChainedScheduler, ChainedSchedulerConfig};
pub use config::SchedulerConfig;
pub use constant_lr::{ConstantLR, ConstantLRConfig};
pub use cosine_annealing_lr::{CosineAnnealingLR, CosineAnnealingLRConfig};
pub use cosine_annealing_warm_restarts::{
    CosineAnnealingWarmRestarts, CosineAnnealingWarmRestartsConfig,
};
pub use cyclic_lr::{CyclicLR, CyclicLRConfig};
pub use describe::{formula_card, FormulaCard};
pub use exponential_decay::{ExponentialDecay, ExponentialDecayConfig};
pub use exponential_lr::{ExponentialLR, ExponentialLRConfig};
pub use expr::Expr;
pub use lambda_lr::{LambdaLR, LambdaLRConfig};
pub use linear_lr::{LinearLR, LinearLRConfig};
pub use markers::{markers, plateau_trace, Marker, PlateauTrace, MAX_MARKERS};
pub use multi_step_lr::{MultiStepLR, MultiStepLRConfig};
pub use multiplicative_lr::{MultiplicativeLR, MultiplicativeLRConfig};
pub use one_cycle_lr::{OneCycleLR, OneCycleLRConfig};
pub use polynomial_lr::{PolynomialLR, PolynomialLRConfig};
pub use reduce_lr_on_plateau::{ReduceLROnPlateau, ReduceLROnPlateauConfig};
pub use sequential_lr::{SequentialLR, SequentialLRConfig};
pub use simulate::{simulate, Curve, OptimizerName, OptimizerSpec, ScheduleSpec, MAX_STEPS};
pub use snippet::{python_value, pytorch_snippet, scheduler_code};
pub use step_lr::{StepLR, StepLRConfig};
pub use time_based_decay::{TimeBasedDecay, TimeBasedDecayConfig};

use crate::{ParamGroup, Result};

/// `torch.optim.lr_scheduler.LRScheduler`: what every scheduler can do.
pub trait LrScheduler: Send {
    /// `scheduler.step()`, called after `optimizer.step()`.
    fn step(&mut self, groups: &mut [ParamGroup]) -> Result<()>;
    /// `scheduler.step(metrics)`; only ReduceLROnPlateau uses the metric, the others ignore it.
    fn step_metric(&mut self, groups: &mut [ParamGroup], metric: f64) -> Result<()> {
        let _ = metric;
        self.step(groups)
    }
    /// `scheduler.last_epoch`.
    fn last_epoch(&self) -> i64;
    /// `scheduler.get_last_lr()`.
    fn get_last_lr(&self) -> Vec<f64>;
}
