//! LinearLR: a linear ramp of the lr's factor over `total_iters` epochs (warm-up or decay).

use super::base::Lrs;
use serde::{Deserialize, Serialize};

use super::base::{self, chainable_scheduler, finite, Base, Chainable};
use super::pyops;
use crate::{Error, ParamGroup, Result};

/// Keywords of `torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=1/3, end_factor=1.0,
/// total_iters=5, last_epoch=-1)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LinearLRConfig {
    /// The factor at epoch 0.
    pub start_factor: f64,
    /// The factor reached at `total_iters`.
    pub end_factor: f64,
    /// Length of the ramp, in epochs.
    pub total_iters: i64,
    /// The index of the last epoch; -1 starts fresh, anything else resumes.
    pub last_epoch: i64,
}

impl Default for LinearLRConfig {
    fn default() -> Self {
        LinearLRConfig {
            start_factor: 1.0 / 3.0,
            end_factor: 1.0,
            total_iters: 5,
            last_epoch: -1,
        }
    }
}

/// `torch.optim.lr_scheduler.LinearLR`:
/// `lr = initial_lr × (start + (end − start) × min(epoch, total_iters) / total_iters)`, computed
/// recursively as PyTorch does: `lr ← lr × (1 + (end − start) / (total_iters × start +
/// (epoch − 1) × (end − start)))` for `1 ≤ epoch ≤ total_iters`.
///
/// # Errors
/// "Starting multiplicative factor expected to be greater than 0 and less or equal to 1." and
/// "Ending multiplicative factor expected to be between 0 and 1.".
#[derive(Debug, Clone)]
pub struct LinearLR {
    base: Base,
    start_factor: f64,
    end_factor: f64,
    total_iters: i64,
}

impl LinearLR {
    /// Builds the scheduler on `groups` and performs PyTorch's initial step.
    ///
    /// # Errors
    /// See [`LinearLR`].
    pub fn new(config: &LinearLRConfig, groups: &mut [ParamGroup]) -> Result<Self> {
        let start = finite("start_factor", config.start_factor)?;
        let end = finite("end_factor", config.end_factor)?;
        if start > 1.0 || start <= 0.0 {
            return Err(Error::invalid(
                "Starting multiplicative factor expected to be greater than 0 and less or equal to 1.",
            ));
        }
        if !(0.0..=1.0).contains(&end) {
            return Err(Error::invalid(
                "Ending multiplicative factor expected to be between 0 and 1.",
            ));
        }
        let mut s = LinearLR {
            base: Base::new(groups, config.last_epoch)?,
            start_factor: start,
            end_factor: end,
            total_iters: config.total_iters,
        };
        base::initial_step(&mut s, groups)?;
        Ok(s)
    }
}

impl Chainable for LinearLR {
    fn base(&self) -> &Base {
        &self.base
    }
    fn base_mut(&mut self) -> &mut Base {
        &mut self.base
    }
    fn get_lr(&self, groups: &mut [ParamGroup]) -> Result<Lrs> {
        let epoch = self.base.last_epoch;
        if epoch == 0 {
            return Ok(groups.iter().map(|g| g.lr * self.start_factor).collect());
        }
        if self.base.is_initial || epoch > self.total_iters {
            return Ok(base::lrs(groups));
        }
        let slope = self.end_factor - self.start_factor;
        let denom = self.total_iters as f64 * self.start_factor + (epoch as f64 - 1.0) * slope;
        let f = 1.0 + pyops::py_div(slope, denom)?;
        Ok(groups.iter().map(|g| g.lr * f).collect())
    }
    fn closed_form_lr(&self, _groups: &[ParamGroup]) -> Option<Result<Lrs>> {
        let done = self.total_iters.min(self.base.last_epoch) as f64;
        let f = pyops::py_div(
            (self.end_factor - self.start_factor) * done,
            self.total_iters as f64,
        )
        .map(|r| self.start_factor + r);
        Some(f.map(|f| self.base.base_lrs.iter().map(|b| b * f).collect()))
    }
}

chainable_scheduler!(LinearLR, "LinearLR");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::LrScheduler;
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::prelude::*;

    fn run(start: f64, end: f64, total: i64, steps: usize) -> Result<Vec<f64>> {
        let mut groups = vec![ParamGroup::with_lr(0.1)];
        let c = LinearLRConfig {
            start_factor: start,
            end_factor: end,
            total_iters: total,
            last_epoch: -1,
        };
        let mut s = LinearLR::new(&c, &mut groups)?;
        let mut out = vec![groups[0].lr];
        for _ in 0..steps {
            s.step(&mut groups)?;
            out.push(groups[0].lr);
        }
        Ok(out)
    }

    #[test]
    fn factor_checks() {
        assert!(run(0.0, 1.0, 5, 0)
            .is_err_and(|e| e.to_string().starts_with("Starting multiplicative factor")));
        assert!(run(0.5, 1.5, 5, 0)
            .is_err_and(|e| e.to_string().starts_with("Ending multiplicative factor")));
    }

    // proptest needs OS randomness, which wasm32-unknown-unknown lacks.
    #[cfg(not(target_arch = "wasm32"))]
    proptest! {
        #[test]
        fn recursive_form_follows_the_line(start in 0.01f64..=1.0, end in 0.0f64..=1.0, total in 1i64..40) {
            let lrs = run(start, end, total, total as usize + 5).map_err(|e| TestCaseError::fail(e.to_string()))?;
            for (k, lr) in lrs.iter().enumerate() {
                let t = (k as i64).min(total) as f64 / total as f64;
                let want = 0.1 * (start + (end - start) * t);
                prop_assert!((lr - want).abs() <= 1e-12, "step {}: {} vs {}", k, lr, want);
            }
        }
    }
}
