//! Ensemble predictions (Huang et al., 2017, §3): the mean of the members' softmax outputs,
//! `p(x) = (1/m) Σ_k softmax(f(x; θ_k))`, classified by its argmax, against the single network
//! whose weights are the members' mean, `f(x; (1/m) Σ_k θ_k)` (what averaging snapshots'
//! weights instead would give; it fails when they lie in different basins).

use serde::Serialize;

use crate::nn::math;
use crate::nn::{Evaluation, Mlp};
use crate::{Error, Result};

/// Rows per forward pass.
const CHUNK: usize = 256;

/// Softmax probabilities of `model` at `params` for every sample (`rows x classes`).
///
/// # Errors
/// Those of [`Mlp::forward`].
pub fn softmax_outputs(model: &Mlp, params: &[f32], images: &[f32]) -> Result<Vec<f32>> {
    let (inputs, classes) = (model.inputs(), model.classes());
    let rows = images.len() / inputs.max(1);
    let mut out = Vec::with_capacity(rows * classes);
    let mut ws = model.workspace(CHUNK.min(rows.max(1)));
    for chunk in images.chunks(CHUNK * inputs) {
        let logits = model.forward(params, chunk, &mut ws)?;
        for row in logits.chunks_exact(classes) {
            let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let sum: f64 = row.iter().map(|&z| f64::from(math::exp(z - max))).sum();
            out.extend(
                row.iter()
                    .map(|&z| (f64::from(math::exp(z - max)) / sum) as f32),
            );
        }
    }
    Ok(out)
}

/// Mean negative log-likelihood and accuracy of averaged probabilities.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EnsembleScore {
    /// `mean_i −ln p_i[y_i]` of the averaged probabilities.
    pub loss: f64,
    /// Fraction of samples whose averaged probabilities peak at the label (first on ties).
    pub accuracy: f64,
    /// Correctly classified samples.
    pub correct: usize,
}

/// Scores the mean of `members` (each `rows x classes` probabilities) against `labels`.
///
/// # Errors
/// [`Error::Data`] for no members, members of different sizes, or sizes that do not match
/// `labels` and `classes`.
pub fn ensemble_score(members: &[&[f32]], labels: &[u8], classes: usize) -> Result<EnsembleScore> {
    let rows = labels.len();
    let fits = |m: &&[f32]| m.len() == rows * classes;
    if members.is_empty() || !members.iter().all(fits) || classes == 0 || rows == 0 {
        return Err(Error::Data(format!(
            "an ensemble needs members of {rows} x {classes} probabilities, got {} member(s)",
            members.len()
        )));
    }
    let m = members.len() as f64;
    let (mut loss, mut correct) = (0.0f64, 0usize);
    let mut mean = vec![0.0f64; classes];
    for (i, &y) in labels.iter().enumerate() {
        mean.fill(0.0);
        for member in members {
            for (acc, &p) in mean.iter_mut().zip(&member[i * classes..(i + 1) * classes]) {
                *acc += f64::from(p);
            }
        }
        mean.iter_mut().for_each(|p| *p /= m);
        let best = (0..classes).fold(0, |b, c| if mean[c] > mean[b] { c } else { b });
        correct += usize::from(best == usize::from(y));
        loss -= math::ln64(
            mean.get(usize::from(y))
                .copied()
                .unwrap_or(0.0)
                .max(f64::MIN_POSITIVE),
        );
    }
    Ok(EnsembleScore {
        loss: loss / rows as f64,
        accuracy: correct as f64 / rows as f64,
        correct,
    })
}

/// The element-wise mean of parameter vectors.
///
/// # Errors
/// [`Error::Config`] for no vectors or vectors of different lengths.
pub fn average_weights(members: &[&[f32]]) -> Result<Vec<f32>> {
    let first = members
        .first()
        .ok_or_else(|| Error::Config("no parameter vectors to average".into()))?;
    if members.iter().any(|m| m.len() != first.len()) {
        return Err(Error::Config("parameter vectors differ in length".into()));
    }
    let mut sum = vec![0.0f64; first.len()];
    for m in members {
        for (s, &v) in sum.iter_mut().zip(*m) {
            *s += f64::from(v);
        }
    }
    let n = members.len() as f64;
    Ok(sum.into_iter().map(|s| (s / n) as f32).collect())
}

/// Loss and accuracy of the weight-averaged network.
///
/// # Errors
/// Those of [`average_weights`] and [`Mlp::evaluate`].
pub fn weight_average_score(
    model: &Mlp,
    members: &[&[f32]],
    images: &[f32],
    labels: &[u8],
) -> Result<Evaluation> {
    let params = average_weights(members)?;
    let mut ws = model.workspace(CHUNK);
    model.evaluate(&params, images, labels, &mut ws, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averaging_can_fix_what_each_member_gets_wrong() {
        // Two samples, three classes. Member A: sample 0 right, sample 1 wrong; member B the
        // other way round, but less confident in its mistake.
        let a = [0.6, 0.3, 0.1, 0.5, 0.4, 0.1];
        let b = [0.2, 0.7, 0.1, 0.1, 0.8, 0.1];
        let labels = [0u8, 1];
        let alone = ensemble_score(&[&a[..]], &labels, 3).unwrap();
        assert_eq!(alone.correct, 1);
        let both = ensemble_score(&[&a[..], &b[..]], &labels, 3).unwrap();
        // Means: [0.4, 0.5, 0.1] (wrong) and [0.3, 0.6, 0.1] (right).
        assert_eq!((both.correct, both.accuracy), (1, 0.5));
        let want = -(0.4f64.ln() + 0.6f64.ln()) / 2.0;
        assert!((both.loss - want).abs() < 1e-7, "{} vs {want}", both.loss);
    }

    #[test]
    fn softmax_rows_sum_to_one_and_follow_the_logits() {
        let model = Mlp::new(&[2, 3], crate::nn::Activation::Relu).unwrap();
        let params = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.5];
        let p = softmax_outputs(&model, &params, &[2.0, 0.0, 0.0, 0.0]).unwrap();
        assert_eq!(p.len(), 6);
        let z = [2.0f64, 0.0, 0.5];
        let s: f64 = z.iter().map(|v| v.exp()).sum();
        for (got, v) in p[..3].iter().zip(z) {
            assert!((f64::from(*got) - v.exp() / s).abs() < 1e-6);
        }
        assert!((p[3..].iter().sum::<f32>() - 1.0).abs() < 1e-6);
    }

    #[test]
    fn weight_average_is_the_mean_and_errors_are_reported() {
        assert_eq!(
            average_weights(&[&[1.0, 2.0], &[3.0, 6.0]]).unwrap(),
            vec![2.0, 4.0]
        );
        assert!(average_weights(&[]).is_err());
        assert!(average_weights(&[&[1.0], &[1.0, 2.0]]).is_err());
        assert!(ensemble_score(&[], &[0], 2).is_err());
        assert!(ensemble_score(&[&[0.5, 0.5, 0.5]], &[0], 2).is_err());
    }
}
