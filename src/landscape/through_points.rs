//! The plane through three points of parameter space (e.g. three snapshots), as Garipov et
//! al. (2018, "Loss Surfaces, Mode Connectivity, and Fast Ensembling of DNNs", §3) draw it: the
//! origin is the first point, `d1` the unit vector towards the second, `d2` the unit vector
//! of the third's displacement orthogonalised against `d1` (Gram–Schmidt). Coordinates are
//! then Euclidean distances in parameter space, and all three points lie exactly on the plane.

use super::plane::{Plane, PlaneKind};
use crate::{Error, Result};

/// The plane through `a` (its origin), `b` and `c`.
///
/// # Errors
/// [`Error::Config`] if the vectors differ in length or the three points are collinear (or
/// two coincide).
pub fn plane_through(a: &[f32], b: &[f32], c: &[f32]) -> Result<Plane> {
    if b.len() != a.len() || c.len() != a.len() {
        return Err(Error::Config(format!(
            "the three points have {}, {} and {} values",
            a.len(),
            b.len(),
            c.len()
        )));
    }
    let u: Vec<f64> = b
        .iter()
        .zip(a)
        .map(|(&x, &o)| f64::from(x) - f64::from(o))
        .collect();
    let mut v: Vec<f64> = c
        .iter()
        .zip(a)
        .map(|(&x, &o)| f64::from(x) - f64::from(o))
        .collect();
    let norm = |d: &[f64]| d.iter().map(|x| x * x).sum::<f64>().sqrt();
    let (nu, nv) = (norm(&u), norm(&v));
    let collinear =
        || Error::Config("the three points lie on one line (or two coincide): no plane".into());
    if nu == 0.0 || nv == 0.0 {
        return Err(collinear());
    }
    let e1: Vec<f64> = u.iter().map(|x| x / nu).collect();
    let along: f64 = e1.iter().zip(&v).map(|(a, b)| a * b).sum();
    v.iter_mut().zip(&e1).for_each(|(x, e)| *x -= along * e);
    let rest = norm(&v);
    if rest <= 1e-9 * nv {
        return Err(collinear());
    }
    let to_f32 = |d: Vec<f64>, s: f64| d.into_iter().map(|x| (x / s) as f32).collect();
    Plane::new(
        PlaneKind::Points,
        a.to_vec(),
        to_f32(e1, 1.0),
        to_f32(v, rest),
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_points_lie_on_the_plane() {
        let (a, b, c) = ([1.0, 0.0, 2.0], [4.0, 4.0, 2.0], [0.0, 1.0, 5.0]);
        let plane = plane_through(&a, &b, &c).unwrap();
        let pa = plane.project(&a).unwrap();
        assert_eq!((pa.x, pa.y), (0.0, 0.0));
        let pb = plane.project(&b).unwrap();
        assert!((pb.x - 5.0).abs() < 1e-6 && pb.y.abs() < 1e-6, "{pb:?}");
        let pc = plane.project(&c).unwrap();
        assert!(pc.error < 1e-5 && pc.y > 0.0, "{pc:?}");
        let dist = |p: [f32; 3], q: [f32; 3]| {
            p.iter()
                .zip(q)
                .map(|(x, y)| f64::from(x - y).powi(2))
                .sum::<f64>()
                .sqrt()
        };
        let d = ((pc.x - pb.x).powi(2) + (pc.y - pb.y).powi(2)).sqrt();
        assert!((d - dist(b, c)).abs() < 1e-5, "distances are kept");
    }

    #[test]
    fn collinear_points_are_refused() {
        assert!(plane_through(&[0.0, 0.0], &[1.0, 1.0], &[3.0, 3.0]).is_err());
        assert!(plane_through(&[0.0, 0.0], &[0.0, 0.0], &[3.0, 1.0]).is_err());
        assert!(plane_through(&[0.0], &[1.0, 1.0], &[3.0, 3.0]).is_err());
    }
}
