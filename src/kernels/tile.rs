//! The micro-kernel: one `MR x NR` tile of `C` from a packed `A` panel (`[p][row]`) and a
//! packed `B` panel (`[p][col]`), written with explicit 4-lane vectors where the target has
//! them (wasm SIMD128, x86-64 SSE) and as plain loops elsewhere.
//!
//! Every lane computes `acc += a·b` as a separate multiply then add, in increasing `p`, exactly
//! what the portable loop does: the explicit and the portable kernel give the same bits (the
//! tests check it), so native and wasm runs agree. Neither target's baseline has a fused
//! multiply-add, and fusing would change the rounding.

/// Rows of `C` per tile. 2 x 16 keeps 8 accumulator vectors, 4 `B` vectors and one broadcast
/// live: 13 of the 16 SSE registers, and what V8 allocates without spilling.
pub const MR: usize = 2;
/// Columns of `C` per tile: four 4-lane vectors.
pub const NR: usize = 16;

/// The tile `Σ_p a[p] ⊗ b[p]` over one pair of packed panels of equal depth.
#[inline(always)]
pub fn micro_kernel(a_panel: &[f32], b_panel: &[f32]) -> [[f32; NR]; MR] {
    #[cfg(any(
        all(target_arch = "wasm32", target_feature = "simd128"),
        target_arch = "x86_64"
    ))]
    {
        vector::micro_kernel(a_panel, b_panel)
    }
    #[cfg(not(any(
        all(target_arch = "wasm32", target_feature = "simd128"),
        target_arch = "x86_64"
    )))]
    {
        portable(a_panel, b_panel)
    }
}

/// The same tile with scalar loops (LLVM vectorises them where it can): the reference the
/// explicit kernel must match bit for bit, and the kernel on other targets.
#[cfg_attr(
    any(
        all(target_arch = "wasm32", target_feature = "simd128"),
        target_arch = "x86_64"
    ),
    allow(dead_code)
)]
pub fn portable(a_panel: &[f32], b_panel: &[f32]) -> [[f32; NR]; MR] {
    let mut acc = [[0.0f32; NR]; MR];
    let (a_rows, _) = a_panel.as_chunks::<MR>();
    let (b_rows, _) = b_panel.as_chunks::<NR>();
    for (av, bv) in a_rows.iter().zip(b_rows) {
        for (row, &x) in acc.iter_mut().zip(av) {
            for (c, &y) in row.iter_mut().zip(bv) {
                *c += x * y;
            }
        }
    }
    acc
}

#[cfg(any(
    all(target_arch = "wasm32", target_feature = "simd128"),
    target_arch = "x86_64"
))]
mod vector {
    use super::{MR, NR};

    use crate::kernels::lanes::*;

    const VN: usize = NR / 4;

    #[inline(always)]
    pub fn micro_kernel(a_panel: &[f32], b_panel: &[f32]) -> [[f32; NR]; MR] {
        let mut acc = [[zero(); VN]; MR];
        let (a_rows, _) = a_panel.as_chunks::<MR>();
        let (b_rows, _) = b_panel.as_chunks::<NR>();
        for (av, bv) in a_rows.iter().zip(b_rows) {
            let (b4, _) = bv.as_chunks::<4>();
            let b: [V; VN] = core::array::from_fn(|j| load(&b4[j]));
            for (row, &x) in acc.iter_mut().zip(av) {
                let x = splat(x);
                for (c, &y) in row.iter_mut().zip(&b) {
                    *c = mul_add(*c, x, y);
                }
            }
        }
        let mut out = [[0.0f32; NR]; MR];
        for (dst, src) in out.iter_mut().zip(&acc) {
            let (d4, _) = dst.as_chunks_mut::<4>();
            for (d, &v) in d4.iter_mut().zip(src) {
                store(v, d);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(len: usize, salt: u32) -> Vec<f32> {
        (0..len as u32)
            .map(|i| {
                let h = i.wrapping_mul(2_654_435_761) ^ salt.wrapping_mul(0x9e37_79b9);
                (h >> 8) as f32 / (1u32 << 23) as f32 - 1.0
            })
            .collect()
    }

    #[test]
    fn kernel_matches_the_portable_loop_bit_for_bit() {
        for depth in [1, 2, 3, 17, 256] {
            let a = values(depth * MR, 1 + depth as u32);
            let b = values(depth * NR, 2 + depth as u32);
            let got = micro_kernel(&a, &b);
            let want = portable(&a, &b);
            for (g, w) in got.iter().flatten().zip(want.iter().flatten()) {
                assert_eq!(g.to_bits(), w.to_bits(), "depth {depth}");
            }
        }
    }

    #[test]
    fn portable_loop_is_the_plain_sum_of_products() {
        let depth = 5;
        let a = values(depth * MR, 7);
        let b = values(depth * NR, 8);
        let tile = portable(&a, &b);
        for (i, row) in tile.iter().enumerate() {
            for (j, &c) in row.iter().enumerate() {
                let mut want = 0.0f32;
                for p in 0..depth {
                    want += a[p * MR + i] * b[p * NR + j];
                }
                assert_eq!(c.to_bits(), want.to_bits(), "({i}, {j})");
            }
        }
    }
}
