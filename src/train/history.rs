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
}

impl History {
    /// An empty history for a network with `layers` weight matrices.
    pub fn new(layers: usize) -> Self {
        History {
            update_ratio: vec![Vec::new(); layers],
            ..History::default()
        }
    }

    /// Iterations recorded.
    pub fn iterations(&self) -> usize {
        self.loss.len()
    }
}

/// `‖after - before‖ / ‖before‖` in `f64` (0 when the weights are all zero and do not move).
pub fn update_ratio(before: &[f32], after: &[f32]) -> f32 {
    let (mut delta, mut norm) = (0.0f64, 0.0f64);
    for (&b, &a) in before.iter().zip(after) {
        let d = f64::from(a) - f64::from(b);
        delta += d * d;
        norm += f64::from(b) * f64::from(b);
    }
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
        assert!((update_ratio(&[3.0, 4.0], &[3.0, 4.05]) - 0.01).abs() < 1e-6);
        assert_eq!(update_ratio(&[0.0], &[0.0]), 0.0);
        assert_eq!(update_ratio(&[0.0], &[1.0]), f32::INFINITY);
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
