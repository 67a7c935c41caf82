//! CosineAnnealingLR: half a cosine from the initial lr down to `eta_min` over `T_max` epochs.

use super::base::Lrs;
use std::f64::consts::PI;

use serde::{Deserialize, Serialize};

use super::base::{self, chainable_scheduler, finite, Base, Chainable};
use super::pyops;
use crate::{ParamGroup, Result};

/// Keywords of `torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max, eta_min=0.0,
/// last_epoch=-1)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CosineAnnealingLRConfig {
    /// Half-period of the cosine, in epochs (required).
    #[serde(rename = "T_max")]
    pub t_max: i64,
    /// The minimum lr.
    #[serde(default)]
    pub eta_min: f64,
    /// The index of the last epoch; -1 starts fresh, anything else resumes.
    #[serde(default = "base::minus_one")]
    pub last_epoch: i64,
}

/// `torch.optim.lr_scheduler.CosineAnnealingLR`, the annealing half of SGDR (Loshchilov &
/// Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts", ICLR 2017):
/// `lr = eta_min + (initial_lr − eta_min) × (1 + cos(π × epoch / T_max)) / 2`.
///
/// PyTorch computes it recursively,
/// `lr ← eta_min + (lr − eta_min) × (1 + cos(π e / T)) / (1 + cos(π (e−1) / T))`, with a special
/// case where the denominator vanishes. Past `T_max` the lr therefore climbs back up along the
/// cosine (period `2 T_max`) rather than staying at `eta_min`, and when chained with other
/// schedulers it anneals whatever lr they leave: both are PyTorch's behaviour, kept here.
///
/// # Errors
/// None of its own; `T_max = 0` fails at the first step with "integer modulo by zero".
#[derive(Debug, Clone)]
pub struct CosineAnnealingLR {
    base: Base,
    t_max: i64,
    eta_min: f64,
}

impl CosineAnnealingLR {
    /// Builds the scheduler on `groups` and performs PyTorch's initial step.
    ///
    /// # Errors
    /// See [`CosineAnnealingLR`]; also a non-finite `eta_min`.
    pub fn new(config: &CosineAnnealingLRConfig, groups: &mut [ParamGroup]) -> Result<Self> {
        let eta_min = finite("eta_min", config.eta_min)?;
        let mut s = CosineAnnealingLR {
            base: Base::new(groups, config.last_epoch)?,
            t_max: config.t_max,
            eta_min,
        };
        base::initial_step(&mut s, groups)?;
        Ok(s)
    }

    fn cos_at(&self, epoch: f64) -> Result<f64> {
        Ok(libm::cos(pyops::py_div(PI * epoch, self.t_max as f64)?))
    }
}

impl Chainable for CosineAnnealingLR {
    fn base(&self) -> &Base {
        &self.base
    }
    fn base_mut(&mut self) -> &mut Base {
        &mut self.base
    }
    fn get_lr(&self, groups: &mut [ParamGroup]) -> Result<Lrs> {
        let b = &self.base;
        let (e, eta) = (b.last_epoch, self.eta_min);
        if b.is_initial {
            return Ok(base::lrs(groups));
        }
        if b.step_count == 1 && e > 0 {
            let c = self.cos_at(e as f64)?;
            return Ok(b
                .base_lrs
                .iter()
                .map(|base_lr| eta + (base_lr - eta) * (1.0 + c) / 2.0)
                .collect());
        }
        let (e128, t128) = (i128::from(e), i128::from(self.t_max));
        if pyops::py_divides(e128 - 1 - t128, 2 * t128)? {
            let c = libm::cos(pyops::py_div(PI, self.t_max as f64)?);
            return Ok(groups
                .iter()
                .zip(&b.base_lrs)
                .map(|(g, base_lr)| g.lr + (base_lr - eta) * (1.0 - c) / 2.0)
                .collect());
        }
        let ratio = pyops::py_div(
            1.0 + self.cos_at(e as f64)?,
            1.0 + self.cos_at(e as f64 - 1.0)?,
        )?;
        Ok(groups.iter().map(|g| ratio * (g.lr - eta) + eta).collect())
    }
    fn closed_form_lr(&self, _groups: &[ParamGroup]) -> Option<Result<Lrs>> {
        let eta = self.eta_min;
        Some(self.cos_at(self.base.last_epoch as f64).map(|c| {
            self.base
                .base_lrs
                .iter()
                .map(|base_lr| eta + (base_lr - eta) * (1.0 + c) / 2.0)
                .collect()
        }))
    }
}

chainable_scheduler!(CosineAnnealingLR, "CosineAnnealingLR");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::LrScheduler;
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::prelude::*;

    fn run(t_max: i64, eta_min: f64, steps: usize) -> Result<Vec<f64>> {
        let mut groups = vec![ParamGroup::with_lr(1.0)];
        let c = CosineAnnealingLRConfig {
            t_max,
            eta_min,
            last_epoch: -1,
        };
        let mut s = CosineAnnealingLR::new(&c, &mut groups)?;
        let mut out = vec![groups[0].lr];
        for _ in 0..steps {
            s.step(&mut groups)?;
            out.push(groups[0].lr);
        }
        Ok(out)
    }

    #[test]
    fn reaches_eta_min_at_t_max_and_climbs_back() {
        let lrs = run(10, 0.1, 20).unwrap();
        assert!((lrs[10] - 0.1).abs() < 1e-12);
        assert!((lrs[20] - 1.0).abs() < 1e-12);
        assert!((lrs[15] - lrs[5]).abs() < 1e-12);
    }

    #[test]
    fn zero_t_max_fails_at_first_step() {
        assert_eq!(run(0, 0.0, 0).map(|v| v.len()), Ok(1));
        assert_eq!(
            run(0, 0.0, 1),
            Err(crate::Error::invalid("integer modulo by zero"))
        );
    }

    // proptest needs OS randomness, which wasm32-unknown-unknown lacks.
    #[cfg(not(target_arch = "wasm32"))]
    proptest! {
        #[test]
        fn recursive_form_tracks_closed_form(t_max in 1i64..60, eta in 0.0f64..0.5, n in 0usize..200) {
            let lrs = run(t_max, eta, n).map_err(|e| TestCaseError::fail(e.to_string()))?;
            for (k, lr) in lrs.iter().enumerate() {
                let want = eta + (1.0 - eta) * (1.0 + (PI * k as f64 / t_max as f64).cos()) / 2.0;
                prop_assert!((lr - want).abs() < 1e-9, "step {}: {} vs {}", k, lr, want);
            }
        }
    }
}
