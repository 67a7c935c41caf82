//! OneCycleLR: one warm-up to `max_lr` and one long anneal far below the start.

use super::base::Lrs;
use serde::{Deserialize, Serialize};

use super::base::{self, chainable_scheduler, finite, Base, Chainable, GroupKeys};
use super::cyclic_lr::yes;
use super::pyops::{self, key_error};
use crate::pyfmt::py_float;
use crate::{Error, ParamGroup, Result};

/// Keywords of `torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr, total_steps=None,
/// epochs=None, steps_per_epoch=None, pct_start=0.3, anneal_strategy='cos', cycle_momentum=True,
/// base_momentum=0.85, max_momentum=0.95, div_factor=25.0, final_div_factor=1e4,
/// three_phase=False, last_epoch=-1)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OneCycleLRConfig {
    /// The peak lr (required).
    pub max_lr: f64,
    /// Length of the cycle in iterations; or give `epochs` and `steps_per_epoch`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_steps: Option<i64>,
    /// Epochs, with `steps_per_epoch`, when `total_steps` is not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epochs: Option<i64>,
    /// Iterations per epoch, with `epochs`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps_per_epoch: Option<i64>,
    /// Fraction of the cycle spent increasing the lr.
    #[serde(default = "default_pct_start")]
    pub pct_start: f64,
    /// `"cos"` or `"linear"`.
    #[serde(default = "default_anneal")]
    pub anneal_strategy: String,
    /// Whether to cycle momentum (or Adam's beta1) inversely to the lr.
    #[serde(default = "yes")]
    pub cycle_momentum: bool,
    /// The momentum at the lr's peak.
    #[serde(default = "default_base_momentum")]
    pub base_momentum: f64,
    /// The momentum at the start and end.
    #[serde(default = "default_max_momentum")]
    pub max_momentum: f64,
    /// `initial_lr = max_lr / div_factor`.
    #[serde(default = "default_div_factor")]
    pub div_factor: f64,
    /// `min_lr = initial_lr / final_div_factor`.
    #[serde(default = "default_final_div_factor")]
    pub final_div_factor: f64,
    /// Whether to come back down to `initial_lr` symmetrically before the final anneal.
    #[serde(default)]
    pub three_phase: bool,
    /// The index of the last batch; -1 starts fresh, anything else resumes.
    #[serde(default = "base::minus_one")]
    pub last_epoch: i64,
}

fn default_pct_start() -> f64 {
    0.3
}
fn default_anneal() -> String {
    "cos".into()
}
fn default_base_momentum() -> f64 {
    0.85
}
fn default_max_momentum() -> f64 {
    0.95
}
fn default_div_factor() -> f64 {
    25.0
}
fn default_final_div_factor() -> f64 {
    1e4
}

/// Where a phase starts and ends: a group key of the lr and of the momentum.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Key {
    InitialLr,
    MaxLr,
    MinLr,
    MaxMomentum,
    BaseMomentum,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Phase {
    pub end_step: f64,
    lr: (Key, Key),
    momentum: (Key, Key),
}

/// `torch.optim.lr_scheduler.OneCycleLR`, the 1cycle policy (Smith & Topin, "Super-Convergence:
/// Very Fast Training of Neural Networks Using Large Learning Rates", 2018), stepped every batch.
/// The lr anneals from `initial_lr = max_lr / div_factor` up to `max_lr` over the first
/// `pct_start × total_steps − 1` steps, then down to `min_lr = initial_lr / final_div_factor` at
/// step `total_steps − 1` (with `three_phase`, first back to `initial_lr` symmetrically);
/// annealing is `end + (start − end) (1 + cos(π pct)) / 2` (`cos`) or linear. Momentum (or
/// beta1) goes the other way between `max_momentum` and `base_momentum`.
///
/// Like PyTorch it reads `initial_lr`, `max_lr`, `min_lr` and the momentum bounds back from the
/// param groups at every step, so a later OneCycleLR or CyclicLR on the same optimizer (say in a
/// SequentialLR) changes its curve too.
///
/// # Errors
/// "Expected positive integer total_steps, but got 0", "Expected positive integer epochs, but
/// got 0", "Expected positive integer steps_per_epoch, but got 0", "You must define either
/// total_steps OR (epochs AND steps_per_epoch)", "Expected float between 0 and 1 pct_start, but
/// got 1.5", "anneal_strategy must be one of 'cos' or 'linear', instead got cosine", the
/// momentum check of [`super::CyclicLR`], and stepping past the end: "Tried to step 21 times.
/// The specified number of total steps is 20". Note that PyTorch allows exactly `total_steps`
/// steps, the last of which extrapolates the final phase (with `cos` the lr rises again from
/// `min_lr`; with `linear` it falls below `min_lr`, possibly below zero); lrlab does the same. Unlike PyTorch, an integer `pct_start` such as
/// `1` is accepted (JSON does not tell `1` from `1.0`).
#[derive(Debug, Clone)]
pub struct OneCycleLR {
    base: Base,
    total_steps: i64,
    phases: Vec<Phase>,
    linear: bool,
    /// `Some(use_beta1)` when cycling momentum.
    momentum: Option<bool>,
    keys: GroupKeys,
}

impl OneCycleLR {
    /// Builds the scheduler on `groups` and performs PyTorch's initial step.
    ///
    /// # Errors
    /// See [`OneCycleLR`]; also non-finite numbers.
    pub fn new(config: &OneCycleLRConfig, groups: &mut [ParamGroup]) -> Result<Self> {
        Self::with_keys(config, groups, &GroupKeys::new(groups.len()))
    }

    pub(crate) fn with_keys(
        c: &OneCycleLRConfig,
        groups: &mut [ParamGroup],
        keys: &GroupKeys,
    ) -> Result<Self> {
        for (name, x) in [
            ("max_lr", c.max_lr),
            ("pct_start", c.pct_start),
            ("base_momentum", c.base_momentum),
            ("max_momentum", c.max_momentum),
            ("div_factor", c.div_factor),
            ("final_div_factor", c.final_div_factor),
        ] {
            finite(name, x)?;
        }
        let total_steps = Self::total_steps(c)?;
        let phases = Self::phases(c.pct_start, total_steps, c.three_phase);
        if !(0.0..=1.0).contains(&c.pct_start) {
            return Err(Error::invalid(format!(
                "Expected float between 0 and 1 pct_start, but got {}",
                py_float(c.pct_start)
            )));
        }
        let linear = match c.anneal_strategy.as_str() {
            "cos" => false,
            "linear" => true,
            s => {
                return Err(Error::invalid(format!(
                    "anneal_strategy must be one of 'cos' or 'linear', instead got {s}"
                )))
            }
        };
        let fresh = c.last_epoch == -1;
        if fresh {
            let initial_lr = pyops::py_div(c.max_lr, c.div_factor)?;
            let min_lr = pyops::py_div(initial_lr, c.final_div_factor)?;
            for g in groups.iter_mut() {
                g.initial_lr = Some(initial_lr);
            }
            keys.with(|k| {
                for e in k.iter_mut() {
                    e.max_lr = Some(c.max_lr);
                    e.min_lr = Some(min_lr);
                }
            });
        }
        let momentum = if c.cycle_momentum {
            let use_beta1 = base::momentum_support(groups)?;
            if fresh {
                for g in groups.iter_mut() {
                    base::set_momentum(g, use_beta1, c.max_momentum)?;
                }
                keys.with(|k| {
                    for e in k.iter_mut() {
                        e.max_momentum = Some(c.max_momentum);
                        e.base_momentum = Some(c.base_momentum);
                    }
                });
            }
            Some(use_beta1)
        } else {
            None
        };
        let mut s = OneCycleLR {
            base: Base::new(groups, c.last_epoch)?,
            total_steps,
            phases,
            linear,
            momentum,
            keys: keys.clone(),
        };
        base::initial_step(&mut s, groups)?;
        Ok(s)
    }

    pub(crate) fn total_steps(c: &OneCycleLRConfig) -> Result<i64> {
        let positive = |name: &str, v: i64| {
            if v <= 0 {
                Err(Error::invalid(format!(
                    "Expected positive integer {name}, but got {v}"
                )))
            } else {
                Ok(v)
            }
        };
        match (c.total_steps, c.epochs, c.steps_per_epoch) {
            (Some(t), _, _) => positive("total_steps", t),
            (None, Some(e), Some(s)) => {
                let e = positive("epochs", e)?;
                let s = positive("steps_per_epoch", s)?;
                // Python ints do not overflow; no schedule can be stepped that far anyway.
                Ok(e.saturating_mul(s))
            }
            _ => Err(Error::invalid(
                "You must define either total_steps OR (epochs AND steps_per_epoch)",
            )),
        }
    }

    pub(crate) fn phases(pct_start: f64, total_steps: i64, three_phase: bool) -> Vec<Phase> {
        use Key::*;
        let t = total_steps as f64;
        let warm_end = pct_start * t - 1.0;
        let last = t - 1.0;
        if three_phase {
            vec![
                Phase {
                    end_step: warm_end,
                    lr: (InitialLr, MaxLr),
                    momentum: (MaxMomentum, BaseMomentum),
                },
                Phase {
                    end_step: 2.0 * pct_start * t - 2.0,
                    lr: (MaxLr, InitialLr),
                    momentum: (BaseMomentum, MaxMomentum),
                },
                Phase {
                    end_step: last,
                    lr: (InitialLr, MinLr),
                    momentum: (MaxMomentum, MaxMomentum),
                },
            ]
        } else {
            vec![
                Phase {
                    end_step: warm_end,
                    lr: (InitialLr, MaxLr),
                    momentum: (MaxMomentum, BaseMomentum),
                },
                Phase {
                    end_step: last,
                    lr: (MaxLr, MinLr),
                    momentum: (BaseMomentum, MaxMomentum),
                },
            ]
        }
    }

    /// The step at which each phase ends (`_schedule_phases[i]["end_step"]`).
    pub fn phase_ends(&self) -> Vec<f64> {
        self.phases.iter().map(|p| p.end_step).collect()
    }

    /// The cycle's length in iterations.
    pub fn total_steps_value(&self) -> i64 {
        self.total_steps
    }

    fn anneal(&self, start: f64, end: f64, pct: f64) -> f64 {
        if self.linear {
            (end - start) * pct + start
        } else {
            let cos_out = libm::cos(std::f64::consts::PI * pct) + 1.0;
            end + (start - end) / 2.0 * cos_out
        }
    }

    /// `group[key]`, with Python's KeyError when a resumed scheduler finds it missing.
    fn read(&self, groups: &[ParamGroup], i: usize, key: Key) -> Result<f64> {
        let (value, name) = match key {
            Key::InitialLr => (groups[i].initial_lr, "initial_lr"),
            _ => self.keys.with(|k| {
                let e = k.get(i).copied().unwrap_or_default();
                match key {
                    Key::MaxLr => (e.max_lr, "max_lr"),
                    Key::MinLr => (e.min_lr, "min_lr"),
                    Key::MaxMomentum => (e.max_momentum, "max_momentum"),
                    _ => (e.base_momentum, "base_momentum"),
                }
            }),
        };
        value.ok_or_else(|| key_error(name))
    }
}

impl Chainable for OneCycleLR {
    fn base(&self) -> &Base {
        &self.base
    }
    fn base_mut(&mut self) -> &mut Base {
        &mut self.base
    }
    fn get_lr(&self, groups: &mut [ParamGroup]) -> Result<Lrs> {
        let step_num = self.base.last_epoch;
        if step_num > self.total_steps {
            return Err(Error::invalid(format!(
                "Tried to step {step_num} times. The specified number of total steps is {}",
                self.total_steps
            )));
        }
        let step = step_num as f64;
        let mut lrs = Lrs::with_capacity(groups.len());
        for i in 0..groups.len() {
            let mut start_step = 0.0;
            let n = self.phases.len();
            for (j, phase) in self.phases.iter().enumerate() {
                if step <= phase.end_step || j == n - 1 {
                    let pct = pyops::py_div(step - start_step, phase.end_step - start_step)?;
                    let (from, to) = phase.lr;
                    let lr =
                        self.anneal(self.read(groups, i, from)?, self.read(groups, i, to)?, pct);
                    lrs.push(lr);
                    if let Some(use_beta1) = self.momentum {
                        let (from, to) = phase.momentum;
                        let m = self.anneal(
                            self.read(groups, i, from)?,
                            self.read(groups, i, to)?,
                            pct,
                        );
                        base::set_momentum(&mut groups[i], use_beta1, m)?;
                    }
                    break;
                }
                start_step = phase.end_step;
            }
        }
        Ok(lrs)
    }
}

chainable_scheduler!(OneCycleLR, "OneCycleLR");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::LrScheduler;
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::prelude::*;

    fn config(total: i64) -> OneCycleLRConfig {
        OneCycleLRConfig {
            max_lr: 1.0,
            total_steps: Some(total),
            epochs: None,
            steps_per_epoch: None,
            pct_start: 0.3,
            anneal_strategy: "cos".into(),
            cycle_momentum: true,
            base_momentum: 0.85,
            max_momentum: 0.95,
            div_factor: 25.0,
            final_div_factor: 1e4,
            three_phase: false,
            last_epoch: -1,
        }
    }

    fn run(c: &OneCycleLRConfig, steps: usize) -> Result<Vec<f64>> {
        let mut g = ParamGroup::with_lr(0.1);
        g.momentum = Some(0.9);
        let mut groups = vec![g];
        let mut s = OneCycleLR::new(c, &mut groups)?;
        let mut out = vec![groups[0].lr];
        for _ in 0..steps {
            s.step(&mut groups)?;
            out.push(groups[0].lr);
        }
        Ok(out)
    }

    #[test]
    fn stepping_past_total_steps_is_pytorchs_error() {
        let c = config(20);
        assert!(run(&c, 20).is_ok());
        assert_eq!(
            run(&c, 21),
            Err(Error::invalid(
                "Tried to step 21 times. The specified number of total steps is 20"
            ))
        );
    }

    #[test]
    fn total_steps_checks() {
        let mut c = config(0);
        assert_eq!(
            run(&c, 0),
            Err(Error::invalid(
                "Expected positive integer total_steps, but got 0"
            ))
        );
        c.total_steps = None;
        assert_eq!(
            run(&c, 0),
            Err(Error::invalid(
                "You must define either total_steps OR (epochs AND steps_per_epoch)"
            ))
        );
        c.epochs = Some(2);
        c.steps_per_epoch = Some(0);
        assert_eq!(
            run(&c, 0),
            Err(Error::invalid(
                "Expected positive integer steps_per_epoch, but got 0"
            ))
        );
        c.steps_per_epoch = Some(5);
        assert_eq!(run(&c, 10).map(|v| v.len()), Ok(11));
        c.pct_start = 1.5;
        assert_eq!(
            run(&c, 0),
            Err(Error::invalid(
                "Expected float between 0 and 1 pct_start, but got 1.5"
            ))
        );
    }

    // proptest needs OS randomness, which wasm32-unknown-unknown lacks.
    #[cfg(not(target_arch = "wasm32"))]
    proptest! {
        #[test]
        fn peaks_at_max_lr(total in 10i64..500, pct in 0.05f64..0.5, three in any::<bool>(), linear in any::<bool>()) {
            let mut c = config(total);
            c.pct_start = pct;
            c.three_phase = three;
            c.anneal_strategy = if linear { "linear" } else { "cos" }.into();
            // A phase of zero length divides by zero, in PyTorch as here.
            prop_assume!((pct * total as f64 - 1.0).abs() > 1e-9);
            // Step `total_steps` itself extrapolates the last phase (below zero, when linear),
            // as in PyTorch; the schedule proper ends one step earlier.
            let lrs = run(&c, total as usize - 1);
            prop_assume!(lrs.is_ok());
            let lrs = lrs.map_err(|e| TestCaseError::fail(e.to_string()))?;
            let peak = lrs.iter().copied().fold(f64::MIN, f64::max);
            prop_assert!(peak <= 1.0 + 1e-12);
            let warm_end = pct * total as f64 - 1.0;
            if warm_end >= 0.0 && (warm_end - warm_end.round()).abs() < 1e-9 {
                prop_assert!((peak - 1.0).abs() < 1e-12, "peak {}", peak);
            }
            prop_assert!(lrs.iter().all(|x| x.is_finite() && *x > 0.0));
        }
    }
}
