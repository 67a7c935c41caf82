//! One chart axis: its range (in log10 units on a log axis), labelled and minor tick positions,
//! and tick labels. It is a plotters coordinate (`Ranged`), so linear and log axes share one type
//! and one drawing path.

use super::layout::AxisRange;
use super::ticks::{format_tick, log_ticks, nice_ticks, short_scientific};
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use std::ops::Range;

/// A fitted axis. On a log axis every coordinate is `log10(value)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    lo: f64,
    hi: f64,
    log: bool,
    major: Vec<f64>,
    minor: Vec<f64>,
}

impl Axis {
    /// A linear axis over exactly `[lo, hi]` (swapped if reversed, widened if empty).
    pub fn linear(lo: f64, hi: f64, max_ticks: usize) -> Self {
        let (lo, hi) = widen(lo.min(hi), lo.max(hi));
        Axis {
            lo,
            hi,
            log: false,
            major: nice_ticks(lo, hi, max_ticks),
            minor: Vec::new(),
        }
    }

    /// A linear axis that shows every finite value with 5% headroom; with `include_zero` it
    /// starts at zero when all values are positive, so decays read against nothing.
    pub fn fit_linear(
        values: impl IntoIterator<Item = f64>,
        include_zero: bool,
        max_ticks: usize,
    ) -> Self {
        let (mut lo, mut hi) = finite_bounds(values, |_| true).unwrap_or((0.0, 1.0));
        if include_zero && lo > 0.0 {
            lo = 0.0;
        }
        if hi > lo {
            let pad = 0.05 * (hi - lo);
            hi += pad;
            if lo != 0.0 {
                lo -= pad;
            }
        }
        Self::linear(lo, hi, max_ticks)
    }

    /// A log axis over the positive finite values (others cannot be drawn on it), with 4%
    /// headroom in log units; 1e-3 to 1 when no value is positive.
    pub fn fit_log(values: impl IntoIterator<Item = f64>, max_ticks: usize) -> Self {
        let (lo, hi) = finite_bounds(values, |v| v > 0.0).unwrap_or((1e-3, 1.0));
        let (mut tlo, mut thi) = (lo.log10(), hi.log10());
        let pad = if thi - tlo < 1e-9 {
            0.1
        } else {
            0.04 * (thi - tlo)
        };
        tlo -= pad;
        thi += pad;
        let (major, minor) = log_ticks(10f64.powf(tlo), 10f64.powf(thi), max_ticks);
        Axis {
            lo: tlo,
            hi: thi,
            log: true,
            major,
            minor,
        }
    }

    /// Where `value` sits on this axis (its log10 on a log axis); `None` if it cannot be drawn.
    pub fn coord(&self, value: f64) -> Option<f64> {
        match (self.log, value.is_finite()) {
            (_, false) => None,
            (true, _) if value <= 0.0 => None,
            (true, _) => Some(value.log10()),
            (false, _) => Some(value),
        }
    }

    /// The label of the tick at axis coordinate `t`.
    pub fn label(&self, t: f64) -> String {
        if self.log {
            let value = 10f64.powf(t);
            // Snap 0.009999999 back to 0.01: log ticks are exact decades or 1-2-5 multiples.
            let snapped = format!("{value:.6e}").parse().unwrap_or(value);
            // Below 0.01 decades read better as 1e-3, 1e-4 than as runs of zeros.
            if snapped < 0.01 {
                short_scientific(snapped)
            } else {
                format_tick(snapped, 0.0)
            }
        } else {
            format_tick(t, self.step())
        }
    }

    /// The labels of all labelled ticks, for sizing the label area.
    pub fn labels(&self) -> Vec<String> {
        self.major.iter().map(|t| self.label(*t)).collect()
    }

    /// The coordinate bounds `[lo, hi]` (log10 units on a log axis).
    pub fn bounds(&self) -> (f64, f64) {
        (self.lo, self.hi)
    }

    /// The axis's value range, for JavaScript's mouse mapping.
    pub fn range(&self) -> AxisRange {
        let value = |t: f64| if self.log { 10f64.powf(t) } else { t };
        AxisRange {
            min: value(self.lo),
            max: value(self.hi),
            log: self.log,
        }
    }

    fn step(&self) -> f64 {
        match self.major.as_slice() {
            [a, b, ..] => b - a,
            _ => self.hi - self.lo,
        }
    }
}

impl Ranged for Axis {
    type ValueType = f64;
    type FormatOption = DefaultFormatting;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let fraction = (value - self.lo) / (self.hi - self.lo);
        let length = f64::from(limit.1 - limit.0);
        // Mirrors plotters' RangedCoordf64 so that our layout agrees with its pixels.
        limit.0 + (length * fraction + 1e-3).floor() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            self.minor.clone()
        } else {
            self.major.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

fn finite_bounds(
    values: impl IntoIterator<Item = f64>,
    keep: impl Fn(f64) -> bool,
) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| v.is_finite() && keep(*v))
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((f64::min(lo, v), f64::max(hi, v))),
        })
}

fn widen(lo: f64, hi: f64) -> (f64, f64) {
    if hi > lo {
        (lo, hi)
    } else if lo == 0.0 {
        (0.0, 1.0)
    } else {
        let pad = 0.1 * lo.abs();
        (lo - pad, hi + pad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_fit_starts_at_zero_and_has_headroom() {
        let axis = Axis::fit_linear([0.1, 0.01, 0.001], true, 5);
        let (lo, hi) = axis.bounds();
        assert_eq!(lo, 0.0);
        assert!(hi > 0.1 && hi < 0.11);
        assert_eq!(axis.labels().first().map(String::as_str), Some("0"));
    }

    #[test]
    fn constant_values_still_get_a_range() {
        let axis = Axis::fit_linear([0.5, 0.5], false, 5);
        let (lo, hi) = axis.bounds();
        assert!(lo < 0.5 && hi > 0.5);
        let empty = Axis::fit_linear(std::iter::empty(), true, 5);
        assert_eq!(empty.bounds().0, 0.0);
        assert!(empty.bounds().1 >= 1.0);
    }

    #[test]
    fn log_fit_skips_zero_and_labels_decades() {
        let axis = Axis::fit_log([0.1, 0.0, 1e-3, f64::NAN], 8);
        assert_eq!(axis.coord(0.0), None);
        assert_eq!(axis.coord(0.01), Some(-2.0));
        assert_eq!(axis.labels(), vec!["1e-3", "0.01", "0.1"]);
        let fallback = Axis::fit_log([0.0, -1.0], 8);
        assert!(
            fallback.labels().contains(&"1e-3".to_string()),
            "{:?}",
            fallback.labels()
        );
        let range = axis.range();
        assert!(range.log && range.min < 1e-3 && range.max > 0.1);
    }

    #[test]
    fn maps_like_plotters() {
        let axis = Axis::linear(0.0, 10.0, 5);
        assert_eq!(axis.map(&0.0, (100, 200)), 100);
        assert_eq!(axis.map(&10.0, (100, 200)), 200);
        assert_eq!(axis.map(&5.0, (300, 100)), 200);
    }
}
