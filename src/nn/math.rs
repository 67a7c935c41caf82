//! `exp`, `ln`, `tanh` and the logistic function from `f64` additions, multiplications and
//! divisions only.
//!
//! Why not `f32::exp`: the standard library calls the platform's libm (glibc natively, a musl
//! port on wasm), and those may differ in the last bit. One differing bit early in training
//! changes every later number, and the lab promises that a seed gives the same curves natively
//! and in the browser. IEEE 754 basic operations are exactly rounded everywhere, so these are
//! bit-identical on every target, and accurate to well under one `f32` ulp.

use std::f64::consts::{LN_2, LOG2_E, SQRT_2};

/// `e^x` for `x` in roughly `[-745, 709]`; `+inf` above, `0` below, `NaN` for `NaN`.
pub fn exp64(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > 709.0 {
        return f64::INFINITY;
    }
    if x < -708.0 {
        return 0.0;
    }
    // x = n ln2 + r with |r| <= ln2/2; e^r by its Taylor series (13 terms: error < 1e-17).
    // ln2 split in two (Cody and Waite) so that n * LN2_HI is exact and r keeps full precision.
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    let n = (x * LOG2_E + 0.5).floor();
    let r = (x - n * LN2_HI) - n * LN2_LO;
    let mut p = 1.0;
    for k in (1..=13).rev() {
        p = 1.0 + p * r / f64::from(k);
    }
    // n is within [-1022, 1023] here, so 2^n is a normal f64 built from its exponent bits.
    p * f64::from_bits(((n as i64 + 1023) as u64) << 52)
}

/// Natural logarithm of a positive, finite, normal `x`; `NaN` otherwise (callers only pass sums
/// of exponentials that are at least 1).
pub fn ln64(x: f64) -> f64 {
    if !(x.is_finite() && x >= f64::MIN_POSITIVE) {
        return if x == f64::INFINITY { x } else { f64::NAN };
    }
    let bits = x.to_bits();
    let mut e = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut m = f64::from_bits((bits & ((1u64 << 52) - 1)) | (1023u64 << 52));
    if m > SQRT_2 {
        m /= 2.0;
        e += 1;
    }
    // ln m = 2 atanh(s), s = (m-1)/(m+1), |s| <= 0.172: the odd series converges fast.
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut sum = 0.0;
    for k in (0..=11).rev() {
        sum = 1.0 / f64::from(2 * k + 1) + s2 * sum;
    }
    e as f64 * LN_2 + 2.0 * s * sum
}

/// `e^x` rounded to `f32`.
pub fn exp(x: f32) -> f32 {
    exp64(f64::from(x)) as f32
}

/// `tanh(x)` rounded to `f32`.
pub fn tanh(x: f32) -> f32 {
    if x.is_nan() {
        return x;
    }
    let a = f64::from(x).abs();
    let t = exp64(-2.0 * a);
    let y = (1.0 - t) / (1.0 + t);
    (if x < 0.0 { -y } else { y }) as f32
}

/// The logistic function `1 / (1 + e^-x)` rounded to `f32`.
pub fn sigmoid(x: f32) -> f32 {
    (1.0 / (1.0 + exp64(-f64::from(x)))) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ulps(a: f32, b: f32) -> u32 {
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs() as u32
    }

    fn grid() -> impl Iterator<Item = f32> {
        (-4000..=4000).map(|i| i as f32 * 0.0221)
    }

    #[test]
    fn exp_agrees_with_std_within_one_ulp() {
        for x in grid() {
            assert!(
                ulps(exp(x), x.exp()) <= 1,
                "exp({x}) = {} vs {}",
                exp(x),
                x.exp()
            );
        }
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(100.0), f32::INFINITY);
        assert_eq!(exp(-200.0), 0.0);
        assert!(exp(f32::NAN).is_nan());
    }

    #[test]
    fn exp64_is_accurate_in_f64() {
        for i in -690..=690 {
            let x = f64::from(i) * 1.013;
            let rel = (exp64(x) - x.exp()).abs() / x.exp();
            assert!(rel < 4e-16, "exp64({x}): rel error {rel}");
        }
    }

    #[test]
    fn ln64_is_accurate_and_inverts_exp() {
        for i in 0..2000 {
            let x = 1.0 + f64::from(i) * 0.731;
            assert!(
                (ln64(x) - x.ln()).abs() <= 4e-16 * x.ln().abs().max(1.0),
                "ln64({x})"
            );
        }
        assert_eq!(ln64(1.0), 0.0);
        assert!((ln64(std::f64::consts::E) - 1.0).abs() < 1e-16);
        assert!(ln64(0.0).is_nan() && ln64(-1.0).is_nan());
        assert_eq!(ln64(f64::INFINITY), f64::INFINITY);
    }

    #[test]
    fn tanh_and_sigmoid_agree_with_std() {
        for x in grid() {
            // Against f64 rounded to f32: glibc's tanhf itself is off by several ulps at places.
            let want = f64::from(x).tanh() as f32;
            assert!(
                ulps(tanh(x), want) <= 1,
                "tanh({x}) = {} vs {want}",
                tanh(x)
            );
            let want = 1.0 / (1.0 + (-f64::from(x)).exp());
            assert!(ulps(sigmoid(x), want as f32) <= 1, "sigmoid({x})");
        }
        assert_eq!(tanh(-0.0), 0.0);
        assert_eq!(tanh(30.0), 1.0);
        assert_eq!(tanh(-30.0), -1.0);
        assert_eq!(sigmoid(-200.0), 0.0);
        assert_eq!(sigmoid(200.0), 1.0);
    }
}
