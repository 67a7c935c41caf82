//! The grid's kernel for networks with one hidden layer (the lab's default, 784-128-10): eight
//! samples at a time, in two 4-lane vectors, through the hidden layer on the plane and the
//! output layer, with the samples in the lanes.
//!
//! The general path ([`super::evaluator`]) keeps one sample per row and leaves vectorising to
//! the compiler, which manages it natively but not for wasm, where a 41x41 grid took over four
//! seconds. Here the three precomputed first-layer blocks are stored `[block][unit][sample]`,
//! so a hidden unit of eight samples is two vector loads; each output class is a broadcast
//! weight times those two vectors. The classes are taken [`GROUP`] at a time: 2 x 5
//! accumulators, two hidden vectors and a broadcast fit the 16 registers of SSE and of V8's
//! SIMD128 without spilling.
//!
//! Each logit is summed from zero over increasing hidden units, then its bias is added: the
//! GEMM's order, so at the plane's origin the logits are the model's own bits.

use crate::kernels::lanes;
use crate::nn::Activation;

/// Samples per block: two vectors of four lanes.
pub(crate) const BLOCK: usize = 8;
/// Classes per pass over a block's hidden units.
const GROUP: usize = 5;

/// The first layer's three pre-activation terms (origin, `d1`, `d2`) in blocks of
/// [`BLOCK`] samples, unit-major within a block; the last block is padded with zeros.
#[derive(Debug, Clone)]
pub(crate) struct BlockedFirst {
    terms: [Vec<f32>; 3],
    width: usize,
}

impl BlockedFirst {
    /// Rearranges three row-major `rows x width` blocks.
    pub(crate) fn new(rows_major: &[Vec<f32>; 3], width: usize) -> BlockedFirst {
        let rows = rows_major[0].len() / width.max(1);
        let blocks = rows.div_ceil(BLOCK);
        let terms = rows_major.each_ref().map(|m| {
            let mut out = vec![0.0f32; blocks * BLOCK * width];
            for (r, row) in m.chunks_exact(width).enumerate() {
                let (blk, lane) = (r / BLOCK, r % BLOCK);
                for (k, &v) in row.iter().enumerate() {
                    out[(blk * width + k) * BLOCK + lane] = v;
                }
            }
            out
        });
        BlockedFirst { terms, width }
    }

    /// Hidden units.
    pub(crate) fn width(&self) -> usize {
        self.width
    }
}

/// Length of [`pack_output_weights`]' result.
pub(crate) fn packed_len(classes: usize, width: usize) -> usize {
    classes.div_ceil(GROUP) * width * GROUP
}

/// The output layer's weights `w` (`classes x width`) for one point, transposed and padded
/// for the kernel into `out` ([`packed_len`] floats): `[group][unit][GROUP]`, zeros beyond
/// the last class.
pub(crate) fn pack_output_weights(w: &[f32], classes: usize, width: usize, out: &mut [f32]) {
    out.fill(0.0);
    for (c, row) in w.chunks_exact(width).take(classes).enumerate() {
        let (g, slot) = (c / GROUP, c % GROUP);
        for (k, &v) in row.iter().enumerate() {
            out[(g * width + k) * GROUP + slot] = v;
        }
    }
}

/// Logits of the samples of blocks `blocks` at `(a, b)`, row-major into `logits`
/// (`BLOCK` rows per block, `classes` per row). `packed` comes from [`pack_output_weights`];
/// `hidden` is scratch.
#[allow(clippy::too_many_arguments)]
pub(crate) fn logits(
    first: &BlockedFirst,
    blocks: std::ops::Range<usize>,
    (a, b): (f32, f32),
    activation: Activation,
    packed: &[f32],
    bias: &[f32],
    hidden: &mut Vec<f32>,
    logits: &mut [f32],
) {
    let width = first.width;
    let classes = bias.len();
    let span = width * BLOCK;
    hidden.resize(span, 0.0);
    let (va, vb) = (lanes::splat(a), lanes::splat(b));
    for (blk, out) in blocks.zip(logits.chunks_exact_mut(BLOCK * classes)) {
        let at = blk * span..(blk + 1) * span;
        let [p, u, v] = first
            .terms
            .each_ref()
            .map(|t| t[at.clone()].as_chunks::<4>().0);
        let (h4, _) = hidden.as_chunks_mut::<4>();
        for (((h, p), u), v) in h4.iter_mut().zip(p).zip(u).zip(v) {
            let x = lanes::mul_add(
                lanes::mul_add(lanes::load(p), va, lanes::load(u)),
                vb,
                lanes::load(v),
            );
            let x = if activation == Activation::Relu {
                lanes::relu(x)
            } else {
                x
            };
            lanes::store(x, h);
        }
        if activation != Activation::Relu {
            activation.forward(hidden);
        }
        let (h4, _) = hidden.as_chunks::<4>();
        for (g, weights) in packed.chunks_exact(width * GROUP).enumerate() {
            let mut acc = [[lanes::zero(); 2]; GROUP];
            let (w5, _) = weights.as_chunks::<GROUP>();
            for (pair, w) in h4.chunks_exact(2).zip(w5) {
                let (h0, h1) = (lanes::load(&pair[0]), lanes::load(&pair[1]));
                for (acc, &w) in acc.iter_mut().zip(w) {
                    let w = lanes::splat(w);
                    acc[0] = lanes::mul_add(acc[0], h0, w);
                    acc[1] = lanes::mul_add(acc[1], h1, w);
                }
            }
            for (slot, acc) in acc.iter().enumerate() {
                let c = g * GROUP + slot;
                if c >= classes {
                    break;
                }
                let mut lanes8 = [0.0f32; BLOCK];
                let (l4, _) = lanes8.as_chunks_mut::<4>();
                lanes::store(acc[0], &mut l4[0]);
                lanes::store(acc[1], &mut l4[1]);
                for (row, &z) in out.chunks_exact_mut(classes).zip(&lanes8) {
                    row[c] = z + bias[c];
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::seeded_rng;
    use crate::kernels::{matmul_nt, Dims};
    use crate::landscape::random_plane;
    use crate::nn::Mlp;
    use rand::RngCore;

    /// The kernel's logits for every row at `(a, b)`, through the same precomputation the
    /// evaluator does.
    fn kernel_logits(
        model: &Mlp,
        theta_plane: &crate::landscape::Plane,
        x: &[f32],
        rows: usize,
        (a, b): (f32, f32),
    ) -> Vec<f32> {
        let [l0, l1] = [model.layers()[0], model.layers()[1]];
        let first = [&theta_plane.origin, &theta_plane.d1, &theta_plane.d2].map(|v| {
            let mut out = vec![0.0f32; rows * l0.outputs];
            for row in out.chunks_exact_mut(l0.outputs) {
                row.copy_from_slice(&v[l0.bias..l0.bias + l0.outputs]);
            }
            matmul_nt(
                Dims::new(rows, l0.inputs, l0.outputs),
                x,
                &v[l0.weight..l0.bias],
                &mut out,
                true,
            );
            out
        });
        let blocked = BlockedFirst::new(&first, l0.outputs);
        let theta = theta_plane.point(f64::from(a), f64::from(b));
        let classes = model.classes();
        let mut packed = vec![0.0; packed_len(classes, l0.outputs)];
        pack_output_weights(&theta[l1.weight..l1.bias], classes, l0.outputs, &mut packed);
        let blocks = rows.div_ceil(BLOCK);
        let mut out = vec![0.0; blocks * BLOCK * classes];
        let mut hidden = Vec::new();
        let bias = &theta[l1.bias..l1.bias + classes];
        logits(
            &blocked,
            0..blocks,
            (a, b),
            model.activation(),
            &packed,
            bias,
            &mut hidden,
            &mut out,
        );
        out.truncate(rows * classes);
        out
    }

    #[test]
    fn logits_are_the_models_at_the_origin_bit_for_bit_and_close_elsewhere() {
        let mut rng = seeded_rng(9, 9);
        let rows = 13; // not a multiple of BLOCK: the last block is padded
        let x: Vec<f32> = (0..rows * 20)
            .map(|_| (rng.next_u32() >> 8) as f32 / (1 << 24) as f32)
            .collect();
        for (sizes, act) in [
            (&[20, 16, 10][..], Activation::Relu),
            (&[20, 7, 3], Activation::Tanh),
            (&[20, 9, 12], Activation::Sigmoid),
        ] {
            let model = Mlp::new(sizes, act).unwrap();
            let theta = model.init_params(&mut rng);
            let plane = random_plane(&model, &theta, 5).unwrap();
            let mut ws = model.workspace(rows);
            for (a, b) in [(0.0f32, 0.0f32), (0.4, -0.7), (-1.25, 2.0)] {
                let got = kernel_logits(&model, &plane, &x, rows, (a, b));
                let point = plane.point(f64::from(a), f64::from(b));
                let want = model.forward(&point, &x, &mut ws).unwrap();
                for (g, w) in got.iter().zip(want) {
                    if (a, b) == (0.0, 0.0) {
                        assert_eq!(g.to_bits(), w.to_bits(), "{sizes:?}: {g} vs {w}");
                    } else {
                        assert!(
                            (g - w).abs() <= 1e-5 * w.abs().max(1.0),
                            "{sizes:?} at ({a}, {b}): {g} vs {w}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn packing_pads_the_last_group_with_zeros() {
        let (classes, width) = (7, 3);
        let w: Vec<f32> = (0..classes * width).map(|i| i as f32 + 1.0).collect();
        let mut out = vec![f32::NAN; packed_len(classes, width)];
        pack_output_weights(&w, classes, width, &mut out);
        assert_eq!(out.len(), 2 * width * GROUP);
        // class c, unit k sits at [(c / GROUP) * width + k] * GROUP + c % GROUP
        for c in 0..classes {
            for k in 0..width {
                assert_eq!(
                    out[((c / GROUP) * width + k) * GROUP + c % GROUP],
                    w[c * width + k]
                );
            }
        }
        assert_eq!(out.iter().filter(|&&v| v == 0.0).count(), 3 * width);
    }
}
