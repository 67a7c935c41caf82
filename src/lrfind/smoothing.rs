//! The loss curve a range test hands to the suggestion rules: a bias-corrected exponential
//! moving average of the raw batch losses, then the noisy first and exploding last points cut
//! off.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// How the raw losses are smoothed and trimmed before anything is suggested.
///
/// The defaults are fastai's: `beta = 0.98` (its `AvgSmoothLoss`), the first tenth of the
/// iterations and the last 5 points skipped (`lr_find` suggests on
/// `recorder.losses[num_it//10:-5]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Smoothing {
    /// Weight of the past in the moving average, in `0..1` (`0` keeps the raw losses).
    pub beta: f64,
    /// Points dropped at the start; `None` drops a tenth of the iterations (fastai's
    /// `num_it // 10`).
    pub skip_start: Option<usize>,
    /// Points dropped at the end.
    pub skip_end: usize,
}

impl Default for Smoothing {
    fn default() -> Self {
        Smoothing {
            beta: 0.98,
            skip_start: None,
            skip_end: 5,
        }
    }
}

impl Smoothing {
    /// Checks `beta`.
    ///
    /// # Errors
    /// [`Error::Config`] unless `0 <= beta < 1`.
    pub fn validate(&self) -> Result<()> {
        if !(0.0..1.0).contains(&self.beta) {
            return Err(Error::Config(format!(
                "smoothing beta must be in [0, 1), got {}",
                self.beta
            )));
        }
        Ok(())
    }

    /// The indices kept out of `len` recorded points of a test planned for `num_iter`
    /// iterations (empty when the skips cover everything).
    pub fn kept(&self, len: usize, num_iter: usize) -> Range<usize> {
        let start = self.skip_start.unwrap_or(num_iter / 10);
        let end = len.saturating_sub(self.skip_end);
        start.min(end)..end
    }
}

/// The bias-corrected exponential moving average of `losses`:
/// `a_k = beta * a_(k-1) + (1 - beta) * loss_k` from `a_0 = 0`, reported as
/// `a_k / (1 - beta^k)` so that the first points are not pulled towards zero (Kingma and Ba's
/// correction, fastai's `AvgSmoothLoss`). A non-finite loss makes every later value
/// non-finite, as it does in fastai.
pub fn ema_smooth(losses: &[f64], beta: f64) -> Vec<f64> {
    let mut avg = 0.0;
    let mut beta_k = 1.0;
    losses
        .iter()
        .map(|&loss| {
            avg = beta * avg + (1.0 - beta) * loss;
            beta_k *= beta;
            avg / (1.0 - beta_k)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_losses_stay_constant_thanks_to_the_bias_correction() {
        let s = ema_smooth(&[2.0; 50], 0.98);
        assert!(s.iter().all(|&v| (v - 2.0).abs() < 1e-12), "{s:?}");
    }

    #[test]
    fn matches_the_recurrence_by_hand() {
        let s = ema_smooth(&[1.0, 3.0, 2.0], 0.5);
        // a1 = 0.5, a2 = 0.25 + 1.5 = 1.75, a3 = 0.875 + 1 = 1.875
        assert_eq!(s, vec![1.0, 1.75 / 0.75, 1.875 / 0.875]);
        assert_eq!(ema_smooth(&[1.0, 3.0, 2.0], 0.0), vec![1.0, 3.0, 2.0]);
        assert!(ema_smooth(&[], 0.9).is_empty());
    }

    #[test]
    fn smoothing_damps_alternating_noise() {
        let noisy: Vec<f64> = (0..200).map(|i| 1.0 + 0.5 * f64::from(i % 2)).collect();
        let s = ema_smooth(&noisy, 0.98);
        let tail = &s[100..];
        let spread = tail.iter().fold(0.0_f64, |m, v| m.max((v - 1.25).abs()));
        assert!(spread < 0.01, "{spread}");
    }

    #[test]
    fn kept_range_follows_fastai_and_never_inverts() {
        let s = Smoothing::default();
        assert_eq!(s.kept(100, 100), 10..95);
        assert_eq!(
            s.kept(40, 100),
            10..35,
            "a test stopped early keeps its start skip"
        );
        assert_eq!(s.kept(12, 100), 7..7);
        let explicit = Smoothing {
            skip_start: Some(3),
            skip_end: 0,
            ..Smoothing::default()
        };
        assert_eq!(explicit.kept(20, 100), 3..20);
    }

    #[test]
    fn beta_must_be_a_weight() {
        for bad in [1.0, -0.1, f64::NAN] {
            let s = Smoothing {
                beta: bad,
                ..Smoothing::default()
            };
            assert!(matches!(s.validate(), Err(Error::Config(_))), "{bad}");
        }
        assert!(Smoothing::default().validate().is_ok());
    }
}
