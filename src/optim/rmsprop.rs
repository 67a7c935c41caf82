//! RMSprop: gradients divided by a running RMS of their magnitudes, optionally centered and
//! with momentum (`torch.optim.RMSprop`).

use serde::{Deserialize, Serialize};

use super::aten::{add, addcdiv, addcmul, lerp, scalar};
use super::groups::{self, Layout};
use super::state::{self, OptimizerState, TensorState};
use super::Optimizer;
use crate::pyfmt::py_float;
use crate::{Error, ParamGroup, Result};

/// The keywords of `torch.optim.RMSprop(params, lr=1e-2, alpha=0.99, eps=1e-8,
/// weight_decay=0, momentum=0, centered=False, maximize=False)`, with PyTorch's defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RMSpropConfig {
    /// Learning rate γ.
    pub lr: f64,
    /// Smoothing constant α of the running averages.
    pub alpha: f64,
    /// Term ε added to the denominator.
    pub eps: f64,
    /// L2 penalty λ, added to the gradient.
    pub weight_decay: f64,
    /// Momentum factor μ (a group value: CyclicLR and OneCycleLR may cycle it).
    pub momentum: f64,
    /// Normalise by the estimated variance (subtract the squared running mean).
    pub centered: bool,
    /// Ascend the objective instead of descending it.
    pub maximize: bool,
}

impl Default for RMSpropConfig {
    fn default() -> Self {
        RMSpropConfig {
            lr: 1e-2,
            alpha: 0.99,
            eps: 1e-8,
            weight_decay: 0.0,
            momentum: 0.0,
            centered: false,
            maximize: false,
        }
    }
}

impl RMSpropConfig {
    /// Checks the values as `RMSprop.__init__` does, in its order.
    ///
    /// # Errors
    /// For a negative (or NaN) value: "Invalid learning rate: {lr}", "Invalid epsilon value:
    /// {eps}", "Invalid momentum value: {momentum}", "Invalid weight_decay value:
    /// {weight_decay}", "Invalid alpha value: {alpha}".
    pub fn validate(&self) -> Result<()> {
        let checks = [
            ("Invalid learning rate", self.lr),
            ("Invalid epsilon value", self.eps),
            ("Invalid momentum value", self.momentum),
            ("Invalid weight_decay value", self.weight_decay),
            ("Invalid alpha value", self.alpha),
        ];
        for (what, x) in checks {
            if !(0.0..).contains(&x) {
                return Err(Error::invalid(format!("{what}: {}", py_float(x))));
            }
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

/// `torch.optim.RMSprop`, mirroring its single-tensor CPU path in `f32`:
///
/// ```text
/// g ← ∇f(θ) (−∇f(θ) when maximize);  g ← g + λθ  if λ ≠ 0
/// v ← αv + (1 − α)g²
/// centered:  ḡ ← lerp(ḡ, g, 1 − α);  d ← √(v − ḡ²) + ε    else  d ← √v + ε
/// μ > 0:  b ← μb + g/d;  θ ← θ − γb               else  θ ← θ − γ g/d
/// ```
///
/// From Hinton, "Neural Networks for Machine Learning", lecture 6e (2012); the centered
/// version from Graves, "Generating Sequences With Recurrent Neural Networks"
/// (arXiv:1308.0850, 2013). `lr`, `momentum` and `weight_decay` are read from each group at
/// every step. The momentum buffer starts at zero the first time a tensor is stepped with
/// μ > 0 (PyTorch fails if μ only becomes positive after the first step).
///
/// # Errors
/// [`RMSprop::new`] rejects what [`RMSpropConfig::validate`] rejects, for the config and for
/// every group, and bad groups (see `OptimizerConfig::build`).
#[allow(clippy::upper_case_acronyms)]
#[derive(Debug, Clone)]
pub struct RMSprop {
    config: RMSpropConfig,
    layout: Layout,
    groups: Vec<ParamGroup>,
    steps: Vec<f32>,
    square_avgs: Vec<Vec<f32>>,
    /// `state["grad_avg"]` (centered only).
    grad_avgs: Vec<Vec<f32>>,
    momentum_buffers: Vec<Option<Vec<f32>>>,
}

impl RMSprop {
    /// `RMSprop(params, **config)` over tensors of lengths `tensor_lens`, with one group over
    /// all of them when `groups` is `None`. Groups without `momentum` take the config's.
    ///
    /// # Errors
    /// See [`RMSprop`].
    pub fn new(
        config: RMSpropConfig,
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
            RMSpropConfig {
                lr: g.lr,
                momentum: g.momentum.unwrap_or(0.0),
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
        Ok(RMSprop {
            steps: vec![0.0; layout.tensors()],
            square_avgs: zeros(true),
            grad_avgs: zeros(config.centered),
            momentum_buffers: vec![None; layout.tensors()],
            config,
            layout,
            groups,
        })
    }
}

impl Optimizer for RMSprop {
    fn step(&mut self, params: &mut [f32], grads: &[f32]) -> Result<()> {
        self.layout.check(params, grads, &self.groups)?;
        let c = &self.config;
        let (alpha, one_minus_alpha) = (scalar(c.alpha), scalar(1.0 - c.alpha));
        let eps = scalar(c.eps);
        for group in &self.groups {
            let neg_lr = scalar(-group.lr);
            let wd = group.weight_decay;
            let momentum = group.momentum.unwrap_or(0.0);
            for &t in &group.params {
                let r = self.layout.range(t)?;
                self.steps[t] += 1.0;
                let (params, grads) = (&mut params[r.clone()], &grads[r]);
                let square_avgs = &mut self.square_avgs[t];
                let grad_avgs = &mut self.grad_avgs[t];
                let mut buffer = (momentum > 0.0).then(|| {
                    self.momentum_buffers[t].get_or_insert_with(|| vec![0.0; params.len()])
                });
                for (i, (p, &g)) in params.iter_mut().zip(grads).enumerate() {
                    let g = if c.maximize { -g } else { g };
                    let g = if wd != 0.0 { add(g, *p, scalar(wd)) } else { g };
                    let v = addcmul(square_avgs[i] * alpha, g, g, one_minus_alpha);
                    square_avgs[i] = v;
                    let avg = if c.centered {
                        let m = lerp(grad_avgs[i], g, one_minus_alpha);
                        grad_avgs[i] = m;
                        addcmul(v, m, m, -1.0).sqrt()
                    } else {
                        v.sqrt()
                    } + eps;
                    match buffer.as_deref_mut() {
                        Some(b) => {
                            b[i] = addcdiv(b[i] * scalar(momentum), g, avg, 1.0);
                            *p = add(*p, b[i], neg_lr);
                        }
                        None => *p = addcdiv(*p, g, avg, neg_lr),
                    }
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
                let mut s =
                    TensorState::with_step(self.steps[t]).with("square_avg", &self.square_avgs[t]);
                if let Some(b) = &self.momentum_buffers[t] {
                    s = s.with("momentum_buffer", b);
                }
                if self.config.centered {
                    s = s.with("grad_avg", &self.grad_avgs[t]);
                }
                s
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
            let n = self.layout.len(t);
            s.required_step()?;
            s.required("square_avg", n)?;
            if self.config.centered {
                s.required("grad_avg", n)?;
            }
            buffers.push(s.optional("momentum_buffer", n)?.map(<[f32]>::to_vec));
        }
        for (t, s) in loaded.state.iter().enumerate() {
            let n = self.layout.len(t);
            self.steps[t] = s.required_step()?;
            self.square_avgs[t].copy_from_slice(s.required("square_avg", n)?);
            if self.config.centered {
                self.grad_avgs[t].copy_from_slice(s.required("grad_avg", n)?);
            }
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

    fn message(f: fn(&mut RMSpropConfig)) -> String {
        let mut c = RMSpropConfig::default();
        f(&mut c);
        RMSprop::new(c, &[1], None).unwrap_err().to_string()
    }

    #[test]
    fn defaults_are_pytorchs() {
        let c: RMSpropConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(c, RMSpropConfig::default());
        assert_eq!((c.lr, c.alpha, c.eps), (1e-2, 0.99, 1e-8));
        assert_eq!(c.param_group().momentum, Some(0.0));
    }

    #[test]
    fn rejects_what_pytorch_rejects() {
        assert_eq!(message(|c| c.lr = -0.1), "Invalid learning rate: -0.1");
        assert_eq!(message(|c| c.eps = -1e-8), "Invalid epsilon value: -1e-08");
        assert_eq!(
            message(|c| c.momentum = -0.9),
            "Invalid momentum value: -0.9"
        );
        assert_eq!(
            message(|c| c.weight_decay = -0.1),
            "Invalid weight_decay value: -0.1"
        );
        assert_eq!(message(|c| c.alpha = -0.5), "Invalid alpha value: -0.5");
        // PyTorch checks lr first.
        assert_eq!(
            message(|c| {
                c.lr = -1.0;
                c.alpha = -1.0
            }),
            "Invalid learning rate: -1.0"
        );
    }

    #[test]
    fn first_step_divides_by_the_rms() {
        let config = RMSpropConfig {
            lr: 0.1,
            alpha: 0.75,
            eps: 0.0,
            ..RMSpropConfig::default()
        };
        let mut opt = RMSprop::new(config, &[2], None).unwrap();
        let mut p = [0.0, 0.0];
        opt.step(&mut p, &[2.0, -8.0]).unwrap();
        // v = 0.25 g², so g/√v = 2 sign(g)
        assert_eq!(p, [-0.2, 0.2]);
    }

    #[test]
    fn centered_subtracts_the_squared_mean() {
        let config = RMSpropConfig {
            lr: 1.0,
            alpha: 0.5,
            eps: 0.0,
            centered: true,
            ..RMSpropConfig::default()
        };
        let mut opt = RMSprop::new(config, &[1], None).unwrap();
        let mut p = [0.0];
        opt.step(&mut p, &[2.0]).unwrap();
        // v = 0.5 · 4 = 2, ḡ = 1, d = √(2 − 1) = 1
        assert_eq!(p, [-2.0]);
    }

    #[test]
    fn momentum_accumulates_normalised_steps() {
        let config = RMSpropConfig {
            lr: 1.0,
            alpha: 0.0,
            eps: 0.0,
            momentum: 0.5,
            ..RMSpropConfig::default()
        };
        let mut opt = RMSprop::new(config, &[1], None).unwrap();
        let mut p = [0.0];
        opt.step(&mut p, &[3.0]).unwrap(); // b = 1
        opt.step(&mut p, &[-5.0]).unwrap(); // b = 0.5 - 1
        assert_eq!(p, [-0.5]);
    }

    #[test]
    fn snapshot_restores_every_buffer() {
        let config = RMSpropConfig {
            momentum: 0.9,
            centered: true,
            weight_decay: 0.01,
            ..RMSpropConfig::default()
        };
        assert_restores(Box::new(RMSprop::new(config, &[3, 1], None).unwrap()), 4);
    }
}
