//! Smith's reading of a range test for cyclical learning rates, and the scheduler specs it
//! leads to.
//!
//! Smith ("Cyclical Learning Rates for Training Neural Networks", WACV 2017, section 3.3) runs
//! the lr up linearly for a few epochs and notes two values: where the network starts to
//! learn, the cycle's `base_lr`, and where learning slows, turns ragged or gets worse, its
//! `max_lr`. On a loss curve lrlab makes both precise as the 10% and 90% points of the fall
//! from the curve's start to its minimum (the "fall time" of a step response).

use serde::{Deserialize, Serialize};

use super::suggest::{argmin, finite_prefix, Suggestion};
use crate::schedule::SchedulerConfig;
use crate::{Error, Result};

/// Fraction of the total fall that marks where the loss "starts" falling; `1 - FALL_FRACTION`
/// marks where it "stops".
pub const FALL_FRACTION: f64 = 0.1;

/// Smith's two bounds, each a point of the curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CyclicBounds {
    /// Where the loss starts to fall: CyclicLR's `base_lr`.
    pub base: Suggestion,
    /// Where it stops falling: CyclicLR's `max_lr`, OneCycleLR's `max_lr`.
    pub max: Suggestion,
}

/// With `start = losses[0]`, `min` the lowest loss and `fall = start - min`: `base` is the first
/// point whose loss is at most `start - fraction * fall`, `max` the first at most
/// `min + fraction * fall` (both at or before the minimum, `base` never after `max`).
///
/// `None` when the curve never falls below its first point (nothing to cycle over), or has
/// fewer than two finite points; `fraction` outside `(0, 0.5)` is read as [`FALL_FRACTION`].
pub fn cyclic_bounds(lrs: &[f64], losses: &[f64], fraction: f64) -> Option<CyclicBounds> {
    let fraction = if fraction > 0.0 && fraction < 0.5 {
        fraction
    } else {
        FALL_FRACTION
    };
    let (lrs, losses) = finite_prefix(lrs, losses);
    let lowest = argmin(losses)?;
    let (start, min) = (*losses.first()?, losses[lowest]);
    let fall = start - min;
    if fall <= 0.0 {
        return None;
    }
    let first_below = |level: f64| losses[..=lowest].iter().position(|&l| l <= level);
    let point = |i: usize| Suggestion {
        lr: lrs[i],
        index: i,
        loss: losses[i],
    };
    let base = first_below(start - fraction * fall)?;
    let max = first_below(min + fraction * fall)?;
    Some(CyclicBounds {
        base: point(base),
        max: point(max),
    })
}

/// `CyclicLR(base_lr, max_lr, step_size_up)` with PyTorch's other defaults (triangular,
/// momentum cycled between 0.8 and 0.9), ready for the Schedules panel. Smith advises a
/// half cycle (`step_size_up`) of 2 to 10 epochs' worth of iterations.
///
/// # Errors
/// [`Error::Config`] for a non-positive or non-finite lr, `base_lr > max_lr`, or
/// `step_size_up < 1`.
pub fn cyclic_lr_spec(base_lr: f64, max_lr: f64, step_size_up: i64) -> Result<SchedulerConfig> {
    check_lr("base_lr", base_lr)?;
    check_lr("max_lr", max_lr)?;
    if base_lr > max_lr {
        return Err(Error::Config(format!(
            "base_lr ({base_lr}) must not exceed max_lr ({max_lr})"
        )));
    }
    if step_size_up < 1 {
        return Err(Error::Config(format!(
            "step_size_up must be at least 1, got {step_size_up}"
        )));
    }
    spec(serde_json::json!({
        "scheduler": "CyclicLR",
        "base_lr": base_lr,
        "max_lr": max_lr,
        "step_size_up": step_size_up,
    }))
}

/// `OneCycleLR(max_lr, total_steps)` with PyTorch's other defaults (30% warm-up from
/// `max_lr / 25`, cosine anneal to `max_lr / 25e4`, momentum cycled between 0.85 and 0.95).
///
/// # Errors
/// [`Error::Config`] for a non-positive or non-finite `max_lr`, or `total_steps < 1`.
pub fn one_cycle_spec(max_lr: f64, total_steps: i64) -> Result<SchedulerConfig> {
    check_lr("max_lr", max_lr)?;
    if total_steps < 1 {
        return Err(Error::Config(format!(
            "total_steps must be at least 1, got {total_steps}"
        )));
    }
    spec(serde_json::json!({
        "scheduler": "OneCycleLR",
        "max_lr": max_lr,
        "total_steps": total_steps,
    }))
}

fn check_lr(name: &str, lr: f64) -> Result<()> {
    if lr.is_finite() && lr > 0.0 {
        Ok(())
    } else {
        Err(Error::Config(format!(
            "{name} must be a positive number, got {lr}"
        )))
    }
}

/// Goes through serde so that every keyword left out takes the scheduler's own default.
fn spec(value: serde_json::Value) -> Result<SchedulerConfig> {
    Ok(crate::json::from_value(value)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ParamGroup;

    #[test]
    fn bounds_are_the_ten_and_ninety_percent_points_of_the_fall() {
        // Falls linearly from 10 to 0 over indices 0..=10, then rises.
        let losses: Vec<f64> = (0..15)
            .map(|i| {
                if i <= 10 {
                    10.0 - i as f64
                } else {
                    (i - 10) as f64
                }
            })
            .collect();
        let lrs: Vec<f64> = (0..15).map(|i| 1e-4 * 2f64.powi(i)).collect();
        let b = cyclic_bounds(&lrs, &losses, FALL_FRACTION).unwrap();
        assert_eq!((b.base.index, b.max.index), (1, 9));
        assert_eq!((b.base.lr, b.max.lr), (lrs[1], lrs[9]));
        let wide = cyclic_bounds(&lrs, &losses, 0.3).unwrap();
        assert_eq!((wide.base.index, wide.max.index), (3, 7));
        let fallback = cyclic_bounds(&lrs, &losses, 0.7).unwrap();
        assert_eq!(fallback, b, "a fraction past one half means the default");
    }

    #[test]
    fn a_cliff_gives_equal_bounds_and_a_rising_curve_none() {
        let lrs = [1e-3, 1e-2, 1e-1, 1.0];
        let b = cyclic_bounds(&lrs, &[2.0, 2.0, 0.5, 3.0], FALL_FRACTION).unwrap();
        assert_eq!((b.base.index, b.max.index), (2, 2));
        assert!(cyclic_bounds(&lrs, &[1.0, 1.5, 2.0, 3.0], FALL_FRACTION).is_none());
        assert!(cyclic_bounds(&[], &[], FALL_FRACTION).is_none());
        let noisy_start = [2.0, 2.05, 1.0, 0.2, 5.0];
        let b = cyclic_bounds(&[1.0, 2.0, 3.0, 4.0, 5.0], &noisy_start, FALL_FRACTION).unwrap();
        assert_eq!((b.base.index, b.max.index), (2, 3));
    }

    #[test]
    fn specs_build_on_a_momentum_optimizer() {
        let cyclic = cyclic_lr_spec(1e-3, 1e-1, 250).unwrap();
        let SchedulerConfig::CyclicLR(c) = &cyclic else {
            panic!("{cyclic:?}")
        };
        assert_eq!((c.base_lr, c.max_lr, c.step_size_up), (1e-3, 1e-1, 250));
        assert_eq!(c.mode, "triangular");
        let one = one_cycle_spec(0.1, 500).unwrap();
        let SchedulerConfig::OneCycleLR(o) = &one else {
            panic!("{one:?}")
        };
        assert_eq!(
            (o.max_lr, o.total_steps, o.div_factor),
            (0.1, Some(500), 25.0)
        );
        for spec in [cyclic, one] {
            let mut groups = vec![ParamGroup {
                momentum: Some(0.9),
                ..ParamGroup::with_lr(0.01)
            }];
            let mut s = spec.build(&mut groups).unwrap();
            s.step(&mut groups).unwrap();
            assert!(groups[0].lr > 0.0);
        }
    }

    #[test]
    fn specs_refuse_impossible_values() {
        assert!(matches!(
            cyclic_lr_spec(0.1, 0.01, 10),
            Err(Error::Config(_))
        ));
        assert!(cyclic_lr_spec(0.0, 0.01, 10).is_err());
        assert!(cyclic_lr_spec(1e-3, f64::INFINITY, 10).is_err());
        assert!(cyclic_lr_spec(1e-3, 1e-2, 0).is_err());
        assert!(
            cyclic_lr_spec(1e-2, 1e-2, 1).is_ok(),
            "a flat cycle is odd but legal"
        );
        assert!(one_cycle_spec(-1.0, 10).is_err());
        assert!(one_cycle_spec(0.1, 0).is_err());
    }
}
