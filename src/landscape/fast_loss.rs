//! Softmax cross-entropy for the landscape grid, where it would otherwise dominate: a grid
//! point costs ~20,000 exponentials (2,000 samples x 10 classes) against ~1.3 million
//! multiply-adds of the narrow later layers. With the training loss's `f64` exponential
//! ([`crate::nn::math::exp64`]) two thirds of the grid's time went to it.
//!
//! Here every exponential of a chunk is taken in one branch-free `f32` pass that compilers
//! turn into 4-lane SIMD (wasm SIMD128, SSE2): Cody–Waite range reduction by a rounding
//! constant, Cephes' degree-7 `expf` polynomial (relative error below 2e-7) and the power of
//! two built from its bits. Only the logarithm stays in `f64`, one per 16 rows (of the product
//! of their sums). A grid value is therefore the model's loss to `f32` precision (~1e-7
//! relative), not to the last bit of the training loss; a picture of the landscape needs far
//! less.

use std::f64::consts::{LN_2, SQRT_2};

/// Below this an exponential is under `f32`'s smallest normal; against the row's largest term
/// (exactly 1) it is lost in the sum anyway, so the argument is clamped here.
const EXP_FLOOR: f32 = -87.0;

/// `e^x` for `x <= 0` (a logit minus its row's maximum), clamped at [`EXP_FLOOR`]; NaN stays
/// NaN.
#[inline(always)]
fn exp_nonpositive_f32(x: f32) -> f32 {
    // 1.5 x 2^23: adding it rounds to the nearest integer, kept in the low mantissa bits.
    const ROUND: f32 = 12_582_912.0;
    const LN2_HI: f32 = 0.693_359_4;
    const LN2_LO: f32 = -2.121_944_4e-4;
    let x = if x < EXP_FLOOR { EXP_FLOOR } else { x };
    let t = x * std::f32::consts::LOG2_E + ROUND;
    let n = t - ROUND;
    let r = (x - n * LN2_HI) - n * LN2_LO;
    let p = (((((1.987_569_1e-4 * r + 1.398_199_9e-3) * r + 8.333_452e-3) * r + 4.166_579_6e-2)
        * r
        + 1.666_666_5e-1)
        * r
        + 0.5)
        * r
        * r
        + r
        + 1.0;
    // n is in [-126, 0]: 127 + n is a normal exponent.
    let n_int = t.to_bits() as i32 - ROUND.to_bits() as i32;
    p * f32::from_bits(((n_int + 127) << 23) as u32)
}

/// Rows whose sums of exponentials are multiplied before one logarithm is taken.
const LN_GROUP: usize = 16;

/// `1/(2k+1)` for `k = 0..=11`.
const INV_ODD: [f64; 12] = {
    let mut c = [1.0f64; 12];
    let mut k = 0;
    while k < 12 {
        c[k] = 1.0 / (2 * k + 1) as f64;
        k += 1;
    }
    c
};

/// `ln x` for a finite `x >= 1` (a product of sums of exponentials whose largest terms are 1):
/// the atanh series with precomputed reciprocals, IEEE basic operations only.
fn ln_at_least_one(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let bits = x.to_bits();
    let mut e = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut m = f64::from_bits((bits & ((1u64 << 52) - 1)) | (1023u64 << 52));
    if m > SQRT_2 {
        m /= 2.0;
        e += 1;
    }
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut sum = 0.0;
    for &c in INV_ODD.iter().rev() {
        sum = c + s2 * sum;
    }
    e as f64 * LN_2 + 2.0 * s * sum
}

/// Summed (not mean) cross-entropy of `logits` (`rows x classes`) against `labels`, and how
/// many rows peak at their label (first maximum on ties, as `torch.argmax`). A NaN or `+inf`
/// logit gives a non-finite sum (`-inf` is a class of probability 0, as in softmax).
/// `scratch` is reused between calls.
pub(crate) fn loss_and_correct(
    logits: &[f32],
    labels: &[u8],
    classes: usize,
    scratch: &mut Vec<f32>,
) -> (f64, usize) {
    let rows = labels.len().min(logits.len() / classes.max(1));
    let logits = &logits[..rows * classes];
    scratch.clear();
    scratch.resize(logits.len(), 0.0);
    let (mut total, mut correct) = (0.0f64, 0usize);
    for ((row, shifted), &y) in logits
        .chunks_exact(classes)
        .zip(scratch.chunks_exact_mut(classes))
        .zip(labels)
    {
        // Selects, not branches: which class peaks is unpredictable from row to row.
        let (mut best, mut max) = (0, row[0]);
        for (j, &v) in row.iter().enumerate().skip(1) {
            let above = v > max;
            best = if above { j } else { best };
            max = if above { v } else { max };
        }
        correct += usize::from(best == usize::from(y));
        for (s, &z) in shifted.iter_mut().zip(row) {
            *s = z - max;
        }
        // A NaN or +inf logit makes some `z - max` NaN, and the NaN reaches the sum below.
        total += f64::from(max) - f64::from(row[usize::from(y)]);
    }
    // The one pass the compiler vectorises: no branches, no calls.
    for s in scratch.iter_mut() {
        *s = exp_nonpositive_f32(*s);
    }
    // Σ ln(s_r) = ln Π s_r: one logarithm per [`LN_GROUP`] rows. Each `s_r` lies in
    // [1, classes], so the product stays finite for any class count below 10^19.
    for group in scratch.chunks(LN_GROUP * classes.max(1)) {
        let product: f64 = group
            .chunks_exact(classes)
            .map(|shifted| f64::from(shifted.iter().sum::<f32>()))
            .product();
        total += ln_at_least_one(product);
    }
    (total, correct)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::cross_entropy;

    #[test]
    fn exp_and_ln_match_the_reference_to_rounding() {
        for i in 0..19_900 {
            let x = -(i as f32) * 0.00437;
            let (got, want) = (f64::from(exp_nonpositive_f32(x)), f64::from(x).exp());
            assert!(
                (got - want).abs() <= 3e-7 * want,
                "exp({x}): {got} vs {want}"
            );
        }
        assert_eq!(exp_nonpositive_f32(0.0), 1.0);
        assert!(exp_nonpositive_f32(-1000.0) < 2e-38);
        assert!(exp_nonpositive_f32(f32::NEG_INFINITY) < 2e-38);
        for i in 0..2000 {
            let x = 1.0 + i as f64 * 0.0137;
            let (got, want) = (ln_at_least_one(x), x.ln());
            assert!(
                (got - want).abs() <= 2e-15 * want.max(1.0),
                "ln({x}): {got} vs {want}"
            );
        }
    }

    #[test]
    fn agrees_with_the_training_loss() {
        let logits: Vec<f32> = (0..300)
            .map(|i| ((i * 37 % 101) as f32 - 50.0) / 7.0)
            .collect();
        let labels: Vec<u8> = (0..30).map(|i| (i * 7 % 10) as u8).collect();
        let mut scratch = Vec::new();
        let (sum, correct) = loss_and_correct(&logits, &labels, 10, &mut scratch);
        let want = cross_entropy(&logits, &labels, 10, None) * 30.0;
        assert!((sum - want).abs() < 1e-6 * want, "{sum} vs {want}");
        let mut preds = vec![0u8; 30];
        crate::nn::argmax_rows(&logits, 10, &mut preds);
        let right = preds.iter().zip(&labels).filter(|(p, y)| p == y).count();
        assert_eq!(correct, right);
        for bad in [f32::NAN, f32::INFINITY] {
            for logits in [[bad, 0.0], [0.0, bad]] {
                let (loss, _) = loss_and_correct(&logits, &[0], 2, &mut scratch);
                assert!(!loss.is_finite(), "{logits:?}");
            }
        }
        let (loss, _) = loss_and_correct(&[0.0, f32::NEG_INFINITY], &[0], 2, &mut scratch);
        assert_eq!(loss, 0.0);
        let (loss, _) = loss_and_correct(&[0.0, f32::NEG_INFINITY], &[1], 2, &mut scratch);
        assert_eq!(loss, f64::INFINITY);
    }

    #[test]
    fn far_below_the_maximum_a_class_adds_nothing() {
        let mut scratch = Vec::new();
        let (loss, correct) = loss_and_correct(&[50.0, -80.0, -900.0], &[0], 3, &mut scratch);
        assert_eq!(correct, 1);
        assert!(loss.abs() < 1e-30, "{loss}");
        let (loss, _) = loss_and_correct(&[50.0, -80.0, -900.0], &[2], 3, &mut scratch);
        assert_eq!(loss, 950.0);
    }
}
