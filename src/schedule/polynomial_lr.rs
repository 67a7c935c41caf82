//! PolynomialLR: polynomial decay to zero over `total_iters` epochs.

use super::base::Lrs;
use serde::{Deserialize, Serialize};

use super::base::{self, chainable_scheduler, finite, Base, Chainable};
use super::pyops;
use crate::{ParamGroup, Result};

/// Keywords of `torch.optim.lr_scheduler.PolynomialLR(optimizer, total_iters=5, power=1.0,
/// last_epoch=-1)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PolynomialLRConfig {
    /// Epochs until the lr reaches zero.
    pub total_iters: i64,
    /// The polynomial's power.
    pub power: f64,
    /// The index of the last epoch; -1 starts fresh, anything else resumes.
    pub last_epoch: i64,
}

impl Default for PolynomialLRConfig {
    fn default() -> Self {
        PolynomialLRConfig {
            total_iters: 5,
            power: 1.0,
            last_epoch: -1,
        }
    }
}

/// `torch.optim.lr_scheduler.PolynomialLR`:
/// `lr = initial_lr × (1 − min(epoch, total_iters) / total_iters)^power`, computed recursively
/// as in PyTorch: `lr ← lr × ((1 − e/T) / (1 − (e−1)/T))^power` for `e ≤ T`.
///
/// # Errors
/// None of its own; Python's arithmetic fails for a negative `power`, where the last step
/// computes `0.0 ** power` ("0.0 cannot be raised to a negative power").
#[derive(Debug, Clone)]
pub struct PolynomialLR {
    base: Base,
    total_iters: i64,
    power: f64,
}

impl PolynomialLR {
    /// Builds the scheduler on `groups` and performs PyTorch's initial step.
    ///
    /// # Errors
    /// See [`PolynomialLR`]; also a non-finite `power`.
    pub fn new(config: &PolynomialLRConfig, groups: &mut [ParamGroup]) -> Result<Self> {
        let power = finite("power", config.power)?;
        let mut s = PolynomialLR {
            base: Base::new(groups, config.last_epoch)?,
            total_iters: config.total_iters,
            power,
        };
        base::initial_step(&mut s, groups)?;
        Ok(s)
    }
}

impl Chainable for PolynomialLR {
    fn base(&self) -> &Base {
        &self.base
    }
    fn base_mut(&mut self) -> &mut Base {
        &mut self.base
    }
    fn get_lr(&self, groups: &mut [ParamGroup]) -> Result<Lrs> {
        let (e, t) = (self.base.last_epoch, self.total_iters);
        if self.base.is_initial || e > t {
            return Ok(base::lrs(groups));
        }
        let ratio = pyops::py_div(
            1.0 - pyops::py_int_div(e, t)?,
            1.0 - pyops::py_int_div(e.saturating_sub(1), t)?,
        )?;
        let f = pyops::py_pow(ratio, self.power)?;
        Ok(groups.iter().map(|g| g.lr * f).collect())
    }
    fn closed_form_lr(&self, _groups: &[ParamGroup]) -> Option<Result<Lrs>> {
        let (e, t) = (self.base.last_epoch, self.total_iters);
        let f = pyops::py_int_div(t.min(e), t).and_then(|r| pyops::py_pow(1.0 - r, self.power));
        Some(f.map(|f| self.base.base_lrs.iter().map(|b| b * f).collect()))
    }
}

chainable_scheduler!(PolynomialLR, "PolynomialLR");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::LrScheduler;
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::prelude::*;

    fn run(total: i64, power: f64, steps: usize) -> Result<Vec<f64>> {
        let mut groups = vec![ParamGroup::with_lr(1.0)];
        let c = PolynomialLRConfig {
            total_iters: total,
            power,
            last_epoch: -1,
        };
        let mut s = PolynomialLR::new(&c, &mut groups)?;
        let mut out = vec![groups[0].lr];
        for _ in 0..steps {
            s.step(&mut groups)?;
            out.push(groups[0].lr);
        }
        Ok(out)
    }

    #[test]
    fn linear_decay_to_zero_then_stays() {
        let lrs = run(4, 1.0, 6).unwrap();
        assert_eq!(lrs, [1.0, 0.75, 0.5, 0.25, 0.0, 0.0, 0.0]);
    }

    #[test]
    fn negative_power_fails_at_the_end_like_python() {
        assert_eq!(
            run(2, -1.0, 2),
            Err(crate::Error::invalid(
                "0.0 cannot be raised to a negative power"
            ))
        );
    }

    // proptest needs OS randomness, which wasm32-unknown-unknown lacks.
    #[cfg(not(target_arch = "wasm32"))]
    proptest! {
        #[test]
        fn stays_in_range(total in 1i64..50, power in 0.1f64..4.0, n in 0usize..80) {
            let lrs = run(total, power, n).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(lrs.iter().all(|x| (0.0..=1.0).contains(x)));
        }
    }
}
