//! MultiplicativeLR: multiply the lr by a user function of the epoch, every epoch.

use super::base::Lrs;
use serde::{Deserialize, Serialize};

use super::base::{self, chainable_scheduler, Base, Chainable};
use super::expr::Expr;
use crate::{ParamGroup, Result};

/// Keywords of `torch.optim.lr_scheduler.MultiplicativeLR(optimizer, lr_lambda, last_epoch=-1)`,
/// with `lr_lambda` written as an [`Expr`] in `epoch`, e.g. `"0.95"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MultiplicativeLRConfig {
    /// The per-epoch factor as an expression in `epoch` (required).
    pub lr_lambda: String,
    /// The index of the last epoch; -1 starts fresh, anything else resumes.
    #[serde(default = "base::minus_one")]
    pub last_epoch: i64,
}

/// `torch.optim.lr_scheduler.MultiplicativeLR`: `lr ← lr × lr_lambda(epoch)` at every step
/// after the initial one, i.e. `lr = initial_lr × ∏_{k=1..epoch} lr_lambda(k)`.
///
/// # Errors
/// [`crate::Error::Expression`] when `lr_lambda` does not parse, or when its value at some
/// epoch is undefined or not finite.
#[derive(Debug, Clone)]
pub struct MultiplicativeLR {
    base: Base,
    lr_lambda: Expr,
}

impl MultiplicativeLR {
    /// Builds the scheduler on `groups` and performs PyTorch's initial step.
    ///
    /// # Errors
    /// See [`MultiplicativeLR`].
    pub fn new(config: &MultiplicativeLRConfig, groups: &mut [ParamGroup]) -> Result<Self> {
        let lr_lambda = Expr::parse(&config.lr_lambda)?;
        Self::from_expr(lr_lambda, config.last_epoch, groups)
    }

    /// Builds from an already parsed expression (TimeBasedDecay's route).
    pub(crate) fn from_expr(
        lr_lambda: Expr,
        last_epoch: i64,
        groups: &mut [ParamGroup],
    ) -> Result<Self> {
        let mut s = MultiplicativeLR {
            base: Base::new(groups, last_epoch)?,
            lr_lambda,
        };
        base::initial_step(&mut s, groups)?;
        Ok(s)
    }
}

impl Chainable for MultiplicativeLR {
    fn base(&self) -> &Base {
        &self.base
    }
    fn base_mut(&mut self) -> &mut Base {
        &mut self.base
    }
    fn get_lr(&self, groups: &mut [ParamGroup]) -> Result<Lrs> {
        if self.base.is_initial {
            return Ok(base::lrs(groups));
        }
        let f = self.lr_lambda.eval(self.base.last_epoch as f64)?;
        Ok(groups.iter().map(|g| g.lr * f).collect())
    }
}

chainable_scheduler!(MultiplicativeLR, "MultiplicativeLR");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::LrScheduler;

    #[test]
    fn multiplies_each_step_and_chains() {
        let mut groups = vec![ParamGroup::with_lr(1.0)];
        let c = MultiplicativeLRConfig {
            lr_lambda: "0.5".into(),
            last_epoch: -1,
        };
        let mut s = MultiplicativeLR::new(&c, &mut groups).unwrap();
        assert_eq!(groups[0].lr, 1.0);
        s.step(&mut groups).unwrap();
        assert_eq!(groups[0].lr, 0.5);
        groups[0].lr = 8.0;
        s.step(&mut groups).unwrap();
        assert_eq!(groups[0].lr, 4.0);
        assert_eq!(s.get_last_lr(), vec![4.0]);
    }
}
