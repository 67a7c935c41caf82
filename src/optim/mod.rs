//! Optimizers with PyTorch's update rules, defaults and validation messages (`torch.optim`).
//!
//! Parameters live in one flat `f32` buffer made of tensors laid end to end; `tensor_lens` gives
//! each tensor's length and `ParamGroup::params` lists the tensor indices of each group.
//!
//! Every optimizer mirrors torch 2.15's single-tensor (`foreach=False`) CPU code path op by op
//! in `f32`, with the rounding of ATen's float kernels (see `aten`): the only known difference
//! is `sqrt`, which PyTorch takes from MKL (within 1 ulp) and lrlab rounds correctly. The
//! hyperparameters a scheduler may change (lr, momentum, betas, weight_decay) are read from the
//! [`ParamGroup`]s at every step; the others live in each optimizer's config.

mod adadelta;
mod adagrad;
mod adam;
mod adamw;
mod aten;
mod config;
mod groups;
mod replay;
mod rmsprop;
mod sgd;
mod state;

pub use adadelta::{Adadelta, AdadeltaConfig};
pub use adagrad::{Adagrad, AdagradConfig};
pub use adam::{Adam, AdamConfig};
pub use adamw::AdamWConfig;
pub use config::OptimizerConfig;
pub use groups::ParamGroupSpec;
pub use replay::Replay;
pub use rmsprop::{RMSprop, RMSpropConfig};
pub use sgd::{SGDConfig, SGD};
pub use state::{OptimizerState, TensorState};

use crate::{ParamGroup, Result};

/// `torch.optim.Optimizer`: what every optimizer can do.
pub trait Optimizer: Send {
    /// `optimizer.step()` with the gradients `grads` (same layout as `params`).
    fn step(&mut self, params: &mut [f32], grads: &[f32]) -> Result<()>;
    /// `optimizer.param_groups`.
    fn param_groups(&self) -> &[ParamGroup];
    /// `optimizer.param_groups`, for schedulers.
    fn param_groups_mut(&mut self) -> &mut [ParamGroup];
    /// `optimizer.state_dict()`: the groups and every tensor's state (step count, buffers).
    fn state_dict(&self) -> OptimizerState;
    /// `optimizer.load_state_dict(state)`: restores a snapshot taken from an optimizer of the
    /// same kind over the same tensors and groups.
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] when the groups or buffers do not match this optimizer
    /// ("loaded state dict has a different number of parameter groups", ...); the optimizer is
    /// left unchanged.
    fn load_state_dict(&mut self, state: &OptimizerState) -> Result<()>;
}

impl std::fmt::Debug for dyn Optimizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Optimizer")
            .field("param_groups", &self.param_groups())
            .finish_non_exhaustive()
    }
}
