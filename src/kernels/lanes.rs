//! Four `f32` lanes with the handful of operations the hand-written kernels need, on the
//! target's own vectors where it has them (wasm SIMD128, x86-64 SSE) and as plain arrays
//! elsewhere; and two `f64` lanes (`W`) for sums kept in double precision. Every operation is
//! the IEEE one per lane (multiply then add, no fusing), so all three give the same bits.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    pub use core::arch::wasm32::v128 as V;
    use core::arch::wasm32::*;

    #[inline(always)]
    pub fn zero() -> V {
        f32x4_splat(0.0)
    }
    #[inline(always)]
    pub fn splat(x: f32) -> V {
        f32x4_splat(x)
    }
    #[inline(always)]
    pub fn load(s: &[f32; 4]) -> V {
        // SAFETY: `s` is 4 readable floats; v128_load has no alignment requirement.
        unsafe { v128_load(s.as_ptr().cast()) }
    }
    #[inline(always)]
    pub fn store(v: V, out: &mut [f32; 4]) {
        // SAFETY: `out` is 4 writable floats; v128_store has no alignment requirement.
        unsafe { v128_store(out.as_mut_ptr().cast(), v) }
    }
    #[inline(always)]
    pub fn add(a: V, b: V) -> V {
        f32x4_add(a, b)
    }
    #[inline(always)]
    pub fn mul(a: V, b: V) -> V {
        f32x4_mul(a, b)
    }
    #[inline(always)]
    pub fn relu(x: V) -> V {
        // pmax(0, x) = 0 < x ? x : 0, so NaN and -0 give 0, as `f32::max(x, 0.0)` may.
        f32x4_pmax(f32x4_splat(0.0), x)
    }
    #[inline(always)]
    pub fn transpose4([r0, r1, r2, r3]: [V; 4]) -> [V; 4] {
        let t0 = i32x4_shuffle::<0, 4, 1, 5>(r0, r1);
        let t1 = i32x4_shuffle::<0, 4, 1, 5>(r2, r3);
        let t2 = i32x4_shuffle::<2, 6, 3, 7>(r0, r1);
        let t3 = i32x4_shuffle::<2, 6, 3, 7>(r2, r3);
        [
            i64x2_shuffle::<0, 2>(t0, t1),
            i64x2_shuffle::<1, 3>(t0, t1),
            i64x2_shuffle::<0, 2>(t2, t3),
            i64x2_shuffle::<1, 3>(t2, t3),
        ]
    }

    /// Two `f64` lanes.
    pub type W = v128;
    #[inline(always)]
    pub fn zero_f64() -> W {
        f64x2_splat(0.0)
    }
    #[inline(always)]
    pub fn widen(v: V) -> [W; 2] {
        [
            f64x2_promote_low_f32x4(v),
            f64x2_promote_low_f32x4(i64x2_shuffle::<1, 1>(v, v)),
        ]
    }
    #[inline(always)]
    pub fn add_f64(a: W, b: W) -> W {
        f64x2_add(a, b)
    }
    #[inline(always)]
    pub fn sub_f64(a: W, b: W) -> W {
        f64x2_sub(a, b)
    }
    #[inline(always)]
    pub fn mul_f64(a: W, b: W) -> W {
        f64x2_mul(a, b)
    }
    #[inline(always)]
    pub fn lanes_f64(w: W) -> [f64; 2] {
        [f64x2_extract_lane::<0>(w), f64x2_extract_lane::<1>(w)]
    }
}

#[cfg(target_arch = "x86_64")]
mod imp {
    pub use core::arch::x86_64::__m128 as V;
    use core::arch::x86_64::*;

    // SAFETY (every function): SSE and SSE2 are part of the x86-64 baseline, and the loads and
    // stores touch exactly the floats of the array given, unaligned.
    #[inline(always)]
    pub fn zero() -> V {
        unsafe { _mm_setzero_ps() }
    }
    #[inline(always)]
    pub fn splat(x: f32) -> V {
        unsafe { _mm_set1_ps(x) }
    }
    #[inline(always)]
    pub fn load(s: &[f32; 4]) -> V {
        unsafe { _mm_loadu_ps(s.as_ptr()) }
    }
    #[inline(always)]
    pub fn store(v: V, out: &mut [f32; 4]) {
        unsafe { _mm_storeu_ps(out.as_mut_ptr(), v) }
    }
    #[inline(always)]
    pub fn add(a: V, b: V) -> V {
        unsafe { _mm_add_ps(a, b) }
    }
    #[inline(always)]
    pub fn mul(a: V, b: V) -> V {
        unsafe { _mm_mul_ps(a, b) }
    }
    #[inline(always)]
    pub fn relu(x: V) -> V {
        // maxps(x, 0) = x > 0 ? x : 0, so NaN and -0 give 0.
        unsafe { _mm_max_ps(x, _mm_setzero_ps()) }
    }
    #[inline(always)]
    pub fn transpose4([r0, r1, r2, r3]: [V; 4]) -> [V; 4] {
        // _MM_TRANSPOSE4_PS.
        unsafe {
            let t0 = _mm_unpacklo_ps(r0, r1);
            let t1 = _mm_unpacklo_ps(r2, r3);
            let t2 = _mm_unpackhi_ps(r0, r1);
            let t3 = _mm_unpackhi_ps(r2, r3);
            [
                _mm_movelh_ps(t0, t1),
                _mm_movehl_ps(t1, t0),
                _mm_movelh_ps(t2, t3),
                _mm_movehl_ps(t3, t2),
            ]
        }
    }

    /// Two `f64` lanes.
    pub type W = __m128d;
    #[inline(always)]
    pub fn zero_f64() -> W {
        unsafe { _mm_setzero_pd() }
    }
    #[inline(always)]
    pub fn widen(v: V) -> [W; 2] {
        unsafe { [_mm_cvtps_pd(v), _mm_cvtps_pd(_mm_movehl_ps(v, v))] }
    }
    #[inline(always)]
    pub fn add_f64(a: W, b: W) -> W {
        unsafe { _mm_add_pd(a, b) }
    }
    #[inline(always)]
    pub fn sub_f64(a: W, b: W) -> W {
        unsafe { _mm_sub_pd(a, b) }
    }
    #[inline(always)]
    pub fn mul_f64(a: W, b: W) -> W {
        unsafe { _mm_mul_pd(a, b) }
    }
    #[inline(always)]
    pub fn lanes_f64(w: W) -> [f64; 2] {
        let mut out = [0.0; 2];
        unsafe { _mm_storeu_pd(out.as_mut_ptr(), w) };
        out
    }
}

#[cfg(not(any(
    all(target_arch = "wasm32", target_feature = "simd128"),
    target_arch = "x86_64"
)))]
mod imp {
    /// Four lanes as an array (the compiler vectorises where it can).
    pub type V = [f32; 4];

    #[inline(always)]
    pub fn zero() -> V {
        [0.0; 4]
    }
    #[inline(always)]
    pub fn splat(x: f32) -> V {
        [x; 4]
    }
    #[inline(always)]
    pub fn load(s: &[f32; 4]) -> V {
        *s
    }
    #[inline(always)]
    pub fn store(v: V, out: &mut [f32; 4]) {
        *out = v;
    }
    #[inline(always)]
    pub fn add(a: V, b: V) -> V {
        core::array::from_fn(|i| a[i] + b[i])
    }
    #[inline(always)]
    pub fn mul(a: V, b: V) -> V {
        core::array::from_fn(|i| a[i] * b[i])
    }
    #[inline(always)]
    pub fn relu(x: V) -> V {
        x.map(|v| if v > 0.0 { v } else { 0.0 })
    }
    #[inline(always)]
    pub fn transpose4(rows: [V; 4]) -> [V; 4] {
        core::array::from_fn(|c| core::array::from_fn(|r| rows[r][c]))
    }

    /// Two `f64` lanes.
    pub type W = [f64; 2];
    #[inline(always)]
    pub fn zero_f64() -> W {
        [0.0; 2]
    }
    #[inline(always)]
    pub fn widen(v: V) -> [W; 2] {
        [[v[0].into(), v[1].into()], [v[2].into(), v[3].into()]]
    }
    #[inline(always)]
    pub fn add_f64(a: W, b: W) -> W {
        [a[0] + b[0], a[1] + b[1]]
    }
    #[inline(always)]
    pub fn sub_f64(a: W, b: W) -> W {
        [a[0] - b[0], a[1] - b[1]]
    }
    #[inline(always)]
    pub fn mul_f64(a: W, b: W) -> W {
        [a[0] * b[0], a[1] * b[1]]
    }
    #[inline(always)]
    pub fn lanes_f64(w: W) -> [f64; 2] {
        w
    }
}

pub use imp::*;

/// `acc + a·b` per lane, rounded after the multiply and after the add.
#[inline(always)]
pub fn mul_add(acc: V, a: V, b: V) -> V {
    add(acc, mul(a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_are_ieee_single_precision() {
        let a = [1.5f32, -2.0, 1e-30, 3.0e38];
        let b = [0.1f32, 7.0, 1e-30, 10.0];
        let mut out = [0.0f32; 4];
        store(mul_add(splat(1.0), load(&a), load(&b)), &mut out);
        for i in 0..4 {
            assert_eq!(out[i].to_bits(), (1.0 + a[i] * b[i]).to_bits(), "lane {i}");
        }
        store(add(zero(), load(&a)), &mut out);
        assert_eq!(out, a);
        store(relu(load(&[-1.0, f32::NAN, -0.0, 2.5])), &mut out);
        assert_eq!(
            out.map(f32::to_bits),
            [0.0f32, 0.0, 0.0, 2.5].map(f32::to_bits)
        );
    }

    #[test]
    fn transpose4_swaps_rows_and_columns() {
        let rows: [[f32; 4]; 4] =
            core::array::from_fn(|r| core::array::from_fn(|c| (r * 4 + c) as f32));
        let cols = transpose4(rows.map(|r| load(&r)));
        for (c, v) in cols.into_iter().enumerate() {
            let mut out = [0.0f32; 4];
            store(v, &mut out);
            assert_eq!(out, core::array::from_fn(|r| rows[r][c]), "column {c}");
        }
    }
}
