//! AdamW: Adam with decoupled weight decay (`torch.optim.AdamW`).

use serde::{Deserialize, Serialize};

use super::adam::{Adam, AdamConfig};
use crate::{ParamGroup, Result};

/// The keywords of `torch.optim.AdamW(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
/// weight_decay=1e-2, amsgrad=False, *, maximize=False)`, with PyTorch's defaults.
///
/// As in PyTorch, where `AdamW` is a subclass of `Adam` that sets `decoupled_weight_decay`,
/// the optimizer it builds is an [`Adam`]: each step first shrinks the weights,
/// θ ← θ(1 − γλ), then takes Adam's step on the undecayed gradient (Loshchilov and Hutter,
/// "Decoupled Weight Decay Regularization", ICLR 2019).
///
/// # Errors
/// The values [`AdamConfig::validate`] rejects, with the same messages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdamWConfig {
    /// Learning rate γ.
    pub lr: f64,
    /// Decays (β₁, β₂) of the first and second moment averages.
    pub betas: (f64, f64),
    /// Term ε added to the denominator.
    pub eps: f64,
    /// Decoupled weight decay λ.
    pub weight_decay: f64,
    /// Divide by the running maximum of the second moment (AMSGrad).
    pub amsgrad: bool,
    /// Ascend the objective instead of descending it.
    pub maximize: bool,
}

impl Default for AdamWConfig {
    fn default() -> Self {
        AdamWConfig {
            lr: 1e-3,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 1e-2,
            amsgrad: false,
            maximize: false,
        }
    }
}

impl AdamWConfig {
    /// The equivalent `Adam` keywords (`decoupled_weight_decay=True`).
    pub fn to_adam(&self) -> AdamConfig {
        AdamConfig {
            lr: self.lr,
            betas: self.betas,
            eps: self.eps,
            weight_decay: self.weight_decay,
            amsgrad: self.amsgrad,
            maximize: self.maximize,
            decoupled_weight_decay: true,
        }
    }

    /// Checks the values as `AdamW.__init__` (that is, `Adam.__init__`) does.
    ///
    /// # Errors
    /// See [`AdamConfig::validate`].
    pub fn validate(&self) -> Result<()> {
        self.to_adam().validate()
    }

    /// The group a scheduler sees: `lr`, `betas` and `weight_decay`.
    pub fn param_group(&self) -> ParamGroup {
        self.to_adam().param_group()
    }

    /// `AdamW(params, **config)`: an [`Adam`] with decoupled weight decay.
    ///
    /// # Errors
    /// See [`Adam::new`].
    pub fn build(&self, tensor_lens: &[usize], groups: Option<Vec<ParamGroup>>) -> Result<Adam> {
        Adam::new(self.to_adam(), tensor_lens, groups)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::Optimizer;

    #[test]
    fn defaults_are_pytorchs() {
        let c: AdamWConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(c, AdamWConfig::default());
        assert_eq!(c.weight_decay, 1e-2);
        assert!(
            serde_json::from_str::<AdamWConfig>(r#"{"decoupled_weight_decay": false}"#).is_err()
        );
    }

    #[test]
    fn messages_are_adams() {
        let c = AdamWConfig {
            betas: (0.9, 1.0),
            ..AdamWConfig::default()
        };
        assert_eq!(
            c.build(&[1], None).unwrap_err().to_string(),
            "Invalid beta parameter at index 1: 1.0"
        );
    }

    #[test]
    fn decay_shrinks_weights_even_without_gradient() {
        let c = AdamWConfig {
            lr: 0.1,
            weight_decay: 0.5,
            ..AdamWConfig::default()
        };
        let mut opt = c.build(&[2], None).unwrap();
        let mut p = [2.0, -4.0];
        opt.step(&mut p, &[0.0, 0.0]).unwrap();
        assert_eq!(p, [2.0 * 0.95, -4.0 * 0.95]);
    }
}
