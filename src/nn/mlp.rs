//! A multilayer perceptron `Linear -> act -> ... -> Linear` (`torch.nn.Sequential` of
//! `torch.nn.Linear` layers) whose parameters live outside it, in ONE flat `f32` buffer.
//!
//! Layout of the buffer: `[W0, b0, W1, b1, ...]`, each `W` in PyTorch's `out x in` row-major
//! layout, so `tensor_lens()` lists exactly what `list(model.parameters())` would. Keeping the
//! parameters apart from the architecture is what lets optimizers step one slice, and the
//! landscape view evaluate the same network at any point of parameter space.

use rand::RngCore;
use serde::{Deserialize, Serialize};

use super::activation::Activation;
use super::loss::{argmax_rows, cross_entropy};
use super::workspace::Workspace;
use crate::kernels::{
    matmul, matmul_nt, matmul_nt_sparse_a, matmul_tn, matmul_tn_sparse_b, Dims, SparseRows,
};
use crate::{Error, Result};

/// Inputs with at most this fraction of nonzero entries go through the first layer's sparse
/// products (`crate::kernels::matmul_nt_sparse_a`, the dense products' bits). MNIST digits are
/// about 19% nonzero. Timed natively on 128-digit batches with background pixels filled in
/// (session 4, CPU time): at 51% nonzero the sparse pair (with indexing) still matches the
/// dense one (1.8 vs 2.1 ms), at 68% dense wins (2.5 vs 2.1 ms).
const SPARSE_INPUT_BELOW: f64 = 0.5;

/// Whether layer `l` takes the sparse products: the first layer, on an input (`index`, made by
/// the forward pass of this batch) that is sparse enough.
fn sparse_layer(l: usize, index: &SparseRows) -> bool {
    l == 0 && index.density() <= SPARSE_INPUT_BELOW
}

/// Largest parameter count accepted (a 784-4096-4096-10 net is about 20M): beyond it the
/// buffers would not fit comfortably in a browser tab.
const MAX_PARAMS: usize = 50_000_000;
/// Rows evaluated per chunk by [`Mlp::evaluate`], bounding workspace memory.
const EVAL_CHUNK: usize = 256;

/// The model's shape as the page and the CLI configure it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MlpConfig {
    /// Widths of the hidden layers, input side first (`[128]`, `[256, 128]`; `[]` is softmax
    /// regression).
    pub hidden: Vec<usize>,
    /// The nonlinearity after every hidden layer.
    pub activation: Activation,
}

impl Default for MlpConfig {
    fn default() -> Self {
        MlpConfig {
            hidden: vec![128],
            activation: Activation::Relu,
        }
    }
}

impl MlpConfig {
    /// The network for `inputs` features and `classes` outputs.
    ///
    /// # Errors
    /// [`Error::Config`] for a zero-width layer or more than 50 million parameters.
    pub fn build(&self, inputs: usize, classes: usize) -> Result<Mlp> {
        let mut sizes = Vec::with_capacity(self.hidden.len() + 2);
        sizes.push(inputs);
        sizes.extend_from_slice(&self.hidden);
        sizes.push(classes);
        Mlp::new(&sizes, self.activation)
    }
}

/// Where one linear layer's tensors sit in the flat buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayerShape {
    /// Input features.
    pub inputs: usize,
    /// Output features.
    pub outputs: usize,
    /// Offset of `W` (`outputs x inputs`).
    pub weight: usize,
    /// Offset of `b` (`outputs`).
    pub bias: usize,
}

/// Loss and accuracy of the network on a labelled set.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Evaluation {
    /// Mean cross-entropy.
    pub loss: f64,
    /// Fraction of samples whose largest logit is the label.
    pub accuracy: f64,
    /// Number of correctly classified samples.
    pub correct: usize,
}

/// The architecture: layer widths and activation. Parameters are passed to every method.
#[derive(Debug, Clone, PartialEq)]
pub struct Mlp {
    sizes: Vec<usize>,
    activation: Activation,
    layers: Vec<LayerShape>,
    num_params: usize,
}

impl Mlp {
    /// A network with layer widths `sizes` (`[inputs, hidden.., classes]`).
    ///
    /// # Errors
    /// [`Error::Config`] if fewer than two sizes are given, one is zero, or the parameter count
    /// exceeds 50 million.
    pub fn new(sizes: &[usize], activation: Activation) -> Result<Mlp> {
        if sizes.len() < 2 {
            return Err(Error::Config("an MLP needs input and output sizes".into()));
        }
        if let Some(pos) = sizes.iter().position(|&s| s == 0) {
            return Err(Error::Config(format!(
                "layer sizes must be positive, got {sizes:?} (position {pos})"
            )));
        }
        let mut layers = Vec::with_capacity(sizes.len() - 1);
        let mut offset = 0usize;
        for w in sizes.windows(2) {
            let weights = w[0].checked_mul(w[1]).filter(|&n| n <= MAX_PARAMS);
            let next = weights
                .and_then(|n| offset.checked_add(n + w[1]))
                .filter(|&n| n <= MAX_PARAMS);
            let Some(next) = next else {
                return Err(Error::Config(format!(
                    "layer sizes {sizes:?} need more than {MAX_PARAMS} parameters"
                )));
            };
            layers.push(LayerShape {
                inputs: w[0],
                outputs: w[1],
                weight: offset,
                bias: next - w[1],
            });
            offset = next;
        }
        Ok(Mlp {
            sizes: sizes.to_vec(),
            activation,
            layers,
            num_params: offset,
        })
    }

    /// Layer widths, input first.
    pub fn sizes(&self) -> &[usize] {
        &self.sizes
    }

    /// The hidden layers' activation.
    pub fn activation(&self) -> Activation {
        self.activation
    }

    /// Where each layer's weight and bias sit in the flat buffer.
    pub fn layers(&self) -> &[LayerShape] {
        &self.layers
    }

    /// Length of the flat parameter (and gradient) buffer.
    pub fn num_params(&self) -> usize {
        self.num_params
    }

    /// Input features.
    pub fn inputs(&self) -> usize {
        self.sizes[0]
    }

    /// Output classes.
    pub fn classes(&self) -> usize {
        self.sizes[self.sizes.len() - 1]
    }

    /// Lengths of the tensors laid end to end: `[W0, b0, W1, b1, ...]`, as
    /// `[p.numel() for p in model.parameters()]`.
    pub fn tensor_lens(&self) -> Vec<usize> {
        self.layers
            .iter()
            .flat_map(|l| [l.inputs * l.outputs, l.outputs])
            .collect()
    }

    /// PyTorch's default `nn.Linear` initialisation: `kaiming_uniform_(W, a=sqrt(5))`, which is
    /// `U(-1/sqrt(in), 1/sqrt(in))`, and the same bound for the bias; drawn in buffer order.
    ///
    /// A uniform draw is `(u >> 8) * 2^-24` from one `u32` (24 random bits, exactly what an `f32`
    /// holds), so the values depend only on the generator's output, on every target.
    pub fn init_params(&self, rng: &mut impl RngCore) -> Vec<f32> {
        let mut params = vec![0.0f32; self.num_params];
        for l in &self.layers {
            let bound = 1.0 / (l.inputs as f32).sqrt();
            let end = l.bias + l.outputs;
            for p in &mut params[l.weight..end] {
                let u = (rng.next_u32() >> 8) as f32 * (1.0 / (1u32 << 24) as f32);
                *p = (2.0 * u - 1.0) * bound;
            }
        }
        params
    }

    /// A workspace for batches of up to `batch` rows (it grows if a larger batch comes).
    pub fn workspace(&self, batch: usize) -> Workspace {
        let mut ws = Workspace::default();
        ws.reserve(&self.sizes, batch);
        ws
    }

    fn check(&self, params: &[f32], x: &[f32], rows: usize) -> Result<()> {
        if params.len() != self.num_params {
            return Err(Error::Config(format!(
                "the network has {} parameters but {} were given",
                self.num_params,
                params.len()
            )));
        }
        if x.len() != rows * self.inputs() {
            return Err(Error::Data(format!(
                "expected {rows} samples of {} features ({} values), got {} values",
                self.inputs(),
                rows * self.inputs(),
                x.len()
            )));
        }
        Ok(())
    }

    /// Forward pass of `x` (`rows x inputs`, row-major); returns the logits (`rows x classes`),
    /// which stay in the workspace.
    ///
    /// # Errors
    /// [`Error::Config`] / [`Error::Data`] if `params` or `x` do not fit the network.
    pub fn forward<'w>(
        &self,
        params: &[f32],
        x: &[f32],
        ws: &'w mut Workspace,
    ) -> Result<&'w [f32]> {
        let rows = x.len() / self.inputs();
        self.check(params, x, rows)?;
        ws.reserve(&self.sizes, rows);
        ws.input_index.index(x, rows, self.inputs());
        let last = self.layers.len() - 1;
        for (l, shape) in self.layers.iter().enumerate() {
            let (before, after) = ws.acts.split_at_mut(l);
            let input: &[f32] = if l == 0 {
                x
            } else {
                &before[l - 1][..rows * shape.inputs]
            };
            let out = &mut after[0][..rows * shape.outputs];
            let bias = &params[shape.bias..shape.bias + shape.outputs];
            for row in out.chunks_exact_mut(shape.outputs) {
                row.copy_from_slice(bias);
            }
            let w = &params[shape.weight..shape.bias];
            let dims = Dims::new(rows, shape.inputs, shape.outputs);
            if sparse_layer(l, &ws.input_index) {
                matmul_nt_sparse_a(dims, &ws.input_index, w, out, true, &mut ws.sparse);
            } else {
                matmul_nt(dims, input, w, out, true);
            }
            if l < last {
                self.activation.forward(out);
            }
        }
        Ok(&ws.acts[last][..rows * self.classes()])
    }

    /// Mean cross-entropy of the batch `(x, labels)` and its gradient with respect to every
    /// parameter, written (not added) into `grad` (same layout as `params`).
    ///
    /// # Errors
    /// As [`Mlp::forward`], and [`Error::Data`] if `labels` and `x` disagree in length or a
    /// label is not a class of the network.
    pub fn loss_and_grad(
        &self,
        params: &[f32],
        x: &[f32],
        labels: &[u8],
        grad: &mut [f32],
        ws: &mut Workspace,
    ) -> Result<f64> {
        let rows = labels.len();
        self.check(params, x, rows)?;
        self.check_labels(labels)?;
        if grad.len() != self.num_params {
            return Err(Error::Config(format!(
                "gradient buffer has {} values, the network {}",
                grad.len(),
                self.num_params
            )));
        }
        self.forward(params, x, ws)?;
        let classes = self.classes();
        let last = self.layers.len() - 1;
        let loss = {
            let (acts, delta) = (&ws.acts[last], &mut ws.delta);
            cross_entropy(
                &acts[..rows * classes],
                labels,
                classes,
                Some(&mut delta[..rows * classes]),
            )
        };
        for (l, shape) in self.layers.iter().enumerate().rev() {
            let (n_in, n_out) = (shape.inputs, shape.outputs);
            let input: &[f32] = if l == 0 {
                x
            } else {
                &ws.acts[l - 1][..rows * n_in]
            };
            let delta = &ws.delta[..rows * n_out];
            let (g_w, g_b) = grad[shape.weight..shape.bias + n_out].split_at_mut(n_in * n_out);
            let dims = Dims::new(n_out, rows, n_in);
            if sparse_layer(l, &ws.input_index) {
                matmul_tn_sparse_b(dims, delta, &ws.input_index, g_w, false, &mut ws.sparse);
            } else {
                matmul_tn(dims, delta, input, g_w, false);
            }
            g_b.fill(0.0);
            for row in delta.chunks_exact(n_out) {
                for (g, &d) in g_b.iter_mut().zip(row) {
                    *g += d;
                }
            }
            if l > 0 {
                let w = &params[shape.weight..shape.bias];
                let prev = &mut ws.delta_prev[..rows * n_in];
                matmul(Dims::new(rows, n_out, n_in), delta, w, prev, false);
                self.activation.backward(input, prev);
                std::mem::swap(&mut ws.delta, &mut ws.delta_prev);
            }
        }
        Ok(loss)
    }

    fn check_labels(&self, labels: &[u8]) -> Result<()> {
        match labels
            .iter()
            .position(|&y| usize::from(y) >= self.classes())
        {
            Some(i) => Err(Error::Data(format!(
                "label {} at position {i} is not one of the network's {} classes",
                labels[i],
                self.classes()
            ))),
            None => Ok(()),
        }
    }

    /// Loss and accuracy on `(x, labels)`, in chunks of 256 rows; the predicted class of every
    /// sample goes to `predictions` when given.
    ///
    /// # Errors
    /// As [`Mlp::loss_and_grad`], and [`Error::Data`] if `predictions` has the wrong length.
    pub fn evaluate(
        &self,
        params: &[f32],
        x: &[f32],
        labels: &[u8],
        ws: &mut Workspace,
        mut predictions: Option<&mut [u8]>,
    ) -> Result<Evaluation> {
        let rows = labels.len();
        self.check(params, x, rows)?;
        self.check_labels(labels)?;
        if predictions.as_ref().is_some_and(|p| p.len() != rows) {
            return Err(Error::Data(format!(
                "predictions buffer must hold {rows} labels"
            )));
        }
        let (inputs, classes) = (self.inputs(), self.classes());
        let mut loss_sum = 0.0f64;
        let mut correct = 0usize;
        for start in (0..rows).step_by(EVAL_CHUNK) {
            let end = (start + EVAL_CHUNK).min(rows);
            let y = &labels[start..end];
            self.forward(params, &x[start * inputs..end * inputs], ws)?;
            let logits = &ws.acts[self.layers.len() - 1][..y.len() * classes];
            loss_sum += cross_entropy(logits, y, classes, None) * y.len() as f64;
            let preds = &mut ws.preds[..y.len()];
            argmax_rows(logits, classes, preds);
            correct += preds.iter().zip(y).filter(|(p, t)| p == t).count();
            if let Some(out) = predictions.as_deref_mut() {
                out[start..end].copy_from_slice(preds);
            }
        }
        let n = rows.max(1) as f64;
        Ok(Evaluation {
            loss: loss_sum / n,
            accuracy: correct as f64 / n,
            correct,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_pcg::Pcg64;

    fn rng(seed: u64) -> Pcg64 {
        Pcg64::seed_from_u64(seed)
    }

    fn batch(rows: usize, inputs: usize, classes: usize, seed: u64) -> (Vec<f32>, Vec<u8>) {
        let mut r = rng(seed);
        let x = (0..rows * inputs)
            .map(|_| (r.next_u32() >> 8) as f32 / (1 << 24) as f32)
            .collect();
        let y = (0..rows)
            .map(|_| (r.next_u32() % classes as u32) as u8)
            .collect();
        (x, y)
    }

    #[test]
    fn layout_follows_pytorch_parameters() {
        let net = MlpConfig {
            hidden: vec![256, 128],
            activation: Activation::Tanh,
        }
        .build(784, 10)
        .unwrap();
        assert_eq!(
            net.tensor_lens(),
            vec![256 * 784, 256, 128 * 256, 128, 10 * 128, 10]
        );
        assert_eq!(net.num_params(), net.tensor_lens().iter().sum::<usize>());
        let l1 = net.layers()[1];
        assert_eq!(
            (l1.weight, l1.bias),
            (256 * 784 + 256, 256 * 784 + 256 + 128 * 256)
        );
    }

    #[test]
    fn rejects_zero_width_and_huge_networks() {
        let zero = MlpConfig {
            hidden: vec![0],
            ..MlpConfig::default()
        }
        .build(784, 10);
        assert!(matches!(zero, Err(Error::Config(m)) if m.contains("positive")));
        let huge = MlpConfig {
            hidden: vec![1 << 20, 1 << 20],
            ..MlpConfig::default()
        }
        .build(784, 10);
        assert!(matches!(huge, Err(Error::Config(m)) if m.contains("parameters")));
        assert!(Mlp::new(&[5], Activation::Relu).is_err());
    }

    #[test]
    fn init_is_uniform_within_pytorch_bounds_and_seeded() {
        let net = MlpConfig::default().build(784, 10).unwrap();
        let p = net.init_params(&mut rng(0));
        assert_eq!(p, net.init_params(&mut rng(0)));
        assert_ne!(p, net.init_params(&mut rng(1)));
        for (l, bound) in net.layers().iter().zip([1.0 / 28.0, 1.0 / 128f32.sqrt()]) {
            let w = &p[l.weight..l.bias + l.outputs];
            assert!(w.iter().all(|v| v.abs() <= bound));
            // U(-b, b) has mean 0 and variance b²/3.
            let n = w.len() as f64;
            let mean = w.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
            let var = w.iter().map(|&v| f64::from(v).powi(2)).sum::<f64>() / n;
            let b = f64::from(bound);
            assert!(mean.abs() < 0.05 * b, "mean {mean}");
            assert!((var / (b * b / 3.0) - 1.0).abs() < 0.05, "var {var}");
        }
    }

    #[test]
    fn gradient_matches_central_differences() {
        for act in [Activation::Relu, Activation::Tanh, Activation::Sigmoid] {
            let net = Mlp::new(&[7, 6, 5, 3], act).unwrap();
            let mut params = net.init_params(&mut rng(3));
            // Larger weights than the default make every layer matter to the loss.
            params.iter_mut().for_each(|p| *p *= 3.0);
            let (x, y) = batch(4, 7, 3, 4);
            let mut ws = net.workspace(4);
            let mut grad = vec![f32::NAN; net.num_params()];
            net.loss_and_grad(&params, &x, &y, &mut grad, &mut ws)
                .unwrap();
            let mut scratch = vec![0.0; net.num_params()];
            for i in 0..params.len() {
                let h = 1e-3f32;
                let mut loss_at = |v: f32| {
                    let mut p = params.clone();
                    p[i] = v;
                    net.loss_and_grad(&p, &x, &y, &mut scratch, &mut ws)
                        .unwrap()
                };
                let numeric =
                    (loss_at(params[i] + h) - loss_at(params[i] - h)) / (2.0 * f64::from(h));
                let analytic = f64::from(grad[i]);
                let tol = 3e-4 + 1e-2 * analytic.abs().max(numeric.abs());
                assert!(
                    (analytic - numeric).abs() <= tol,
                    "{act:?} param {i}: {analytic} vs {numeric}"
                );
            }
        }
    }

    #[test]
    fn softmax_regression_has_no_hidden_layer() {
        let net = MlpConfig {
            hidden: vec![],
            ..MlpConfig::default()
        }
        .build(4, 3)
        .unwrap();
        let params: Vec<f32> = (0..15).map(|i| i as f32 * 0.1 - 0.7).collect();
        let x = [1.0, 0.0, 0.0, 0.0];
        let mut ws = net.workspace(1);
        let logits = net.forward(&params, &x, &mut ws).unwrap().to_vec();
        // logits = W[:, 0] + b with W rows [-0.7..], b = params[12..15]
        let want = [-0.7 + 0.5, -0.3 + 0.6, 0.1 + 0.7];
        for (g, w) in logits.iter().zip(want) {
            assert!((g - w).abs() < 1e-6);
        }
    }

    #[test]
    fn evaluate_in_chunks_agrees_with_one_forward_pass() {
        let net = Mlp::new(&[9, 8, 4], Activation::Tanh).unwrap();
        let params = net.init_params(&mut rng(5));
        let (x, y) = batch(600, 9, 4, 6);
        let mut ws = net.workspace(16);
        let mut preds = vec![0u8; 600];
        let eval = net
            .evaluate(&params, &x, &y, &mut ws, Some(&mut preds))
            .unwrap();
        let logits = net.forward(&params, &x, &mut ws).unwrap().to_vec();
        let loss = cross_entropy(&logits, &y, 4, None);
        let mut want = vec![0u8; 600];
        argmax_rows(&logits, 4, &mut want);
        assert!((eval.loss - loss).abs() < 1e-12);
        assert_eq!(preds, want);
        let correct = want.iter().zip(&y).filter(|(a, b)| a == b).count();
        assert_eq!(eval.correct, correct);
        assert!((eval.accuracy - correct as f64 / 600.0).abs() < 1e-15);
    }

    #[test]
    fn mismatched_buffers_are_errors_not_panics() {
        let net = Mlp::new(&[3, 2], Activation::Relu).unwrap();
        let mut ws = net.workspace(1);
        let params = vec![0.0; net.num_params()];
        assert!(net.forward(&params[1..], &[0.0; 3], &mut ws).is_err());
        let mut grad = vec![0.0; net.num_params()];
        assert!(net
            .loss_and_grad(&params, &[0.0; 4], &[0], &mut grad, &mut ws)
            .is_err());
        let bad_label = net.loss_and_grad(&params, &[0.0; 3], &[2], &mut grad, &mut ws);
        assert!(matches!(bad_label, Err(Error::Data(m)) if m.contains("label 2")));
        assert!(net
            .loss_and_grad(&params, &[0.0; 3], &[1], &mut grad[1..], &mut ws)
            .is_err());
    }
}
