//! ConstantLR: a constant factor for the first `total_iters` epochs.

use super::base::Lrs;
use serde::{Deserialize, Serialize};

use super::base::{self, chainable_scheduler, finite, Base, Chainable};
use super::pyops;
use crate::{Error, ParamGroup, Result};

/// Keywords of `torch.optim.lr_scheduler.ConstantLR(optimizer, factor=1/3, total_iters=5,
/// last_epoch=-1)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConstantLRConfig {
    /// The factor applied until `total_iters`.
    pub factor: f64,
    /// The epoch at which the factor is removed.
    pub total_iters: i64,
    /// The index of the last epoch; -1 starts fresh, anything else resumes.
    pub last_epoch: i64,
}

impl Default for ConstantLRConfig {
    fn default() -> Self {
        ConstantLRConfig {
            factor: 1.0 / 3.0,
            total_iters: 5,
            last_epoch: -1,
        }
    }
}

/// `torch.optim.lr_scheduler.ConstantLR`:
/// `lr = initial_lr × factor` for `epoch < total_iters`, then `initial_lr`; recursively as in
/// PyTorch (`× factor` at epoch 0, `× 1/factor` at `total_iters`).
///
/// # Errors
/// "Constant multiplicative factor expected to be between 0 and 1." for a factor outside
/// [0, 1]; `factor = 0` is accepted as in PyTorch and fails with "float division by zero" when
/// `total_iters` is reached.
#[derive(Debug, Clone)]
pub struct ConstantLR {
    base: Base,
    factor: f64,
    total_iters: i64,
}

impl ConstantLR {
    /// Builds the scheduler on `groups` and performs PyTorch's initial step.
    ///
    /// # Errors
    /// See [`ConstantLR`].
    pub fn new(config: &ConstantLRConfig, groups: &mut [ParamGroup]) -> Result<Self> {
        let factor = finite("factor", config.factor)?;
        if !(0.0..=1.0).contains(&factor) {
            return Err(Error::invalid(
                "Constant multiplicative factor expected to be between 0 and 1.",
            ));
        }
        let mut s = ConstantLR {
            base: Base::new(groups, config.last_epoch)?,
            factor,
            total_iters: config.total_iters,
        };
        base::initial_step(&mut s, groups)?;
        Ok(s)
    }
}

impl Chainable for ConstantLR {
    fn base(&self) -> &Base {
        &self.base
    }
    fn base_mut(&mut self) -> &mut Base {
        &mut self.base
    }
    fn get_lr(&self, groups: &mut [ParamGroup]) -> Result<Lrs> {
        let epoch = self.base.last_epoch;
        if epoch == 0 {
            return Ok(groups.iter().map(|g| g.lr * self.factor).collect());
        }
        if epoch != self.total_iters {
            return Ok(base::lrs(groups));
        }
        let f = pyops::py_div(1.0, self.factor)?;
        Ok(groups.iter().map(|g| g.lr * f).collect())
    }
    fn closed_form_lr(&self, _groups: &[ParamGroup]) -> Option<Result<Lrs>> {
        let done = if self.base.last_epoch >= self.total_iters {
            1.0
        } else {
            0.0
        };
        let f = self.factor + done * (1.0 - self.factor);
        Some(Ok(self.base.base_lrs.iter().map(|b| b * f).collect()))
    }
}

chainable_scheduler!(ConstantLR, "ConstantLR");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::LrScheduler;

    fn run(factor: f64, total_iters: i64, steps: usize) -> Result<Vec<f64>> {
        let mut groups = vec![ParamGroup::with_lr(0.9)];
        let c = ConstantLRConfig {
            factor,
            total_iters,
            last_epoch: -1,
        };
        let mut s = ConstantLR::new(&c, &mut groups)?;
        let mut out = vec![groups[0].lr];
        for _ in 0..steps {
            s.step(&mut groups)?;
            out.push(groups[0].lr);
        }
        Ok(out)
    }

    #[test]
    fn factor_until_total_iters() {
        let lrs = run(0.5, 2, 3).unwrap();
        assert_eq!(lrs, [0.45, 0.45, 0.9, 0.9]);
    }

    #[test]
    fn out_of_range_factor_and_zero_factor() {
        let msg = "Constant multiplicative factor expected to be between 0 and 1.";
        assert_eq!(run(1.5, 2, 0), Err(Error::invalid(msg)));
        assert_eq!(run(-0.1, 2, 0), Err(Error::invalid(msg)));
        assert_eq!(run(0.0, 2, 1).map(|v| v[1]), Ok(0.0));
        assert_eq!(
            run(0.0, 2, 2),
            Err(Error::invalid("float division by zero"))
        );
    }
}
