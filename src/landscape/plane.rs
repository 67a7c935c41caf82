//! A 2-D plane in parameter space, `theta(a, b) = origin + a·d1 + b·d2` (Li et al., 2018,
//! "Visualizing the Loss Landscape of Neural Nets", §4 and §7), and the projection of the
//! optimizer's path onto it.
//!
//! The directions need not be orthonormal (filter-normalised random directions are neither
//! unit nor exactly orthogonal), so a point is projected by least squares: `(a, b)` solves the
//! 2x2 normal equations `[d1·d1 d1·d2; d1·d2 d2·d2] (a, b) = (d1·r, d2·r)` with
//! `r = theta - origin`. What the plane misses is the residual's length, the projection error.

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// How the plane was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaneKind {
    /// Top two principal directions of the path (origin: the final point).
    Pca,
    /// Two filter-normalised Gaussian directions (origin: the final point).
    Random,
    /// The plane through three points of the path (origin: the first).
    Points,
}

/// The plane: an origin and two directions, all in the network's flat parameter layout.
#[derive(Debug, Clone, PartialEq)]
pub struct Plane {
    /// How it was chosen.
    pub kind: PlaneKind,
    /// `theta(0, 0)`.
    pub origin: Vec<f32>,
    /// The direction of the `x` axis.
    pub d1: Vec<f32>,
    /// The direction of the `y` axis.
    pub d2: Vec<f32>,
    /// For a PCA plane, the fraction of the path's variance along `d1` and `d2`.
    pub explained_variance: Option<[f64; 2]>,
    gram: [f64; 3],
}

/// Where a parameter vector lands on the plane and how far it lies from it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Projection {
    /// Coordinate along `d1`.
    pub x: f64,
    /// Coordinate along `d2`.
    pub y: f64,
    /// `‖theta − theta(x, y)‖`: distance from the plane.
    pub error: f64,
    /// `error / ‖theta − origin‖` (0 at the origin): the share of the displacement the plane
    /// cannot show.
    pub relative_error: f64,
}

/// Dot product in `f64`, in eight lanes so the compiler vectorises it.
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f64 {
    const LANES: usize = 8;
    let mut acc = [0.0f64; LANES];
    let (ac, ar) = a.as_chunks::<LANES>();
    let (bc, br) = b.as_chunks::<LANES>();
    for (x, y) in ac.iter().zip(bc) {
        for k in 0..LANES {
            acc[k] += f64::from(x[k]) * f64::from(y[k]);
        }
    }
    for (k, (&x, &y)) in ar.iter().zip(br).enumerate() {
        acc[k] += f64::from(x) * f64::from(y);
    }
    acc.iter().sum()
}

impl Plane {
    /// A plane from its origin and directions.
    ///
    /// # Errors
    /// [`Error::Config`] if the vectors differ in length, or the directions are zero or
    /// parallel (they would not span a plane).
    pub fn new(
        kind: PlaneKind,
        origin: Vec<f32>,
        d1: Vec<f32>,
        d2: Vec<f32>,
        explained_variance: Option<[f64; 2]>,
    ) -> Result<Plane> {
        if d1.len() != origin.len() || d2.len() != origin.len() {
            return Err(Error::Config(format!(
                "plane vectors differ in length: origin {}, d1 {}, d2 {}",
                origin.len(),
                d1.len(),
                d2.len()
            )));
        }
        let gram = [dot(&d1, &d1), dot(&d1, &d2), dot(&d2, &d2)];
        let det = gram[0] * gram[2] - gram[1] * gram[1];
        let spans_plane = det.is_finite() && det > 1e-12 * gram[0] * gram[2];
        if !spans_plane {
            return Err(Error::Config(
                "the two directions do not span a plane (one is zero, or they are parallel)".into(),
            ));
        }
        Ok(Plane {
            kind,
            origin,
            d1,
            d2,
            explained_variance,
            gram,
        })
    }

    /// Writes `origin + a·d1 + b·d2` into `out`.
    pub fn point_into(&self, a: f64, b: f64, out: &mut [f32]) {
        let (a, b) = (a as f32, b as f32);
        for (((o, &t), &u), &v) in out.iter_mut().zip(&self.origin).zip(&self.d1).zip(&self.d2) {
            *o = t + a * u + b * v;
        }
    }

    /// `origin + a·d1 + b·d2`.
    pub fn point(&self, a: f64, b: f64) -> Vec<f32> {
        let mut out = vec![0.0; self.origin.len()];
        self.point_into(a, b, &mut out);
        out
    }

    /// Least-squares coordinates of `theta` and its distance from the plane.
    ///
    /// # Errors
    /// [`Error::Config`] if `theta` has the wrong length.
    pub fn project(&self, theta: &[f32]) -> Result<Projection> {
        if theta.len() != self.origin.len() {
            return Err(Error::Config(format!(
                "cannot project {} values onto a plane of {}",
                theta.len(),
                self.origin.len()
            )));
        }
        let r: Vec<f32> = theta.iter().zip(&self.origin).map(|(t, o)| t - o).collect();
        let (p, q) = (dot(&self.d1, &r), dot(&self.d2, &r));
        let [g11, g12, g22] = self.gram;
        let det = g11 * g22 - g12 * g12;
        let x = (g22 * p - g12 * q) / det;
        let y = (g11 * q - g12 * p) / det;
        // ‖r − x d1 − y d2‖² expanded, so no second pass over the parameters is needed; the
        // max guards the rounding of a difference of nearly equal terms.
        let rr = dot(&r, &r);
        let err2 = rr - 2.0 * (x * p + y * q) + x * x * g11 + 2.0 * x * y * g12 + y * y * g22;
        let error = err2.max(0.0).sqrt();
        let relative_error = if rr > 0.0 { error / rr.sqrt() } else { 0.0 };
        Ok(Projection {
            x,
            y,
            error,
            relative_error,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projects_points_of_the_plane_exactly_and_measures_the_rest() {
        let plane = Plane::new(
            PlaneKind::Random,
            vec![1.0, 1.0, 1.0],
            vec![2.0, 0.0, 0.0],
            vec![1.0, 1.0, 0.0],
            None,
        )
        .unwrap();
        let on = plane.point(0.5, -2.0);
        let p = plane.project(&on).unwrap();
        assert!(
            (p.x - 0.5).abs() < 1e-9 && (p.y + 2.0).abs() < 1e-9,
            "{p:?}"
        );
        assert!(p.error < 1e-6);
        let mut off = on.clone();
        off[2] += 3.0;
        let p = plane.project(&off).unwrap();
        assert!((p.error - 3.0).abs() < 1e-6, "{p:?}");
        let r = (off.iter().map(|v| f64::from(v - 1.0).powi(2)).sum::<f64>()).sqrt();
        assert!((p.relative_error - 3.0 / r).abs() < 1e-6);
        assert_eq!(plane.project(&[1.0, 1.0, 1.0]).unwrap().relative_error, 0.0);
        assert!(plane.project(&[1.0]).is_err());
    }

    #[test]
    fn parallel_or_zero_directions_are_refused() {
        let o = vec![0.0; 2];
        assert!(Plane::new(
            PlaneKind::Pca,
            o.clone(),
            vec![1.0, 1.0],
            vec![2.0, 2.0],
            None
        )
        .is_err());
        assert!(Plane::new(
            PlaneKind::Pca,
            o.clone(),
            vec![0.0, 0.0],
            vec![1.0, 0.0],
            None
        )
        .is_err());
        assert!(Plane::new(PlaneKind::Pca, o, vec![1.0], vec![0.0, 1.0], None).is_err());
    }

    #[test]
    fn dot_sums_every_element() {
        let a: Vec<f32> = (0..19).map(|i| i as f32).collect();
        let want: f64 = (0..19).map(|i| (i * i) as f64).sum();
        assert_eq!(dot(&a, &a), want);
    }
}
