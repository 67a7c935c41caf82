//! The most multiply + add work the kernels' own 4-lane vectors can issue: the ceiling of wasm
//! SIMD128 (which has no fused multiply-add) measured in the page itself, beside its kernels, and
//! natively with the same code (SSE there, as a check against `examples/bench`'s assembly loop).
//!
//! [`CHAINS`] accumulators each take `acc + x·y` per iteration, a product independent of its
//! accumulator as in a matrix product, with enough chains to hide the add's latency, so that only
//! the issue rate of the vector units counts. Each `y` is loaded from memory in every iteration,
//! as a kernel loads its packed panel: the loads use ports of their own, the accumulators and `x`
//! stay in registers (13 of the 16), and the memory is hidden from the optimiser
//! (`black_box`), which would otherwise hoist the loop-invariant products out of the loop.

use crate::kernels::lanes::{add, load, mul, splat, store, V};

/// Independent accumulator chains per iteration.
pub const CHAINS: usize = 12;
/// Floating-point operations per iteration: a 4-lane multiply and a 4-lane add per chain.
pub const PEAK_FLOPS_PER_ITER: usize = CHAINS * 4 * 2;

/// Runs `iters` iterations of the chains with factor `x`; returns the sum of the accumulators,
/// so the work cannot be dropped.
pub fn mul_add_chains(iters: usize, x: f32) -> f32 {
    let x = splat(x);
    let ys: [[f32; 4]; CHAINS] = core::array::from_fn(|i| [1.0 + i as f32 / 64.0; 4]);
    let mut acc: [V; CHAINS] = core::array::from_fn(|i| load(&ys[i]));
    for _ in 0..iters {
        for (a, y) in acc.iter_mut().zip(core::hint::black_box(&ys)) {
            *a = add(*a, mul(x, load(y)));
        }
    }
    let mut sum = splat(0.0);
    for a in acc {
        sum = add(sum, a);
    }
    let mut lanes = [0.0f32; 4];
    store(sum, &mut lanes);
    lanes.iter().sum()
}

/// [`mul_add_chains`] with scalar loops, one lane per chain (all four lanes are equal): the
/// reference the vector loop must match, natively and in wasm.
pub fn mul_add_chains_reference(iters: usize, x: f32) -> f32 {
    (0..CHAINS)
        .map(|i| {
            let y = 1.0 + i as f32 / 64.0;
            let mut acc = y;
            for _ in 0..iters {
                acc += x * y;
            }
            4.0 * acc
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_chain_adds_x_times_its_y_per_iteration() {
        let x = 2.0f32.powi(-10);
        let (got, want) = (mul_add_chains(3, x), mul_add_chains_reference(3, x));
        assert!((got - want).abs() <= want * 1e-6, "{got} vs {want}");
        assert_eq!(PEAK_FLOPS_PER_ITER, 96);
    }
}
