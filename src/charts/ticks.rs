//! Tick positions and tick labels: "nice" linear steps (1, 2, 5 x 10^k), decades on log axes,
//! and compact numbers (`0.05`, `1e-4`) that a projector audience can read.

/// Ticks at multiples of a 1-2-5 step inside `[lo, hi]`, at most about `max_ticks` of them.
/// Returns nothing for an empty or non-finite range.
pub fn nice_ticks(lo: f64, hi: f64, max_ticks: usize) -> Vec<f64> {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) || max_ticks == 0 {
        return Vec::new();
    }
    let step = nice_step(span / max_ticks as f64);
    // The 1e-9 slack keeps 0.7 / 0.1 = 6.999999999999999 from dropping the last tick.
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    // Multiplying an integer by the step (not accumulating) keeps 0.1 * 3 from drifting further.
    (first..=last)
        .map(|k| round_to_step(k as f64 * step, step))
        .collect()
}

/// The smallest 1, 2 or 5 times a power of ten that is at least `raw`.
pub fn nice_step(raw: f64) -> f64 {
    let magnitude = 10f64.powf(raw.log10().floor());
    let norm = raw / magnitude;
    let factor = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    factor * magnitude
}

/// Ticks for a log axis between the positive values `lo` and `hi`, returned as log10 values:
/// whole decades when the range spans several, 1-2-5 multiples when it spans one or two, and
/// linear nice ticks (mapped to log10) for narrower ranges. The second vector holds the minor
/// grid positions (2..9 times each decade) when decades are the major ticks.
pub fn log_ticks(lo: f64, hi: f64, max_ticks: usize) -> (Vec<f64>, Vec<f64>) {
    if !(lo > 0.0 && hi > lo && hi.is_finite()) || max_ticks == 0 {
        return (Vec::new(), Vec::new());
    }
    let (tlo, thi) = (lo.log10(), hi.log10());
    let (e0, e1) = (tlo.floor() as i32, thi.ceil() as i32);
    let inside = |t: f64| t >= tlo - 1e-9 && t <= thi + 1e-9;
    let decades = e1 - e0;
    if decades >= 3 {
        let stride = (decades as usize).div_ceil(max_ticks).max(1) as i32;
        let major = (e0..=e1)
            .filter(|e| e.rem_euclid(stride) == 0)
            .map(f64::from)
            .filter(|t| inside(*t))
            .collect();
        let minor = if stride == 1 {
            (e0..e1)
                .flat_map(|e| (2..10).map(move |m| f64::from(e) + f64::from(m).log10()))
                .filter(|t| inside(*t))
                .collect()
        } else {
            Vec::new()
        };
        return (major, minor);
    }
    let one_two_five: Vec<f64> = (e0..=e1)
        .flat_map(|e| [1.0, 2.0, 5.0].map(|m| (m * 10f64.powi(e)).log10()))
        .filter(|t| inside(*t))
        .collect();
    if one_two_five.len() >= 3 {
        return (one_two_five, Vec::new());
    }
    let linear = nice_ticks(lo, hi, max_ticks.min(6))
        .into_iter()
        .filter(|v| *v > 0.0)
        .map(f64::log10)
        .collect();
    (linear, Vec::new())
}

/// A tick label: plain decimals with no trailing zeros between 1e-3 and 1e5, otherwise short
/// scientific notation (`1e-4`, `2.5e-5`). `step` is the distance between neighbouring ticks,
/// which decides how many decimals are meaningful.
pub fn format_tick(value: f64, step: f64) -> String {
    if value == 0.0 {
        return "0".into();
    }
    if !value.is_finite() {
        return format!("{value}");
    }
    let magnitude = value.abs();
    if !(1e-3..1e5).contains(&magnitude) {
        return short_scientific(value);
    }
    let decimals = if step > 0.0 && step.is_finite() {
        (-step.log10().floor()).clamp(0.0, 10.0) as usize + 1
    } else {
        6
    };
    trim_zeros(&format!("{value:.decimals$}"))
}

/// Scientific notation with at most four significant digits and no padding: `2.5e-5`, not
/// Rust's noise digits or Python's `2.5e-05`.
pub fn short_scientific(value: f64) -> String {
    let text = format!("{value:.3e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    format!("{}e{}", trim_zeros(mantissa), exponent)
}

fn trim_zeros(text: &str) -> String {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text.to_string()
    }
}

fn round_to_step(value: f64, step: f64) -> f64 {
    let decimals = (-step.log10().floor()).max(0.0) as i32 + 1;
    let scale = 10f64.powi(decimals.min(15));
    (value * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_ticks_are_round_numbers() {
        assert_eq!(
            nice_ticks(0.0, 100.0, 5),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(
            nice_ticks(0.0, 0.1, 5),
            vec![0.0, 0.02, 0.04, 0.06, 0.08, 0.1]
        );
        assert_eq!(nice_ticks(0.3, 0.7, 4), vec![0.3, 0.4, 0.5, 0.6, 0.7]);
        assert!(nice_ticks(1.0, 1.0, 5).is_empty());
        assert!(nice_ticks(0.0, f64::NAN, 5).is_empty());
    }

    #[test]
    fn log_ticks_use_decades_when_the_range_is_wide() {
        let (major, minor) = log_ticks(1e-4, 0.1, 8);
        assert_eq!(major, vec![-4.0, -3.0, -2.0, -1.0]);
        assert_eq!(minor.len(), 3 * 8);
        let (major, _) = log_ticks(1e-12, 1.0, 4);
        assert!(major.len() <= 5 && major.len() >= 3, "{major:?}");
    }

    #[test]
    fn log_ticks_fall_back_to_125_and_linear() {
        let (major, _) = log_ticks(0.01, 0.1, 8);
        let values: Vec<f64> = major.iter().map(|t| 10f64.powf(*t)).collect();
        assert_eq!(values.len(), 4);
        assert!((values[1] - 0.02).abs() < 1e-12 && (values[2] - 0.05).abs() < 1e-12);
        let (major, _) = log_ticks(0.05, 0.08, 8);
        assert!(major.len() >= 2, "{major:?}");
    }

    #[test]
    fn labels_are_compact() {
        assert_eq!(format_tick(0.0, 0.02), "0");
        assert_eq!(format_tick(0.06, 0.02), "0.06");
        assert_eq!(format_tick(0.30000000000000004, 0.1), "0.3");
        assert_eq!(format_tick(40.0, 20.0), "40");
        assert_eq!(format_tick(1e-4, 0.0), "1e-4");
        assert_eq!(format_tick(2.5e-5, 0.0), "2.5e-5");
        assert_eq!(format_tick(1e6, 1e5), "1e6");
        assert_eq!(format_tick(0.0015, 0.0005), "0.0015");
        assert_eq!(short_scientific(0.001), "1e-3");
    }
}
