//! The PCA plane of a trajectory (Li et al., 2018, §7): the top two principal directions of
//! the displacements `theta_i − origin`, with the share of variance each explains, as
//! `sklearn.decomposition.PCA(n_components=2).fit(M)` computes them for the matrix `M` whose
//! rows are the displacements (centred, like sklearn).
//!
//! The path has a few hundred points but ~10^5 parameters, so the eigenproblem is solved on the
//! `n x n` Gram matrix `G = (M − mean)(M − mean)ᵀ` (the "snapshot" or Gram trick): if
//! `G v = λ v` then `(M − mean)ᵀ v / √λ` is a unit principal direction with variance
//! `λ / n`. `G` is built in blocks of parameters with the packed GEMM (`f32` within a block,
//! `f64` across blocks), and diagonalised by cyclic Jacobi rotations.

use super::plane::{dot, Plane, PlaneKind};
use crate::kernels::{matmul_nt, Dims};
use crate::{Error, Result};

/// Parameters per block of the Gram product: `n x 2048` floats stay in L2 for `n` up to ~60.
const BLOCK: usize = 2048;
/// Jacobi sweeps before giving up (convergence is quadratic: ~10 suffice in practice).
const MAX_SWEEPS: usize = 60;

/// The PCA plane through `origin` of the displacements `points[i] − origin`.
///
/// The directions are orthonormal and signed so that the first point lies at non-positive
/// coordinates (the path then runs from the lower left towards the origin).
///
/// # Errors
/// [`Error::Config`] for fewer than two points, vectors of different lengths, or a path that
/// spans fewer than two directions (e.g. every point equal).
pub fn pca_plane(points: &[&[f32]], origin: &[f32]) -> Result<Plane> {
    let n = points.len();
    if n < 2 {
        return Err(Error::Config(format!(
            "a PCA plane needs at least 2 recorded points besides the origin, got {n}"
        )));
    }
    if let Some(bad) = points.iter().find(|p| p.len() != origin.len()) {
        return Err(Error::Config(format!(
            "path vectors have {} values, the origin {}",
            bad.len(),
            origin.len()
        )));
    }
    let gram = centred(gram(points, origin), n);
    let trace: f64 = (0..n).map(|i| gram[i * n + i]).sum();
    let (values, vectors) = jacobi_eigen(gram, n);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    let (top, second) = (values[order[0]], values[order[1]]);
    let spans_plane = trace > 0.0 && second > 1e-10 * top;
    if !spans_plane {
        return Err(Error::Config(
            "the path spans fewer than two directions, so it has no PCA plane (train longer \
             or record more often)"
                .into(),
        ));
    }
    let mut dirs = [order[0], order[1]].map(|k| {
        let mut d = vec![0.0f64; origin.len()];
        for (i, p) in points.iter().enumerate() {
            let w = vectors[i * n + k];
            for ((acc, &t), &o) in d.iter_mut().zip(*p).zip(origin) {
                *acc += w * f64::from(t - o);
            }
        }
        d
    });
    orthonormalise(&mut dirs);
    let [d1, d2] = dirs.map(|d| d.iter().map(|&v| v as f32).collect::<Vec<f32>>());
    let first: Vec<f32> = points[0].iter().zip(origin).map(|(t, o)| t - o).collect();
    let flip = |d: Vec<f32>| {
        if dot(&d, &first) > 0.0 {
            d.into_iter().map(|v| -v).collect()
        } else {
            d
        }
    };
    Plane::new(
        PlaneKind::Pca,
        origin.to_vec(),
        flip(d1),
        flip(d2),
        Some([top / trace, second / trace]),
    )
}

/// `G[i][j] = (p_i − o)·(p_j − o)`, row-major `n x n`.
fn gram(points: &[&[f32]], origin: &[f32]) -> Vec<f64> {
    let n = points.len();
    let mut g = vec![0.0f64; n * n];
    let mut block = vec![0.0f32; n * BLOCK];
    let mut partial = vec![0.0f32; n * n];
    for start in (0..origin.len()).step_by(BLOCK) {
        let end = (start + BLOCK).min(origin.len());
        let w = end - start;
        for (i, p) in points.iter().enumerate() {
            let row = &mut block[i * w..(i + 1) * w];
            for ((r, &t), &o) in row.iter_mut().zip(&p[start..end]).zip(&origin[start..end]) {
                *r = t - o;
            }
        }
        matmul_nt(Dims::new(n, w, n), &block, &block, &mut partial, false);
        for (acc, &v) in g.iter_mut().zip(&partial) {
            *acc += f64::from(v);
        }
    }
    // The GEMM's blocking may round the two triangles differently; Jacobi wants exact symmetry.
    for i in 0..n {
        for j in 0..i {
            let v = 0.5 * (g[i * n + j] + g[j * n + i]);
            g[i * n + j] = v;
            g[j * n + i] = v;
        }
    }
    g
}

/// `H G H` with `H = I − 11ᵀ/n`: the Gram matrix of the mean-centred rows.
fn centred(mut g: Vec<f64>, n: usize) -> Vec<f64> {
    let row_mean: Vec<f64> = (0..n)
        .map(|i| g[i * n..(i + 1) * n].iter().sum::<f64>() / n as f64)
        .collect();
    let mean = row_mean.iter().sum::<f64>() / n as f64;
    for i in 0..n {
        for j in 0..n {
            g[i * n + j] += mean - row_mean[i] - row_mean[j];
        }
    }
    g
}

/// Eigenvalues and eigenvectors (columns of the row-major `n x n` result) of a symmetric
/// matrix, by cyclic Jacobi rotations (Golub & Van Loan, Algorithm 8.5.3).
pub(crate) fn jacobi_eigen(mut a: Vec<f64>, n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut v = vec![0.0f64; n * n];
    for i in 0..n {
        v[i * n + i] = 1.0;
    }
    let norm: f64 = a.iter().map(|x| x * x).sum::<f64>().sqrt();
    for _ in 0..MAX_SWEEPS {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * n + j] * a[i * n + j])
            .sum::<f64>()
            .sqrt();
        if off <= 1e-15 * norm || norm == 0.0 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq == 0.0 {
                    continue;
                }
                let theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (akp, akq) = (a[k * n + p], a[k * n + q]);
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[p * n + k], a[q * n + k]);
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for k in 0..n {
                    let (vkp, vkq) = (v[k * n + p], v[k * n + q]);
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    ((0..n).map(|i| a[i * n + i]).collect(), v)
}

/// Gram–Schmidt in `f64`: the directions leave orthonormal to working precision whatever the
/// `f32` rounding of the Gram matrix did.
fn orthonormalise(dirs: &mut [Vec<f64>; 2]) {
    let norm = |d: &[f64]| d.iter().map(|x| x * x).sum::<f64>().sqrt();
    let n0 = norm(&dirs[0]);
    dirs[0].iter_mut().for_each(|x| *x /= n0);
    let proj: f64 = dirs[0].iter().zip(&dirs[1]).map(|(a, b)| a * b).sum();
    let [d0, d1] = dirs;
    for (b, a) in d1.iter_mut().zip(d0.iter()) {
        *b -= proj * a;
    }
    let n1 = norm(d1);
    d1.iter_mut().for_each(|x| *x /= n1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jacobi_diagonalises_a_symmetric_matrix() {
        let a = vec![4.0, 1.0, 2.0, 1.0, 3.0, 0.5, 2.0, 0.5, 5.0];
        let (values, v) = jacobi_eigen(a.clone(), 3);
        for k in 0..3 {
            for i in 0..3 {
                let av: f64 = (0..3).map(|j| a[i * 3 + j] * v[j * 3 + k]).sum();
                assert!((av - values[k] * v[i * 3 + k]).abs() < 1e-12);
            }
        }
        let trace: f64 = values.iter().sum();
        assert!((trace - 12.0).abs() < 1e-12);
    }

    #[test]
    fn recovers_the_directions_of_a_planar_path() {
        // Points on a line along e0 with a small wiggle along e3, in 5-D, origin at 0.
        let pts: Vec<Vec<f32>> = (0..12)
            .map(|i| {
                let t = i as f32;
                vec![3.0 * t, 0.0, 0.0, (t * 1.3).sin(), 0.0]
            })
            .collect();
        let refs: Vec<&[f32]> = pts.iter().map(Vec::as_slice).collect();
        let plane = pca_plane(&refs, &[0.0; 5]).unwrap();
        assert!(
            plane.d1[0].abs() > 0.999 && plane.d2[3].abs() > 0.999,
            "{plane:?}"
        );
        let ev = plane.explained_variance.unwrap();
        assert!(
            ev[0] > ev[1] && (ev[0] + ev[1] - 1.0).abs() < 1e-6,
            "{ev:?}"
        );
        assert!(plane.project(&pts[1]).unwrap().error < 1e-5);
    }

    #[test]
    fn a_path_along_one_line_has_no_plane() {
        let pts: Vec<Vec<f32>> = (0..5).map(|i| vec![i as f32, 2.0 * i as f32]).collect();
        let refs: Vec<&[f32]> = pts.iter().map(Vec::as_slice).collect();
        assert!(pca_plane(&refs, &[0.0, 0.0]).is_err());
        assert!(pca_plane(&refs[..1], &[0.0, 0.0]).is_err());
        assert!(pca_plane(&refs, &[0.0]).is_err());
    }
}
