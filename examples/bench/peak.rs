//! The machine's 128-bit SIMD floating-point ceilings, from chains of independent accumulators
//! long enough to hide every latency, so that only the issue rate of the vector units counts.
//!
//! - `fma`: `acc = acc·x + y` with `vfmadd` on 4-lane vectors: 8 flops per instruction, the
//!   peak a 128-bit multiply-add unit offers (wasm SIMD128's ceiling, were it to fuse).
//! - `mul_add`: `acc = acc + (x·y)` as a separate multiply and add, the two instructions the
//!   lab's bit-exact kernels issue per 4 products (neither wasm SIMD128 nor the default x86-64
//!   target has a fused multiply-add).

/// Independent accumulator chains: more than latency × issue width on current x86 cores.
const CHAINS: usize = 12;
/// Iterations of one timed run (a few milliseconds): short runs, many of them, so that the best
/// one is likely to have had the core to itself on a shared machine.
const ITERS: usize = 200_000;
const RUNS: usize = 30;

/// GFLOP/s of 128-bit fused multiply-add, or `None` where the CPU lacks FMA.
pub fn fma_gflops() -> Option<f64> {
    #[cfg(target_arch = "x86_64")]
    {
        if is_x86_feature_detected!("fma") {
            // SAFETY: the CPU supports FMA (checked just above).
            return Some(best_of(|| unsafe { x86::fma_chains(ITERS) }, 8));
        }
    }
    None
}

/// GFLOP/s of 128-bit multiply then add (two instructions per 4 products).
pub fn mul_add_gflops() -> Option<f64> {
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: SSE is part of the x86-64 baseline.
        return Some(best_of(|| unsafe { x86::mul_add_chains(ITERS) }, 8));
    }
    #[allow(unreachable_code)]
    None
}

/// Best rate over `RUNS` runs of `f`, which does `ITERS · CHAINS` vector operations of
/// `flops_per_op` flops each.
fn best_of(f: impl Fn() -> f32, flops_per_op: usize) -> f64 {
    (ITERS * CHAINS * flops_per_op) as f64 / super::best_seconds(RUNS, f) / 1e9
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::CHAINS;
    use std::arch::x86_64::*;

    #[target_feature(enable = "fma")]
    pub unsafe fn fma_chains(iters: usize) -> f32 {
        let x = _mm_set1_ps(std::hint::black_box(0.999_999));
        let y = _mm_set1_ps(std::hint::black_box(1e-7));
        let mut acc = [_mm_set1_ps(1.0); CHAINS];
        for _ in 0..iters {
            for a in &mut acc {
                *a = _mm_fmadd_ps(*a, x, y);
            }
        }
        reduce(&acc)
    }

    pub unsafe fn mul_add_chains(iters: usize) -> f32 {
        let mut x = _mm_set1_ps(std::hint::black_box(0.999_999));
        let ys: [__m128; CHAINS] =
            std::array::from_fn(|i| _mm_set1_ps(std::hint::black_box(1e-7 * i as f32)));
        let mut acc = [_mm_set1_ps(1.0); CHAINS];
        for _ in 0..iters {
            // An opaque x keeps LLVM from hoisting the products out of the loop; each product
            // is independent of its accumulator, as in a matrix product.
            std::arch::asm!("/* {0} */", inout(xmm_reg) x, options(nomem, nostack, preserves_flags));
            for (a, y) in acc.iter_mut().zip(&ys) {
                *a = _mm_add_ps(*a, _mm_mul_ps(x, *y));
            }
        }
        reduce(&acc)
    }

    unsafe fn reduce(acc: &[__m128; CHAINS]) -> f32 {
        let mut lanes = [0.0f32; 4];
        let mut sum = _mm_setzero_ps();
        for a in acc {
            sum = _mm_add_ps(sum, *a);
        }
        _mm_storeu_ps(lanes.as_mut_ptr(), sum);
        lanes.iter().sum()
    }
}
