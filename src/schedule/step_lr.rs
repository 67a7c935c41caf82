//! StepLR: decay by `gamma` every `step_size` epochs.

use super::base::Lrs;
use serde::{Deserialize, Serialize};

use super::base::{self, chainable_scheduler, finite, Base, Chainable};
use super::pyops;
use crate::{ParamGroup, Result};

/// Keywords of `torch.optim.lr_scheduler.StepLR(optimizer, step_size, gamma=0.1, last_epoch=-1)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepLRConfig {
    /// Period of the decay, in epochs (required).
    pub step_size: i64,
    /// Multiplicative factor of the decay.
    #[serde(default = "default_gamma")]
    pub gamma: f64,
    /// The index of the last epoch; -1 starts fresh, anything else resumes.
    #[serde(default = "base::minus_one")]
    pub last_epoch: i64,
}

fn default_gamma() -> f64 {
    0.1
}

/// `torch.optim.lr_scheduler.StepLR`:
/// `lr = initial_lr × gamma^⌊epoch / step_size⌋`, computed as PyTorch does, recursively
/// (`lr ← lr × gamma` whenever `epoch % step_size == 0`), so that it composes with other
/// schedulers on the same optimizer.
///
/// # Errors
/// PyTorch validates nothing here; it fails where Python's arithmetic does:
/// `step_size = 0` gives "integer modulo by zero" at the first step. Resuming
/// (`last_epoch != -1`) without `initial_lr` in the groups is PyTorch's `KeyError`.
#[derive(Debug, Clone)]
pub struct StepLR {
    base: Base,
    step_size: i64,
    gamma: f64,
}

impl StepLR {
    /// Builds the scheduler on `groups` and performs PyTorch's initial step.
    ///
    /// # Errors
    /// See [`StepLR`]; also a non-finite `gamma`.
    pub fn new(config: &StepLRConfig, groups: &mut [ParamGroup]) -> Result<Self> {
        let gamma = finite("gamma", config.gamma)?;
        let mut s = StepLR {
            base: Base::new(groups, config.last_epoch)?,
            step_size: config.step_size,
            gamma,
        };
        base::initial_step(&mut s, groups)?;
        Ok(s)
    }
}

impl Chainable for StepLR {
    fn base(&self) -> &Base {
        &self.base
    }
    fn base_mut(&mut self) -> &mut Base {
        &mut self.base
    }
    fn get_lr(&self, groups: &mut [ParamGroup]) -> Result<Lrs> {
        let epoch = self.base.last_epoch;
        if epoch == 0 || !pyops::py_divides(epoch.into(), self.step_size.into())? {
            return Ok(base::lrs(groups));
        }
        Ok(groups.iter().map(|g| g.lr * self.gamma).collect())
    }
    fn closed_form_lr(&self, _groups: &[ParamGroup]) -> Option<Result<Lrs>> {
        let power = match pyops::py_floordiv(self.base.last_epoch, self.step_size) {
            Ok(p) => p,
            Err(e) => return Some(Err(e)),
        };
        Some(
            pyops::py_pow(self.gamma, power as f64)
                .map(|f| self.base.base_lrs.iter().map(|b| b * f).collect()),
        )
    }
}

chainable_scheduler!(StepLR, "StepLR");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::LrScheduler;
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::prelude::*;

    fn run(step_size: i64, gamma: f64, steps: usize) -> Result<Vec<f64>> {
        let mut groups = vec![ParamGroup::with_lr(0.05)];
        let config = StepLRConfig {
            step_size,
            gamma,
            last_epoch: -1,
        };
        let mut s = StepLR::new(&config, &mut groups)?;
        let mut out = vec![groups[0].lr];
        for _ in 0..steps {
            s.step(&mut groups)?;
            out.push(groups[0].lr);
        }
        Ok(out)
    }

    #[test]
    fn lecture_example_decays_every_30_epochs() {
        let lrs = run(30, 0.1, 90).unwrap_or_default();
        assert_eq!(lrs.len(), 91);
        assert_eq!(lrs[29], 0.05);
        assert!((lrs[30] - 0.005).abs() < 1e-15);
        assert!((lrs[60] - 0.0005).abs() < 1e-16);
        assert_eq!(lrs[59], lrs[30]);
    }

    #[test]
    fn zero_step_size_fails_like_python() {
        let err = run(0, 0.1, 1).err().map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("integer modulo by zero"));
        assert!(run(0, 0.1, 0).is_ok());
    }

    #[test]
    fn negative_step_size_acts_as_its_magnitude() {
        assert_eq!(run(-3, 0.5, 7).ok(), run(3, 0.5, 7).ok());
    }

    // proptest needs OS randomness, which wasm32-unknown-unknown lacks.
    #[cfg(not(target_arch = "wasm32"))]
    proptest! {
        #[test]
        fn lrs_stay_finite_and_non_negative(step in 1i64..50, gamma in 0.0f64..1.0, n in 0usize..200) {
            let lrs = run(step, gamma, n).unwrap_or_default();
            prop_assert_eq!(lrs.len(), n + 1);
            prop_assert!(lrs.iter().all(|x| x.is_finite() && *x >= 0.0));
        }
    }
}
