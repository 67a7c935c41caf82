//! CyclicLR: the lr cycles between `base_lr` and `max_lr` (and momentum the opposite way).

use super::base::Lrs;
use serde::{Deserialize, Serialize};

use super::base::{self, chainable_scheduler, finite, Base, Chainable, GroupKeys};
use super::pyops;
use crate::{Error, ParamGroup, Result};

/// Keywords of `torch.optim.lr_scheduler.CyclicLR(optimizer, base_lr, max_lr, step_size_up=2000,
/// step_size_down=None, mode='triangular', gamma=1.0, scale_fn=None, scale_mode='cycle',
/// cycle_momentum=True, base_momentum=0.8, max_momentum=0.9, last_epoch=-1)`; lrlab has no
/// custom `scale_fn`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CyclicLRConfig {
    /// The lower lr boundary (required).
    pub base_lr: f64,
    /// The upper lr boundary (required).
    pub max_lr: f64,
    /// Iterations in the rising half of a cycle.
    #[serde(default = "default_step_size_up")]
    pub step_size_up: i64,
    /// Iterations in the falling half (`None`: same as `step_size_up`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_size_down: Option<i64>,
    /// `"triangular"`, `"triangular2"` (amplitude halves each cycle) or `"exp_range"`
    /// (amplitude × `gamma^iteration`).
    #[serde(default = "default_mode")]
    pub mode: String,
    /// The base of `exp_range`'s scaling.
    #[serde(default = "default_gamma")]
    pub gamma: f64,
    /// `"cycle"` or `"iterations"`; as in PyTorch, `mode` overrides it (it only matters for a
    /// custom `scale_fn`).
    #[serde(default = "default_scale_mode")]
    pub scale_mode: String,
    /// Whether to cycle momentum (or Adam's beta1) inversely to the lr.
    #[serde(default = "yes")]
    pub cycle_momentum: bool,
    /// The lower momentum boundary (reached at the lr's peak).
    #[serde(default = "default_base_momentum")]
    pub base_momentum: f64,
    /// The upper momentum boundary.
    #[serde(default = "default_max_momentum")]
    pub max_momentum: f64,
    /// The index of the last batch; -1 starts fresh, anything else resumes.
    #[serde(default = "base::minus_one")]
    pub last_epoch: i64,
}

fn default_step_size_up() -> i64 {
    2000
}
fn default_mode() -> String {
    "triangular".into()
}
fn default_gamma() -> f64 {
    1.0
}
fn default_scale_mode() -> String {
    "cycle".into()
}
pub(crate) fn yes() -> bool {
    true
}
fn default_base_momentum() -> f64 {
    0.8
}
fn default_max_momentum() -> f64 {
    0.9
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Triangular,
    Triangular2,
    ExpRange,
}

/// `torch.optim.lr_scheduler.CyclicLR` (Smith, "Cyclical Learning Rates for Training Neural
/// Networks", WACV 2017), stepped every batch. With `cycle = ⌊1 + it / (up + down)⌋` and
/// `x ∈ [0, 1)` the position in the cycle, the lr rises linearly from `base_lr` to `max_lr`
/// over `step_size_up` iterations and falls back over `step_size_down`; the amplitude is scaled
/// by 1 (`triangular`), `1 / 2^(cycle−1)` (`triangular2`) or `gamma^it` (`exp_range`). With
/// `cycle_momentum` the momentum (or beta1) moves the other way, between `max_momentum` and
/// `base_momentum`.
///
/// Construction sets the lr to `base_lr` and the momentum to `max_momentum`, as PyTorch does.
///
/// # Errors
/// "mode is invalid and scale_fn is None"; "optimizer must support momentum or beta1 with
/// `cycle_momentum` option enabled" (Adagrad, Adadelta); `step_size_up + step_size_down = 0`
/// is Python's "float division by zero".
#[derive(Debug, Clone)]
pub struct CyclicLR {
    base: Base,
    max_lrs: Vec<f64>,
    total_size: f64,
    step_ratio: f64,
    mode: Mode,
    gamma: f64,
    /// `(use_beta1, base_momentum, max_momentum)` when cycling momentum.
    momentum: Option<(bool, f64, f64)>,
}

impl CyclicLR {
    /// Builds the scheduler on `groups` and performs PyTorch's initial step.
    ///
    /// # Errors
    /// See [`CyclicLR`]; also non-finite numbers.
    pub fn new(config: &CyclicLRConfig, groups: &mut [ParamGroup]) -> Result<Self> {
        Self::with_keys(config, groups, &GroupKeys::new(groups.len()))
    }

    pub(crate) fn with_keys(
        config: &CyclicLRConfig,
        groups: &mut [ParamGroup],
        keys: &GroupKeys,
    ) -> Result<Self> {
        for (name, x) in [
            ("base_lr", config.base_lr),
            ("max_lr", config.max_lr),
            ("gamma", config.gamma),
            ("base_momentum", config.base_momentum),
            ("max_momentum", config.max_momentum),
        ] {
            finite(name, x)?;
        }
        let fresh = config.last_epoch == -1;
        if fresh {
            for g in groups.iter_mut() {
                g.lr = config.base_lr;
            }
        }
        let up = config.step_size_up as f64;
        let down = config.step_size_down.map_or(up, |d| d as f64);
        let total_size = up + down;
        let step_ratio = pyops::py_div(up, total_size)?;
        let mode = match config.mode.as_str() {
            "triangular" => Mode::Triangular,
            "triangular2" => Mode::Triangular2,
            "exp_range" => Mode::ExpRange,
            _ => return Err(Error::invalid("mode is invalid and scale_fn is None")),
        };
        let momentum = if config.cycle_momentum {
            let use_beta1 = base::momentum_support(groups)?;
            if fresh {
                for g in groups.iter_mut() {
                    base::set_momentum(g, use_beta1, config.max_momentum)?;
                }
                keys.with(|k| {
                    for e in k.iter_mut() {
                        e.max_momentum = Some(config.max_momentum);
                        e.base_momentum = Some(config.base_momentum);
                    }
                });
            }
            Some((use_beta1, config.base_momentum, config.max_momentum))
        } else {
            None
        };
        let mut s = CyclicLR {
            base: Base::new(groups, config.last_epoch)?,
            max_lrs: vec![config.max_lr; groups.len()],
            total_size,
            step_ratio,
            mode,
            gamma: config.gamma,
            momentum,
        };
        base::initial_step(&mut s, groups)?;
        // PyTorch sets base_lrs only after the initial step, which used `initial_lr`.
        s.base.base_lrs = vec![config.base_lr; groups.len()];
        Ok(s)
    }

    /// The amplitude's scale at this iteration (`scale_fn(cycle)` or `scale_fn(last_epoch)`).
    fn scale(&self, cycle: f64) -> Result<f64> {
        match self.mode {
            Mode::Triangular => Ok(1.0),
            Mode::Triangular2 => pyops::py_div(1.0, pyops::py_pow(2.0, cycle - 1.0)?),
            Mode::ExpRange => pyops::py_pow(self.gamma, self.base.last_epoch as f64),
        }
    }
}

impl Chainable for CyclicLR {
    fn base(&self) -> &Base {
        &self.base
    }
    fn base_mut(&mut self) -> &mut Base {
        &mut self.base
    }
    fn get_lr(&self, groups: &mut [ParamGroup]) -> Result<Lrs> {
        let epoch = self.base.last_epoch as f64;
        let cycle = (1.0 + epoch / self.total_size).floor();
        let x = 1.0 + epoch / self.total_size - cycle;
        let scale_factor = if x <= self.step_ratio {
            pyops::py_div(x, self.step_ratio)?
        } else {
            pyops::py_div(x - 1.0, self.step_ratio - 1.0)?
        };
        let scale = self.scale(cycle)?;
        let lrs = self
            .base
            .base_lrs
            .iter()
            .zip(&self.max_lrs)
            .map(|(base_lr, max_lr)| base_lr + (max_lr - base_lr) * scale_factor * scale)
            .collect();
        if let Some((use_beta1, base_m, max_m)) = self.momentum {
            let m = max_m - (max_m - base_m) * scale_factor * scale;
            for g in groups.iter_mut() {
                base::set_momentum(g, use_beta1, m)?;
            }
        }
        Ok(lrs)
    }
}

chainable_scheduler!(CyclicLR, "CyclicLR");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::LrScheduler;
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::prelude::*;

    fn config(mode: &str, up: i64, down: Option<i64>) -> CyclicLRConfig {
        CyclicLRConfig {
            base_lr: 0.001,
            max_lr: 0.1,
            step_size_up: up,
            step_size_down: down,
            mode: mode.into(),
            gamma: 0.99,
            scale_mode: "cycle".into(),
            cycle_momentum: true,
            base_momentum: 0.8,
            max_momentum: 0.9,
            last_epoch: -1,
        }
    }

    fn run(c: &CyclicLRConfig, mut group: ParamGroup, steps: usize) -> Result<Vec<(f64, f64)>> {
        group.momentum.get_or_insert(0.0);
        let mut groups = vec![group];
        let mut s = CyclicLR::new(c, &mut groups)?;
        let mom = |g: &ParamGroup| base::group_momentum(g).unwrap_or(f64::NAN);
        let mut out = vec![(groups[0].lr, mom(&groups[0]))];
        for _ in 0..steps {
            s.step(&mut groups)?;
            out.push((groups[0].lr, mom(&groups[0])));
        }
        Ok(out)
    }

    #[test]
    fn triangular_cycle() {
        let c = config("triangular", 2, Some(2));
        let out = run(&c, ParamGroup::with_lr(0.5), 4).unwrap();
        let lrs: Vec<f64> = out.iter().map(|p| p.0).collect();
        assert_eq!(lrs[0], 0.001);
        assert!((lrs[2] - 0.1).abs() < 1e-15);
        assert!((lrs[4] - 0.001).abs() < 1e-15);
        assert!((out[2].1 - 0.8).abs() < 1e-15 && out[0].1 == 0.9);
    }

    #[test]
    fn cycles_beta1_on_adam_and_refuses_adagrad() {
        let mut adam = ParamGroup::with_lr(0.1);
        adam.betas = Some((0.9, 0.999));
        let mut groups = vec![adam];
        let c = config("triangular", 2, None);
        let mut s = CyclicLR::new(&c, &mut groups).unwrap();
        s.step(&mut groups).unwrap();
        assert_eq!(groups[0].betas.map(|b| b.1), Some(0.999));
        assert!((groups[0].betas.map_or(0.0, |b| b.0) - 0.85).abs() < 1e-15);
        assert_eq!(groups[0].momentum, None);
        let mut adagrad = vec![ParamGroup::with_lr(0.1)];
        assert_eq!(
            CyclicLR::new(&c, &mut adagrad).err(),
            Some(Error::invalid(
                "optimizer must support momentum or beta1 with `cycle_momentum` option enabled"
            ))
        );
    }

    #[test]
    fn pytorch_messages() {
        let g = ParamGroup::with_lr(0.1);
        assert_eq!(
            run(&config("sawtooth", 2, None), g.clone(), 0),
            Err(Error::invalid("mode is invalid and scale_fn is None"))
        );
        assert_eq!(
            run(&config("triangular", 0, Some(0)), g, 0),
            Err(Error::invalid("float division by zero"))
        );
    }

    // proptest needs OS randomness, which wasm32-unknown-unknown lacks.
    #[cfg(not(target_arch = "wasm32"))]
    proptest! {
        #[test]
        fn stays_between_boundaries(
            mode in prop::sample::select(vec!["triangular", "triangular2", "exp_range"]),
            up in 1i64..30, down in prop::option::of(1i64..30), n in 0usize..300
        ) {
            let c = config(mode, up, down);
            let out = run(&c, ParamGroup::with_lr(0.5), n).map_err(|e| TestCaseError::fail(e.to_string()))?;
            for (lr, m) in out {
                prop_assert!((0.001 - 1e-15..=0.1 + 1e-15).contains(&lr), "lr {}", lr);
                prop_assert!((0.8 - 1e-15..=0.9 + 1e-15).contains(&m), "momentum {}", m);
            }
        }
    }
}
