//! The first layer's two products when its input is mostly zeros, as MNIST digits are (about
//! four pixels in five are background): `X·Wᵀ` (forward) and `dYᵀ·X` (weight gradient) with `X`
//! sparse, touching only its nonzero entries.
//!
//! The results are the dense kernels' bits (`super::gemm`): every element is summed in the same
//! order (increasing depth within a block of `KC`, the block's partial sum then written or added
//! to `C`), and a skipped term is a zero product, which leaves a sum unchanged bit for bit (a
//! partial sum starts at `+0` and `+0 + ±0 = +0`; `s + ±0 = s` otherwise). The one exception is a
//! zero input meeting an infinite or NaN weight, where the dense product is NaN; training stops
//! on a non-finite loss long before weights get there.
//!
//! [`SparseRows`] (the nonzero entries, indexed once per batch) and [`SparseScratch`] (the
//! transposed operand and the gradient's column lists) reuse their buffers, so that a training
//! loop allocates nothing once they have grown to its batch.

use super::gemm::{Dims, KC};
use super::lanes::{self, load, mul_add, splat, store, transpose4, zero, V};

/// Outputs summed at once: 8 vectors of 4 lanes, in registers for the whole nonzero list.
const WIDE: usize = 32;

/// The nonzero entries of a row-major matrix, row by row (compressed sparse rows). Built once
/// per batch and read by both products of the first layer.
#[derive(Debug, Clone, Default)]
pub struct SparseRows {
    cols: usize,
    /// Start of each row's entries, `rows + 1` offsets.
    starts: Vec<u32>,
    /// (column, value) of every nonzero entry, columns increasing within a row.
    entries: Vec<(u32, f32)>,
}

impl SparseRows {
    /// Indexes the first `rows x cols` values of `a` (row-major) in place of what was indexed
    /// before, reusing the buffers. `-0.0` counts as zero.
    ///
    /// # Panics
    /// If `a` holds fewer than `rows x cols` values.
    pub fn index(&mut self, a: &[f32], rows: usize, cols: usize) {
        self.cols = cols;
        self.starts.clear();
        self.starts.push(0);
        self.entries.clear();
        // Room for a dense matrix at once: batches differ in their count of nonzeros, and
        // growing on a later one would allocate inside a training loop.
        self.entries.reserve(rows * cols);
        if cols == 0 {
            self.starts.resize(rows + 1, 0);
            return;
        }
        for row in a[..rows * cols].chunks_exact(cols) {
            // Branch-free: every entry is written, and kept only if it is not zero (the
            // zero/nonzero pattern of pixels defeats branch prediction).
            let mut len = self.entries.len();
            self.entries.resize(len + cols, (0, 0.0));
            for (c, &v) in row.iter().enumerate() {
                self.entries[len] = (c as u32, v);
                len += usize::from(v != 0.0);
            }
            self.entries.truncate(len);
            self.starts.push(len as u32);
        }
    }

    /// Rows indexed.
    pub fn rows(&self) -> usize {
        self.starts.len() - 1
    }

    /// The fraction of entries that are not zero; 1 when nothing is indexed.
    pub fn density(&self) -> f64 {
        let all = self.rows() * self.cols;
        if all == 0 {
            return 1.0;
        }
        self.entries.len() as f64 / all as f64
    }

    fn row(&self, r: usize) -> &[(u32, f32)] {
        &self.entries[self.starts[r] as usize..self.starts[r + 1] as usize]
    }
}

/// Reused buffers for the sparse products.
#[derive(Debug, Clone, Default)]
pub struct SparseScratch {
    /// The dense operand transposed (forward), or the block's sums column by column (gradient).
    transposed: Vec<f32>,
    /// One depth block's entries grouped by column (gradient).
    by_column: Vec<(u32, f32)>,
    /// Start of each column's entries in `by_column`, `n + 1` offsets.
    starts: Vec<u32>,
    /// Each column's next free slot in `by_column` while they are sorted in.
    cursor: Vec<u32>,
}

/// `C = A·Bᵀ` (or `C += A·Bᵀ`) as [`super::matmul_nt`] computes it, bit for bit, from the
/// nonzero entries of `A` (`m x k`, indexed in `a`); `B` is stored `n x k`, `C` is `m x n`.
///
/// # Panics
/// If `a` does not index `m` rows of `k` columns or a slice is shorter than its shape requires.
pub fn matmul_nt_sparse_a(
    d: Dims,
    a: &SparseRows,
    b: &[f32],
    c: &mut [f32],
    accumulate: bool,
    s: &mut SparseScratch,
) {
    assert!(
        a.rows() == d.m && a.cols == d.k,
        "the index is not of an m x k matrix"
    );
    let (b, c) = (&b[..d.n * d.k], &mut c[..d.m * d.n]);
    if d.k == 0 {
        if !accumulate {
            c.fill(0.0);
        }
        return;
    }
    s.transposed.resize(d.k * d.n, 0.0);
    transpose(b, d.n, d.k, &mut s.transposed, false);
    let bt = &s.transposed[..d.k * d.n];
    for (r, c_row) in c.chunks_exact_mut(d.n).enumerate() {
        let mut entries = a.row(r);
        for pc in (0..d.k).step_by(KC) {
            // The row's entries in this depth block: columns below pc + KC (sorted).
            let end = pc + KC.min(d.k - pc);
            let split = entries.partition_point(|&(col, _)| (col as usize) < end);
            let add = accumulate || pc > 0;
            sum_rows(&entries[..split], bt, d.n, c_row, add);
            entries = &entries[split..];
        }
    }
}

/// `C = Aᵀ·B` (or `C += Aᵀ·B`) as [`super::matmul_tn`] computes it, bit for bit, from the
/// nonzero entries of `B` (`k x n`, indexed in `b`); `A` is stored `k x m`, `C` is `m x n`.
///
/// # Panics
/// If `b` does not index `k` rows of `n` columns or a slice is shorter than its shape requires.
pub fn matmul_tn_sparse_b(
    d: Dims,
    a: &[f32],
    b: &SparseRows,
    c: &mut [f32],
    accumulate: bool,
    s: &mut SparseScratch,
) {
    assert!(
        b.rows() == d.k && b.cols == d.n,
        "the index is not of a k x n matrix"
    );
    let (a, c) = (&a[..d.k * d.m], &mut c[..d.m * d.n]);
    if d.k == 0 && !accumulate {
        c.fill(0.0);
    }
    s.transposed.resize(d.n * d.m, 0.0);
    for pc in (0..d.k).step_by(KC) {
        let kc = KC.min(d.k - pc);
        group_by_column(b, pc, kc, s);
        for (col, sums) in s.transposed.chunks_exact_mut(d.m).enumerate() {
            let entries = &s.by_column[s.starts[col] as usize..s.starts[col + 1] as usize];
            sum_rows(entries, a, d.m, sums, false);
        }
        let add = accumulate || pc > 0;
        transpose(&s.transposed, d.n, d.m, c, add);
    }
}

/// Rows `first..first + count` of `b`'s entries grouped by column, rows increasing within a
/// column, each entry `(row, value)`: a counting sort into `s.by_column`.
fn group_by_column(b: &SparseRows, first: usize, count: usize, s: &mut SparseScratch) {
    let n = b.cols;
    let lo = b.starts[first] as usize;
    let hi = b.starts[first + count] as usize;
    s.starts.clear();
    s.starts.resize(n + 1, 0);
    for &(col, _) in &b.entries[lo..hi] {
        s.starts[col as usize + 1] += 1;
    }
    for col in 0..n {
        s.starts[col + 1] += s.starts[col];
    }
    s.by_column.clear();
    s.by_column.reserve(b.entries.capacity());
    s.by_column.resize(hi - lo, (0, 0.0));
    s.cursor.clear();
    s.cursor.extend_from_slice(&s.starts[..n]);
    for r in first..first + count {
        for &(col, v) in b.row(r) {
            let at = &mut s.cursor[col as usize];
            s.by_column[*at as usize] = (r as u32, v);
            *at += 1;
        }
    }
}

/// `out[j] (+)= Σ value · rows[pos][j]` over `entries` in order, for `j < width`, each sum
/// starting at `+0` (the dense micro-kernel's accumulators) and rounded after every multiply and
/// add; `rows` is row-major with `width` columns.
fn sum_rows(entries: &[(u32, f32)], rows: &[f32], width: usize, out: &mut [f32], add: bool) {
    let mut j = 0;
    while j + WIDE <= width {
        sum_span::<{ WIDE / 4 }>(entries, rows, width, j, &mut out[j..j + WIDE], add);
        j += WIDE;
    }
    while j + 4 <= width {
        sum_span::<1>(entries, rows, width, j, &mut out[j..j + 4], add);
        j += 4;
    }
    for (jj, o) in out[j..width].iter_mut().enumerate() {
        let mut acc = 0.0f32;
        for &(pos, value) in entries {
            acc += value * rows[pos as usize * width + j + jj];
        }
        *o = if add { *o + acc } else { acc };
    }
}

/// [`sum_rows`] for the `4 * NV` columns from `j0`, the accumulators held in vectors.
#[inline(always)]
fn sum_span<const NV: usize>(
    entries: &[(u32, f32)],
    rows: &[f32],
    width: usize,
    j0: usize,
    out: &mut [f32],
    add: bool,
) {
    let mut acc: [V; NV] = [zero(); NV];
    for &(pos, value) in entries {
        let start = pos as usize * width + j0;
        let (row, _) = rows[start..start + 4 * NV].as_chunks::<4>();
        let x = splat(value);
        for (a, r) in acc.iter_mut().zip(row) {
            *a = mul_add(*a, x, load(r));
        }
    }
    let (out4, _) = out.as_chunks_mut::<4>();
    for (o, a) in out4.iter_mut().zip(acc) {
        let mut sums = [0.0f32; 4];
        store(a, &mut sums);
        for (dst, v) in o.iter_mut().zip(sums) {
            *dst = if add { *dst + v } else { v };
        }
    }
}

/// `out = bᵀ` (or `out += bᵀ` when `add`) for `b` stored `rows x cols` (so `out` is
/// `cols x rows`): 4 x 4 blocks through vector shuffles, the ragged edges element by element.
///
/// The blocks are read and written through pointers, their bounds checked once for the whole
/// matrix: checked indexing cost a compare and a branch per row of every block, which took 40%
/// of the transpose in wasm (V8 keeps them all; 71 µs checked against 43 for 128 x 784 in Node,
/// natively 38 against 33). It is 18% of a batch-32 training step in the browser.
fn transpose(b: &[f32], rows: usize, cols: usize, out: &mut [f32], add: bool) {
    // Tiles of 32 x 32 (4 KiB on each side, in L1 together), 4 x 4 blocks within.
    const TILE: usize = 32;
    let (rows4, cols4) = (rows - rows % 4, cols - cols % 4);
    let (b, out) = (&b[..rows * cols], &mut out[..rows * cols]);
    let (from, to) = (b.as_ptr(), out.as_mut_ptr());
    for r0 in (0..rows4).step_by(TILE) {
        for c0 in (0..cols4).step_by(TILE) {
            for r in (r0..rows4.min(r0 + TILE)).step_by(4) {
                for c in (c0..cols4.min(c0 + TILE)).step_by(4) {
                    // SAFETY: r + i < rows4 <= rows and c + 4 <= cols4 <= cols, so each block
                    // row read, (r + i) * cols + c .. + 4, lies within b's rows * cols floats,
                    // and each written, (c + i) * rows + r .. + 4, within out's cols * rows.
                    // `b` and `out` are distinct borrows, so the reads and writes do not alias.
                    let block: [V; 4] = core::array::from_fn(|i| unsafe {
                        load(&*from.add((r + i) * cols + c).cast::<[f32; 4]>())
                    });
                    for (i, v) in transpose4(block).into_iter().enumerate() {
                        // SAFETY: as above.
                        let dst = unsafe { &mut *to.add((c + i) * rows + r).cast::<[f32; 4]>() };
                        store(if add { lanes::add(load(dst), v) } else { v }, dst);
                    }
                }
            }
        }
    }
    let ragged = (0..rows).flat_map(|r| {
        let from = if r < rows4 { cols4 } else { 0 };
        (from..cols).map(move |c| (r, c))
    });
    for (r, c) in ragged {
        let (v, dst) = (b[r * cols + c], &mut out[c * rows + r]);
        *dst = if add { *dst + v } else { v };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::{matmul_nt, matmul_tn};

    /// Deterministic values in [-1, 1), a `zeros` fraction of them exactly zero (some `-0.0`).
    fn values(len: usize, salt: u32, zeros: f64) -> Vec<f32> {
        (0..len as u32)
            .map(|i| {
                let h = i.wrapping_mul(2_654_435_761) ^ salt.wrapping_mul(0x9e37_79b9);
                let h = h ^ (h >> 15);
                let u = (h.wrapping_mul(0x2c1b_3c6d) >> 8) as f64 / (1u32 << 24) as f64;
                if u < zeros {
                    if h & 1 == 0 {
                        0.0
                    } else {
                        -0.0
                    }
                } else {
                    (h >> 8) as f32 / (1u32 << 23) as f32 - 1.0
                }
            })
            .collect()
    }

    fn bits(v: &[f32]) -> Vec<u32> {
        v.iter().map(|x| x.to_bits()).collect()
    }

    // Shapes cross the depth block (KC = 256) and every column path (32-wide, 4-wide, scalar).
    const SHAPES: [(usize, usize, usize); 7] = [
        (5, 784, 128),
        (3, 300, 10),
        (2, 257, 37),
        (7, 512, 3),
        (1, 1, 1),
        (4, 0, 6),
        (300, 20, 33),
    ];

    #[test]
    fn forward_equals_the_dense_kernel_bit_for_bit() {
        let (mut s, mut index) = (SparseScratch::default(), SparseRows::default());
        for (t, &(m, k, n)) in SHAPES.iter().enumerate() {
            for zeros in [0.0, 0.5, 0.8, 1.0] {
                for accumulate in [false, true] {
                    let salt = t as u32 * 10;
                    let a = values(m * k, salt + 1, zeros);
                    let b = values(n * k, salt + 2, 0.1);
                    let start = values(m * n, salt + 3, 0.3);
                    let (mut want, mut got) = (start.clone(), start.clone());
                    let d = Dims::new(m, k, n);
                    matmul_nt(d, &a, &b, &mut want, accumulate);
                    index.index(&a, m, k);
                    matmul_nt_sparse_a(d, &index, &b, &mut got, accumulate, &mut s);
                    assert_eq!(
                        bits(&got),
                        bits(&want),
                        "{m}x{k}x{n} zeros {zeros} acc {accumulate}"
                    );
                }
            }
        }
    }

    #[test]
    fn weight_gradient_equals_the_dense_kernel_bit_for_bit() {
        let (mut s, mut index) = (SparseScratch::default(), SparseRows::default());
        for (t, &(m, k, n)) in SHAPES.iter().enumerate() {
            for zeros in [0.0, 0.5, 0.8, 1.0] {
                for accumulate in [false, true] {
                    let salt = t as u32 * 10;
                    // As in training: A is the layer's output gradient (k x m), B its input.
                    let a = values(k * m, salt + 4, 0.4);
                    let b = values(k * n, salt + 5, zeros);
                    let start = values(m * n, salt + 6, 0.3);
                    let (mut want, mut got) = (start.clone(), start.clone());
                    let d = Dims::new(m, k, n);
                    matmul_tn(d, &a, &b, &mut want, accumulate);
                    index.index(&b, k, n);
                    matmul_tn_sparse_b(d, &a, &index, &mut got, accumulate, &mut s);
                    assert_eq!(
                        bits(&got),
                        bits(&want),
                        "{m}x{k}x{n} zeros {zeros} acc {accumulate}"
                    );
                }
            }
        }
    }

    #[test]
    fn density_counts_signed_zeros_as_zero() {
        let mut index = SparseRows::default();
        index.index(&[0.0, -0.0, 1.0, 2.0], 2, 2);
        assert_eq!((index.rows(), index.density()), (2, 0.5));
        assert_eq!(index.row(1), &[(0, 1.0), (1, 2.0)]);
        index.index(&[], 0, 3);
        assert_eq!((index.rows(), index.density()), (0, 1.0));
        index.index(&[f32::NAN], 1, 1);
        assert_eq!(index.density(), 1.0);
    }
}
