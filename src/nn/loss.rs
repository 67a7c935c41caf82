//! Softmax cross-entropy, `torch.nn.functional.cross_entropy(logits, labels)` with the default
//! `reduction="mean"`: `loss = mean_i (logsumexp(z_i) - z_i[y_i])`, computed with the max
//! subtracted first so that no exponential overflows.

use super::math;

/// Mean cross-entropy of `logits` (`batch x classes`, row-major) against `labels`; when `grad`
/// is given it receives `d loss / d logits = (softmax(z) - onehot(y)) / batch`.
///
/// The per-sample terms are summed in `f64`; a non-finite logit gives a non-finite loss (the
/// trainer reports that as divergence). Inputs that do not fit (fewer than `batch x classes`
/// logits or gradient slots, a label that is not a class) give `NaN` rather than a panic;
/// [`crate::nn::Mlp`] checks them before calling.
pub fn cross_entropy(
    logits: &[f32],
    labels: &[u8],
    classes: usize,
    grad: Option<&mut [f32]>,
) -> f64 {
    let batch = labels.len();
    if batch == 0 || classes == 0 {
        return 0.0;
    }
    let fits = |len: usize| len >= batch * classes;
    if !fits(logits.len())
        || !grad.as_ref().is_none_or(|g| fits(g.len()))
        || labels.iter().any(|&y| usize::from(y) >= classes)
    {
        return f64::NAN;
    }
    let mut total = 0.0f64;
    let mut grad = grad;
    let inv_batch = 1.0 / batch as f32;
    for (i, (row, &y)) in logits.chunks_exact(classes).zip(labels).enumerate() {
        let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let mut g_row = grad
            .as_deref_mut()
            .map(|g| &mut g[i * classes..(i + 1) * classes]);
        let sum = match g_row.as_deref_mut() {
            // The exponentials wait in the gradient's row for the softmax below: each is
            // computed once (they were the loss's most expensive part), the same values in the
            // same order as without a gradient.
            Some(g_row) => {
                for (gv, &z) in g_row.iter_mut().zip(row) {
                    *gv = math::exp(z - max);
                }
                g_row.iter().map(|&e| f64::from(e)).sum()
            }
            None => row.iter().map(|&z| f64::from(math::exp(z - max))).sum(),
        };
        let lse = f64::from(max) + math::ln64(sum);
        total += lse - f64::from(row[usize::from(y)]);
        if let Some(g_row) = g_row {
            for (j, gv) in g_row.iter_mut().enumerate() {
                let p = (f64::from(*gv) / sum) as f32;
                let target = if j == usize::from(y) { 1.0 } else { 0.0 };
                *gv = (p - target) * inv_batch;
            }
        }
    }
    total / batch as f64
}

/// Index of the largest logit of each row (the first one on ties, as `torch.argmax`).
pub fn argmax_rows(logits: &[f32], classes: usize, out: &mut [u8]) {
    if classes == 0 {
        return;
    }
    for (row, o) in logits.chunks_exact(classes).zip(out.iter_mut()) {
        let mut best = 0;
        for (j, &v) in row.iter().enumerate() {
            if v > row[best] {
                best = j;
            }
        }
        *o = best as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_logits_give_ln_classes() {
        let loss = cross_entropy(&[0.0; 20], &[3, 7], 10, None);
        assert!((loss - 10f64.ln()).abs() < 1e-12);
    }

    #[test]
    fn large_logits_do_not_overflow() {
        let mut g = [0.0f32; 3];
        let loss = cross_entropy(&[1000.0, 0.0, -1000.0], &[1], 3, Some(&mut g));
        assert!((loss - 1000.0).abs() < 1e-9, "{loss}");
        assert_eq!(g, [1.0, -1.0, 0.0]);
    }

    #[test]
    fn gradient_rows_sum_to_zero_and_match_differences() {
        let z = [0.3f32, -1.2, 2.0, 0.1, 0.5, -0.4];
        let labels = [2u8, 0];
        let mut g = [0.0f32; 6];
        cross_entropy(&z, &labels, 3, Some(&mut g));
        for row in g.chunks(3) {
            assert!(row.iter().sum::<f32>().abs() < 1e-7);
        }
        for k in 0..6 {
            let h = 1e-3;
            let mut plus = z;
            plus[k] += h;
            let mut minus = z;
            minus[k] -= h;
            let numeric = (cross_entropy(&plus, &labels, 3, None)
                - cross_entropy(&minus, &labels, 3, None))
                / (2.0 * f64::from(h));
            assert!((f64::from(g[k]) - numeric).abs() < 1e-5, "logit {k}");
        }
    }

    /// The softmax gradient as first written, with each exponential taken twice: the one pass
    /// the loss now makes must give the same bits, and the same loss with and without it.
    fn gradient_exponentials_twice(logits: &[f32], labels: &[u8], classes: usize) -> Vec<f32> {
        let inv_batch = 1.0 / labels.len() as f32;
        let mut out = Vec::new();
        for (row, &y) in logits.chunks_exact(classes).zip(labels) {
            let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let sum: f64 = row.iter().map(|&z| f64::from(math::exp(z - max))).sum();
            for (j, &z) in row.iter().enumerate() {
                let p = (f64::from(math::exp(z - max)) / sum) as f32;
                let target = if j == usize::from(y) { 1.0 } else { 0.0 };
                out.push((p - target) * inv_batch);
            }
        }
        out
    }

    #[test]
    fn one_pass_of_exponentials_gives_the_same_bits() {
        let classes = 10;
        let logits: Vec<f32> = (0..64 * classes as u32)
            .map(|i| {
                let h = i.wrapping_mul(2_654_435_761) >> 8;
                (h as f32 / (1u32 << 24) as f32 - 0.5) * [1.0, 30.0, 1e-3, 200.0][i as usize % 4]
            })
            .collect();
        let labels: Vec<u8> = (0..64).map(|i| (i * 7 % 10) as u8).collect();
        let mut g = vec![0.0f32; logits.len()];
        let with = cross_entropy(&logits, &labels, classes, Some(&mut g));
        let without = cross_entropy(&logits, &labels, classes, None);
        assert_eq!(with.to_bits(), without.to_bits());
        let want = gradient_exponentials_twice(&logits, &labels, classes);
        for (k, (got, want)) in g.iter().zip(&want).enumerate() {
            assert_eq!(got.to_bits(), want.to_bits(), "element {k}");
        }
    }

    #[test]
    fn nan_logit_gives_nan_loss() {
        assert!(cross_entropy(&[f32::NAN, 0.0], &[0], 2, None).is_nan());
    }

    #[test]
    fn ill_fitting_inputs_give_nan_not_a_panic() {
        assert!(cross_entropy(&[0.0, 0.0], &[2], 2, None).is_nan());
        assert!(cross_entropy(&[0.0, 0.0], &[0, 1], 2, None).is_nan());
        assert!(cross_entropy(&[0.0, 0.0], &[0], 2, Some(&mut [0.0])).is_nan());
    }

    #[test]
    fn argmax_takes_first_maximum() {
        let mut out = [9u8; 2];
        argmax_rows(&[1.0, 3.0, 3.0, 5.0, 0.0, 0.0], 3, &mut out);
        assert_eq!(out, [1, 0]);
    }
}
