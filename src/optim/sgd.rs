//! Stochastic gradient descent with momentum, dampening, Nesterov momentum and weight decay
//! (`torch.optim.SGD`).

use serde::{Deserialize, Serialize};

use super::aten::{self, add, scalar};
use super::groups::{self, Layout};
use super::state::{self, OptimizerState, TensorState};
use super::Optimizer;
use crate::pyfmt::py_float;
use crate::{Error, ParamGroup, Result};

/// The keywords of `torch.optim.SGD(params, lr=1e-3, momentum=0, dampening=0,
/// weight_decay=0, nesterov=False, *, maximize=False)`, with PyTorch's defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SGDConfig {
    /// Learning rate γ.
    pub lr: f64,
    /// Momentum factor μ (a group value: CyclicLR and OneCycleLR may cycle it).
    pub momentum: f64,
    /// Dampening τ of the momentum buffer.
    pub dampening: f64,
    /// L2 penalty λ, added to the gradient.
    pub weight_decay: f64,
    /// Nesterov momentum.
    pub nesterov: bool,
    /// Ascend the objective instead of descending it.
    pub maximize: bool,
}

impl Default for SGDConfig {
    fn default() -> Self {
        SGDConfig {
            lr: 1e-3,
            momentum: 0.0,
            dampening: 0.0,
            weight_decay: 0.0,
            nesterov: false,
            maximize: false,
        }
    }
}

impl SGDConfig {
    /// Checks the values as `SGD.__init__` does, in its order.
    ///
    /// # Errors
    /// "Invalid learning rate: {lr}", "Invalid momentum value: {momentum}", "Invalid
    /// weight_decay value: {weight_decay}" for negative values, and "Nesterov momentum requires
    /// a momentum and zero dampening".
    pub fn validate(&self) -> Result<()> {
        if self.lr < 0.0 {
            return Err(Error::invalid(format!(
                "Invalid learning rate: {}",
                py_float(self.lr)
            )));
        }
        if self.momentum < 0.0 {
            return Err(Error::invalid(format!(
                "Invalid momentum value: {}",
                py_float(self.momentum)
            )));
        }
        if self.weight_decay < 0.0 {
            return Err(Error::invalid(format!(
                "Invalid weight_decay value: {}",
                py_float(self.weight_decay)
            )));
        }
        if self.nesterov && (self.momentum <= 0.0 || self.dampening != 0.0) {
            return Err(Error::invalid(
                "Nesterov momentum requires a momentum and zero dampening",
            ));
        }
        Ok(())
    }

    /// The group a scheduler sees: `lr`, `momentum` and `weight_decay`.
    pub fn param_group(&self) -> ParamGroup {
        ParamGroup {
            momentum: Some(self.momentum),
            weight_decay: self.weight_decay,
            ..ParamGroup::with_lr(self.lr)
        }
    }
}

/// `torch.optim.SGD`, mirroring its single-tensor CPU path in `f32`:
///
/// ```text
/// g ← ∇f(θ) (−∇f(θ) when maximize);  g ← g + λθ  if λ ≠ 0
/// if μ ≠ 0:  b ← g at the first step, else b ← μb + (1 − τ)g
///            g ← g + μb if nesterov, else g ← b
/// θ ← θ − γg
/// ```
///
/// Nesterov momentum follows Sutskever et al., "On the importance of initialization and
/// momentum in deep learning" (ICML 2013), in PyTorch's formulation (lr applied outside the
/// buffer, buffer initialised to the first gradient).
///
/// `lr`, `momentum` and `weight_decay` are read from each group at every step; the first
/// step with a non-zero momentum creates a tensor's momentum buffer, as in PyTorch.
///
/// # Errors
/// [`SGD::new`] rejects what [`SGDConfig::validate`] rejects, for the config and for every
/// group (PyTorch checks only the constructor's keywords), and bad groups (see
/// `OptimizerConfig::build`).
#[allow(clippy::upper_case_acronyms)]
#[derive(Debug, Clone)]
pub struct SGD {
    config: SGDConfig,
    layout: Layout,
    groups: Vec<ParamGroup>,
    /// `state[p]["momentum_buffer"]`, created at the first step with momentum.
    momentum_buffers: Vec<Option<Vec<f32>>>,
}

impl SGD {
    /// `SGD(params, **config)` over tensors of lengths `tensor_lens`, with one group over all
    /// of them when `groups` is `None`. Groups without `momentum` take the config's.
    ///
    /// # Errors
    /// See [`SGD`].
    pub fn new(
        config: SGDConfig,
        tensor_lens: &[usize],
        groups: Option<Vec<ParamGroup>>,
    ) -> Result<Self> {
        config.validate()?;
        let layout = Layout::new(tensor_lens)?;
        let groups = groups::resolve(&layout, groups, config.param_group(), |g| {
            let g = ParamGroup {
                momentum: Some(g.momentum.unwrap_or(config.momentum)),
                betas: None,
                ..g
            };
            SGDConfig {
                lr: g.lr,
                momentum: g.momentum.unwrap_or(0.0),
                weight_decay: g.weight_decay,
                ..config.clone()
            }
            .validate()?;
            Ok(g)
        })?;
        let momentum_buffers = vec![None; layout.tensors()];
        Ok(SGD {
            config,
            layout,
            groups,
            momentum_buffers,
        })
    }
}

/// One group's hyperparameters as the kernels see them.
struct Hyper {
    neg_lr: f32,
    weight_decay: Option<f32>,
    momentum: f32,
    one_minus_dampening: f32,
    nesterov: bool,
    maximize: bool,
}

impl Hyper {
    /// `grad` after `maximize` and weight decay.
    #[inline]
    fn grad(&self, grad: f32, param: f32) -> f32 {
        let grad = if self.maximize { -grad } else { grad };
        match self.weight_decay {
            Some(wd) => add(grad, param, wd),
            None => grad,
        }
    }
}

fn step_tensor(params: &mut [f32], grads: &[f32], buffer: &mut Option<Vec<f32>>, h: &Hyper) {
    if h.momentum == 0.0 {
        if h.weight_decay.is_none() && !h.maximize {
            // Plain SGD, `param.add_(grad, alpha=-lr)`: the whole tensor at once.
            aten::add_slices(params, grads, h.neg_lr);
            return;
        }
        for (p, &g) in params.iter_mut().zip(grads) {
            *p = add(*p, h.grad(g, *p), h.neg_lr);
        }
        return;
    }
    let first = buffer.is_none();
    let buffer = buffer.get_or_insert_with(|| vec![0.0; params.len()]);
    for ((p, &g), b) in params.iter_mut().zip(grads).zip(buffer.iter_mut()) {
        let d = h.grad(g, *p);
        *b = if first {
            d
        } else {
            add(*b * h.momentum, d, h.one_minus_dampening)
        };
        let d = if h.nesterov {
            add(d, *b, h.momentum)
        } else {
            *b
        };
        *p = add(*p, d, h.neg_lr);
    }
}

impl Optimizer for SGD {
    fn step(&mut self, params: &mut [f32], grads: &[f32]) -> Result<()> {
        self.layout.check(params, grads, &self.groups)?;
        for group in &self.groups {
            let momentum = group.momentum.unwrap_or(0.0);
            let h = Hyper {
                neg_lr: scalar(-group.lr),
                weight_decay: (group.weight_decay != 0.0).then(|| scalar(group.weight_decay)),
                // PyTorch tests the Python float, then hands the kernel its f32.
                momentum: if momentum != 0.0 {
                    scalar(momentum)
                } else {
                    0.0
                },
                one_minus_dampening: scalar(1.0 - self.config.dampening),
                nesterov: self.config.nesterov,
                maximize: self.config.maximize,
            };
            for &t in &group.params {
                let r = self.layout.range(t)?;
                step_tensor(
                    &mut params[r.clone()],
                    &grads[r],
                    &mut self.momentum_buffers[t],
                    &h,
                );
            }
        }
        Ok(())
    }

    fn param_groups(&self) -> &[ParamGroup] {
        &self.groups
    }

    fn param_groups_mut(&mut self) -> &mut [ParamGroup] {
        &mut self.groups
    }

    fn state_dict(&self) -> OptimizerState {
        let state = self
            .momentum_buffers
            .iter()
            .map(|b| match b {
                Some(b) => TensorState::default().with("momentum_buffer", b),
                None => TensorState::default(),
            })
            .collect();
        OptimizerState {
            param_groups: self.groups.clone(),
            state,
        }
    }

    fn load_state_dict(&mut self, loaded: &OptimizerState) -> Result<()> {
        state::check_shape(&self.groups, self.layout.tensors(), loaded)?;
        let mut buffers = Vec::with_capacity(self.layout.tensors());
        for (t, s) in loaded.state.iter().enumerate() {
            let b = s.optional("momentum_buffer", self.layout.len(t))?;
            buffers.push(b.map(<[f32]>::to_vec));
        }
        self.momentum_buffers = buffers;
        self.groups = loaded.param_groups.clone();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::state::tests::assert_restores;

    fn sgd(config: SGDConfig) -> SGD {
        SGD::new(config, &[2], None).unwrap()
    }

    fn message(config: SGDConfig) -> String {
        SGD::new(config, &[1], None).unwrap_err().to_string()
    }

    #[test]
    fn defaults_are_pytorchs() {
        let c: SGDConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(c, SGDConfig::default());
        assert_eq!(c.lr, 1e-3);
        let g = c.param_group();
        assert_eq!((g.momentum, g.betas), (Some(0.0), None));
    }

    #[test]
    fn rejects_what_pytorch_rejects() {
        let base = SGDConfig::default();
        let bad = |f: fn(&mut SGDConfig)| {
            let mut c = base.clone();
            f(&mut c);
            message(c)
        };
        assert_eq!(bad(|c| c.lr = -0.1), "Invalid learning rate: -0.1");
        assert_eq!(bad(|c| c.momentum = -0.5), "Invalid momentum value: -0.5");
        assert_eq!(
            bad(|c| c.weight_decay = -1e-5),
            "Invalid weight_decay value: -1e-05"
        );
        let nesterov = "Nesterov momentum requires a momentum and zero dampening";
        assert_eq!(bad(|c| c.nesterov = true), nesterov);
        assert_eq!(
            bad(|c| {
                c.nesterov = true;
                c.momentum = 0.9;
                c.dampening = 0.1;
            }),
            nesterov
        );
        assert!(serde_json::from_str::<SGDConfig>(r#"{"momentun": 0.9}"#).is_err());
    }

    #[test]
    fn groups_are_validated_too() {
        let group = ParamGroup {
            params: vec![0],
            ..ParamGroup::with_lr(-1.0)
        };
        let err = SGD::new(SGDConfig::default(), &[1], Some(vec![group])).unwrap_err();
        assert_eq!(err.to_string(), "Invalid learning rate: -1.0");
    }

    #[test]
    fn plain_step_is_theta_minus_lr_grad() {
        let mut opt = sgd(SGDConfig {
            lr: 0.5,
            ..SGDConfig::default()
        });
        let mut p = [1.0, -2.0];
        opt.step(&mut p, &[0.5, 1.0]).unwrap();
        assert_eq!(p, [0.75, -2.5]);
        assert!(opt.state_dict().state[0].buffers.is_empty());
    }

    #[test]
    fn momentum_buffer_starts_at_the_first_gradient_then_dampens() {
        let mut opt = sgd(SGDConfig {
            lr: 1.0,
            momentum: 0.5,
            dampening: 0.5,
            ..SGDConfig::default()
        });
        let mut p = [0.0, 0.0];
        opt.step(&mut p, &[1.0, 2.0]).unwrap();
        assert_eq!(p, [-1.0, -2.0]); // b = g, undampened
        opt.step(&mut p, &[1.0, 2.0]).unwrap();
        assert_eq!(p, [-2.0, -4.0]); // b = 0.5 b + 0.5 g = g
    }

    #[test]
    fn nesterov_looks_ahead_and_decay_pulls_to_zero() {
        let mut opt = sgd(SGDConfig {
            lr: 0.1,
            momentum: 0.5,
            weight_decay: 1.0,
            nesterov: true,
            ..SGDConfig::default()
        });
        let mut p = [1.0, 0.0];
        opt.step(&mut p, &[0.0, 1.0]).unwrap();
        // g = [1, 1] after decay, b = g, update g + 0.5 b = 1.5 g
        assert!(
            (p[0] - 0.85).abs() < 1e-7 && (p[1] + 0.15).abs() < 1e-7,
            "{p:?}"
        );
    }

    #[test]
    fn maximize_ascends() {
        let mut opt = sgd(SGDConfig {
            lr: 0.5,
            maximize: true,
            ..SGDConfig::default()
        });
        let mut p = [1.0, 1.0];
        opt.step(&mut p, &[1.0, -1.0]).unwrap();
        assert_eq!(p, [1.5, 0.5]);
    }

    #[test]
    fn reads_lr_and_momentum_from_the_group_at_each_step() {
        let mut opt = sgd(SGDConfig {
            lr: 1.0,
            momentum: 0.9,
            ..SGDConfig::default()
        });
        let mut p = [0.0, 0.0];
        opt.step(&mut p, &[1.0, 1.0]).unwrap();
        opt.param_groups_mut()[0].momentum = Some(0.5);
        opt.param_groups_mut()[0].lr = 2.0;
        opt.step(&mut p, &[1.0, 1.0]).unwrap();
        assert_eq!(p, [-4.0, -4.0]); // b = 0.5 * 1 + 1 = 1.5, θ = -1 - 2 * 1.5
    }

    #[test]
    fn each_group_has_its_own_lr_and_decay() {
        let groups = vec![
            ParamGroup {
                params: vec![0],
                weight_decay: 1.0,
                ..ParamGroup::with_lr(0.5)
            },
            ParamGroup {
                params: vec![1],
                ..ParamGroup::with_lr(0.25)
            },
        ];
        let mut opt = SGD::new(SGDConfig::default(), &[1, 1], Some(groups)).unwrap();
        assert_eq!(opt.param_groups()[1].momentum, Some(0.0));
        let mut p = [2.0, 2.0];
        opt.step(&mut p, &[0.0, 4.0]).unwrap();
        assert_eq!(p, [1.0, 1.0]);
    }

    #[test]
    fn snapshot_restores_the_momentum_buffers() {
        let config = SGDConfig {
            lr: 0.1,
            momentum: 0.9,
            nesterov: true,
            ..SGDConfig::default()
        };
        assert_restores(Box::new(SGD::new(config, &[2, 1], None).unwrap()), 3);
    }
}
