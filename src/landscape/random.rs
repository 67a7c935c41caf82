//! Two random directions with filter normalisation (Li et al., 2018, §4): each direction is
//! drawn from `N(0, I)`, then every row of a dense layer's weight block (one output unit's
//! "filter") is rescaled to the norm of the matching row of the weights at the origin, and
//! the bias entries are set to zero (the paper's `ignore='biasbn'`). Scale-invariant networks
//! then look equally sharp or flat however their weights happen to be scaled.

use rand::RngCore;

use super::plane::{Plane, PlaneKind};
use crate::data::seeded_rng;
use crate::nn::Mlp;
use crate::{Error, Result};

/// Stream of [`seeded_rng`] for the directions.
const DIRECTION_STREAM: u64 = 0x1a2d_5ca9_0000_0005;

/// A standard normal draw by Box–Muller from two 53-bit uniforms (the same numbers on every
/// target: the generator and `libm` are portable).
fn gaussian_pair(rng: &mut impl RngCore) -> (f64, f64) {
    let uniform = |r: &mut dyn RngCore| ((r.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
    let (u1, u2) = (uniform(rng), uniform(rng));
    let radius = libm::sqrt(-2.0 * libm::log(u1));
    let angle = 2.0 * std::f64::consts::PI * u2;
    (radius * libm::cos(angle), radius * libm::sin(angle))
}

/// One filter-normalised Gaussian direction for `model` at `theta`.
pub fn filter_normalised_direction(model: &Mlp, theta: &[f32], rng: &mut impl RngCore) -> Vec<f32> {
    let mut d = vec![0.0f32; theta.len()];
    let mut spare = None;
    for layer in model.layers() {
        let weights = &mut d[layer.weight..layer.bias];
        for w in weights.iter_mut() {
            *w = match spare.take() {
                Some(z) => z,
                None => {
                    let (a, b) = gaussian_pair(rng);
                    spare = Some(b as f32);
                    a as f32
                }
            };
        }
        for (row, target) in weights
            .chunks_exact_mut(layer.inputs)
            .zip(theta[layer.weight..layer.bias].chunks_exact(layer.inputs))
        {
            let norm = |v: &[f32]| v.iter().map(|&x| f64::from(x).powi(2)).sum::<f64>().sqrt();
            let (have, want) = (norm(row), norm(target));
            let scale = if have > 0.0 {
                (want / have) as f32
            } else {
                0.0
            };
            row.iter_mut().for_each(|x| *x *= scale);
        }
        // Biases stay zero, as `ignore='biasbn'`.
    }
    d
}

/// The plane through `theta` spanned by two filter-normalised random directions drawn from
/// `seed`.
///
/// # Errors
/// [`Error::Config`] if `theta` does not fit the model, or every weight is zero (the
/// directions would vanish).
pub fn random_plane(model: &Mlp, theta: &[f32], seed: u64) -> Result<Plane> {
    if theta.len() != model.num_params() {
        return Err(Error::Config(format!(
            "the network has {} parameters but {} were given",
            model.num_params(),
            theta.len()
        )));
    }
    let mut rng = seeded_rng(seed, DIRECTION_STREAM);
    let d1 = filter_normalised_direction(model, theta, &mut rng);
    let d2 = filter_normalised_direction(model, theta, &mut rng);
    Plane::new(PlaneKind::Random, theta.to_vec(), d1, d2, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Activation;

    #[test]
    fn gaussian_draws_have_unit_variance() {
        let mut rng = seeded_rng(1, 2);
        let n = 20_000;
        let (mut s, mut s2) = (0.0, 0.0);
        for _ in 0..n / 2 {
            let (a, b) = gaussian_pair(&mut rng);
            s += a + b;
            s2 += a * a + b * b;
        }
        let mean = s / n as f64;
        assert!(mean.abs() < 0.03, "{mean}");
        assert!((s2 / n as f64 - 1.0).abs() < 0.04, "{}", s2 / n as f64);
    }

    #[test]
    fn same_seed_same_plane() {
        let model = Mlp::new(&[6, 4, 3], Activation::Relu).unwrap();
        let theta = model.init_params(&mut seeded_rng(0, 1));
        let a = random_plane(&model, &theta, 7).unwrap();
        assert_eq!(a, random_plane(&model, &theta, 7).unwrap());
        assert_ne!(a.d1, random_plane(&model, &theta, 8).unwrap().d1);
        assert_ne!(a.d1, a.d2);
        assert!(random_plane(&model, &theta[1..], 7).is_err());
        assert!(random_plane(&model, &vec![0.0; theta.len()], 7).is_err());
    }
}
