//! A surface sampled on a regular grid, for filled contours and heatmaps.

use serde::Serialize;

use super::surface::{Surface, ViewBox};
use crate::{Error, Result};

/// Largest grid side accepted.
pub const MAX_GRID_SIDE: usize = 2000;

/// Values of a surface on an `nx × ny` grid spanning a view box, edges included.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grid {
    /// The `nx` abscissas, left to right.
    pub xs: Vec<f64>,
    /// The `ny` ordinates, bottom to top.
    pub ys: Vec<f64>,
    /// Row-major values, bottom row first: `values[j * nx + i]` is at `(xs[i], ys[j])`.
    pub values: Vec<f64>,
    /// The smallest value.
    pub min: f64,
    /// The largest value.
    pub max: f64,
    /// Whether `values` are `ln(1 + f - f_min)` rather than `f`.
    pub log: bool,
}

/// Samples `surface` on an `nx × ny` grid over `view`. With `log`, each value is
/// `ln(1 + f - f_min)` where `f_min` is the surface's global minimum (or the grid's smallest
/// value if lower, which cannot happen): valleys such as Rosenbrock's, whose walls rise to
/// thousands, then get as many contour levels as the walls.
///
/// # Errors
/// [`Error::Config`] for fewer than 2 or more than 2000 points on a side, or a view box that
/// is empty or not finite.
pub fn contour_grid(
    surface: Surface,
    view: &ViewBox,
    (nx, ny): (usize, usize),
    log: bool,
) -> Result<Grid> {
    for n in [nx, ny] {
        if !(2..=MAX_GRID_SIDE).contains(&n) {
            return Err(Error::Config(format!(
                "a contour grid needs 2 to {MAX_GRID_SIDE} points per side, got {nx} x {ny}"
            )));
        }
    }
    let finite = [view.x_min, view.x_max, view.y_min, view.y_max]
        .iter()
        .all(|v| v.is_finite());
    if !finite || view.x_min >= view.x_max || view.y_min >= view.y_max {
        return Err(Error::Config(format!("not a usable view box: {view:?}")));
    }
    let axis = |lo: f64, hi: f64, n: usize| -> Vec<f64> {
        (0..n)
            .map(|k| lo + (hi - lo) * k as f64 / (n - 1) as f64)
            .collect()
    };
    let xs = axis(view.x_min, view.x_max, nx);
    let ys = axis(view.y_min, view.y_max, ny);
    let mut values: Vec<f64> = ys
        .iter()
        .flat_map(|&y| xs.iter().map(move |&x| surface.value(x, y)))
        .collect();
    if log {
        let floor = values.iter().copied().fold(surface.min_value(), f64::min);
        values.iter_mut().for_each(|v| *v = (*v - floor).ln_1p());
    }
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Ok(Grid {
        xs,
        ys,
        values,
        min,
        max,
        log,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_row_by_row_from_the_bottom() {
        let view = ViewBox {
            x_min: -1.0,
            x_max: 1.0,
            y_min: 0.0,
            y_max: 2.0,
        };
        let g = contour_grid(Surface::Quadratic, &view, (3, 2), false).unwrap();
        assert_eq!(g.xs, vec![-1.0, 0.0, 1.0]);
        assert_eq!(g.ys, vec![0.0, 2.0]);
        assert_eq!(g.values, vec![0.5, 0.0, 0.5, 20.5, 20.0, 20.5]);
        assert_eq!((g.min, g.max), (0.0, 20.5));
    }

    #[test]
    fn log_scale_starts_at_zero_on_the_minimum() {
        let s = Surface::Rosenbrock;
        let g = contour_grid(s, &s.view(), (41, 41), true).unwrap();
        // x = 1, y = 1 is the grid point (30, 20).
        assert_eq!((g.xs[30], g.ys[20]), (1.0, 1.0));
        assert_eq!(g.values[20 * 41 + 30], 0.0);
        assert_eq!(g.min, 0.0);
        assert!(g.max < 10.0 && g.log, "{}", g.max);
        let saddle = contour_grid(Surface::Saddle, &Surface::Saddle.view(), (9, 9), true).unwrap();
        assert!(saddle.min >= 0.0, "negative surfaces are shifted first");
    }

    #[test]
    fn refuses_degenerate_grids() {
        let v = Surface::Beale.view();
        assert!(contour_grid(Surface::Beale, &v, (1, 10), false).is_err());
        assert!(contour_grid(Surface::Beale, &v, (10, 2001), false).is_err());
        let flat = ViewBox {
            y_max: v.y_min,
            ..v
        };
        assert!(matches!(
            contour_grid(Surface::Beale, &flat, (10, 10), false),
            Err(Error::Config(_))
        ));
    }
}
