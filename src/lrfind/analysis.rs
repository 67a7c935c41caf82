//! From a recorded sweep to what the panel draws: the smoothed curve, the kept window and
//! every suggestion at once.

use std::ops::Range;

use serde::Serialize;

use super::cyclic::{cyclic_bounds, CyclicBounds, FALL_FRACTION};
use super::smoothing::{ema_smooth, Smoothing};
use super::suggest::{min_div_10, steepest, valley, Suggestion};

/// Every suggestion for one curve; indices refer to the whole recorded curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Suggestions {
    /// [`super::steepest`].
    pub steepest: Option<Suggestion>,
    /// [`super::min_div_10`].
    pub min_div_10: Option<Suggestion>,
    /// [`super::valley`].
    pub valley: Option<Suggestion>,
    /// [`super::cyclic_bounds`] at 10% and 90% of the fall.
    pub cyclic: Option<CyclicBounds>,
}

/// A recorded sweep, smoothed and read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// The bias-corrected moving average of the raw losses, one per point.
    pub smoothed: Vec<f64>,
    /// The points the suggestions looked at (`skip_start..len - skip_end`).
    pub kept: Range<usize>,
    /// Every rule's suggestion (`None` where the kept window is too short or never falls).
    pub suggestions: Suggestions,
}

/// Smooths `losses` with `smoothing.beta`, keeps the window `smoothing` leaves of a sweep
/// planned for `num_iter` iterations, and applies every rule to it.
pub fn analyse(lrs: &[f64], losses: &[f64], num_iter: usize, smoothing: &Smoothing) -> Analysis {
    let n = lrs.len().min(losses.len());
    let smoothed = ema_smooth(&losses[..n], smoothing.beta);
    let kept = smoothing.kept(n, num_iter);
    let (l, s) = (&lrs[kept.clone()], &smoothed[kept.clone()]);
    let shift = |mut x: Suggestion| {
        x.index += kept.start;
        x
    };
    let suggestions = Suggestions {
        steepest: steepest(l, s).map(shift),
        min_div_10: min_div_10(l, s).map(shift),
        valley: valley(l, s).map(shift),
        cyclic: cyclic_bounds(l, s, FALL_FRACTION).map(|b| CyclicBounds {
            base: shift(b.base),
            max: shift(b.max),
        }),
    };
    Analysis {
        smoothed,
        kept,
        suggestions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_point_into_the_whole_curve() {
        let lrs: Vec<f64> = (0..30).map(|i| 1e-5 * 1.5f64.powi(i)).collect();
        // Falls from 3 to 1 over points 5..20 (linearly), flat 3 before, rises after.
        let losses: Vec<f64> = (0..30)
            .map(|i| match i {
                0..=5 => 3.0,
                6..=20 => 3.0 - (i - 5) as f64 * 2.0 / 15.0,
                _ => 1.0 + (i - 20) as f64,
            })
            .collect();
        let raw = Smoothing {
            beta: 0.0,
            skip_start: Some(3),
            skip_end: 2,
        };
        let a = analyse(&lrs, &losses, 30, &raw);
        assert_eq!(a.smoothed, losses);
        assert_eq!(a.kept, 3..28);
        let s = a.suggestions;
        let min = s.min_div_10.unwrap();
        assert_eq!((min.index, min.lr), (20, lrs[20] / 10.0));
        let steep = s.steepest.unwrap();
        assert!((5..20).contains(&steep.index), "{steep:?}");
        assert_eq!(steep.loss, losses[steep.index]);
        let cyclic = s.cyclic.unwrap();
        // 10% of the fall of 2 is reached once the loss is <= 2.8, at point 7; 90% at <= 1.2,
        // at point 19.
        assert_eq!((cyclic.base.index, cyclic.max.index), (7, 19));
        let v = s.valley.unwrap();
        assert!(v.index >= 5 && v.index <= 20, "{v:?}");
    }

    #[test]
    fn a_short_or_empty_sweep_suggests_nothing() {
        let a = analyse(
            &[1e-3; 4],
            &[1.0, 0.9, 0.8, 0.7],
            100,
            &Smoothing::default(),
        );
        assert_eq!(a.kept, 0..0);
        assert_eq!(a.suggestions.valley, None);
        assert_eq!(a.suggestions.steepest, None);
        let empty = analyse(&[], &[], 100, &Smoothing::default());
        assert!(empty.smoothed.is_empty());
    }
}
