//! Learning-rate schedulers with PyTorch 2.x semantics (`torch.optim.lr_scheduler`).
//!
//! A scheduler never owns an optimizer: it is built on, and stepped with, the optimizer's
//! `param_groups` (`&mut [ParamGroup]`), exactly when PyTorch would touch them. Construction
//! performs PyTorch's initial step (sets `initial_lr`, writes the epoch-0 lr).

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
