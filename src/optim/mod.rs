//! Optimizers with PyTorch's update rules, defaults and validation messages (`torch.optim`).
//!
//! Parameters live in one flat `f32` buffer made of tensors laid end to end; `tensor_lens` gives
//! each tensor's length and `ParamGroup::params` lists the tensor indices of each group.

use crate::{ParamGroup, Result};

/// `torch.optim.Optimizer`: what every optimizer can do.
pub trait Optimizer: Send {
    /// `optimizer.step()` with the gradients `grads` (same layout as `params`).
    fn step(&mut self, params: &mut [f32], grads: &[f32]) -> Result<()>;
    /// `optimizer.param_groups`.
    fn param_groups(&self) -> &[ParamGroup];
    /// `optimizer.param_groups`, for schedulers.
    fn param_groups_mut(&mut self) -> &mut [ParamGroup];
}
