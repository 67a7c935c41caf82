//! CosineAnnealingWarmRestarts: cosine annealing that restarts at the initial lr, with periods
//! growing by `T_mult`.

use super::base::Lrs;
use std::f64::consts::PI;

use serde::{Deserialize, Serialize};

use super::base::{self, finite, Base, Chainable, Node};
use super::LrScheduler;
use crate::{Error, ParamGroup, Result};

/// Keywords of `torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0, T_mult=1,
/// eta_min=0.0, last_epoch=-1)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CosineAnnealingWarmRestartsConfig {
    /// Length of the first period, in epochs (required).
    #[serde(rename = "T_0")]
    pub t_0: i64,
    /// Factor by which each period is longer than the previous one.
    #[serde(rename = "T_mult", default = "one")]
    pub t_mult: i64,
    /// The minimum lr.
    #[serde(default)]
    pub eta_min: f64,
    /// The index of the last epoch; -1 starts fresh, anything else resumes.
    #[serde(default = "base::minus_one")]
    pub last_epoch: i64,
}

fn one() -> i64 {
    1
}

/// `torch.optim.lr_scheduler.CosineAnnealingWarmRestarts`, SGDR (Loshchilov & Hutter,
/// "SGDR: Stochastic Gradient Descent with Warm Restarts", ICLR 2017):
/// `lr = eta_min + (initial_lr − eta_min) × (1 + cos(π T_cur / T_i)) / 2`, where `T_cur` counts
/// epochs since the last restart and `T_i` is the current period (`T_0`, then `× T_mult`).
///
/// # Errors
/// "Expected positive integer T_0, but got 0" and "Expected integer T_mult >= 1, but got 0".
#[derive(Debug, Clone)]
pub struct CosineAnnealingWarmRestarts {
    base: Base,
    t_0: i64,
    t_i: i64,
    t_mult: i64,
    t_cur: i64,
    eta_min: f64,
}

impl CosineAnnealingWarmRestarts {
    /// Builds the scheduler on `groups` and performs PyTorch's initial step.
    ///
    /// # Errors
    /// See [`CosineAnnealingWarmRestarts`]; also a non-finite `eta_min`.
    pub fn new(
        config: &CosineAnnealingWarmRestartsConfig,
        groups: &mut [ParamGroup],
    ) -> Result<Self> {
        if config.t_0 <= 0 {
            return Err(Error::invalid(format!(
                "Expected positive integer T_0, but got {}",
                config.t_0
            )));
        }
        if config.t_mult < 1 {
            return Err(Error::invalid(format!(
                "Expected integer T_mult >= 1, but got {}",
                config.t_mult
            )));
        }
        let eta_min = finite("eta_min", config.eta_min)?;
        let mut s = CosineAnnealingWarmRestarts {
            base: Base::new(groups, config.last_epoch)?,
            t_0: config.t_0,
            t_i: config.t_0,
            t_mult: config.t_mult,
            t_cur: config.last_epoch,
            eta_min,
        };
        s.initial_step(groups)?;
        Ok(s)
    }

    /// Epochs since the last restart (`T_cur`).
    pub fn t_cur(&self) -> i64 {
        self.t_cur
    }

    /// The current period (`T_i`).
    pub fn t_i(&self) -> i64 {
        self.t_i
    }
}

impl Chainable for CosineAnnealingWarmRestarts {
    fn base(&self) -> &Base {
        &self.base
    }
    fn base_mut(&mut self) -> &mut Base {
        &mut self.base
    }
    fn get_lr(&self, _groups: &mut [ParamGroup]) -> Result<Lrs> {
        let c = libm::cos(PI * self.t_cur as f64 / self.t_i as f64);
        let eta = self.eta_min;
        Ok(self
            .base
            .base_lrs
            .iter()
            .map(|b| eta + (b - eta) * (1.0 + c) / 2.0)
            .collect())
    }
}

impl LrScheduler for CosineAnnealingWarmRestarts {
    /// PyTorch overrides `step` here (without `epoch`: the only form lrlab offers).
    fn step(&mut self, groups: &mut [ParamGroup]) -> Result<()> {
        let epoch = if self.base.last_epoch < 0 {
            // The first step is `step(epoch=0)`: the explicit-epoch branch with epoch < T_0.
            self.t_i = self.t_0;
            self.t_cur = 0;
            0
        } else {
            self.t_cur = self.t_cur.saturating_add(1);
            if self.t_cur >= self.t_i {
                self.t_cur %= self.t_i;
                self.t_i = self.t_i.saturating_mul(self.t_mult);
            }
            self.base.last_epoch.saturating_add(1)
        };
        self.base.last_epoch = epoch;
        let lrs = self.get_lr(groups)?;
        for (g, lr) in groups.iter_mut().zip(lrs) {
            g.lr = lr;
        }
        base::record_lrs(&mut self.base.last_lr, groups);
        Ok(())
    }
    fn last_epoch(&self) -> i64 {
        self.base.last_epoch
    }
    fn get_last_lr(&self) -> Vec<f64> {
        self.base.last_lr.clone()
    }
}

impl Node for CosineAnnealingWarmRestarts {
    fn class_name(&self) -> &'static str {
        "CosineAnnealingWarmRestarts"
    }
    fn initial_step(&mut self, groups: &mut [ParamGroup]) -> Result<()> {
        self.base.step_count = 0;
        self.base.is_initial = true;
        let r = self.step(groups);
        self.base.is_initial = false;
        r
    }
    /// The base class's `_update_lr`: `last_epoch` jumps, but `T_cur` and `T_i` stay as they
    /// were, as in PyTorch.
    fn update_lr_at(&mut self, groups: &mut [ParamGroup], epoch: i64) -> Result<()> {
        base::update_lr(self, groups, Some(epoch))
    }
    fn undo(&mut self) {
        self.base.last_epoch = self.base.last_epoch.saturating_sub(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::prelude::*;

    fn run(t_0: i64, t_mult: i64, steps: usize) -> Result<Vec<f64>> {
        let mut groups = vec![ParamGroup::with_lr(1.0)];
        let c = CosineAnnealingWarmRestartsConfig {
            t_0,
            t_mult,
            eta_min: 0.0,
            last_epoch: -1,
        };
        let mut s = CosineAnnealingWarmRestarts::new(&c, &mut groups)?;
        let mut out = vec![groups[0].lr];
        for _ in 0..steps {
            s.step(&mut groups)?;
            out.push(groups[0].lr);
        }
        Ok(out)
    }

    #[test]
    fn pytorch_messages() {
        assert_eq!(
            run(0, 1, 0),
            Err(Error::invalid("Expected positive integer T_0, but got 0"))
        );
        assert_eq!(
            run(5, 0, 0),
            Err(Error::invalid("Expected integer T_mult >= 1, but got 0"))
        );
    }

    #[test]
    fn restarts_after_growing_periods() {
        let lrs = run(2, 2, 8).unwrap();
        // Periods 2, 4, 8: restarts at steps 2 and 6.
        assert_eq!(lrs[0], 1.0);
        assert_eq!(lrs[2], 1.0);
        assert_eq!(lrs[6], 1.0);
        assert!(lrs[1] < 1.0 && lrs[3] < 1.0 && lrs[7] < 1.0);
    }

    // proptest needs OS randomness, which wasm32-unknown-unknown lacks.
    #[cfg(not(target_arch = "wasm32"))]
    proptest! {
        #[test]
        fn warm_restarts_return_to_the_initial_lr(t_0 in 1i64..20, t_mult in 1i64..4, cycles in 1usize..4) {
            let mut restart = 0i64;
            let mut period = t_0;
            let mut restarts = vec![];
            for _ in 0..cycles {
                restart += period;
                period *= t_mult;
                restarts.push(restart);
            }
            let lrs = run(t_0, t_mult, restart as usize).map_err(|e| TestCaseError::fail(e.to_string()))?;
            for r in restarts {
                prop_assert_eq!(lrs[r as usize], 1.0);
            }
            prop_assert!(lrs.iter().all(|x| (0.0..=1.0).contains(x)));
        }
    }
}
