//! ExponentialDecay: the lecture's exponential schedule, `lr[n] = lr[0] × exp(−decay × n)`.

use serde::{Deserialize, Serialize};

use super::base::{self, Node};
use super::expr::Expr;
use super::time_based_decay::check_decay;
use super::{LambdaLR, LrScheduler};
use crate::pyfmt::py_float;
use crate::{ParamGroup, Result};

/// Keywords of lrlab's `ExponentialDecay(optimizer, decay, last_epoch=-1)` (not in PyTorch).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExponentialDecayConfig {
    /// The decay rate `d` (required, ≥ 0).
    pub decay: f64,
    /// The index of the last epoch; -1 starts fresh, anything else resumes.
    #[serde(default = "base::minus_one")]
    pub last_epoch: i64,
}

/// The lecture's exponential schedule, `η[n] = η[0] e^(−d n)`: like StepLR, but decaying
/// smoothly every epoch; `ExponentialLR` with `gamma = e^(−d)` is the same curve up to rounding.
///
/// PyTorch has no such class; lrlab defines it as exactly
/// `LambdaLR(optimizer, lambda epoch: math.exp(-d * epoch))`, so it behaves like LambdaLR in
/// composites and the generated PyTorch snippet reproduces it bit for bit.
///
/// # Errors
/// "Expected non-negative decay, but got -0.1" (lrlab's check); a non-finite decay.
#[derive(Debug, Clone)]
pub struct ExponentialDecay {
    inner: LambdaLR,
}

impl ExponentialDecay {
    /// Builds the scheduler on `groups` and performs the initial step.
    ///
    /// # Errors
    /// See [`ExponentialDecay`].
    pub fn new(config: &ExponentialDecayConfig, groups: &mut [ParamGroup]) -> Result<Self> {
        let lambda = Expr::parse(&Self::lambda(config.decay)?)?;
        Ok(ExponentialDecay {
            inner: LambdaLR::from_expr(lambda, config.last_epoch, groups)?,
        })
    }

    /// The equivalent LambdaLR factor, as an expression in `epoch`.
    ///
    /// # Errors
    /// See [`ExponentialDecay`].
    pub fn lambda(decay: f64) -> Result<String> {
        check_decay(decay)?;
        Ok(format!("exp(-{} * epoch)", py_float(decay)))
    }
}

impl LrScheduler for ExponentialDecay {
    fn step(&mut self, groups: &mut [ParamGroup]) -> Result<()> {
        self.inner.step(groups)
    }
    fn last_epoch(&self) -> i64 {
        self.inner.last_epoch()
    }
    fn get_last_lr(&self) -> Vec<f64> {
        self.inner.get_last_lr()
    }
}

impl Node for ExponentialDecay {
    fn class_name(&self) -> &'static str {
        "ExponentialDecay"
    }
    fn initial_step(&mut self, groups: &mut [ParamGroup]) -> Result<()> {
        self.inner.initial_step(groups)
    }
    fn update_lr_at(&mut self, groups: &mut [ParamGroup], epoch: i64) -> Result<()> {
        self.inner.update_lr_at(groups, epoch)
    }
    fn undo(&mut self) {
        self.inner.undo();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_the_lecture_formula() {
        let d = 0.05;
        let mut groups = vec![ParamGroup::with_lr(0.5)];
        let c = ExponentialDecayConfig {
            decay: d,
            last_epoch: -1,
        };
        let mut s = ExponentialDecay::new(&c, &mut groups).unwrap();
        assert_eq!(groups[0].lr, 0.5);
        for n in 1..=100 {
            s.step(&mut groups).unwrap();
            assert_eq!(groups[0].lr, 0.5 * libm::exp(-d * n as f64), "step {n}");
        }
    }
}
