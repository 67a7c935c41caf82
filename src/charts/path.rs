//! Turning a per-step value list into drawable polylines: a learning rate holds from one
//! `scheduler.step()` to the next, so it is drawn as a staircase; values an axis cannot show
//! (zero on a log axis, NaN) break the line instead of bending it; very long runs are thinned to
//! what the pixels can show.

use super::axis::Axis;

/// A polyline in axis coordinates.
pub type Polyline = Vec<(f64, f64)>;

/// The staircase through `values[k]` held over `[x(k), x(k+1))`, in raw values.
pub fn staircase(values: &[f64], x: impl Fn(usize) -> f64) -> Polyline {
    let mut points = Vec::with_capacity(values.len() * 2);
    for (k, v) in values.iter().enumerate() {
        if k > 0 {
            points.push((x(k), values[k - 1]));
        }
        points.push((x(k), *v));
    }
    points
}

/// Splits `points` (raw values) into runs that `axis` can draw, converting y to axis coordinates.
pub fn drawable_runs(points: &[(f64, f64)], axis: &Axis) -> Vec<Polyline> {
    let mut runs = Vec::new();
    let mut current = Vec::new();
    for (x, y) in points {
        match axis.coord(*y) {
            Some(t) if x.is_finite() => current.push((*x, t)),
            _ => {
                if !current.is_empty() {
                    runs.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// At most about `max_points` points that keep the envelope: each bucket of consecutive points
/// contributes its lowest and highest point in their original order.
pub fn thin(points: Polyline, max_points: usize) -> Polyline {
    let buckets = (max_points / 2).max(1);
    if points.len() <= max_points.max(2) {
        return points;
    }
    let size = points.len().div_ceil(buckets);
    let mut out = Vec::with_capacity(buckets * 2 + 1);
    for chunk in points.chunks(size) {
        let lowest = chunk
            .iter()
            .enumerate()
            .min_by(|a, b| a.1 .1.total_cmp(&b.1 .1));
        let highest = chunk
            .iter()
            .enumerate()
            .max_by(|a, b| a.1 .1.total_cmp(&b.1 .1));
        if let (Some((i, lo)), Some((j, hi))) = (lowest, highest) {
            match i.cmp(&j) {
                std::cmp::Ordering::Less => out.extend([*lo, *hi]),
                std::cmp::Ordering::Greater => out.extend([*hi, *lo]),
                std::cmp::Ordering::Equal => out.push(*lo),
            }
        }
    }
    if let (Some(last), Some(kept)) = (points.last(), out.last()) {
        if last != kept {
            out.push(*last);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staircase_holds_each_value_until_the_next_step() {
        let points = staircase(&[1.0, 0.5, 0.25], |k| k as f64);
        assert_eq!(
            points,
            vec![(0.0, 1.0), (1.0, 1.0), (1.0, 0.5), (2.0, 0.5), (2.0, 0.25)]
        );
        assert!(staircase(&[], |k| k as f64).is_empty());
    }

    #[test]
    fn zeros_break_a_log_line() {
        let axis = Axis::fit_log([1.0, 0.1], 5);
        let runs = drawable_runs(&[(0.0, 1.0), (1.0, 0.0), (2.0, 0.1), (3.0, 1.0)], &axis);
        assert_eq!(runs, vec![vec![(0.0, 0.0)], vec![(2.0, -1.0), (3.0, 0.0)]]);
        let linear = Axis::linear(0.0, 1.0, 5);
        assert_eq!(drawable_runs(&[(0.0, 1.0), (1.0, 0.0)], &linear).len(), 1);
        assert_eq!(drawable_runs(&[(0.0, f64::NAN)], &linear).len(), 0);
    }

    #[test]
    fn thinning_keeps_peaks_and_ends() {
        let points: Polyline = (0..10_000)
            .map(|i| (i as f64, ((i % 1000) as f64)))
            .collect();
        let thinned = thin(points.clone(), 400);
        assert!(thinned.len() <= 402, "{}", thinned.len());
        assert_eq!(thinned.first(), points.first());
        assert_eq!(thinned.last(), points.last());
        let peak = thinned.iter().map(|p| p.1).fold(0.0, f64::max);
        assert_eq!(peak, 999.0);
        assert_eq!(thin(points[..10].to_vec(), 400).len(), 10);
    }
}
