//! Adam and its AMSGrad variant, with L2 or decoupled weight decay (`torch.optim.Adam`; AdamW
//! is this optimizer with decoupled decay, see `adamw`).

use serde::{Deserialize, Serialize};

use super::aten::{add, addcdiv, addcmul, lerp, maximum, scalar};
use super::groups::{self, Layout};
use super::state::{self, OptimizerState, TensorState};
use super::Optimizer;
use crate::pyfmt::py_float;
use crate::{Error, ParamGroup, Result};

/// The keywords of `torch.optim.Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
/// weight_decay=0, amsgrad=False, *, maximize=False, decoupled_weight_decay=False)`, with
/// PyTorch's defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdamConfig {
    /// Learning rate γ.
    pub lr: f64,
    /// Decays (β₁, β₂) of the first and second moment averages (a group value: CyclicLR and
    /// OneCycleLR may cycle β₁).
    pub betas: (f64, f64),
    /// Term ε added to the denominator.
    pub eps: f64,
    /// Weight decay λ: an L2 penalty added to the gradient, or with `decoupled_weight_decay`
    /// a shrinking of the weights by γλ before the update (AdamW).
    pub weight_decay: f64,
    /// Divide by the running maximum of the second moment (AMSGrad).
    pub amsgrad: bool,
    /// Ascend the objective instead of descending it.
    pub maximize: bool,
    /// Decay the weights directly instead of through the gradient (what AdamW sets).
    pub decoupled_weight_decay: bool,
}

impl Default for AdamConfig {
    fn default() -> Self {
        AdamConfig {
            lr: 1e-3,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
            amsgrad: false,
            maximize: false,
            decoupled_weight_decay: false,
        }
    }
}

impl AdamConfig {
    /// Checks the values as `Adam.__init__` does, in its order.
    ///
    /// # Errors
    /// "Invalid learning rate: {lr}", "Invalid epsilon value: {eps}" (negative or NaN),
    /// "Invalid beta parameter at index 0: {beta1}" and "... at index 1: {beta2}" (outside
    /// [0, 1)), "Invalid weight_decay value: {weight_decay}".
    pub fn validate(&self) -> Result<()> {
        let bad = |what: &str, x: f64| Err(Error::invalid(format!("{what}: {}", py_float(x))));
        let (beta1, beta2) = self.betas;
        if !(0.0..).contains(&self.lr) {
            return bad("Invalid learning rate", self.lr);
        }
        if !(0.0..).contains(&self.eps) {
            return bad("Invalid epsilon value", self.eps);
        }
        if !(0.0..1.0).contains(&beta1) {
            return bad("Invalid beta parameter at index 0", beta1);
        }
        if !(0.0..1.0).contains(&beta2) {
            return bad("Invalid beta parameter at index 1", beta2);
        }
        if !(0.0..).contains(&self.weight_decay) {
            return bad("Invalid weight_decay value", self.weight_decay);
        }
        Ok(())
    }

    /// The group a scheduler sees: `lr`, `betas` and `weight_decay`.
    pub fn param_group(&self) -> ParamGroup {
        ParamGroup {
            betas: Some(self.betas),
            weight_decay: self.weight_decay,
            ..ParamGroup::with_lr(self.lr)
        }
    }
}

/// `torch.optim.Adam` (and `torch.optim.AdamW`), mirroring its single-tensor CPU path in `f32`:
///
/// ```text
/// t ← t + 1;  g ← ∇f(θ) (−∇f(θ) when maximize)
/// λ ≠ 0:  θ ← θ(1 − γλ) if decoupled, else g ← g + λθ
/// m ← lerp(m, g, 1 − β₁);  v ← β₂v + (1 − β₂)g²
/// amsgrad:  v̂ ← max(v̂, v), used below in place of v
/// θ ← θ − (γ / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
/// ```
///
/// The bias corrections and the step size are Python floats (`f64`) that reach the kernels
/// as `f32`, as in PyTorch. From Kingma and Ba, "Adam: A Method for Stochastic Optimization"
/// (ICLR 2015); AMSGrad from Reddi, Kale and Kumar, "On the Convergence of Adam and Beyond"
/// (ICLR 2018); decoupled decay from Loshchilov and Hutter, "Decoupled Weight Decay
/// Regularization" (ICLR 2019). `lr`, `betas` and `weight_decay` are read from each group at
/// every step.
///
/// # Errors
/// [`Adam::new`] rejects what [`AdamConfig::validate`] rejects, for the config and for every
/// group, and bad groups (see `OptimizerConfig::build`).
#[derive(Debug, Clone)]
pub struct Adam {
    config: AdamConfig,
    layout: Layout,
    groups: Vec<ParamGroup>,
    steps: Vec<f32>,
    exp_avgs: Vec<Vec<f32>>,
    exp_avg_sqs: Vec<Vec<f32>>,
    /// `state["max_exp_avg_sq"]` (amsgrad only).
    max_exp_avg_sqs: Vec<Vec<f32>>,
}

impl Adam {
    /// `Adam(params, **config)` over tensors of lengths `tensor_lens`, with one group over all
    /// of them when `groups` is `None`. Groups without `betas` take the config's.
    ///
    /// # Errors
    /// See [`Adam`].
    pub fn new(
        config: AdamConfig,
        tensor_lens: &[usize],
        groups: Option<Vec<ParamGroup>>,
    ) -> Result<Self> {
        config.validate()?;
        let layout = Layout::new(tensor_lens)?;
        let groups = groups::resolve(&layout, groups, config.param_group(), |g| {
            let g = ParamGroup {
                momentum: None,
                betas: Some(g.betas.unwrap_or(config.betas)),
                ..g
            };
            AdamConfig {
                lr: g.lr,
                betas: g.betas.unwrap_or(config.betas),
                weight_decay: g.weight_decay,
                ..config.clone()
            }
            .validate()?;
            Ok(g)
        })?;
        let zeros = |on: bool| -> Vec<Vec<f32>> {
            let len = |&n: &usize| if on { n } else { 0 };
            tensor_lens.iter().map(|n| vec![0.0; len(n)]).collect()
        };
        Ok(Adam {
            steps: vec![0.0; layout.tensors()],
            exp_avgs: zeros(true),
            exp_avg_sqs: zeros(true),
            max_exp_avg_sqs: zeros(config.amsgrad),
            config,
            layout,
            groups,
        })
    }
}

impl Optimizer for Adam {
    fn step(&mut self, params: &mut [f32], grads: &[f32]) -> Result<()> {
        self.layout.check(params, grads, &self.groups)?;
        let c = &self.config;
        let eps = scalar(c.eps);
        for group in &self.groups {
            let (lr, wd) = (group.lr, group.weight_decay);
            let (beta1, beta2) = group.betas.unwrap_or(c.betas);
            let decay = scalar(1.0 - lr * wd);
            let (one_minus_beta1, beta2_f, one_minus_beta2) =
                (scalar(1.0 - beta1), scalar(beta2), scalar(1.0 - beta2));
            for &t in &group.params {
                let r = self.layout.range(t)?;
                self.steps[t] += 1.0;
                let step = f64::from(self.steps[t]);
                let bias_correction1 = 1.0 - beta1.powf(step);
                let bias_correction2 = 1.0 - beta2.powf(step);
                let neg_step_size = scalar(-(lr / bias_correction1));
                let bias_correction2_sqrt = scalar(bias_correction2.powf(0.5));
                let (params, grads) = (&mut params[r.clone()], &grads[r]);
                let (m, v) = (&mut self.exp_avgs[t], &mut self.exp_avg_sqs[t]);
                let v_max = &mut self.max_exp_avg_sqs[t];
                for (i, (p, &g)) in params.iter_mut().zip(grads).enumerate() {
                    let mut g = if c.maximize { -g } else { g };
                    if wd != 0.0 {
                        if c.decoupled_weight_decay {
                            *p *= decay;
                        } else {
                            g = add(g, *p, scalar(wd));
                        }
                    }
                    m[i] = lerp(m[i], g, one_minus_beta1);
                    v[i] = addcmul(v[i] * beta2_f, g, g, one_minus_beta2);
                    let second = if c.amsgrad {
                        v_max[i] = maximum(v_max[i], v[i]);
                        v_max[i]
                    } else {
                        v[i]
                    };
                    let denom = second.sqrt() / bias_correction2_sqrt + eps;
                    *p = addcdiv(*p, m[i], denom, neg_step_size);
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
                let s = TensorState::with_step(self.steps[t])
                    .with("exp_avg", &self.exp_avgs[t])
                    .with("exp_avg_sq", &self.exp_avg_sqs[t]);
                if self.config.amsgrad {
                    s.with("max_exp_avg_sq", &self.max_exp_avg_sqs[t])
                } else {
                    s
                }
            })
            .collect();
        OptimizerState {
            param_groups: self.groups.clone(),
            state,
        }
    }

    fn load_state_dict(&mut self, loaded: &OptimizerState) -> Result<()> {
        state::check_shape(&self.groups, self.layout.tensors(), loaded)?;
        let names: &[&str] = if self.config.amsgrad {
            &["exp_avg", "exp_avg_sq", "max_exp_avg_sq"]
        } else {
            &["exp_avg", "exp_avg_sq"]
        };
        for (t, s) in loaded.state.iter().enumerate() {
            s.required_step()?;
            for name in names {
                s.required(name, self.layout.len(t))?;
            }
        }
        for (t, s) in loaded.state.iter().enumerate() {
            let n = self.layout.len(t);
            self.steps[t] = s.required_step()?;
            self.exp_avgs[t].copy_from_slice(s.required("exp_avg", n)?);
            self.exp_avg_sqs[t].copy_from_slice(s.required("exp_avg_sq", n)?);
            if self.config.amsgrad {
                self.max_exp_avg_sqs[t].copy_from_slice(s.required("max_exp_avg_sq", n)?);
            }
        }
        self.groups = loaded.param_groups.clone();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::state::tests::assert_restores;

    fn message(f: fn(&mut AdamConfig)) -> String {
        let mut c = AdamConfig::default();
        f(&mut c);
        Adam::new(c, &[1], None).unwrap_err().to_string()
    }

    #[test]
    fn defaults_are_pytorchs() {
        let c: AdamConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(c, AdamConfig::default());
        assert_eq!((c.lr, c.betas, c.eps), (1e-3, (0.9, 0.999), 1e-8));
        let g = c.param_group();
        assert_eq!((g.momentum, g.betas), (None, Some((0.9, 0.999))));
        let c: AdamConfig = serde_json::from_str(r#"{"betas": [0.5, 0.6]}"#).unwrap();
        assert_eq!(c.betas, (0.5, 0.6));
    }

    #[test]
    fn rejects_what_pytorch_rejects() {
        assert_eq!(message(|c| c.lr = -0.1), "Invalid learning rate: -0.1");
        assert_eq!(message(|c| c.eps = -1e-8), "Invalid epsilon value: -1e-08");
        assert_eq!(
            message(|c| c.betas = (1.0, 0.999)),
            "Invalid beta parameter at index 0: 1.0"
        );
        assert_eq!(
            message(|c| c.betas = (0.9, -0.1)),
            "Invalid beta parameter at index 1: -0.1"
        );
        assert_eq!(
            message(|c| c.weight_decay = -0.01),
            "Invalid weight_decay value: -0.01"
        );
    }

    #[test]
    fn first_step_moves_each_coordinate_by_about_lr() {
        let mut opt = Adam::new(AdamConfig::default(), &[3], None).unwrap();
        let mut p = [1.0, 1.0, 1.0];
        opt.step(&mut p, &[3.0, -0.02, 0.0]).unwrap();
        // m̂ = g and √v̂ = |g| after one step, so θ moves by lr · g/(|g| + ε).
        assert!((p[0] - 0.999).abs() < 1e-7, "{p:?}");
        assert!((p[1] - 1.001).abs() < 1e-7, "{p:?}");
        assert_eq!(p[2], 1.0);
    }

    #[test]
    fn amsgrad_keeps_the_largest_second_moment() {
        let config = AdamConfig {
            amsgrad: true,
            ..AdamConfig::default()
        };
        let mut opt = Adam::new(config, &[1], None).unwrap();
        let mut p = [0.0];
        opt.step(&mut p, &[10.0]).unwrap();
        opt.step(&mut p, &[0.0]).unwrap();
        let s = &opt.state_dict().state[0];
        let (v, v_max) = (s.buffers["exp_avg_sq"][0], s.buffers["max_exp_avg_sq"][0]);
        assert!(v < v_max && (v_max - 0.1).abs() < 1e-6, "{v} {v_max}");
    }

    #[test]
    fn decay_is_coupled_or_decoupled() {
        let step = |decoupled: bool| {
            let config = AdamConfig {
                lr: 0.1,
                weight_decay: 0.5,
                decoupled_weight_decay: decoupled,
                ..AdamConfig::default()
            };
            let mut opt = Adam::new(config, &[1], None).unwrap();
            let mut p = [2.0];
            opt.step(&mut p, &[0.0]).unwrap();
            p[0]
        };
        // Coupled: g = λθ = 1, a normalised step of lr. Decoupled: θ(1 − γλ), and g = 0.
        assert!((step(false) - 1.9).abs() < 1e-6);
        assert!((step(true) - 1.9).abs() < 1e-6);
        let mut opt = Adam::new(
            AdamConfig {
                lr: 0.1,
                weight_decay: 0.5,
                decoupled_weight_decay: true,
                ..AdamConfig::default()
            },
            &[1],
            None,
        )
        .unwrap();
        let mut p = [2.0];
        opt.step(&mut p, &[1.0]).unwrap();
        assert!((p[0] - (2.0 * 0.95 - 0.1)).abs() < 1e-6, "{p:?}");
    }

    #[test]
    fn beta1_is_read_from_the_group() {
        let mut opt = Adam::new(AdamConfig::default(), &[1], None).unwrap();
        let mut p = [0.0];
        opt.step(&mut p, &[1.0]).unwrap();
        opt.param_groups_mut()[0].betas = Some((0.0, 0.999));
        opt.step(&mut p, &[-1.0]).unwrap();
        // β₁ = 0 makes m = g exactly.
        assert_eq!(opt.state_dict().state[0].buffers["exp_avg"], vec![-1.0]);
    }

    #[test]
    fn snapshot_restores_moments_and_steps() {
        let config = AdamConfig {
            amsgrad: true,
            weight_decay: 0.01,
            ..AdamConfig::default()
        };
        assert_restores(Box::new(Adam::new(config, &[2, 3], None).unwrap()), 5);
    }
}
