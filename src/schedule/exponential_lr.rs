//! ExponentialLR: decay by `gamma` every epoch.

use super::base::Lrs;
use serde::{Deserialize, Serialize};

use super::base::{self, chainable_scheduler, finite, Base, Chainable};
use super::pyops;
use crate::{ParamGroup, Result};

/// Keywords of `torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma, last_epoch=-1)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExponentialLRConfig {
    /// Multiplicative factor of the decay (required).
    pub gamma: f64,
    /// The index of the last epoch; -1 starts fresh, anything else resumes.
    #[serde(default = "base::minus_one")]
    pub last_epoch: i64,
}

/// `torch.optim.lr_scheduler.ExponentialLR`: `lr = initial_lr × gamma^epoch`, computed
/// recursively as in PyTorch (`lr ← lr × gamma` at every step after the initial one).
///
/// # Errors
/// None of its own; resuming (`last_epoch != -1`) without `initial_lr` is PyTorch's `KeyError`.
#[derive(Debug, Clone)]
pub struct ExponentialLR {
    base: Base,
    gamma: f64,
}

impl ExponentialLR {
    /// Builds the scheduler on `groups` and performs PyTorch's initial step.
    ///
    /// # Errors
    /// See [`ExponentialLR`]; also a non-finite `gamma`.
    pub fn new(config: &ExponentialLRConfig, groups: &mut [ParamGroup]) -> Result<Self> {
        let gamma = finite("gamma", config.gamma)?;
        let mut s = ExponentialLR {
            base: Base::new(groups, config.last_epoch)?,
            gamma,
        };
        base::initial_step(&mut s, groups)?;
        Ok(s)
    }
}

impl Chainable for ExponentialLR {
    fn base(&self) -> &Base {
        &self.base
    }
    fn base_mut(&mut self) -> &mut Base {
        &mut self.base
    }
    fn get_lr(&self, groups: &mut [ParamGroup]) -> Result<Lrs> {
        // Resuming must not advance the lr a step ahead of `last_epoch`.
        if self.base.is_initial {
            return Ok(base::lrs(groups));
        }
        Ok(groups.iter().map(|g| g.lr * self.gamma).collect())
    }
    fn closed_form_lr(&self, _groups: &[ParamGroup]) -> Option<Result<Lrs>> {
        Some(
            pyops::py_pow(self.gamma, self.base.last_epoch as f64)
                .map(|f| self.base.base_lrs.iter().map(|b| b * f).collect()),
        )
    }
}

chainable_scheduler!(ExponentialLR, "ExponentialLR");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::LrScheduler;
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::prelude::*;

    #[test]
    fn multiplies_by_gamma_each_step() {
        let mut groups = vec![ParamGroup::with_lr(1.0)];
        let config = ExponentialLRConfig {
            gamma: 0.5,
            last_epoch: -1,
        };
        let mut s = ExponentialLR::new(&config, &mut groups).ok();
        assert_eq!(groups[0].lr, 1.0);
        for want in [0.5, 0.25, 0.125] {
            let stepped = s.as_mut().map(|s| s.step(&mut groups));
            assert_eq!(stepped, Some(Ok(())));
            assert_eq!(groups[0].lr, want);
        }
        assert_eq!(s.map(|s| s.get_last_lr()), Some(vec![0.125]));
    }

    // proptest needs OS randomness, which wasm32-unknown-unknown lacks.
    #[cfg(not(target_arch = "wasm32"))]
    proptest! {
        #[test]
        fn matches_closed_form(gamma in 0.5f64..1.0, n in 0usize..300) {
            let mut groups = vec![ParamGroup::with_lr(0.1)];
            let config = ExponentialLRConfig { gamma, last_epoch: -1 };
            let mut s = ExponentialLR::new(&config, &mut groups).map_err(|e| TestCaseError::fail(e.to_string()))?;
            for _ in 0..n {
                s.step(&mut groups).map_err(|e| TestCaseError::fail(e.to_string()))?;
            }
            let closed = 0.1 * gamma.powf(n as f64);
            prop_assert!((groups[0].lr - closed).abs() <= 1e-12 * closed.max(1e-300));
        }
    }
}
