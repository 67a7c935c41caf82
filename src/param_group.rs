//! `optimizer.param_groups[i]`: the per-group hyperparameters that schedulers read and write.
//!
//! Schedulers never see an optimizer, only its groups (burn's split), which is also how the CLI
//! and the Schedules panel run a scheduler with no model at all.

use serde::{Deserialize, Serialize};

/// One parameter group, as PyTorch's `optimizer.param_groups[i]` dict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParamGroup {
    /// Indices of the parameter tensors in this group (empty when only a schedule is computed).
    #[serde(default)]
    pub params: Vec<usize>,
    /// The learning rate currently in force (`group["lr"]`).
    pub lr: f64,
    /// Set by the first scheduler built on this group (`group["initial_lr"]`).
    #[serde(default)]
    pub initial_lr: Option<f64>,
    /// `group["momentum"]` for optimizers that have it (SGD, RMSprop); `None` otherwise.
    #[serde(default)]
    pub momentum: Option<f64>,
    /// `group["betas"]` for Adam and AdamW; `None` otherwise.
    #[serde(default)]
    pub betas: Option<(f64, f64)>,
    /// `group["weight_decay"]`.
    #[serde(default)]
    pub weight_decay: f64,
}

impl ParamGroup {
    /// A group with only a learning rate (no momentum, no betas), like Adagrad's.
    pub fn with_lr(lr: f64) -> Self {
        ParamGroup {
            params: Vec::new(),
            lr,
            initial_lr: None,
            momentum: None,
            betas: None,
            weight_decay: 0.0,
        }
    }
}
