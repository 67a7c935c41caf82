//! `OptimizerConfig`: any optimizer by PyTorch class name and keywords, as JSON configs
//! name them: `{"optimizer": "SGD", "lr": 0.1, "momentum": 0.9}`.

use serde::{Deserialize, Serialize};

use super::{
    Adadelta, AdadeltaConfig, Adagrad, AdagradConfig, Adam, AdamConfig, AdamWConfig, Optimizer,
    RMSprop, RMSpropConfig, SGDConfig, SGD,
};
use crate::{ParamGroup, Result};

/// One of the lab's optimizers with its keywords, tagged by PyTorch class name.
#[allow(clippy::upper_case_acronyms)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "optimizer")]
pub enum OptimizerConfig {
    /// `torch.optim.SGD`.
    SGD(SGDConfig),
    /// `torch.optim.Adagrad`.
    Adagrad(AdagradConfig),
    /// `torch.optim.Adadelta`.
    Adadelta(AdadeltaConfig),
    /// `torch.optim.RMSprop`.
    RMSprop(RMSpropConfig),
    /// `torch.optim.Adam`.
    Adam(AdamConfig),
    /// `torch.optim.AdamW`.
    AdamW(AdamWConfig),
}

impl Default for OptimizerConfig {
    /// SGD with PyTorch's defaults, the optimizer of the lecture.
    fn default() -> Self {
        OptimizerConfig::SGD(SGDConfig::default())
    }
}

impl OptimizerConfig {
    /// The PyTorch class name (`"SGD"`, `"AdamW"`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            OptimizerConfig::SGD(_) => "SGD",
            OptimizerConfig::Adagrad(_) => "Adagrad",
            OptimizerConfig::Adadelta(_) => "Adadelta",
            OptimizerConfig::RMSprop(_) => "RMSprop",
            OptimizerConfig::Adam(_) => "Adam",
            OptimizerConfig::AdamW(_) => "AdamW",
        }
    }

    /// Checks the keywords as the optimizer's constructor does.
    ///
    /// # Errors
    /// PyTorch's `ValueError` text as [`crate::Error::InvalidArgument`], e.g. "Invalid learning
    /// rate: -0.1"; see each config's `validate`.
    pub fn validate(&self) -> Result<()> {
        match self {
            OptimizerConfig::SGD(c) => c.validate(),
            OptimizerConfig::Adagrad(c) => c.validate(),
            OptimizerConfig::Adadelta(c) => c.validate(),
            OptimizerConfig::RMSprop(c) => c.validate(),
            OptimizerConfig::Adam(c) => c.validate(),
            OptimizerConfig::AdamW(c) => c.validate(),
        }
    }

    /// The group dict a scheduler sees before any scheduler touched it (`params` empty):
    /// `lr` and `weight_decay`, `momentum` for SGD and RMSprop, `betas` for Adam and AdamW.
    pub fn param_group(&self) -> ParamGroup {
        match self {
            OptimizerConfig::SGD(c) => c.param_group(),
            OptimizerConfig::Adagrad(c) => c.param_group(),
            OptimizerConfig::Adadelta(c) => c.param_group(),
            OptimizerConfig::RMSprop(c) => c.param_group(),
            OptimizerConfig::Adam(c) => c.param_group(),
            OptimizerConfig::AdamW(c) => c.param_group(),
        }
    }

    /// The learning rate keyword.
    pub fn lr(&self) -> f64 {
        self.param_group().lr
    }

    /// Builds the optimizer over tensors of lengths `tensor_lens` laid end to end in one flat
    /// buffer: one group over every tensor when `groups` is `None` (PyTorch's
    /// `optimizer(model.parameters(), ...)`), else those groups, where a group's missing
    /// `momentum` or `betas` is taken from the keywords and keys the optimizer does not have
    /// are dropped.
    ///
    /// # Errors
    /// The keywords' errors (see [`OptimizerConfig::validate`]), checked for every group too;
    /// "optimizer got an empty parameter list" for no tensor or no group; "some parameters
    /// appear in more than one parameter group"; "optimizer contains a parameter group with
    /// duplicate parameters"; [`crate::Error::Config`] for a tensor index out of range.
    pub fn build(
        &self,
        tensor_lens: &[usize],
        groups: Option<Vec<ParamGroup>>,
    ) -> Result<Box<dyn Optimizer>> {
        Ok(match self {
            OptimizerConfig::SGD(c) => Box::new(SGD::new(c.clone(), tensor_lens, groups)?),
            OptimizerConfig::Adagrad(c) => Box::new(Adagrad::new(c.clone(), tensor_lens, groups)?),
            OptimizerConfig::Adadelta(c) => {
                Box::new(Adadelta::new(c.clone(), tensor_lens, groups)?)
            }
            OptimizerConfig::RMSprop(c) => Box::new(RMSprop::new(c.clone(), tensor_lens, groups)?),
            OptimizerConfig::Adam(c) => Box::new(Adam::new(c.clone(), tensor_lens, groups)?),
            OptimizerConfig::AdamW(c) => Box::new(c.build(tensor_lens, groups)?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    #[test]
    fn parses_pytorch_class_names_and_keywords() {
        let c: OptimizerConfig =
            serde_json::from_str(r#"{"optimizer": "SGD", "lr": 0.1, "momentum": 0.9}"#).unwrap();
        assert_eq!(
            c,
            OptimizerConfig::SGD(SGDConfig {
                lr: 0.1,
                momentum: 0.9,
                ..SGDConfig::default()
            })
        );
        for name in ["SGD", "Adagrad", "Adadelta", "RMSprop", "Adam", "AdamW"] {
            let c: OptimizerConfig =
                serde_json::from_str(&format!(r#"{{"optimizer": "{name}"}}"#)).unwrap();
            assert_eq!(c.name(), name);
            let back = serde_json::to_value(&c).unwrap();
            assert_eq!(back["optimizer"], name);
            assert_eq!(serde_json::from_value::<OptimizerConfig>(back).unwrap(), c);
        }
        let typo = r#"{"optimizer": "Adam", "beta": [0.9, 0.99]}"#;
        assert!(serde_json::from_str::<OptimizerConfig>(typo).is_err());
        assert!(serde_json::from_str::<OptimizerConfig>(r#"{"optimizer": "Lion"}"#).is_err());
    }

    #[test]
    fn param_group_has_the_keys_schedulers_cycle() {
        let group = |json: &str| {
            serde_json::from_str::<OptimizerConfig>(json)
                .unwrap()
                .param_group()
        };
        let sgd = group(r#"{"optimizer": "SGD", "lr": 0.1, "momentum": 0.9}"#);
        assert_eq!((sgd.lr, sgd.momentum, sgd.betas), (0.1, Some(0.9), None));
        let rms = group(r#"{"optimizer": "RMSprop"}"#);
        assert_eq!((rms.momentum, rms.betas), (Some(0.0), None));
        let adam = group(r#"{"optimizer": "Adam", "betas": [0.8, 0.9]}"#);
        assert_eq!((adam.momentum, adam.betas), (None, Some((0.8, 0.9))));
        let adamw = group(r#"{"optimizer": "AdamW"}"#);
        assert_eq!(
            (adamw.weight_decay, adamw.betas),
            (1e-2, Some((0.9, 0.999)))
        );
        let adagrad = group(r#"{"optimizer": "Adagrad"}"#);
        assert_eq!(
            (adagrad.lr, adagrad.momentum, adagrad.betas),
            (1e-2, None, None)
        );
    }

    #[test]
    fn build_normalises_and_checks_groups() {
        let c: OptimizerConfig =
            serde_json::from_str(r#"{"optimizer": "Adam", "betas": [0.8, 0.9]}"#).unwrap();
        let groups = vec![
            ParamGroup {
                params: vec![1],
                momentum: Some(0.9),
                ..ParamGroup::with_lr(0.1)
            },
            ParamGroup {
                params: vec![0],
                betas: Some((0.5, 0.6)),
                ..ParamGroup::with_lr(0.2)
            },
        ];
        let opt = c.build(&[2, 3], Some(groups)).unwrap();
        let g = opt.param_groups();
        assert_eq!((g[0].momentum, g[0].betas), (None, Some((0.8, 0.9))));
        assert_eq!(g[1].betas, Some((0.5, 0.6)));
        let bad = vec![ParamGroup {
            params: vec![0],
            betas: Some((1.5, 0.9)),
            ..ParamGroup::with_lr(0.1)
        }];
        assert_eq!(
            c.build(&[1], Some(bad)).unwrap_err(),
            Error::invalid("Invalid beta parameter at index 0: 1.5")
        );
        assert_eq!(
            c.build(&[], None).unwrap_err(),
            Error::invalid("optimizer got an empty parameter list")
        );
    }

    #[test]
    fn every_optimizer_descends_a_quadratic() {
        for name in ["SGD", "Adagrad", "Adadelta", "RMSprop", "Adam", "AdamW"] {
            let json = format!(r#"{{"optimizer": "{name}", "lr": 0.05}}"#);
            let mut opt = serde_json::from_str::<OptimizerConfig>(&json)
                .unwrap()
                .build(&[2, 1], None)
                .unwrap();
            let mut p = vec![1.0_f32, -2.0, 0.5];
            let loss = |p: &[f32]| p.iter().map(|x| x * x).sum::<f32>();
            let start = loss(&p);
            for _ in 0..20 {
                let g: Vec<f32> = p.iter().map(|x| 2.0 * x).collect();
                opt.step(&mut p, &g).unwrap();
            }
            assert!(loss(&p) < start, "{name}: {start} -> {}", loss(&p));
            let err = opt.step(&mut p, &[0.0; 2]).unwrap_err();
            assert!(matches!(err, Error::Config(_)), "{name}: {err}");
            let before = p.clone();
            opt.param_groups_mut()[0].params.push(2);
            let err = opt.step(&mut p, &[1.0; 3]).unwrap_err();
            assert!(matches!(err, Error::Config(_)), "{name}: {err}");
            assert_eq!(p, before, "{name}: a refused step must not move anything");
        }
    }
}
