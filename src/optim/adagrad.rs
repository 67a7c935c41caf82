//! Adagrad: per-coordinate learning rates from the sum of squared gradients
//! (`torch.optim.Adagrad`).

use serde::{Deserialize, Serialize};

use super::aten::{add, addcdiv, addcmul, scalar};
use super::groups::{self, Layout};
use super::state::{self, OptimizerState, TensorState};
use super::Optimizer;
use crate::pyfmt::py_float;
use crate::{Error, ParamGroup, Result};

/// The keywords of `torch.optim.Adagrad(params, lr=1e-2, lr_decay=0, weight_decay=0,
/// initial_accumulator_value=0, eps=1e-10, *, maximize=False)`, with PyTorch's defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdagradConfig {
    /// Learning rate γ.
    pub lr: f64,
    /// Decay η of the learning rate with the step count: γ / (1 + (t − 1)η).
    pub lr_decay: f64,
    /// L2 penalty λ, added to the gradient.
    pub weight_decay: f64,
    /// Starting value of the sum of squared gradients.
    pub initial_accumulator_value: f64,
    /// Term ε added to the denominator.
    pub eps: f64,
    /// Ascend the objective instead of descending it.
    pub maximize: bool,
}

impl Default for AdagradConfig {
    fn default() -> Self {
        AdagradConfig {
            lr: 1e-2,
            lr_decay: 0.0,
            weight_decay: 0.0,
            initial_accumulator_value: 0.0,
            eps: 1e-10,
            maximize: false,
        }
    }
}

impl AdagradConfig {
    /// Checks the values as `Adagrad.__init__` does, in its order.
    ///
    /// # Errors
    /// For a negative (or NaN) value: "Invalid learning rate: {lr}", "Invalid lr_decay value:
    /// {lr_decay}", "Invalid weight_decay value: {weight_decay}", "Invalid
    /// initial_accumulator_value value: {initial_accumulator_value}", "Invalid epsilon value:
    /// {eps}".
    pub fn validate(&self) -> Result<()> {
        let checks = [
            ("Invalid learning rate", self.lr),
            ("Invalid lr_decay value", self.lr_decay),
            ("Invalid weight_decay value", self.weight_decay),
            (
                "Invalid initial_accumulator_value value",
                self.initial_accumulator_value,
            ),
            ("Invalid epsilon value", self.eps),
        ];
        for (what, x) in checks {
            if !(0.0..).contains(&x) {
                return Err(Error::invalid(format!("{what}: {}", py_float(x))));
            }
        }
        Ok(())
    }

    /// The group a scheduler sees: `lr` and `weight_decay` (no momentum, no betas).
    pub fn param_group(&self) -> ParamGroup {
        ParamGroup {
            weight_decay: self.weight_decay,
            ..ParamGroup::with_lr(self.lr)
        }
    }
}

/// `torch.optim.Adagrad`, mirroring its single-tensor CPU path in `f32`:
///
/// ```text
/// t ← t + 1;  g ← ∇f(θ) (−∇f(θ) when maximize);  g ← g + λθ  if λ ≠ 0
/// γ̃ ← γ / (1 + (t − 1)η)            (Python float)
/// s ← s + g²;  θ ← θ − γ̃ g / (√s + ε)
/// ```
///
/// From Duchi, Hazan and Singer, "Adaptive Subgradient Methods for Online Learning and
/// Stochastic Optimization" (JMLR 2011). `lr` and `weight_decay` are read from each group at
/// every step; the sums start at `initial_accumulator_value` when the optimizer is built.
///
/// # Errors
/// [`Adagrad::new`] rejects what [`AdagradConfig::validate`] rejects, for the config and for
/// every group, and bad groups (see `OptimizerConfig::build`).
#[derive(Debug, Clone)]
pub struct Adagrad {
    config: AdagradConfig,
    layout: Layout,
    groups: Vec<ParamGroup>,
    steps: Vec<f32>,
    sums: Vec<Vec<f32>>,
}

impl Adagrad {
    /// `Adagrad(params, **config)` over tensors of lengths `tensor_lens`, with one group over
    /// all of them when `groups` is `None`.
    ///
    /// # Errors
    /// See [`Adagrad`].
    pub fn new(
        config: AdagradConfig,
        tensor_lens: &[usize],
        groups: Option<Vec<ParamGroup>>,
    ) -> Result<Self> {
        config.validate()?;
        let layout = Layout::new(tensor_lens)?;
        let groups = groups::resolve(&layout, groups, config.param_group(), |g| {
            AdagradConfig {
                lr: g.lr,
                weight_decay: g.weight_decay,
                ..config.clone()
            }
            .validate()?;
            Ok(ParamGroup {
                momentum: None,
                betas: None,
                ..g
            })
        })?;
        let init = scalar(config.initial_accumulator_value);
        let sums = tensor_lens.iter().map(|&n| vec![init; n]).collect();
        Ok(Adagrad {
            steps: vec![0.0; layout.tensors()],
            config,
            layout,
            groups,
            sums,
        })
    }
}

impl Optimizer for Adagrad {
    fn step(&mut self, params: &mut [f32], grads: &[f32]) -> Result<()> {
        self.layout.check(params, grads, &self.groups)?;
        let c = &self.config;
        for group in &self.groups {
            let (lr, wd) = (group.lr, group.weight_decay);
            for &t in &group.params {
                let r = self.layout.range(t)?;
                self.steps[t] += 1.0;
                let step = f64::from(self.steps[t]);
                let clr = lr / (1.0 + (step - 1.0) * c.lr_decay);
                let neg_clr = scalar(-clr);
                let eps = scalar(c.eps);
                let sums = self.sums[t].iter_mut();
                for ((p, &g), s) in params[r.clone()].iter_mut().zip(&grads[r]).zip(sums) {
                    let g = if c.maximize { -g } else { g };
                    let g = if wd != 0.0 { add(g, *p, scalar(wd)) } else { g };
                    *s = addcmul(*s, g, g, 1.0);
                    let std = s.sqrt() + eps;
                    *p = addcdiv(*p, g, std, neg_clr);
                }
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
            .steps
            .iter()
            .zip(&self.sums)
            .map(|(&step, sum)| TensorState::with_step(step).with("sum", sum))
            .collect();
        OptimizerState {
            param_groups: self.groups.clone(),
            state,
        }
    }

    fn load_state_dict(&mut self, loaded: &OptimizerState) -> Result<()> {
        state::check_shape(&self.groups, self.layout.tensors(), loaded)?;
        for (t, s) in loaded.state.iter().enumerate() {
            s.required_step()?;
            s.required("sum", self.layout.len(t))?;
        }
        for (t, s) in loaded.state.iter().enumerate() {
            self.steps[t] = s.required_step()?;
            self.sums[t].copy_from_slice(s.required("sum", self.layout.len(t))?);
        }
        self.groups = loaded.param_groups.clone();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::state::tests::assert_restores;

    fn message(f: fn(&mut AdagradConfig)) -> String {
        let mut c = AdagradConfig::default();
        f(&mut c);
        Adagrad::new(c, &[1], None).unwrap_err().to_string()
    }

    #[test]
    fn defaults_are_pytorchs() {
        let c: AdagradConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(c, AdagradConfig::default());
        assert_eq!((c.lr, c.eps), (1e-2, 1e-10));
        let g = c.param_group();
        assert_eq!((g.momentum, g.betas), (None, None));
    }

    #[test]
    fn rejects_what_pytorch_rejects() {
        assert_eq!(message(|c| c.lr = -0.1), "Invalid learning rate: -0.1");
        assert_eq!(
            message(|c| c.lr_decay = -1.0),
            "Invalid lr_decay value: -1.0"
        );
        assert_eq!(
            message(|c| c.weight_decay = -0.5),
            "Invalid weight_decay value: -0.5"
        );
        assert_eq!(
            message(|c| c.initial_accumulator_value = -0.1),
            "Invalid initial_accumulator_value value: -0.1"
        );
        assert_eq!(message(|c| c.eps = -1e-10), "Invalid epsilon value: -1e-10");
        assert_eq!(message(|c| c.lr = f64::NAN), "Invalid learning rate: nan");
    }

    #[test]
    fn first_step_moves_each_coordinate_by_lr() {
        let mut opt = Adagrad::new(AdagradConfig::default(), &[3], None).unwrap();
        let mut p = [1.0, 1.0, 1.0];
        opt.step(&mut p, &[4.0, -0.25, 0.0]).unwrap();
        // g / sqrt(g²) = sign(g): every non-zero coordinate moves by exactly lr.
        assert_eq!(p, [1.0 - 0.01, 1.0 + 0.01, 1.0]);
    }

    #[test]
    fn lr_decays_with_the_step_count() {
        let config = AdagradConfig {
            lr: 1.0,
            lr_decay: 1.0,
            initial_accumulator_value: 1e6,
            ..AdagradConfig::default()
        };
        let mut opt = Adagrad::new(config, &[1], None).unwrap();
        // g² is lost against the accumulator, so √s stays 1000 and the steps are γ/t · g/1000.
        let mut p = [0.0];
        opt.step(&mut p, &[1e-3]).unwrap();
        assert!((p[0] + 1e-6).abs() < 1e-12, "{p:?}");
        opt.step(&mut p, &[1e-3]).unwrap();
        assert!((p[0] + 1.5e-6).abs() < 1e-12, "{p:?}");
        assert_eq!(opt.state_dict().state[0].step, Some(2.0));
    }

    #[test]
    fn snapshot_restores_sums_and_steps() {
        let config = AdagradConfig {
            lr_decay: 0.1,
            weight_decay: 0.01,
            ..AdagradConfig::default()
        };
        assert_restores(Box::new(Adagrad::new(config, &[3, 2], None).unwrap()), 5);
    }
}
