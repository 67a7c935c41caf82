//! Packing for the GEMM (`super::gemm`): copies a block of `A` into `MR`-row panels and a block
//! of `B` into one `NR`-column panel, both depth-major, so that the micro-kernel reads each
//! with unit stride whatever the operand's layout.
//!
//! Each operand is either row-major or the transpose of a row-major matrix, and each packing
//! has one path per layout that reads whole slices (one bounds check per run, not per element):
//! - `A` row-major: each of a panel's `MR` rows is a contiguous run of depths.
//! - `A` transposed (`Aᵀ·B`): the `MR` values of one depth are contiguous.
//! - `B` row-major: each depth's `NR` values are contiguous.
//! - `B` transposed (`A·Bᵀ`): each panel column is a contiguous run of depths; four of them are
//!   read four depths at a time as vectors and transposed in registers (`lanes::transpose4`).
//!
//! Packing only moves values, so it cannot change a single bit of the product.

use super::lanes::{load, store, transpose4};
use super::tile::{MR, NR};

/// A read-only matrix view over row-major storage: element `(r, c)` is `data[r * ld + c]`, or
/// `data[c * ld + r]` when `transposed` (the view is then the transpose of what is stored).
#[derive(Clone, Copy)]
pub(super) struct View<'a> {
    pub data: &'a [f32],
    /// Distance between consecutive rows of the stored matrix.
    pub ld: usize,
    pub transposed: bool,
}

impl View<'_> {
    /// `len` consecutive floats of stored row `row` from column `col` on.
    fn run(&self, row: usize, col: usize, len: usize) -> &[f32] {
        let start = row * self.ld + col;
        &self.data[start..start + len]
    }
}

/// Copies rows `ic..ic+mc`, depths `pc..pc+kc` of `A` into `MR`-row panels laid out
/// depth-major (`[panel][p][row]`), zero-padding the last panel's missing rows.
pub(super) fn pack_a(a: View, ic: usize, mc: usize, pc: usize, kc: usize, out: &mut [f32]) {
    for ir in (0..mc).step_by(MR) {
        let rows = MR.min(mc - ir);
        let (panel, _) = out[ir * kc..(ir + MR) * kc].as_chunks_mut::<MR>();
        if a.transposed {
            pack_a_depths(a, ic + ir, rows, pc, panel);
        } else {
            pack_a_rows(a, ic + ir, rows, pc, panel);
        }
    }
}

/// Row-major `A`: row `i0 + ii` is one contiguous run over the depths, which goes to slot `ii`
/// of every depth's `MR` values.
fn pack_a_rows(a: View, i0: usize, rows: usize, pc: usize, panel: &mut [[f32; MR]]) {
    let kc = panel.len();
    for ii in 0..MR {
        if ii < rows {
            for (dst, &v) in panel.iter_mut().zip(a.run(i0 + ii, pc, kc)) {
                dst[ii] = v;
            }
        } else {
            panel.iter_mut().for_each(|dst| dst[ii] = 0.0);
        }
    }
}

/// Transposed `A` (stored `k x m`): the `MR` values of one depth are contiguous in stored row
/// `pc + p`.
fn pack_a_depths(a: View, i0: usize, rows: usize, pc: usize, panel: &mut [[f32; MR]]) {
    for (p, dst) in panel.iter_mut().enumerate() {
        copy_padded(dst, a.run(pc + p, i0, rows));
    }
}

/// Copies `src` to the front of `dst` and zeroes the rest. The full-width case is split off
/// because its length is a constant: a few vector moves instead of a call to `memcpy`.
#[inline(always)]
fn copy_padded<const N: usize>(dst: &mut [f32; N], src: &[f32]) {
    if src.len() == N {
        dst.copy_from_slice(src);
    } else {
        let (head, pad) = dst.split_at_mut(src.len());
        head.copy_from_slice(src);
        pad.fill(0.0);
    }
}

/// Copies depths `pc..pc+kc`, columns `jc..jc+nr` of `B` into one depth-major panel
/// (`[p][col]`), zero-padding missing columns.
pub(super) fn pack_b(b: View, pc: usize, kc: usize, jc: usize, nr: usize, out: &mut [f32]) {
    let (panel, _) = out[..kc * NR].as_chunks_mut::<NR>();
    if b.transposed {
        pack_b_columns(b, pc, jc, nr, panel);
    } else {
        for (p, dst) in panel.iter_mut().enumerate() {
            copy_padded(dst, b.run(pc + p, jc, nr));
        }
    }
}

/// Transposed `B` (stored `n x k`): panel column `jj` is stored row `jc + jj`, contiguous over
/// the depths. Whole groups of four columns go through the vector transpose; the columns past
/// the last whole group are copied one at a time, and the missing ones zeroed.
fn pack_b_columns(b: View, pc: usize, jc: usize, nr: usize, panel: &mut [[f32; NR]]) {
    let kc = panel.len();
    let whole = nr - nr % 4;
    for j0 in (0..whole).step_by(4) {
        let columns = core::array::from_fn(|q| b.run(jc + j0 + q, pc, kc));
        pack_four_columns(columns, j0 / 4, panel);
    }
    for jj in whole..NR {
        if jj < nr {
            for (dst, &v) in panel.iter_mut().zip(b.run(jc + jj, pc, kc)) {
                dst[jj] = v;
            }
        } else {
            panel.iter_mut().for_each(|dst| dst[jj] = 0.0);
        }
    }
}

/// Fills the panel's four columns `4·g..4·g+4` from four runs over the depths (one per column,
/// each as long as the panel is deep): four depths at a time as a 4 x 4 transpose in vector
/// registers (one load per column, one store per depth), the last `kc % 4` depths by element.
fn pack_four_columns(columns: [&[f32]; 4], g: usize, panel: &mut [[f32; NR]]) {
    let quads = columns.map(|c| c.as_chunks::<4>().0);
    let (depth_quads, tail) = panel.as_chunks_mut::<4>();
    for (p4, depths) in depth_quads.iter_mut().enumerate() {
        let rows = transpose4(core::array::from_fn(|q| load(&quads[q][p4])));
        for (dst, v) in depths.iter_mut().zip(rows) {
            store(v, &mut dst.as_chunks_mut::<4>().0[g]);
        }
    }
    let done = depth_quads.len() * 4;
    for (p, dst) in tail.iter_mut().enumerate() {
        let (d4, _) = dst.as_chunks_mut::<4>();
        d4[g] = columns.map(|c| c[done + p]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Distinct values, so that any misplaced element shows.
    fn values(len: usize) -> Vec<f32> {
        (0..len).map(|i| i as f32 + 0.5).collect()
    }

    /// Element `(r, c)` of a view, read the obvious way.
    fn at(v: View, r: usize, c: usize) -> f32 {
        if v.transposed {
            v.data[c * v.ld + r]
        } else {
            v.data[r * v.ld + c]
        }
    }

    // Depths and widths on both sides of the 4 x 4 transpose and of a whole panel.
    const DEPTHS: [usize; 6] = [1, 3, 4, 5, 8, 11];

    #[test]
    fn pack_a_places_every_element_in_both_layouts() {
        let (m, k) = (7, 13);
        let data = values(m * k);
        for transposed in [false, true] {
            let ld = if transposed { m } else { k };
            let a = View {
                data: &data,
                ld,
                transposed,
            };
            for (ic, mc) in [(0, 7usize), (1, 5), (2, 2), (6, 1)] {
                for kc in DEPTHS {
                    let pc = k - kc;
                    let mut out = vec![f32::NAN; mc.next_multiple_of(MR) * kc];
                    pack_a(a, ic, mc, pc, kc, &mut out);
                    for (idx, &got) in out.iter().enumerate() {
                        let (panel, p, ii) = (idx / (MR * kc), idx / MR % kc, idx % MR);
                        let i = panel * MR + ii;
                        let want = if i < mc { at(a, ic + i, pc + p) } else { 0.0 };
                        let case = format!("transposed {transposed} ic {ic} mc {mc} kc {kc}");
                        assert_eq!(got.to_bits(), want.to_bits(), "{case} index {idx}");
                    }
                }
            }
        }
    }

    #[test]
    fn pack_b_places_every_element_in_both_layouts() {
        let (k, n) = (13, 37);
        let data = values(k * n);
        for transposed in [false, true] {
            let ld = if transposed { k } else { n };
            let b = View {
                data: &data,
                ld,
                transposed,
            };
            for (jc, nr) in [(0, 16), (16, 16), (32, 5), (1, 4), (3, 8), (2, 1), (5, 15)] {
                for kc in DEPTHS {
                    let pc = k - kc;
                    let mut out = vec![f32::NAN; KC_TEST * NR];
                    pack_b(b, pc, kc, jc, nr, &mut out);
                    for (idx, &got) in out[..kc * NR].iter().enumerate() {
                        let (p, jj) = (idx / NR, idx % NR);
                        let want = if jj < nr { at(b, pc + p, jc + jj) } else { 0.0 };
                        let case = format!("transposed {transposed} jc {jc} nr {nr} kc {kc}");
                        assert_eq!(got.to_bits(), want.to_bits(), "{case} ({p}, {jj})");
                    }
                    assert!(out[kc * NR..].iter().all(|v| v.is_nan()), "wrote past kc");
                }
            }
        }
    }

    /// Room for the deepest panel the tests pack.
    const KC_TEST: usize = 11;
}
