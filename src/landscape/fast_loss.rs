//! Softmax cross-entropy for the landscape grid, where it would otherwise dominate: a grid
//! point costs ~20,000 exponentials (2,000 samples x 10 classes) against ~1.3 million
//! multiply-adds of the narrow later layers, and [`crate::nn::math::exp64`] spends thirteen
//! dependent divisions on each.
//!
//! Here the same Cody–Waite range reduction is followed by a degree-13 Taylor polynomial with
//! precomputed coefficients (multiplications only; truncation error below 1e-17 on
//! `|r| <= ln2/2`), and the logarithm by the same atanh series with precomputed reciprocals.
//! Built from IEEE basic operations, it gives the same bits on every target, and agrees with
//! the training loss to ~1e-15 relative (each exponential is rounded to `f32` as there): a
//! grid value is the model's loss to 12+ digits.

use std::f64::consts::{LN_2, LOG2_E, SQRT_2};

/// `1/k!` for `k = 0..=13`.
const INV_FACT: [f64; 14] = {
    let mut c = [1.0f64; 14];
    let mut k = 1;
    while k < 14 {
        c[k] = c[k - 1] / k as f64;
        k += 1;
    }
    c
};

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

/// `e^x` for `x <= 0` (a logit minus the row's maximum); 0 below −708.
fn exp_nonpositive(x: f64) -> f64 {
    if x < -708.0 || x.is_nan() {
        return if x.is_nan() { x } else { 0.0 };
    }
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    let n = (x * LOG2_E + 0.5).floor();
    let r = (x - n * LN2_HI) - n * LN2_LO;
    let mut p = INV_FACT[13];
    for &c in INV_FACT[..13].iter().rev() {
        p = c + p * r;
    }
    p * f64::from_bits(((n as i64 + 1023) as u64) << 52)
}

/// `ln x` for a finite `x >= 1` (a sum of exponentials whose largest term is 1).
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
/// many rows peak at their label (first maximum on ties, as `torch.argmax`). A non-finite logit
/// gives a non-finite sum.
pub(crate) fn loss_and_correct(logits: &[f32], labels: &[u8], classes: usize) -> (f64, usize) {
    let (mut total, mut correct) = (0.0f64, 0usize);
    for (row, &y) in logits.chunks_exact(classes).zip(labels) {
        let mut best = 0;
        for (j, &v) in row.iter().enumerate() {
            if v > row[best] {
                best = j;
            }
        }
        correct += usize::from(best == usize::from(y));
        let max = row[best];
        // Rounded as the training loss rounds them (f32 difference, f32 exponential), so the
        // two agree to the last few bits rather than to f32 precision.
        let sum: f64 = row
            .iter()
            .map(|&z| f64::from(exp_nonpositive(f64::from(z - max)) as f32))
            .sum();
        let z_y = row.get(usize::from(y)).copied().unwrap_or(f32::NAN);
        total += f64::from(max) + ln_at_least_one(sum) - f64::from(z_y);
    }
    (total, correct)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::cross_entropy;

    #[test]
    fn exp_and_ln_match_the_reference_to_rounding() {
        for i in 0..2000 {
            let x = -(i as f64) * 0.0173;
            let (got, want) = (exp_nonpositive(x), x.exp());
            assert!(
                (got - want).abs() <= 2e-15 * want,
                "exp({x}): {got} vs {want}"
            );
        }
        assert_eq!(exp_nonpositive(-800.0), 0.0);
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
        let (sum, correct) = loss_and_correct(&logits, &labels, 10);
        let want = cross_entropy(&logits, &labels, 10, None) * 30.0;
        assert!((sum - want).abs() < 1e-12 * want, "{sum} vs {want}");
        let mut preds = vec![0u8; 30];
        crate::nn::argmax_rows(&logits, 10, &mut preds);
        let right = preds.iter().zip(&labels).filter(|(p, y)| p == y).count();
        assert_eq!(correct, right);
        let (nan, _) = loss_and_correct(&[f32::NAN, 0.0], &[0], 2);
        assert!(nan.is_nan());
    }
}
