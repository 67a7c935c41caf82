//! A seeded synthetic validation-loss curve with plateaus, for showing ReduceLROnPlateau at work
//! without training anything: the loss falls towards a floor during "descent" stretches and
//! stalls during "plateau" stretches, with multiplicative log-normal noise.
//!
//! `loss[i] = floor + (initial - floor) * 0.5^(d(i) / half_life) * exp(noise * z_i)`, where
//! `d(i)` counts the descent steps up to step `i` and `z_i ~ N(0, 1)` comes from a PCG stream
//! seeded with `seed`, so the same settings always give the same curve (natively and in wasm).

use crate::{Error, Result};
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};

/// The curve's shape. Defaults: an untrained 10-class classifier's loss (ln 10 = 2.3) falling
/// towards 0.25, stalling for 15 of every 27 steps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SyntheticLoss {
    /// Loss before any improvement.
    pub initial: f64,
    /// Loss the curve approaches.
    pub floor: f64,
    /// Descent steps that halve the distance to the floor.
    pub half_life: f64,
    /// Steps of descent before each plateau.
    pub descent: u32,
    /// Steps of each plateau.
    pub plateau: u32,
    /// Standard deviation of the log-normal noise (0.02 = about 2%).
    pub noise: f64,
    /// Seed of the noise.
    pub seed: u64,
}

impl Default for SyntheticLoss {
    fn default() -> Self {
        SyntheticLoss {
            initial: 2.3,
            floor: 0.25,
            half_life: 6.0,
            descent: 12,
            plateau: 15,
            noise: 0.02,
            seed: 0,
        }
    }
}

impl SyntheticLoss {
    /// Checks the settings.
    ///
    /// # Errors
    /// [`Error::Config`] when `initial` or `floor` is not finite, `half_life` is not a positive
    /// finite number, `descent` is 0, or `noise` is negative or not finite.
    pub fn validate(&self) -> Result<()> {
        let fail = |msg: String| Err(Error::Config(msg));
        if !self.initial.is_finite() {
            return fail(format!(
                "initial loss must be a finite number, got {}",
                self.initial
            ));
        }
        if !self.floor.is_finite() {
            return fail(format!("floor must be a finite number, got {}", self.floor));
        }
        if !(self.half_life.is_finite() && self.half_life > 0.0) {
            return fail(format!(
                "half_life must be a positive number, got {}",
                self.half_life
            ));
        }
        if self.descent == 0 {
            return fail("descent must be at least 1 step".into());
        }
        if !(self.noise.is_finite() && self.noise >= 0.0) {
            return fail(format!(
                "noise must be a non-negative number, got {}",
                self.noise
            ));
        }
        Ok(())
    }

    /// Descent steps taken up to and including step `i` (0-based).
    fn descended(&self, i: usize) -> f64 {
        let (descent, cycle) = (
            self.descent as usize,
            self.descent as usize + self.plateau as usize,
        );
        let (full, rest) = (i / cycle, i % cycle);
        (full * descent + (rest + 1).min(descent)) as f64
    }
}

/// `steps` values of the curve: `values[i]` is the metric for the `i`-th `scheduler.step(metric)`.
///
/// # Errors
/// As [`SyntheticLoss::validate`].
pub fn synthetic_loss(shape: &SyntheticLoss, steps: usize) -> Result<Vec<f64>> {
    shape.validate()?;
    let mut rng = Pcg64Mcg::seed_from_u64(shape.seed);
    let gap = shape.initial - shape.floor;
    Ok((0..steps)
        .map(|i| {
            let clean = shape.floor + gap * 0.5f64.powf(shape.descended(i) / shape.half_life);
            clean * (shape.noise * standard_normal(&mut rng)).exp()
        })
        .collect())
}

/// Box-Muller; `1 - u` keeps the logarithm's argument in (0, 1].
fn standard_normal(rng: &mut impl Rng) -> f64 {
    let u1 = 1.0 - rng.random::<f64>();
    let u2 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noiseless_curve_falls_then_stalls() {
        let shape = SyntheticLoss {
            noise: 0.0,
            descent: 3,
            plateau: 2,
            half_life: 1.0,
            ..Default::default()
        };
        let v = synthetic_loss(&shape, 8).expect("valid");
        assert!(v[0] < 2.3 && v[1] < v[0] && v[2] < v[1]);
        assert_eq!(v[2], v[3]);
        assert_eq!(v[3], v[4]);
        assert!(v[5] < v[4]);
        // 4 descent steps by step 5: the gap has halved four times.
        assert!((v[5] - (0.25 + 2.05 / 16.0)).abs() < 1e-12);
    }

    #[test]
    fn same_seed_same_curve_other_seed_other_curve() {
        let shape = SyntheticLoss::default();
        let a = synthetic_loss(&shape, 50).expect("valid");
        assert_eq!(a, synthetic_loss(&shape, 50).expect("valid"));
        let b = synthetic_loss(&SyntheticLoss { seed: 1, ..shape }, 50).expect("valid");
        assert_ne!(a, b);
        assert!(a.iter().all(|v| v.is_finite() && *v > 0.0));
    }

    #[test]
    fn noise_is_about_the_requested_size() {
        let shape = SyntheticLoss {
            noise: 0.05,
            descent: 1,
            plateau: 10_000,
            half_life: 1e9,
            ..Default::default()
        };
        let v = synthetic_loss(&shape, 5000).expect("valid");
        let logs: Vec<f64> = v.iter().map(|x| (x / 2.3).ln()).collect();
        let mean = logs.iter().sum::<f64>() / logs.len() as f64;
        let sd = (logs.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / logs.len() as f64).sqrt();
        assert!((sd - 0.05).abs() < 0.005, "sd {sd}");
        assert!(mean.abs() < 0.005, "mean {mean}");
    }

    #[test]
    fn rejects_bad_shapes() {
        let bad = [
            SyntheticLoss {
                noise: -0.1,
                ..Default::default()
            },
            SyntheticLoss {
                half_life: 0.0,
                ..Default::default()
            },
            SyntheticLoss {
                descent: 0,
                ..Default::default()
            },
            SyntheticLoss {
                initial: f64::NAN,
                ..Default::default()
            },
        ];
        for shape in bad {
            assert!(
                matches!(synthetic_loss(&shape, 10), Err(Error::Config(_))),
                "{shape:?}"
            );
        }
        assert_eq!(
            synthetic_loss(&SyntheticLoss::default(), 0).expect("valid"),
            Vec::<f64>::new()
        );
    }
}
