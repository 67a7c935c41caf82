//! The range test's settings: which learning rates it sweeps, when it gives up, how it
//! smooths.

use serde::{Deserialize, Serialize};

use super::smoothing::Smoothing;
use crate::{Error, Result};

/// Longest sweep accepted: the valley rule is quadratic in the number of points.
pub const MAX_ITERATIONS: usize = 20_000;

/// How the learning rate grows from `start_lr` to `end_lr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SweepMode {
    /// `lr_i = start · (end / start)^(i / (K - 1))`: equal steps on a log axis (fastai's
    /// `SchedExp`, torch-lr-finder's default).
    #[default]
    Exponential,
    /// `lr_i = start + (end - start) · i / (K - 1)`: Smith's original linear ramp.
    Linear,
}

/// An LR range test (Smith 2015, section 3.3; fastai's `lr_find`): train for `num_iter`
/// mini-batches while the lr grows from `start_lr` to `end_lr`, record each batch's loss,
/// stop early once the smoothed loss exceeds `diverge_factor` times its minimum, then put the
/// model and optimizer back as they were.
///
/// Defaults are fastai's (`start_lr=1e-7, end_lr=10, num_it=100, stop_div=True`, divergence
/// at 4× the best smoothed loss, `beta=0.98`). Unlike fastai, whose last lr falls one step
/// short of `end_lr`, the sweep ends exactly at `end_lr`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RangeTestConfig {
    /// The first learning rate.
    pub start_lr: f64,
    /// The last learning rate.
    pub end_lr: f64,
    /// Iterations (mini-batches) of the sweep, `K`.
    pub num_iter: usize,
    /// Exponential or linear growth.
    pub mode: SweepMode,
    /// Stop once the smoothed loss exceeds `diverge_factor` × its minimum so far.
    pub stop_div: bool,
    /// The divergence threshold.
    pub diverge_factor: f64,
    /// Smoothing (its `beta` also drives the divergence test) and the points the
    /// suggestions skip.
    pub smoothing: Smoothing,
    /// Seeds for the spread band: each repeats the test from that seed's initialisation and
    /// batch order. Empty: one test with the training seed.
    pub seeds: Vec<u64>,
}

impl Default for RangeTestConfig {
    fn default() -> Self {
        RangeTestConfig {
            start_lr: 1e-7,
            end_lr: 10.0,
            num_iter: 100,
            mode: SweepMode::Exponential,
            stop_div: true,
            diverge_factor: 4.0,
            smoothing: Smoothing::default(),
            seeds: Vec::new(),
        }
    }
}

impl RangeTestConfig {
    /// Checks every setting.
    ///
    /// # Errors
    /// [`Error::Config`] unless `0 < start_lr < end_lr` (both finite),
    /// `2 <= num_iter <= 20000`, `diverge_factor > 1` (finite), and the smoothing is valid.
    pub fn validate(&self) -> Result<()> {
        let (start, end) = (self.start_lr, self.end_lr);
        if !(start.is_finite() && end.is_finite() && start > 0.0 && start < end) {
            return Err(Error::Config(format!(
                "the range test needs 0 < start_lr < end_lr, got start_lr = {start}, \
                 end_lr = {end}"
            )));
        }
        if !(2..=MAX_ITERATIONS).contains(&self.num_iter) {
            return Err(Error::Config(format!(
                "num_iter must be between 2 and {MAX_ITERATIONS}, got {}",
                self.num_iter
            )));
        }
        if !(self.diverge_factor.is_finite() && self.diverge_factor > 1.0) {
            return Err(Error::Config(format!(
                "diverge_factor must be a number above 1, got {}",
                self.diverge_factor
            )));
        }
        self.smoothing.validate()
    }

    /// The learning rate of iteration `i` (0-based); `lr(0) = start_lr`,
    /// `lr(num_iter - 1) = end_lr`.
    pub fn lr(&self, i: usize) -> f64 {
        let last = self.num_iter.saturating_sub(1).max(1) as f64;
        let t = i as f64 / last;
        let (start, end) = (self.start_lr, self.end_lr);
        match self.mode {
            SweepMode::Exponential => start * (end / start).powf(t),
            SweepMode::Linear => start + (end - start) * t,
        }
    }

    /// Every learning rate of the sweep.
    pub fn lrs(&self) -> Vec<f64> {
        (0..self.num_iter).map(|i| self.lr(i)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_fastais() {
        let c: RangeTestConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(c, RangeTestConfig::default());
        assert_eq!((c.start_lr, c.end_lr, c.num_iter), (1e-7, 10.0, 100));
        assert_eq!((c.stop_div, c.diverge_factor), (true, 4.0));
        assert_eq!(c.smoothing.beta, 0.98);
        assert!(c.validate().is_ok());
        assert!(serde_json::from_str::<RangeTestConfig>(r#"{"num_iters": 5}"#).is_err());
        let linear: RangeTestConfig = serde_json::from_str(r#"{"mode": "linear"}"#).unwrap();
        assert_eq!(linear.mode, SweepMode::Linear);
    }

    #[test]
    fn exponential_sweep_is_evenly_spaced_in_log_lr() {
        let c = RangeTestConfig::default();
        let lrs = c.lrs();
        assert_eq!(lrs.len(), 100);
        assert_eq!(lrs[0], 1e-7);
        assert!((lrs[99] - 10.0).abs() < 1e-12);
        let ratio = (10.0f64 / 1e-7).powf(1.0 / 99.0);
        for w in lrs.windows(2) {
            assert!((w[1] / w[0] - ratio).abs() < 1e-12);
        }
    }

    #[test]
    fn linear_sweep_has_equal_steps() {
        let c = RangeTestConfig {
            start_lr: 0.01,
            end_lr: 0.11,
            num_iter: 11,
            mode: SweepMode::Linear,
            ..RangeTestConfig::default()
        };
        let lrs = c.lrs();
        for (i, lr) in lrs.iter().enumerate() {
            assert!((lr - (0.01 + 0.01 * i as f64)).abs() < 1e-15, "{i}: {lr}");
        }
    }

    #[test]
    fn impossible_settings_are_refused() {
        let bad = [
            r#"{"start_lr": 0}"#,
            r#"{"start_lr": 1, "end_lr": 0.1}"#,
            r#"{"num_iter": 1}"#,
            r#"{"num_iter": 20001}"#,
            r#"{"diverge_factor": 1}"#,
            r#"{"smoothing": {"beta": 1}}"#,
        ];
        for json in bad {
            let c: RangeTestConfig = serde_json::from_str(json).unwrap();
            assert!(matches!(c.validate(), Err(Error::Config(_))), "{json}");
        }
    }
}
