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
    ///
    /// The default suits an optimizer without per-tensor state (PyTorch's plain SGD): the
    /// groups and an empty `state`. Every optimizer in this module overrides it.
    fn state_dict(&self) -> OptimizerState {
        OptimizerState {
            param_groups: self.param_groups().to_vec(),
            state: Vec::new(),
        }
    }
    /// `optimizer.load_state_dict(state)`: restores a snapshot taken from an optimizer of the
    /// same kind over the same tensors and groups.
    ///
    /// The default, for an optimizer without per-tensor state, restores the groups and
    /// accepts only an empty `state`.
    ///
    /// # Errors
    /// [`crate::Error::InvalidArgument`] when the groups or buffers do not match this optimizer
    /// ("loaded state dict has a different number of parameter groups", ...); the optimizer is
    /// left unchanged.
    fn load_state_dict(&mut self, state: &OptimizerState) -> Result<()> {
        state::check_groups(self.param_groups(), &state.param_groups)?;
        if !state.state.is_empty() {
            return Err(crate::Error::invalid(
                "loaded state dict has per-tensor state, but this optimizer keeps none",
            ));
        }
        self.param_groups_mut()
            .clone_from_slice(&state.param_groups);
        Ok(())
    }
}

impl std::fmt::Debug for dyn Optimizer {
    /// Shows the groups, the part every optimizer exposes.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Optimizer")
            .field("param_groups", &self.param_groups())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    /// An optimizer with no per-tensor state, relying on the trait's defaults.
    struct Stateless(Vec<ParamGroup>);

    impl Optimizer for Stateless {
        fn step(&mut self, params: &mut [f32], grads: &[f32]) -> Result<()> {
            let lr = self.0[0].lr as f32;
            params.iter_mut().zip(grads).for_each(|(p, g)| *p -= lr * g);
            Ok(())
        }
        fn param_groups(&self) -> &[ParamGroup] {
            &self.0
        }
        fn param_groups_mut(&mut self) -> &mut [ParamGroup] {
            &mut self.0
        }
    }

    #[test]
    fn default_snapshot_restores_the_groups_of_a_stateless_optimizer() {
        let mut opt = Stateless(vec![ParamGroup {
            params: vec![0],
            ..ParamGroup::with_lr(0.1)
        }]);
        let snapshot = opt.state_dict();
        assert!(snapshot.state.is_empty());
        opt.param_groups_mut()[0].lr = 0.5;
        opt.load_state_dict(&snapshot).unwrap();
        assert_eq!(opt.param_groups()[0].lr, 0.1);
        let stateful = OptimizerState {
            state: vec![TensorState::with_step(1.0)],
            ..snapshot.clone()
        };
        assert!(matches!(
            opt.load_state_dict(&stateful),
            Err(Error::InvalidArgument(_))
        ));
        let regrouped = OptimizerState {
            param_groups: Vec::new(),
            ..snapshot
        };
        assert!(opt.load_state_dict(&regrouped).is_err());
        let dbg = format!("{:?}", &opt as &dyn Optimizer);
        assert!(dbg.starts_with("Optimizer { param_groups: ["), "{dbg}");
    }
}
