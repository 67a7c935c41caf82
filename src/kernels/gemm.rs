//! General matrix multiply in the BLIS style: the operands are copied ("packed") block by block
//! into small contiguous panels on the stack, and one register-blocked micro-kernel computes an
//! `MR x NR` tile of `C` from a pair of panels.
//!
//! Why packing: the three products the network needs (`A·B`, `A·Bᵀ`, `Aᵀ·B`) differ only in
//! strides, and packing turns all of them into the same unit-stride inner loop, whose
//! `MR x NR` accumulators are fixed-size arrays that LLVM keeps in vector registers. Blocking
//! keeps an `MC x KC` block of `A` in L2 and one `KC x NR` panel of `B` in L1 while it is used.
//!
//! Every `C[i][j]` is summed in one fixed order (increasing `k` within a depth block of `KC`,
//! then block by block), one `f32` multiply and add at a time: no fused multiply-add, no
//! reassociation. Results are therefore bit-identical on every target, so native and wasm runs
//! of the same seed agree exactly.

use super::lanes;
use super::pack::{pack_a, pack_b, View};
use super::tile::{micro_kernel, MR, NR};

/// Depth of one packed block (the `k` extent).
pub(super) const KC: usize = 256;
/// Rows of `A` packed at once: `MC x KC` floats = 128 KiB, sized for L2. A training batch of
/// up to 128 rows is then one block, so each `B` panel is packed once per depth block rather
/// than once per 64 rows. Measured against 64 (alternating in one process, paired medians): in
/// Chromium +1-3% on all three benchmark products; natively +1.4% on `A·Bᵀ` 128x784x128, -2%
/// on `Aᵀ·B` 128x128x784 (whose 128 x 128 block of `A` no longer fits in L1).
const MC: usize = 128;

// The packed-A buffer holds whole MR-row panels.
const _: () = assert!(MC.is_multiple_of(MR));

/// The shape of a product: `C` is `m x n` and the shared inner dimension is `k`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dims {
    /// Rows of `C`.
    pub m: usize,
    /// The inner (summed) dimension.
    pub k: usize,
    /// Columns of `C`.
    pub n: usize,
}

impl Dims {
    /// `m x k` times `k x n`.
    pub fn new(m: usize, k: usize, n: usize) -> Self {
        Dims { m, k, n }
    }
}

/// `C = A·B` (or `C += A·B` when `accumulate`), with `A` `m x k`, `B` `k x n`, `C` `m x n`,
/// all row-major.
///
/// # Panics
/// If a slice is shorter than its shape requires (a programming error, not an input error).
pub fn matmul(d: Dims, a: &[f32], b: &[f32], c: &mut [f32], accumulate: bool) {
    let a = View {
        data: &a[..d.m * d.k],
        ld: d.k,
        transposed: false,
    };
    let b = View {
        data: &b[..d.k * d.n],
        ld: d.n,
        transposed: false,
    };
    gemm(d, a, b, c, accumulate);
}

/// `C = A·Bᵀ` (or `C += A·Bᵀ`), with `A` `m x k`, `B` stored `n x k` (so `Bᵀ` is `k x n`), `C`
/// `m x n`: a layer's forward pass `X·Wᵀ` with PyTorch's `out x in` weight layout.
///
/// # Panics
/// If a slice is shorter than its shape requires.
pub fn matmul_nt(d: Dims, a: &[f32], b: &[f32], c: &mut [f32], accumulate: bool) {
    let a = View {
        data: &a[..d.m * d.k],
        ld: d.k,
        transposed: false,
    };
    let b = View {
        data: &b[..d.n * d.k],
        ld: d.k,
        transposed: true,
    };
    gemm(d, a, b, c, accumulate);
}

/// `C = Aᵀ·B` (or `C += Aᵀ·B`), with `A` stored `k x m`, `B` `k x n`, `C` `m x n`: a layer's
/// weight gradient `dYᵀ·X`, summed over the batch.
///
/// # Panics
/// If a slice is shorter than its shape requires.
pub fn matmul_tn(d: Dims, a: &[f32], b: &[f32], c: &mut [f32], accumulate: bool) {
    let a = View {
        data: &a[..d.k * d.m],
        ld: d.m,
        transposed: true,
    };
    let b = View {
        data: &b[..d.k * d.n],
        ld: d.n,
        transposed: false,
    };
    gemm(d, a, b, c, accumulate);
}

fn gemm(d: Dims, a: View, b: View, c: &mut [f32], accumulate: bool) {
    let c = &mut c[..d.m * d.n];
    if d.k == 0 {
        if !accumulate {
            c.fill(0.0);
        }
        return;
    }
    let mut a_pack = [0.0f32; MC * KC];
    let mut b_pack = [0.0f32; KC * NR];
    for pc in (0..d.k).step_by(KC) {
        let kc = KC.min(d.k - pc);
        // Later depth blocks add to what the first one wrote.
        let add = accumulate || pc > 0;
        for ic in (0..d.m).step_by(MC) {
            let mc = MC.min(d.m - ic);
            pack_a(a, ic, mc, pc, kc, &mut a_pack);
            for jc in (0..d.n).step_by(NR) {
                let nr = NR.min(d.n - jc);
                pack_b(b, pc, kc, jc, nr, &mut b_pack);
                for ir in (0..mc).step_by(MR) {
                    let mr = MR.min(mc - ir);
                    let panel = &a_pack[ir * kc..(ir + MR) * kc];
                    let tile = micro_kernel(panel, &b_pack[..kc * NR]);
                    store(&tile, c, d.n, ic + ir, mr, jc, nr, add);
                }
            }
        }
    }
}

/// Writes (or adds) the valid `mr x nr` corner of a tile into `C` at `(i0, j0)`.
#[allow(clippy::too_many_arguments)]
fn store(
    tile: &[[f32; NR]; MR],
    c: &mut [f32],
    ldc: usize,
    i0: usize,
    mr: usize,
    j0: usize,
    nr: usize,
    add: bool,
) {
    for (ii, row) in tile.iter().enumerate().take(mr) {
        let dst = &mut c[(i0 + ii) * ldc + j0..(i0 + ii) * ldc + j0 + nr];
        if add {
            for (d, &v) in dst.iter_mut().zip(row) {
                *d += v;
            }
        } else if nr == NR {
            // Explicit vector moves: a plain copy here is merged by LLVM with the ragged one
            // below into a call to `memcpy` per row, about 5% of `Aᵀ·B` with one depth block.
            let (dst4, _) = dst.as_chunks_mut::<4>();
            for (d, s) in dst4.iter_mut().zip(row.as_chunks::<4>().0) {
                lanes::store(lanes::load(s), d);
            }
        } else {
            dst.copy_from_slice(&row[..nr]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain triple loop, in f64, on explicit element accessors.
    fn reference(
        d: Dims,
        a: impl Fn(usize, usize) -> f32,
        b: impl Fn(usize, usize) -> f32,
    ) -> Vec<f64> {
        let mut c = vec![0.0f64; d.m * d.n];
        for i in 0..d.m {
            for j in 0..d.n {
                for p in 0..d.k {
                    c[i * d.n + j] += f64::from(a(i, p)) * f64::from(b(p, j));
                }
            }
        }
        c
    }

    /// Deterministic values in [-1, 1) that differ from element to element.
    fn fill(len: usize, salt: u32) -> Vec<f32> {
        (0..len as u32)
            .map(|i| {
                let h = i
                    .wrapping_mul(2_654_435_761)
                    .wrapping_add(salt.wrapping_mul(40_503));
                (h >> 8) as f32 / (1u32 << 23) as f32 - 1.0
            })
            .collect()
    }

    fn assert_close(got: &[f32], want: &[f64], k: usize) {
        assert_eq!(got.len(), want.len());
        // f32 sums of k products of values in [-1, 1): error grows at most like k * eps.
        let tol = 1e-6 * (k as f64 + 1.0);
        for (idx, (&g, &w)) in got.iter().zip(want).enumerate() {
            assert!(
                (f64::from(g) - w).abs() <= tol,
                "element {idx}: got {g}, want {w}"
            );
        }
    }

    const SHAPES: &[(usize, usize, usize)] = &[
        (1, 1, 1),
        (3, 5, 7),
        (4, 8, 8),
        (5, 9, 9),
        (13, 17, 11),
        (33, 3, 31),
        (67, 300, 19),
        (70, 513, 10),
        (2, 784, 129),
    ];

    #[test]
    fn matmul_matches_triple_loop_on_odd_shapes() {
        for &(m, k, n) in SHAPES {
            let d = Dims::new(m, k, n);
            let (a, b) = (fill(m * k, 1), fill(k * n, 2));
            let mut c = vec![f32::NAN; m * n];
            matmul(d, &a, &b, &mut c, false);
            let want = reference(d, |i, p| a[i * k + p], |p, j| b[p * n + j]);
            assert_close(&c, &want, k);
        }
    }

    #[test]
    fn matmul_nt_matches_triple_loop_on_odd_shapes() {
        for &(m, k, n) in SHAPES {
            let d = Dims::new(m, k, n);
            let (a, b) = (fill(m * k, 3), fill(n * k, 4));
            let mut c = vec![f32::NAN; m * n];
            matmul_nt(d, &a, &b, &mut c, false);
            let want = reference(d, |i, p| a[i * k + p], |p, j| b[j * k + p]);
            assert_close(&c, &want, k);
        }
    }

    #[test]
    fn matmul_tn_matches_triple_loop_on_odd_shapes() {
        for &(m, k, n) in SHAPES {
            let d = Dims::new(m, k, n);
            let (a, b) = (fill(k * m, 5), fill(k * n, 6));
            let mut c = vec![f32::NAN; m * n];
            matmul_tn(d, &a, &b, &mut c, false);
            let want = reference(d, |i, p| a[p * m + i], |p, j| b[p * n + j]);
            assert_close(&c, &want, k);
        }
    }

    #[test]
    fn accumulate_adds_to_existing_values() {
        let d = Dims::new(9, 270, 13);
        let (a, b) = (fill(9 * 270, 7), fill(270 * 13, 8));
        let start = fill(9 * 13, 9);
        let mut c = start.clone();
        matmul(d, &a, &b, &mut c, true);
        let mut want = reference(d, |i, p| a[i * 270 + p], |p, j| b[p * 13 + j]);
        for (w, &s) in want.iter_mut().zip(&start) {
            *w += f64::from(s);
        }
        assert_close(&c, &want, 270);
    }

    #[test]
    fn empty_inner_dimension_gives_zero_or_leaves_c() {
        let d = Dims::new(2, 0, 3);
        let mut c = vec![1.5f32; 6];
        matmul(d, &[], &[], &mut c, true);
        assert_eq!(c, vec![1.5; 6]);
        matmul(d, &[], &[], &mut c, false);
        assert_eq!(c, vec![0.0; 6]);
    }

    #[test]
    fn sums_in_increasing_k_order_exactly() {
        // 1e8 + 1 - 1e8 in f32 is 0 when summed left to right; any reordering would differ.
        let d = Dims::new(1, 3, 1);
        let mut c = [0.0f32];
        matmul(d, &[1e8, 1.0, -1e8], &[1.0, 1.0, 1.0], &mut c, false);
        assert_eq!(c[0], 0.0);
        matmul(d, &[1e8, -1e8, 1.0], &[1.0, 1.0, 1.0], &mut c, false);
        assert_eq!(c[0], 1.0);
    }

    #[test]
    fn all_three_products_cross_row_depth_and_column_blocks() {
        // Several row blocks (the odd shapes above fit in one), a ragged last depth block and a
        // ragged last panel, each ending on an odd row.
        let (m, k, n) = (2 * MC + 3, KC + 7, 2 * NR + 5);
        let d = Dims::new(m, k, n);
        let (a, b) = (fill(m * k, 13), fill(k * n, 14));
        let mut c = vec![f32::NAN; m * n];
        matmul(d, &a, &b, &mut c, false);
        assert_close(
            &c,
            &reference(d, |i, p| a[i * k + p], |p, j| b[p * n + j]),
            k,
        );
        let bt = transpose(&b, k, n);
        matmul_nt(d, &a, &bt, &mut c, false);
        assert_close(
            &c,
            &reference(d, |i, p| a[i * k + p], |p, j| bt[j * k + p]),
            k,
        );
        let at = transpose(&a, m, k);
        matmul_tn(d, &at, &b, &mut c, false);
        assert_close(
            &c,
            &reference(d, |i, p| at[p * m + i], |p, j| b[p * n + j]),
            k,
        );
    }

    /// `rows x cols` row-major values, transposed.
    fn transpose(v: &[f32], rows: usize, cols: usize) -> Vec<f32> {
        (0..cols * rows)
            .map(|idx| v[(idx % rows) * cols + idx / rows])
            .collect()
    }

    fn bits(v: &[f32]) -> Vec<u32> {
        v.iter().map(|x| x.to_bits()).collect()
    }

    #[test]
    fn transposed_operands_give_the_row_major_bits() {
        // Each layout packs by its own path (vector transpose for Bᵀ, with ragged columns and
        // depths; contiguous depths for Aᵀ); all must feed the micro-kernel the same panels.
        let shapes = [
            (1, 1, 1),
            (3, 5, 7),
            (5, 259, 18),
            (70, 513, 37),
            (2, 784, 129),
        ];
        for (m, k, n) in shapes {
            let d = Dims::new(m, k, n);
            for accumulate in [false, true] {
                let (a, b, start) = (fill(m * k, 10), fill(k * n, 11), fill(m * n, 12));
                let mut want = start.clone();
                matmul(d, &a, &b, &mut want, accumulate);
                let mut got = start.clone();
                matmul_nt(d, &a, &transpose(&b, k, n), &mut got, accumulate);
                assert_eq!(bits(&got), bits(&want), "A·Bᵀ {m}x{k}x{n} acc {accumulate}");
                let mut got = start.clone();
                matmul_tn(d, &transpose(&a, m, k), &b, &mut got, accumulate);
                assert_eq!(bits(&got), bits(&want), "Aᵀ·B {m}x{k}x{n} acc {accumulate}");
            }
        }
    }
}
