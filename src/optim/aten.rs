//! ATen's CPU float32 kernels, one element at a time, so that each optimizer reads like its
//! PyTorch source and rounds exactly as PyTorch does.
//!
//! A Python float passed to a tensor op (`alpha=-lr`, `value=1 - beta2`) is cast to `f32`
//! before the kernel runs ([`scalar`]). ATen's CPU kernels are compiled with FMA contraction
//! and its vectorized `add`/`lerp` call `fmadd`, so `add`, `addcmul` and `lerp` round once, not
//! twice; this was checked element by element against torch 2.15 on both the vectorized and the
//! scalar tail paths. Every function here is one PyTorch op; callers chain them in PyTorch's
//! order and store an `f32` between ops, as PyTorch writes each op's result to a tensor.

/// `a * b + c` rounded once, as a hardware FMA computes it.
///
/// `f32::mul_add` is a libm call on targets without FMA (x86-64's baseline, wasm32), ~9 ns
/// natively. Here the product is exact in `f64` and the sum is rounded once to `f64`; that
/// `f64` then rounds to the correctly rounded `f32` unless it lies exactly halfway between two
/// `f32`s (the first rounding may have created the tie) or in `f32`'s subnormal range (fewer
/// bits survive). Those rare cases take `mul_add`, so the result is always exact and the
/// same on every target.
#[inline]
pub(super) fn fma(a: f32, b: f32, c: f32) -> f32 {
    let sum = f64::from(a) * f64::from(b) + f64::from(c);
    if rounds_directly(sum) {
        sum as f32
    } else {
        a.mul_add(b, c)
    }
}

/// The `f32` a float kernel sees for a Python float argument.
#[inline]
pub(super) fn scalar(x: f64) -> f32 {
    x as f32
}

/// `input.add(other, alpha=alpha)`: `input + alpha * other`, rounded once.
#[inline]
pub(super) fn add(input: f32, other: f32, alpha: f32) -> f32 {
    fma(other, alpha, input)
}

/// [`add`] over whole slices, `input[i] = add(input[i], other[i], alpha)`, with the same bits:
/// in blocks whose fast path (see [`fma`]) has no branch, so the compiler vectorises it; a
/// block holding one of the rare ties or subnormals is redone element by element.
pub(super) fn add_slices(input: &mut [f32], other: &[f32], alpha: f32) {
    const BLOCK: usize = 16;
    let mut inputs = input.chunks_exact_mut(BLOCK);
    let mut others = other.chunks_exact(BLOCK);
    for (ins, oth) in (&mut inputs).zip(&mut others) {
        let mut sums = [0.0f64; BLOCK];
        let mut fast = true;
        for ((sum, &x), &y) in sums.iter_mut().zip(ins.iter()).zip(oth) {
            *sum = f64::from(y) * f64::from(alpha) + f64::from(x);
            fast &= rounds_directly(*sum);
        }
        if fast {
            for (x, sum) in ins.iter_mut().zip(sums) {
                *x = sum as f32;
            }
        } else {
            for (x, &y) in ins.iter_mut().zip(oth) {
                *x = add(*x, y, alpha);
            }
        }
    }
    for (x, &y) in inputs.into_remainder().iter_mut().zip(others.remainder()) {
        *x = add(*x, y, alpha);
    }
}

/// Whether an exact-product `f64` sum rounds to the correctly rounded `f32` by a plain cast
/// (see [`fma`]); written with non-short-circuit operators so that it stays branch-free.
#[inline(always)]
fn rounds_directly(sum: f64) -> bool {
    // The 29 bits an f64 loses on the way to f32, exactly halfway: 1 then 28 zeros. They are
    // all in the low word, and a 32-bit compare vectorises on SSE2 (a 64-bit one does not).
    let tie = (sum.to_bits() as u32) & 0x1fff_ffff == 0x1000_0000;
    let normal = sum.abs() >= f64::from(f32::MIN_POSITIVE);
    (normal & !tie) | (sum == 0.0)
}

/// `input.addcmul(t1, t2, value=value)`: `input + (value * t1) * t2`, the last two ops fused.
#[inline]
pub(super) fn addcmul(input: f32, t1: f32, t2: f32, value: f32) -> f32 {
    fma(value * t1, t2, input)
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
        fma(weight, end - start, start)
    } else {
        fma(weight - 1.0, end - start, end)
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
    fn fma_fixes_the_ties_that_double_rounding_creates() {
        // a·b = 2^-24 − 2^-70, so the sum rounds in f64 to the tie 1 + 3·2^-24 and a naive
        // second rounding goes to the even 1 + 2^-22; the exact sum is below the tie.
        let a = (1.0 + f32::EPSILON) / 4096.0;
        let b = (1.0 - f32::EPSILON) / 4096.0;
        let c = 1.0 + f32::EPSILON;
        let naive = (f64::from(a) * f64::from(b) + f64::from(c)) as f32;
        assert_eq!(naive, 1.0 + 2.0 * f32::EPSILON);
        assert_eq!(fma(a, b, c), c);
        assert_eq!(a.mul_add(b, c), c);
    }

    #[test]
    fn fma_agrees_with_libm_everywhere() {
        // xorshift over raw bit patterns: every exponent, subnormals, infinities and NaNs,
        // plus operands drawn near 1 where ties are likely.
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for i in 0..200_000 {
            let r = next();
            let (a, b, c) = if i % 2 == 0 {
                let bits = |x: u64| f32::from_bits(x as u32);
                (bits(r), bits(r >> 32), bits(next()))
            } else {
                let near = |x: u64| 1.0 + (x & 0xfff) as f32 * f32::EPSILON;
                (
                    near(r),
                    near(r >> 16),
                    -near(r >> 32) - (r >> 48 & 3) as f32,
                )
            };
            let (got, want) = (fma(a, b, c), a.mul_add(b, c));
            assert!(
                got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
                "fma({a:e}, {b:e}, {c:e}) = {got:e}, libm {want:e}"
            );
        }
        let tiny = f32::from_bits(1);
        assert_eq!(
            fma(tiny, 0.5, tiny).to_bits(),
            tiny.mul_add(0.5, tiny).to_bits()
        );
        assert_eq!(fma(-0.0, 1.0, -0.0).to_bits(), (-0.0_f32).to_bits());
        assert_eq!(fma(f32::MAX, 2.0, 0.0), f32::INFINITY);
    }

    #[test]
    fn add_slices_is_add_element_by_element() {
        // Values near 1 with a small alpha make double-rounding ties likely; raw bit patterns
        // bring subnormals, infinities and NaNs; 1,000 + 7 values leave a ragged tail.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..200 {
            let len = 1_007;
            let (mut input, mut other) = (Vec::with_capacity(len), Vec::with_capacity(len));
            for _ in 0..len {
                let r = next();
                if round % 2 == 0 {
                    input.push(1.0 + (r & 0xfff) as f32 * f32::EPSILON);
                    other.push(1.0 - (r >> 16 & 0xfff) as f32 * f32::EPSILON);
                } else {
                    input.push(f32::from_bits(r as u32));
                    other.push(f32::from_bits((r >> 32) as u32));
                }
            }
            let alpha = if round % 2 == 0 {
                (1.0 + f32::EPSILON) / 4096.0
            } else {
                -0.01
            };
            let want: Vec<f32> = input
                .iter()
                .zip(&other)
                .map(|(&x, &y)| add(x, y, alpha))
                .collect();
            add_slices(&mut input, &other, alpha);
            for (i, (g, w)) in input.iter().zip(&want).enumerate() {
                assert!(
                    g.to_bits() == w.to_bits() || (g.is_nan() && w.is_nan()),
                    "round {round}, element {i}: {g:e} vs {w:e}"
                );
            }
        }
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
