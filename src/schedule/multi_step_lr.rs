//! MultiStepLR: decay by `gamma` at each milestone.

use super::base::Lrs;
use serde::{Deserialize, Serialize};

use super::base::{self, chainable_scheduler, finite, Base, Chainable};
use super::pyops;
use crate::{ParamGroup, Result};

/// Keywords of `torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones, gamma=0.1,
/// last_epoch=-1)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MultiStepLRConfig {
    /// Epochs at which to decay (required); a milestone listed twice decays twice.
    pub milestones: Vec<i64>,
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

/// `torch.optim.lr_scheduler.MultiStepLR`:
/// `lr = initial_lr × gamma^(number of milestones ≤ epoch)`, computed recursively as in PyTorch
/// (`lr ← lr × gamma^count(epoch)` at a milestone, where `count` is how often `epoch` is listed).
///
/// # Errors
/// None of its own; resuming (`last_epoch != -1`) without `initial_lr` is PyTorch's `KeyError`.
#[derive(Debug, Clone)]
pub struct MultiStepLR {
    base: Base,
    milestones: Vec<i64>,
    gamma: f64,
}

impl MultiStepLR {
    /// Builds the scheduler on `groups` and performs PyTorch's initial step.
    ///
    /// # Errors
    /// See [`MultiStepLR`]; also a non-finite `gamma`.
    pub fn new(config: &MultiStepLRConfig, groups: &mut [ParamGroup]) -> Result<Self> {
        let gamma = finite("gamma", config.gamma)?;
        let mut s = MultiStepLR {
            base: Base::new(groups, config.last_epoch)?,
            milestones: config.milestones.clone(),
            gamma,
        };
        base::initial_step(&mut s, groups)?;
        Ok(s)
    }

    /// `Counter(milestones)[epoch]`.
    fn count(&self, epoch: i64) -> usize {
        self.milestones.iter().filter(|&&m| m == epoch).count()
    }
}

impl Chainable for MultiStepLR {
    fn base(&self) -> &Base {
        &self.base
    }
    fn base_mut(&mut self) -> &mut Base {
        &mut self.base
    }
    fn get_lr(&self, groups: &mut [ParamGroup]) -> Result<Lrs> {
        let n = self.count(self.base.last_epoch);
        if n == 0 {
            return Ok(base::lrs(groups));
        }
        let f = pyops::py_pow(self.gamma, n as f64)?;
        Ok(groups.iter().map(|g| g.lr * f).collect())
    }
    fn closed_form_lr(&self, _groups: &[ParamGroup]) -> Option<Result<Lrs>> {
        let mut sorted = self.milestones.clone();
        sorted.sort_unstable();
        let n = pyops::bisect_right(&sorted, self.base.last_epoch);
        Some(
            pyops::py_pow(self.gamma, n as f64)
                .map(|f| self.base.base_lrs.iter().map(|b| b * f).collect()),
        )
    }
}

chainable_scheduler!(MultiStepLR, "MultiStepLR");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::LrScheduler;

    fn run(milestones: Vec<i64>, steps: usize) -> Vec<f64> {
        let mut groups = vec![ParamGroup::with_lr(1.0)];
        let config = MultiStepLRConfig {
            milestones,
            gamma: 0.5,
            last_epoch: -1,
        };
        let mut out = vec![];
        if let Ok(mut s) = MultiStepLR::new(&config, &mut groups) {
            out.push(groups[0].lr);
            for _ in 0..steps {
                if s.step(&mut groups).is_err() {
                    break;
                }
                out.push(groups[0].lr);
            }
        }
        out
    }

    #[test]
    fn decays_at_milestones_only() {
        let lrs = run(vec![2, 4], 5);
        assert_eq!(lrs, [1.0, 1.0, 0.5, 0.5, 0.25, 0.25]);
    }

    #[test]
    fn repeated_milestone_decays_twice() {
        let lrs = run(vec![3, 3], 4);
        assert_eq!(lrs, [1.0, 1.0, 1.0, 0.25, 0.25]);
    }

    #[test]
    fn closed_form_counts_milestones_passed() {
        let mut groups = vec![ParamGroup::with_lr(1.0)];
        let config = MultiStepLRConfig {
            milestones: vec![5, 1, 3],
            gamma: 0.5,
            last_epoch: -1,
        };
        let s = MultiStepLR::new(&config, &mut groups);
        let mut s = s.ok();
        if let Some(s) = s.as_mut() {
            s.base.last_epoch = 4;
        }
        let lr = s
            .and_then(|s| s.closed_form_lr(&groups))
            .and_then(|r| r.ok())
            .map(|v| v.to_vec());
        assert_eq!(lr, Some(vec![0.25]));
    }
}
