//! Adadelta: steps scaled by the ratio of running RMS of updates and of gradients
//! (`torch.optim.Adadelta`).

use serde::{Deserialize, Serialize};

use super::aten::{add, addcmul, scalar};
use super::groups::{self, Layout};
use super::state::{self, OptimizerState, TensorState};
use super::Optimizer;
use crate::pyfmt::py_float;
use crate::{Error, ParamGroup, Result};

/// The keywords of `torch.optim.Adadelta(params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0,
/// *, maximize=False)`, with PyTorch's defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdadeltaConfig {
    /// Learning rate γ, a factor on the computed update.
    pub lr: f64,
    /// Decay ρ of both running averages.
    pub rho: f64,
    /// Term ε inside both square roots.
    pub eps: f64,
    /// L2 penalty λ, added to the gradient.
    pub weight_decay: f64,
    /// Ascend the objective instead of descending it.
    pub maximize: bool,
}

impl Default for AdadeltaConfig {
    fn default() -> Self {
        AdadeltaConfig {
            lr: 1.0,
            rho: 0.9,
            eps: 1e-6,
            weight_decay: 0.0,
            maximize: false,
        }
    }
}

impl AdadeltaConfig {
    /// Checks the values as `Adadelta.__init__` does, in its order.
    ///
    /// # Errors
    /// "Invalid learning rate: {lr}", "Invalid rho value: {rho}" (outside [0, 1]), "Invalid
    /// epsilon value: {eps}", "Invalid weight_decay value: {weight_decay}".
    pub fn validate(&self) -> Result<()> {
        let bad = |what: &str, x: f64| Err(Error::invalid(format!("{what}: {}", py_float(x))));
        if !(0.0..).contains(&self.lr) {
            return bad("Invalid learning rate", self.lr);
        }
        if !(0.0..=1.0).contains(&self.rho) {
            return bad("Invalid rho value", self.rho);
        }
        if !(0.0..).contains(&self.eps) {
            return bad("Invalid epsilon value", self.eps);
        }
        if !(0.0..).contains(&self.weight_decay) {
            return bad("Invalid weight_decay value", self.weight_decay);
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

/// `torch.optim.Adadelta`, mirroring its single-tensor CPU path in `f32`:
///
/// ```text
/// g ← ∇f(θ) (−∇f(θ) when maximize);  g ← g + λθ  if λ ≠ 0
/// v ← ρv + (1 − ρ)g²
/// Δ ← √(u + ε) / √(v + ε) · g
/// u ← ρu + (1 − ρ)Δ²
/// θ ← θ − γΔ
/// ```
///
/// From Zeiler, "ADADELTA: An Adaptive Learning Rate Method" (arXiv:1212.5701, 2012).
/// `lr` and `weight_decay` are read from each group at every step.
///
/// # Errors
/// [`Adadelta::new`] rejects what [`AdadeltaConfig::validate`] rejects, for the config and
/// for every group, and bad groups (see `OptimizerConfig::build`).
#[derive(Debug, Clone)]
pub struct Adadelta {
    config: AdadeltaConfig,
    layout: Layout,
    groups: Vec<ParamGroup>,
    steps: Vec<f32>,
    /// `state["square_avg"]`: v.
    square_avgs: Vec<Vec<f32>>,
    /// `state["acc_delta"]`: u.
    acc_deltas: Vec<Vec<f32>>,
}

impl Adadelta {
    /// `Adadelta(params, **config)` over tensors of lengths `tensor_lens`, with one group over
    /// all of them when `groups` is `None`.
    ///
    /// # Errors
    /// See [`Adadelta`].
    pub fn new(
        config: AdadeltaConfig,
        tensor_lens: &[usize],
        groups: Option<Vec<ParamGroup>>,
    ) -> Result<Self> {
        config.validate()?;
        let layout = Layout::new(tensor_lens)?;
        let groups = groups::resolve(&layout, groups, config.param_group(), |g| {
            AdadeltaConfig {
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
        let zeros: Vec<Vec<f32>> = tensor_lens.iter().map(|&n| vec![0.0; n]).collect();
        Ok(Adadelta {
            steps: vec![0.0; layout.tensors()],
            config,
            layout,
            groups,
            square_avgs: zeros.clone(),
            acc_deltas: zeros,
        })
    }
}

impl Optimizer for Adadelta {
    fn step(&mut self, params: &mut [f32], grads: &[f32]) -> Result<()> {
        self.layout.check(params, grads, &self.groups)?;
        let c = &self.config;
        let (rho, one_minus_rho, eps) = (scalar(c.rho), scalar(1.0 - c.rho), scalar(c.eps));
        for group in &self.groups {
            let neg_lr = scalar(-group.lr);
            let wd = group.weight_decay;
            for &t in &group.params {
                let r = self.layout.range(t)?;
                self.steps[t] += 1.0;
                let state = self.square_avgs[t].iter_mut().zip(&mut self.acc_deltas[t]);
                for ((p, &g), (v, u)) in params[r.clone()].iter_mut().zip(&grads[r]).zip(state) {
                    let g = if c.maximize { -g } else { g };
                    let g = if wd != 0.0 { add(g, *p, scalar(wd)) } else { g };
                    *v = addcmul(*v * rho, g, g, one_minus_rho);
                    let std = (*v + eps).sqrt();
                    let delta = (*u + eps).sqrt() / std * g;
                    *u = addcmul(*u * rho, delta, delta, one_minus_rho);
                    *p = add(*p, delta, neg_lr);
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
        let state = (0..self.layout.tensors())
            .map(|t| {
                TensorState::with_step(self.steps[t])
                    .with("square_avg", &self.square_avgs[t])
                    .with("acc_delta", &self.acc_deltas[t])
            })
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
            s.required("square_avg", self.layout.len(t))?;
            s.required("acc_delta", self.layout.len(t))?;
        }
        for (t, s) in loaded.state.iter().enumerate() {
            let n = self.layout.len(t);
            self.steps[t] = s.required_step()?;
            self.square_avgs[t].copy_from_slice(s.required("square_avg", n)?);
            self.acc_deltas[t].copy_from_slice(s.required("acc_delta", n)?);
        }
        self.groups = loaded.param_groups.clone();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::state::tests::assert_restores;

    fn message(f: fn(&mut AdadeltaConfig)) -> String {
        let mut c = AdadeltaConfig::default();
        f(&mut c);
        Adadelta::new(c, &[1], None).unwrap_err().to_string()
    }

    #[test]
    fn defaults_are_pytorchs() {
        let c: AdadeltaConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(c, AdadeltaConfig::default());
        assert_eq!((c.lr, c.rho, c.eps), (1.0, 0.9, 1e-6));
    }

    #[test]
    fn rejects_what_pytorch_rejects() {
        assert_eq!(message(|c| c.lr = -0.1), "Invalid learning rate: -0.1");
        assert_eq!(message(|c| c.rho = 1.5), "Invalid rho value: 1.5");
        assert_eq!(message(|c| c.rho = -0.1), "Invalid rho value: -0.1");
        assert_eq!(message(|c| c.eps = -1e-6), "Invalid epsilon value: -1e-06");
        assert_eq!(
            message(|c| c.weight_decay = -0.1),
            "Invalid weight_decay value: -0.1"
        );
        // rho = 1 is odd (the averages never move) but legal.
        let c = AdadeltaConfig {
            rho: 1.0,
            ..AdadeltaConfig::default()
        };
        assert!(Adadelta::new(c, &[1], None).is_ok());
    }

    #[test]
    fn first_step_follows_the_formula() {
        let mut opt = Adadelta::new(AdadeltaConfig::default(), &[1], None).unwrap();
        let mut p = [1.0_f32];
        opt.step(&mut p, &[2.0]).unwrap();
        // v = 0.1 · 4, Δ = √1e-6 / √(0.4 + 1e-6) · 2
        let delta = (1e-6_f64).sqrt() / (0.4_f64 + 1e-6).sqrt() * 2.0;
        assert!((f64::from(p[0]) - (1.0 - delta)).abs() < 1e-7, "{p:?}");
        let u = &opt.state_dict().state[0].buffers["acc_delta"];
        assert!((f64::from(u[0]) - 0.1 * delta * delta).abs() < 1e-12);
    }

    #[test]
    fn snapshot_restores_both_averages() {
        let config = AdadeltaConfig {
            weight_decay: 0.1,
            ..AdadeltaConfig::default()
        };
        assert_restores(Box::new(Adadelta::new(config, &[2, 2], None).unwrap()), 4);
    }
}
