//! Loss and accuracy at any point `theta(a, b) = origin + a·d1 + b·d2` of a plane, fast.
//!
//! The first layer dominates the cost (784 inputs), and on the plane its pre-activations are
//! affine in `(a, b)`:
//! `X·W0(a, b)ᵀ + b0(a, b) = (X·O0ᵀ + o_b) + a·(X·D1ᵀ + d1_b) + b·(X·D2ᵀ + d2_b)`.
//! The three products are computed once; each grid point then costs two scaled additions for
//! the first layer and the later (narrow) layers in full: for 784-128-10 about 1/80 of a
//! direct evaluation.

use super::fast_loss::loss_and_correct;
use super::one_hidden::{self, BlockedFirst, BLOCK};
use super::plane::Plane;
use crate::kernels::{matmul_nt, Dims};
use crate::nn::{Evaluation, Mlp};
use crate::{Error, Result};

/// Rows per chunk: one chunk's hidden activations (256 x 128 floats) stay in L2.
const CHUNK: usize = 256;
/// Widest layer [`narrow_dense`] handles: four 4-lane vectors, the GEMM's `NR`.
const LANES: usize = 16;
/// Ten classes fit three 4-lane vectors: padding them to 16 would waste a quarter of the
/// later layer's multiply-adds, the bulk of a grid point's cost.
const LANES_12: usize = 12;

/// `out[r] += input[r] · Wᵀ` for a layer of at most [`LANES`] outputs (`out` holds the bias),
/// without the GEMM's packing, which costs as much as the product at this width: `W` is
/// transposed once into `wt` (`inputs x L`, zero-padded) and two rows are summed at a time.
/// Each sum starts at zero, runs over increasing `k` and is added to `out` last, the packed
/// GEMM's order for `inputs <= 256`, so the results are the same bits as `matmul_nt`'s.
fn narrow_dense<const L: usize>(
    input: &[f32],
    k: usize,
    w: &[f32],
    out: &mut [f32],
    wt: &mut Vec<f32>,
) {
    let outputs = w.len() / k.max(1);
    wt.clear();
    wt.resize(k * L, 0.0);
    for (c, row) in w.chunks_exact(k).enumerate() {
        for (kk, &v) in row.iter().enumerate() {
            wt[kk * L + c] = v;
        }
    }
    let (w_rows, _) = wt.as_chunks::<L>();
    let mut pairs = input
        .chunks_exact(2 * k)
        .zip(out.chunks_exact_mut(2 * outputs));
    for (a, o) in &mut pairs {
        let (a0, a1) = a.split_at(k);
        let mut acc = [[0.0f32; L]; 2];
        for ((wv, &x0), &x1) in w_rows.iter().zip(a0).zip(a1) {
            for c in 0..L {
                acc[0][c] += x0 * wv[c];
                acc[1][c] += x1 * wv[c];
            }
        }
        for (dst, tile) in o.chunks_exact_mut(outputs).zip(&acc) {
            for (d, &v) in dst.iter_mut().zip(tile) {
                *d += v;
            }
        }
    }
    let rows = input.len() / k.max(1);
    if rows % 2 == 1 {
        let a = &input[(rows - 1) * k..];
        let mut acc = [0.0f32; L];
        for (wv, &x) in w_rows.iter().zip(a) {
            for c in 0..L {
                acc[c] += x * wv[c];
            }
        }
        let dst = &mut out[(rows - 1) * outputs..rows * outputs];
        for (d, &v) in dst.iter_mut().zip(&acc) {
            *d += v;
        }
    }
}

/// The first layer's three precomputed terms, laid out for the kernel that will read them.
#[derive(Debug, Clone)]
enum FirstLayer {
    /// Row-major `rows x width0` each, for deeper networks (the general path).
    Rows([Vec<f32>; 3]),
    /// In sample blocks, for one hidden layer ([`one_hidden`]).
    Blocks(BlockedFirst),
}

/// A plane and a labelled evaluation set, with the first layer's three products precomputed.
#[derive(Debug, Clone)]
pub struct PlaneEvaluator {
    model: Mlp,
    plane: Plane,
    labels: Vec<u8>,
    /// `[X·O0ᵀ + o_b, X·D1ᵀ + d1_b, X·D2ᵀ + d2_b]`, each `rows x width0`.
    first: FirstLayer,
    /// Where the later layers start in the flat buffer (the tail is rebuilt per point).
    tail_start: usize,
    tail: Vec<f32>,
    /// The tails of the points of the current batch, one after the other.
    tails: Vec<f32>,
    /// A narrow layer's transposed, padded weights.
    wt: Vec<f32>,
    /// With one hidden layer: each point's output weights packed for [`one_hidden`].
    packed: Vec<f32>,
    acts: Vec<Vec<f32>>,
    /// The loss's exponentials of a chunk.
    exps: Vec<f32>,
}

impl PlaneEvaluator {
    /// Precomputes the first layer on `images` (`labels.len()` rows of `model.inputs()` values).
    ///
    /// # Errors
    /// [`Error::Config`] if the plane does not fit the model; [`Error::Data`] for an empty set,
    /// images of the wrong size, or labels that are not classes of the network.
    pub fn new(model: &Mlp, plane: Plane, images: &[f32], labels: &[u8]) -> Result<Self> {
        if plane.origin.len() != model.num_params() {
            return Err(Error::Config(format!(
                "the plane has {} parameters, the network {}",
                plane.origin.len(),
                model.num_params()
            )));
        }
        let rows = labels.len();
        if rows == 0 {
            return Err(Error::Data("the evaluation set is empty".into()));
        }
        if images.len() != rows * model.inputs() {
            return Err(Error::Data(format!(
                "expected {rows} samples of {} features, got {} values",
                model.inputs(),
                images.len()
            )));
        }
        if let Some(&y) = labels.iter().find(|&&y| usize::from(y) >= model.classes()) {
            return Err(Error::Data(format!(
                "label {y} is not one of the network's {} classes",
                model.classes()
            )));
        }
        let l0 = model.layers()[0];
        let first = [&plane.origin, &plane.d1, &plane.d2].map(|v| {
            let mut out = vec![0.0f32; rows * l0.outputs];
            let bias = &v[l0.bias..l0.bias + l0.outputs];
            for row in out.chunks_exact_mut(l0.outputs) {
                row.copy_from_slice(bias);
            }
            let dims = Dims::new(rows, l0.inputs, l0.outputs);
            matmul_nt(dims, images, &v[l0.weight..l0.bias], &mut out, true);
            out
        });
        let tail_start = l0.bias + l0.outputs;
        let chunk = rows.min(CHUNK);
        let first = if model.layers().len() == 2 {
            FirstLayer::Blocks(BlockedFirst::new(&first, l0.outputs))
        } else {
            FirstLayer::Rows(first)
        };
        Ok(PlaneEvaluator {
            acts: model.sizes()[1..]
                .iter()
                .map(|&w| vec![0.0; chunk.next_multiple_of(BLOCK) * w])
                .collect(),
            tail: vec![0.0; model.num_params() - tail_start],
            tails: Vec::new(),
            wt: Vec::new(),
            packed: Vec::new(),
            exps: Vec::new(),
            model: model.clone(),
            plane,
            labels: labels.to_vec(),
            first,
            tail_start,
        })
    }

    /// The plane.
    pub fn plane(&self) -> &Plane {
        &self.plane
    }

    /// The network.
    pub fn model(&self) -> &Mlp {
        &self.model
    }

    /// Samples evaluated per point.
    pub fn rows(&self) -> usize {
        self.labels.len()
    }

    /// Mean cross-entropy and accuracy at `theta(a, b)`: [`Mlp::evaluate`]'s numbers there,
    /// up to the `f32` rounding of the first layer's three-term sum (none at the origin) and
    /// ~1e-15 relative in the loss (see `fast_loss`).
    pub fn evaluate(&mut self, a: f64, b: f64) -> Evaluation {
        let mut out = [Evaluation {
            loss: 0.0,
            accuracy: 0.0,
            correct: 0,
        }];
        self.evaluate_many(&[(a, b)], &mut out);
        out[0]
    }

    /// [`PlaneEvaluator::evaluate`] at each of `points`, into `out` (same length).
    ///
    /// The points share each pass over the samples: a chunk's three precomputed first-layer
    /// blocks (3 x 256 x width floats) are read from memory once for all of them and then
    /// served from cache, which is what bounds the speed of a single point.
    pub fn evaluate_many(&mut self, points: &[(f64, f64)], out: &mut [Evaluation]) {
        let t = self.tail_start;
        let tail_len = self.tail.len();
        self.tails.resize(points.len() * tail_len, 0.0);
        for (&(a, b), tail) in points
            .iter()
            .zip(self.tails.chunks_exact_mut(tail_len.max(1)))
        {
            let (af, bf) = (a as f32, b as f32);
            for (((o, &p), &u), &v) in tail
                .iter_mut()
                .zip(&self.plane.origin[t..])
                .zip(&self.plane.d1[t..])
                .zip(&self.plane.d2[t..])
            {
                *o = p + af * u + bf * v;
            }
        }
        if let FirstLayer::Blocks(blocked) = &self.first {
            // One hidden layer: a tail is the output layer's weights, then its bias.
            let (classes, width) = (self.model.classes(), blocked.width());
            let len = one_hidden::packed_len(classes, width);
            self.packed.resize(points.len() * len, 0.0);
            for (tail, out) in self
                .tails
                .chunks_exact(tail_len.max(1))
                .zip(self.packed.chunks_exact_mut(len))
            {
                one_hidden::pack_output_weights(tail, classes, width, out);
            }
        }
        let mut sums = vec![(0.0f64, 0usize); points.len()];
        let rows = self.labels.len();
        for start in (0..rows).step_by(CHUNK) {
            let end = (start + CHUNK).min(rows);
            for (k, &(a, b)) in points.iter().enumerate() {
                let (loss, correct) = self.chunk_at(start..end, k, a as f32, b as f32);
                sums[k].0 += loss;
                sums[k].1 += correct;
            }
        }
        for (o, (loss, correct)) in out.iter_mut().zip(sums) {
            *o = Evaluation {
                loss: loss / rows as f64,
                accuracy: correct as f64 / rows as f64,
                correct,
            };
        }
    }

    /// Summed loss and correct count of the rows `range` at point `k` of the current batch.
    fn chunk_at(
        &mut self,
        range: std::ops::Range<usize>,
        k: usize,
        a: f32,
        b: f32,
    ) -> (f64, usize) {
        let layers = self.model.layers();
        let last = layers.len() - 1;
        let (classes, width0) = (self.model.classes(), layers[0].outputs);
        let activation = self.model.activation();
        let t = self.tail_start;
        let tail = &self.tails[k * self.tail.len()..(k + 1) * self.tail.len()];
        let n = range.len();
        let first = match &self.first {
            FirstLayer::Rows(first) => first,
            FirstLayer::Blocks(blocked) => {
                let bias = &tail[layers[1].bias - t..];
                let len = one_hidden::packed_len(classes, blocked.width());
                let blocks = range.start / BLOCK..range.end.div_ceil(BLOCK);
                let (hidden, rest) = self.acts.split_at_mut(1);
                let logits = &mut rest[0][..blocks.len() * BLOCK * classes];
                one_hidden::logits(
                    blocked,
                    blocks,
                    (a, b),
                    activation,
                    &self.packed[k * len..(k + 1) * len],
                    bias,
                    &mut hidden[0],
                    logits,
                );
                return loss_and_correct(logits, &self.labels[range], classes, &mut self.exps);
            }
        };
        let z = &mut self.acts[0][..n * width0];
        let span = range.start * width0..range.end * width0;
        for (((z, &p), &u), &v) in z
            .iter_mut()
            .zip(&first[0][span.clone()])
            .zip(&first[1][span.clone()])
            .zip(&first[2][span])
        {
            *z = p + a * u + b * v;
        }
        if last > 0 {
            activation.forward(z);
        }
        for (l, shape) in layers.iter().enumerate().skip(1) {
            let (before, after) = self.acts.split_at_mut(l);
            let input = &before[l - 1][..n * shape.inputs];
            let out = &mut after[0][..n * shape.outputs];
            let (w, bias) = (shape.weight - t, shape.bias - t);
            for row in out.chunks_exact_mut(shape.outputs) {
                row.copy_from_slice(&tail[bias..bias + shape.outputs]);
            }
            if shape.outputs <= LANES_12 {
                narrow_dense::<LANES_12>(input, shape.inputs, &tail[w..bias], out, &mut self.wt);
            } else if shape.outputs <= LANES {
                narrow_dense::<LANES>(input, shape.inputs, &tail[w..bias], out, &mut self.wt);
            } else {
                let dims = Dims::new(n, shape.inputs, shape.outputs);
                matmul_nt(dims, input, &tail[w..bias], out, true);
            }
            if l < last {
                activation.forward(out);
            }
        }
        let logits = &self.acts[last][..n * classes];
        loss_and_correct(logits, &self.labels[range], classes, &mut self.exps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::seeded_rng;
    use crate::landscape::random_plane;
    use crate::nn::Activation;
    use rand::RngCore;

    #[test]
    fn agrees_with_direct_evaluation_for_every_depth() {
        let mut rng = seeded_rng(4, 4);
        let rows = 301; // odd: the narrow kernel's single-row tail
        let x: Vec<f32> = (0..rows * 6)
            .map(|_| (rng.next_u32() >> 8) as f32 / (1 << 24) as f32)
            .collect();
        let y: Vec<u8> = (0..rows).map(|i| (i % 3) as u8).collect();
        for sizes in [&[6, 3][..], &[6, 5, 3], &[6, 5, 4, 3]] {
            let model = Mlp::new(sizes, Activation::Tanh).unwrap();
            let theta = model.init_params(&mut rng);
            let plane = random_plane(&model, &theta, 3).unwrap();
            let mut fast = PlaneEvaluator::new(&model, plane.clone(), &x, &y).unwrap();
            let mut ws = model.workspace(64);
            for (a, b) in [(0.0, 0.0), (0.7, -0.3), (-1.5, 2.0)] {
                let got = fast.evaluate(a, b);
                let want = model
                    .evaluate(&plane.point(a, b), &x, &y, &mut ws, None)
                    .unwrap();
                assert!(
                    (got.loss - want.loss).abs() < 1e-5,
                    "{sizes:?} {got:?} {want:?}"
                );
                assert_eq!(got.correct, want.correct, "{sizes:?} at ({a}, {b})");
            }
        }
    }

    #[test]
    fn rejects_what_does_not_fit() {
        let model = Mlp::new(&[2, 3], Activation::Relu).unwrap();
        let theta = vec![0.5; model.num_params()];
        let plane = random_plane(&model, &theta, 1).unwrap();
        assert!(PlaneEvaluator::new(&model, plane.clone(), &[], &[]).is_err());
        assert!(PlaneEvaluator::new(&model, plane.clone(), &[0.0; 3], &[0]).is_err());
        assert!(PlaneEvaluator::new(&model, plane.clone(), &[0.0; 2], &[3]).is_err());
        let other = Mlp::new(&[2, 4], Activation::Relu).unwrap();
        assert!(PlaneEvaluator::new(&other, plane, &[0.0; 2], &[0]).is_err());
    }
}
