//! The training run every engine is timed on: the lab's default network (784-128-10, ReLU) on
//! its default 8,000 training digits, plain SGD (`torch.optim.SGD(params, lr)`, no momentum),
//! the same configuration natively, in the page and, rebuilt by hand, in TensorFlow.js.

use crate::nn::Mlp;
use crate::optim::{OptimizerConfig, SGDConfig};
use crate::train::TrainConfig;
use crate::Result;

/// The batch sizes the issue asks for.
pub const BENCH_BATCHES: [usize; 2] = [32, 128];

/// SGD's learning rate: large enough that the loss visibly falls within the timed epochs.
pub const BENCH_LR: f64 = 0.05;

/// The benchmark's training configuration at `batch_size`: the lab's defaults with SGD and
/// enough epochs for a warm-up and three timed epochs.
///
/// # Errors
/// [`crate::Error::Config`] for a zero batch size, or SGD's own for a bad lr.
pub fn train_config(batch_size: usize) -> Result<TrainConfig> {
    let config = TrainConfig {
        optimizer: OptimizerConfig::SGD(SGDConfig {
            lr: BENCH_LR,
            ..SGDConfig::default()
        }),
        batch_size,
        epochs: 6,
        ..TrainConfig::default()
    };
    config.validate()?;
    Ok(config)
}

/// Floating-point operations per training sample, `6 · Σ inputs · outputs` over the layers:
/// 2 for the forward product and 4 for the two backward products of every weight. Biases,
/// activations, the loss and the optimizer are left out, as the issue counts.
pub fn train_flops_per_sample(model: &Mlp) -> f64 {
    model
        .layers()
        .iter()
        .map(|l| 6.0 * (l.inputs * l.outputs) as f64)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_model_counts_as_the_issue_does() {
        let config = train_config(128).unwrap();
        let model = config.model.build(784, 10).unwrap();
        assert_eq!(
            train_flops_per_sample(&model),
            6.0 * (784.0 * 128.0 + 128.0 * 10.0)
        );
        assert!(matches!(config.optimizer, OptimizerConfig::SGD(ref s) if s.lr == BENCH_LR));
        assert_eq!(config.model.hidden, vec![128]);
    }

    #[test]
    fn zero_batch_is_an_error() {
        assert!(train_config(0).is_err());
    }
}
