//! What a training run records: per iteration (loss, lr, momentum, update-to-weight ratio per
//! layer) and per epoch (training and validation loss, validation accuracy, lr).
//!
//! Each series is its own `Vec` so that the web layer can hand JavaScript a zero-copy view of
//! any one of them.

use serde::Serialize;

/// One epoch's summary, also the CLI's output line.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EpochRecord {
    /// 1-based epoch number.
    pub epoch: usize,
    /// Mean training loss over the epoch's samples (as the batches saw them).
    pub train_loss: f64,
    /// Mean cross-entropy on the validation set after the epoch.
    pub val_loss: f64,
    /// Validation accuracy after the epoch, in `0..=1`.
    pub val_acc: f64,
    /// The learning rate in force during the epoch's last iteration.
    pub lr: f64,
}

/// The whole run so far.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct History {
    /// Training loss of each iteration's batch.
    pub loss: Vec<f32>,
    /// Learning rate applied at each iteration (`param_groups[0]["lr"]` at `optimizer.step()`).
    pub lr: Vec<f64>,
    /// Momentum (SGD, RMSprop) or beta1 (Adam, AdamW) applied at each iteration; empty for
    /// optimizers that have neither.
    pub momentum: Vec<f64>,
    /// `update_ratio[l][i]`: `‖ΔW_l‖ / ‖W_l‖` of layer `l`'s weight matrix at iteration `i`, the
    /// cs231n rule of thumb (about 1e-3 is healthy).
    pub update_ratio: Vec<Vec<f32>>,
    /// One record per completed epoch.
    pub epochs: Vec<EpochRecord>,
    /// Iterations recorded and then forgotten from the front of the per-iteration series
    /// (see [`History::forget_iterations`]); 0 unless a reader drains them.
    #[serde(skip)]
    pub forgotten: usize,
}

impl History {
    /// An empty history for a network with `layers` weight matrices.
    pub fn new(layers: usize) -> Self {
        History {
            update_ratio: vec![Vec::new(); layers],
            ..History::default()
        }
    }

    /// Makes room for `iterations` more per-iteration values in every series and `epochs` more
    /// epoch records, so that recording them allocates nothing.
    pub fn reserve(&mut self, iterations: usize, epochs: usize) {
        self.loss.reserve(iterations);
        self.lr.reserve(iterations);
        self.momentum.reserve(iterations);
        for layer in &mut self.update_ratio {
            layer.reserve(iterations);
        }
        self.epochs.reserve(epochs);
    }

    /// Iterations recorded, forgotten ones included.
    pub fn iterations(&self) -> usize {
        self.forgotten + self.loss.len()
    }

    /// Forgets the per-iteration series recorded so far (keeping their count and the epoch
    /// records). The page's worker calls it after sending each chunk's values, so a run of any
    /// length holds only one chunk in memory; the page keeps a thinned copy.
    pub fn forget_iterations(&mut self) {
        self.forgotten += self.loss.len();
        self.loss.clear();
        self.lr.clear();
        self.momentum.clear();
        for layer in &mut self.update_ratio {
            layer.clear();
        }
    }
}

/// `‖after - before‖ / ‖before‖` in `f64` (0 when the weights are all zero and do not move),
/// then `before` becomes `after`: the trainer keeps the weights of the last step this way, in the
/// same pass over them, instead of copying them before every step (natively, `memmove` fell from
/// 6.5% to 3.6% of a batch-32 step). The sums are [`crate::kernels::step_sums_and_keep`]'s, the
/// same on every target.
pub fn update_ratio_and_keep(before: &mut [f32], after: &[f32]) -> f32 {
    let (delta, norm) = crate::kernels::step_sums_and_keep(before, after);
    if norm == 0.0 {
        return if delta == 0.0 { 0.0 } else { f32::INFINITY };
    }
    (delta / norm).sqrt() as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_is_relative_step_size() {
        let ratio = |before: &[f32], after: &[f32]| {
            let mut kept = before.to_vec();
            let r = update_ratio_and_keep(&mut kept, after);
            assert_eq!(kept, after, "the weights after the step are kept");
            r
        };
        assert!((ratio(&[3.0, 4.0], &[3.0, 4.05]) - 0.01).abs() < 1e-6);
        assert_eq!(ratio(&[0.0], &[0.0]), 0.0);
        assert_eq!(ratio(&[0.0], &[1.0]), f32::INFINITY);
        // Longer than one chunk, with a remainder: 19 weights of 2.0, one moved by 0.5.
        let before = [2.0f32; 19];
        let mut after = before;
        after[17] += 0.5;
        after[3] -= 0.25;
        let want = (0.5f64 * 0.5 + 0.25 * 0.25).sqrt() / (19.0f64 * 4.0).sqrt();
        assert!((f64::from(ratio(&before, &after)) - want).abs() < 1e-7);
    }

    #[test]
    fn forgetting_keeps_the_count_and_the_epochs() {
        let mut h = History::new(1);
        h.loss.extend([1.0, 2.0]);
        h.lr.extend([0.1, 0.1]);
        h.update_ratio[0].extend([1e-3, 1e-3]);
        h.epochs.push(EpochRecord {
            epoch: 1,
            train_loss: 1.5,
            val_loss: 1.4,
            val_acc: 0.5,
            lr: 0.1,
        });
        h.forget_iterations();
        assert_eq!(h.iterations(), 2);
        assert!(h.loss.is_empty() && h.lr.is_empty() && h.update_ratio[0].is_empty());
        assert_eq!(h.epochs.len(), 1);
        h.loss.push(0.5);
        assert_eq!(h.iterations(), 3);
    }

    #[test]
    fn serializes_with_plain_field_names() {
        let mut h = History::new(2);
        h.epochs.push(EpochRecord {
            epoch: 1,
            train_loss: 0.5,
            val_loss: 0.4,
            val_acc: 0.9,
            lr: 0.001,
        });
        let v = serde_json::to_value(&h).unwrap();
        assert_eq!(v["epochs"][0]["val_acc"], 0.9);
        assert_eq!(v["update_ratio"].as_array().map(Vec::len), Some(2));
    }
}
