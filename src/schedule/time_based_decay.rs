//! TimeBasedDecay: the lecture's time-based schedule, `lr[n+1] = lr[n] / (1 + decay × n)`.

use serde::{Deserialize, Serialize};

use super::base::{self, finite, Node};
use super::expr::Expr;
use super::{LrScheduler, MultiplicativeLR};
use crate::pyfmt::py_float;
use crate::{Error, ParamGroup, Result};

/// Keywords of lrlab's `TimeBasedDecay(optimizer, decay, last_epoch=-1)` (not in PyTorch).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeBasedDecayConfig {
    /// The decay rate `d` (required, ≥ 0).
    pub decay: f64,
    /// The index of the last epoch; -1 starts fresh, anything else resumes.
    #[serde(default = "base::minus_one")]
    pub last_epoch: i64,
}

/// The lecture's time-based schedule, `η[n+1] = η[n] / (1 + d n)`: each step divides the lr by
/// a factor that grows with time, so `lr[1] = lr[0]` and `lr[n] = lr[0] / ∏_{k<n} (1 + d k)`.
///
/// PyTorch has no such class; lrlab defines it as exactly
/// `MultiplicativeLR(optimizer, lambda epoch: 1 / (1 + d * (epoch - 1)))`, so it chains like
/// MultiplicativeLR and the generated PyTorch snippet reproduces it bit for bit.
///
/// # Errors
/// "Expected non-negative decay, but got -0.1" (lrlab's check); a non-finite decay.
#[derive(Debug, Clone)]
pub struct TimeBasedDecay {
    inner: MultiplicativeLR,
}

impl TimeBasedDecay {
    /// Builds the scheduler on `groups` and performs the initial step.
    ///
    /// # Errors
    /// See [`TimeBasedDecay`].
    pub fn new(config: &TimeBasedDecayConfig, groups: &mut [ParamGroup]) -> Result<Self> {
        let lambda = Expr::parse(&Self::lambda(config.decay)?)?;
        Ok(TimeBasedDecay {
            inner: MultiplicativeLR::from_expr(lambda, config.last_epoch, groups)?,
        })
    }

    /// The equivalent MultiplicativeLR factor, as an expression in `epoch`.
    ///
    /// # Errors
    /// See [`TimeBasedDecay`].
    pub fn lambda(decay: f64) -> Result<String> {
        check_decay(decay)?;
        Ok(format!("1 / (1 + {} * (epoch - 1))", py_float(decay)))
    }
}

/// The check both lecture schedules make of their rate.
pub(crate) fn check_decay(decay: f64) -> Result<()> {
    finite("decay", decay)?;
    if decay < 0.0 {
        return Err(Error::invalid(format!(
            "Expected non-negative decay, but got {}",
            py_float(decay)
        )));
    }
    Ok(())
}

impl LrScheduler for TimeBasedDecay {
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

impl Node for TimeBasedDecay {
    fn class_name(&self) -> &'static str {
        "TimeBasedDecay"
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
        let d = 0.1;
        let mut groups = vec![ParamGroup::with_lr(0.5)];
        let c = TimeBasedDecayConfig {
            decay: d,
            last_epoch: -1,
        };
        let mut s = TimeBasedDecay::new(&c, &mut groups).unwrap();
        let mut want = 0.5;
        assert_eq!(groups[0].lr, want);
        for n in 0..50 {
            s.step(&mut groups).unwrap();
            want /= 1.0 + d * n as f64;
            assert!((groups[0].lr - want).abs() <= 1e-15 * want, "step {n}");
        }
    }

    #[test]
    fn negative_decay_is_refused() {
        let mut groups = vec![ParamGroup::with_lr(0.5)];
        let c = TimeBasedDecayConfig {
            decay: -0.1,
            last_epoch: -1,
        };
        assert_eq!(
            TimeBasedDecay::new(&c, &mut groups).err(),
            Some(Error::invalid("Expected non-negative decay, but got -0.1"))
        );
    }
}
