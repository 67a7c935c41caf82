//! LambdaLR: the initial lr times a user function of the epoch.

use super::base::Lrs;
use serde::{Deserialize, Serialize};

use super::base::{self, chainable_scheduler, Base, Chainable};
use super::expr::Expr;
use crate::{ParamGroup, Result};

/// Keywords of `torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda, last_epoch=-1)`, with
/// `lr_lambda` written as an [`Expr`] in `epoch`, e.g. `"0.95 ** epoch"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LambdaLRConfig {
    /// The factor as an expression in `epoch` (required).
    pub lr_lambda: String,
    /// The index of the last epoch; -1 starts fresh, anything else resumes.
    #[serde(default = "base::minus_one")]
    pub last_epoch: i64,
}

/// `torch.optim.lr_scheduler.LambdaLR`: `lr = initial_lr × lr_lambda(epoch)`. Not chainable: it
/// ignores whatever lr other schedulers left, as in PyTorch.
///
/// # Errors
/// [`crate::Error::Expression`] when `lr_lambda` does not parse, or when its value at some
/// epoch is undefined or not finite (where Python would raise or return nonsense).
#[derive(Debug, Clone)]
pub struct LambdaLR {
    base: Base,
    lr_lambda: Expr,
}

impl LambdaLR {
    /// Builds the scheduler on `groups` and performs PyTorch's initial step.
    ///
    /// # Errors
    /// See [`LambdaLR`].
    pub fn new(config: &LambdaLRConfig, groups: &mut [ParamGroup]) -> Result<Self> {
        let lr_lambda = Expr::parse(&config.lr_lambda)?;
        Self::from_expr(lr_lambda, config.last_epoch, groups)
    }

    /// Builds from an already parsed expression (ExponentialDecay's route).
    pub(crate) fn from_expr(
        lr_lambda: Expr,
        last_epoch: i64,
        groups: &mut [ParamGroup],
    ) -> Result<Self> {
        let mut s = LambdaLR {
            base: Base::new(groups, last_epoch)?,
            lr_lambda,
        };
        base::initial_step(&mut s, groups)?;
        Ok(s)
    }
}

impl Chainable for LambdaLR {
    fn base(&self) -> &Base {
        &self.base
    }
    fn base_mut(&mut self) -> &mut Base {
        &mut self.base
    }
    fn get_lr(&self, _groups: &mut [ParamGroup]) -> Result<Lrs> {
        let f = self.lr_lambda.eval(self.base.last_epoch as f64)?;
        Ok(self.base.base_lrs.iter().map(|b| b * f).collect())
    }
}

chainable_scheduler!(LambdaLR, "LambdaLR");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::LrScheduler;

    #[test]
    fn base_lr_times_lambda() {
        let mut groups = vec![ParamGroup::with_lr(0.1)];
        let c = LambdaLRConfig {
            lr_lambda: "1 / (1 + epoch)".into(),
            last_epoch: -1,
        };
        let mut s = LambdaLR::new(&c, &mut groups).unwrap();
        assert_eq!(groups[0].lr, 0.1);
        s.step(&mut groups).unwrap();
        assert_eq!(groups[0].lr, 0.05);
        // Not chainable: an outside change to the lr is overwritten.
        groups[0].lr = 7.0;
        s.step(&mut groups).unwrap();
        assert_eq!(groups[0].lr, 0.1 / 3.0);
    }

    #[test]
    fn bad_lambda_is_an_expression_error() {
        let mut groups = vec![ParamGroup::with_lr(0.1)];
        let c = LambdaLRConfig {
            lr_lambda: "epoch +".into(),
            last_epoch: -1,
        };
        assert!(matches!(
            LambdaLR::new(&c, &mut groups),
            Err(crate::Error::Expression(_))
        ));
        let c = LambdaLRConfig {
            lr_lambda: "1 / epoch".into(),
            last_epoch: -1,
        };
        assert!(matches!(
            LambdaLR::new(&c, &mut groups),
            Err(crate::Error::Expression(_))
        ));
    }
}
