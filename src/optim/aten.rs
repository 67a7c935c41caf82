//! ATen's CPU float32 kernels, one element at a time, so that each optimizer reads like its
//! PyTorch source and rounds exactly as PyTorch does.
//!
//! A Python float passed to a tensor op (`alpha=-lr`, `value=1 - beta2`) is cast to `f32`
//! before the kernel runs ([`scalar`]). ATen's CPU kernels are compiled with FMA contraction
//! and its vectorized `add`/`lerp` call `fmadd`, so `add`, `addcmul` and `lerp` round once, not
//! twice; this was checked element by element against torch 2.15 on both the vectorized and the
//! scalar tail paths. Every function here is one PyTorch op; callers chain them in PyTorch's
//! order and store an `f32` between ops, as PyTorch writes each op's result to a tensor.

/// The `f32` a float kernel sees for a Python float argument.
#[inline]
pub(super) fn scalar(x: f64) -> f32 {
    x as f32
}

/// `input.add(other, alpha=alpha)`: `input + alpha * other`, rounded once.
#[inline]
pub(super) fn add(input: f32, other: f32, alpha: f32) -> f32 {
    other.mul_add(alpha, input)
}

/// `input.addcmul(t1, t2, value=value)`: `input + (value * t1) * t2`, the last two ops fused.
#[inline]
pub(super) fn addcmul(input: f32, t1: f32, t2: f32, value: f32) -> f32 {
    (value * t1).mul_add(t2, input)
}

/// `input.addcdiv(t1, t2, value=value)`: `input + (value * t1) / t2`.
#[inline]
pub(super) fn addcdiv(input: f32, t1: f32, t2: f32, value: f32) -> f32 {
    input + value * t1 / t2
}

/// `start.lerp(end, weight)`: ATen picks the formula that is exact at its nearer endpoint.
#[inline]
pub(super) fn lerp(start: f32, end: f32, weight: f32) -> f32 {
    if weight.abs() < 0.5 {
        weight.mul_add(end - start, start)
    } else {
        (weight - 1.0).mul_add(end - start, end)
    }
}

/// `torch.maximum(a, b)`: unlike `f32::max`, a NaN in either operand propagates.
#[inline]
pub(super) fn maximum(a: f32, b: f32) -> f32 {
    if a.is_nan() || b.is_nan() {
        f32::NAN
    } else {
        a.max(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_rounds_once() {
        // x*x = 1 + 2^-22 + 2^-46: the 2^-46 survives only if the product is not rounded first.
        let x = 1.0 + f32::EPSILON;
        let c = -(1.0 + 2.0 * f32::EPSILON);
        assert_eq!(add(c, x, x), f32::EPSILON * f32::EPSILON);
        assert_eq!(c + x * x, 0.0);
        assert_eq!(addcmul(c, x, x, 1.0), f32::EPSILON * f32::EPSILON);
    }

    #[test]
    fn lerp_is_exact_at_both_ends() {
        let (a, b) = (0.3_f32, -7.9_f32);
        assert_eq!(lerp(a, b, 0.0), a);
        assert_eq!(lerp(a, b, 1.0), b);
        assert!((lerp(a, b, 0.25) - (a + 0.25 * (b - a))).abs() < 1e-6);
        assert!((lerp(a, b, 0.75) - (a + 0.75 * (b - a))).abs() < 1e-6);
    }

    #[test]
    fn addcmul_and_addcdiv_follow_their_formulas() {
        assert_eq!(addcmul(1.0, 2.0, 3.0, 0.5), 4.0);
        assert_eq!(addcdiv(1.0, 3.0, 4.0, 2.0), 2.5);
    }

    #[test]
    fn maximum_propagates_nan() {
        assert!(maximum(f32::NAN, 1.0).is_nan());
        assert!(maximum(1.0, f32::NAN).is_nan());
        assert_eq!(maximum(1.0, 2.0), 2.0);
    }

    #[test]
    fn python_floats_become_nearest_f32() {
        assert_eq!(scalar(0.1), 0.1_f32);
        assert_eq!(scalar(1.0 - 0.9), 0.1_f32);
        assert_eq!(scalar(1e300), f32::INFINITY);
    }
}
