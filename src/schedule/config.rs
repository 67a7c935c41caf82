//! `SchedulerConfig`: every scheduler's keywords as one serde enum tagged by PyTorch's class
//! name, e.g. `{"scheduler": "StepLR", "step_size": 30, "gamma": 0.1}`.
//!
//! Keywords typed `int` in PyTorch are `i64` here (a JSON `2.5` is refused rather than
//! duck-typed); unknown keywords are refused with serde's "unknown field" message.

use serde::{Deserialize, Serialize};

use super::base::{GroupKeys, Node};
use super::*;
use crate::{ParamGroup, Result};

/// One scheduler and its keywords, named as in `torch.optim.lr_scheduler`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "scheduler")]
pub enum SchedulerConfig {
    /// [`StepLR`].
    StepLR(StepLRConfig),
    /// [`MultiStepLR`].
    MultiStepLR(MultiStepLRConfig),
    /// [`ExponentialLR`].
    ExponentialLR(ExponentialLRConfig),
    /// [`ReduceLROnPlateau`].
    ReduceLROnPlateau(ReduceLROnPlateauConfig),
    /// [`MultiplicativeLR`].
    MultiplicativeLR(MultiplicativeLRConfig),
    /// [`LambdaLR`].
    LambdaLR(LambdaLRConfig),
    /// [`CyclicLR`].
    CyclicLR(CyclicLRConfig),
    /// [`OneCycleLR`].
    OneCycleLR(OneCycleLRConfig),
    /// [`CosineAnnealingLR`].
    CosineAnnealingLR(CosineAnnealingLRConfig),
    /// [`CosineAnnealingWarmRestarts`].
    CosineAnnealingWarmRestarts(CosineAnnealingWarmRestartsConfig),
    /// [`LinearLR`].
    LinearLR(LinearLRConfig),
    /// [`ConstantLR`].
    ConstantLR(ConstantLRConfig),
    /// [`PolynomialLR`].
    PolynomialLR(PolynomialLRConfig),
    /// [`SequentialLR`].
    SequentialLR(SequentialLRConfig),
    /// [`ChainedScheduler`].
    ChainedScheduler(ChainedSchedulerConfig),
    /// [`TimeBasedDecay`] (the lecture's; not in PyTorch).
    TimeBasedDecay(TimeBasedDecayConfig),
    /// [`ExponentialDecay`] (the lecture's; not in PyTorch).
    ExponentialDecay(ExponentialDecayConfig),
}

impl SchedulerConfig {
    /// Every scheduler name, in the order the lab lists them.
    pub const NAMES: &'static [&'static str] = &[
        "StepLR",
        "MultiStepLR",
        "ExponentialLR",
        "TimeBasedDecay",
        "ExponentialDecay",
        "ReduceLROnPlateau",
        "MultiplicativeLR",
        "LambdaLR",
        "CyclicLR",
        "OneCycleLR",
        "CosineAnnealingLR",
        "CosineAnnealingWarmRestarts",
        "LinearLR",
        "ConstantLR",
        "PolynomialLR",
        "SequentialLR",
        "ChainedScheduler",
    ];

    /// Builds the scheduler on `groups` as PyTorch's constructor would (initial step included).
    ///
    /// # Errors
    /// The scheduler's own (PyTorch's messages), see each type's `# Errors`.
    pub fn build(&self, groups: &mut [ParamGroup]) -> Result<Box<dyn LrScheduler>> {
        let keys = GroupKeys::new(groups.len());
        Ok(self.build_node(groups, &keys)?)
    }

    /// Builds with the table of extra group keys shared by every scheduler on these groups.
    pub(crate) fn build_node(
        &self,
        groups: &mut [ParamGroup],
        keys: &GroupKeys,
    ) -> Result<Box<dyn Node>> {
        use SchedulerConfig as C;
        Ok(match self {
            C::StepLR(c) => Box::new(StepLR::new(c, groups)?),
            C::MultiStepLR(c) => Box::new(MultiStepLR::new(c, groups)?),
            C::ExponentialLR(c) => Box::new(ExponentialLR::new(c, groups)?),
            C::ReduceLROnPlateau(c) => Box::new(ReduceLROnPlateau::new(c, groups)?),
            C::MultiplicativeLR(c) => Box::new(MultiplicativeLR::new(c, groups)?),
            C::LambdaLR(c) => Box::new(LambdaLR::new(c, groups)?),
            C::CyclicLR(c) => Box::new(CyclicLR::with_keys(c, groups, keys)?),
            C::OneCycleLR(c) => Box::new(OneCycleLR::with_keys(c, groups, keys)?),
            C::CosineAnnealingLR(c) => Box::new(CosineAnnealingLR::new(c, groups)?),
            C::CosineAnnealingWarmRestarts(c) => {
                Box::new(CosineAnnealingWarmRestarts::new(c, groups)?)
            }
            C::LinearLR(c) => Box::new(LinearLR::new(c, groups)?),
            C::ConstantLR(c) => Box::new(ConstantLR::new(c, groups)?),
            C::PolynomialLR(c) => Box::new(PolynomialLR::new(c, groups)?),
            C::SequentialLR(c) => Box::new(SequentialLR::with_keys(c, groups, keys)?),
            C::ChainedScheduler(c) => Box::new(ChainedScheduler::with_keys(c, groups, keys)?),
            C::TimeBasedDecay(c) => Box::new(TimeBasedDecay::new(c, groups)?),
            C::ExponentialDecay(c) => Box::new(ExponentialDecay::new(c, groups)?),
        })
    }

    /// PyTorch's class name (lrlab's own name for the lecture's two formulas).
    pub fn name(&self) -> &'static str {
        use SchedulerConfig as C;
        match self {
            C::StepLR(_) => "StepLR",
            C::MultiStepLR(_) => "MultiStepLR",
            C::ExponentialLR(_) => "ExponentialLR",
            C::ReduceLROnPlateau(_) => "ReduceLROnPlateau",
            C::MultiplicativeLR(_) => "MultiplicativeLR",
            C::LambdaLR(_) => "LambdaLR",
            C::CyclicLR(_) => "CyclicLR",
            C::OneCycleLR(_) => "OneCycleLR",
            C::CosineAnnealingLR(_) => "CosineAnnealingLR",
            C::CosineAnnealingWarmRestarts(_) => "CosineAnnealingWarmRestarts",
            C::LinearLR(_) => "LinearLR",
            C::ConstantLR(_) => "ConstantLR",
            C::PolynomialLR(_) => "PolynomialLR",
            C::SequentialLR(_) => "SequentialLR",
            C::ChainedScheduler(_) => "ChainedScheduler",
            C::TimeBasedDecay(_) => "TimeBasedDecay",
            C::ExponentialDecay(_) => "ExponentialDecay",
        }
    }

    /// Whether PyTorch means it to be stepped after every batch rather than every epoch
    /// (CyclicLR and OneCycleLR).
    pub fn is_per_iteration(&self) -> bool {
        matches!(
            self,
            SchedulerConfig::CyclicLR(_) | SchedulerConfig::OneCycleLR(_)
        )
    }

    /// Whether `step` needs a metric (ReduceLROnPlateau).
    pub fn needs_metric(&self) -> bool {
        matches!(self, SchedulerConfig::ReduceLROnPlateau(_))
    }

    /// Whether it cycles the optimizer's momentum (or beta1), itself or through a child.
    pub fn cycles_momentum(&self) -> bool {
        match self {
            SchedulerConfig::CyclicLR(c) => c.cycle_momentum,
            SchedulerConfig::OneCycleLR(c) => c.cycle_momentum,
            SchedulerConfig::SequentialLR(c) => c.schedulers.iter().any(Self::cycles_momentum),
            SchedulerConfig::ChainedScheduler(c) => c.schedulers.iter().any(Self::cycles_momentum),
            _ => false,
        }
    }

    /// A ready-to-plot configuration of scheduler `name`: PyTorch's defaults, and for the
    /// keywords PyTorch requires, the values of the lecture's or PyTorch's doc examples.
    pub fn example(name: &str) -> Option<SchedulerConfig> {
        let json = match name {
            "StepLR" => r#"{"step_size": 30, "gamma": 0.1}"#,
            "MultiStepLR" => r#"{"milestones": [30, 80], "gamma": 0.1}"#,
            "ExponentialLR" => r#"{"gamma": 0.95}"#,
            "TimeBasedDecay" => r#"{"decay": 0.01}"#,
            "ExponentialDecay" => r#"{"decay": 0.05}"#,
            "ReduceLROnPlateau" => "{}",
            "MultiplicativeLR" => r#"{"lr_lambda": "0.95"}"#,
            "LambdaLR" => r#"{"lr_lambda": "0.95 ** epoch"}"#,
            "CyclicLR" => r#"{"base_lr": 0.01, "max_lr": 0.1, "step_size_up": 20}"#,
            "OneCycleLR" => r#"{"max_lr": 0.1, "total_steps": 100}"#,
            "CosineAnnealingLR" => r#"{"T_max": 50}"#,
            "CosineAnnealingWarmRestarts" => r#"{"T_0": 10, "T_mult": 2}"#,
            "LinearLR" => "{}",
            "ConstantLR" => "{}",
            "PolynomialLR" => r#"{"total_iters": 50, "power": 2.0}"#,
            "SequentialLR" => {
                r#"{"schedulers": [
                    {"scheduler": "LinearLR", "start_factor": 0.1, "total_iters": 10},
                    {"scheduler": "CosineAnnealingLR", "T_max": 90}],
                    "milestones": [10]}"#
            }
            "ChainedScheduler" => {
                r#"{"schedulers": [
                    {"scheduler": "ConstantLR", "factor": 0.5, "total_iters": 10},
                    {"scheduler": "ExponentialLR", "gamma": 0.97}]}"#
            }
            _ => return None,
        };
        let mut value: serde_json::Value = serde_json::from_str(json).ok()?;
        value
            .as_object_mut()?
            .insert("scheduler".into(), serde_json::Value::from(name));
        crate::json::from_value(value).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_pytorch_keywords() {
        let c: SchedulerConfig =
            serde_json::from_str(r#"{"scheduler": "StepLR", "step_size": 30}"#).unwrap();
        assert_eq!(
            c,
            SchedulerConfig::StepLR(StepLRConfig {
                step_size: 30,
                gamma: 0.1,
                last_epoch: -1
            })
        );
    }

    #[test]
    fn refuses_unknown_keywords_and_schedulers() {
        let e = serde_json::from_str::<SchedulerConfig>(
            r#"{"scheduler": "StepLR", "step_size": 3, "gama": 0.5}"#,
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(e.contains("unknown field `gama`"), "{e}");
        let e = serde_json::from_str::<SchedulerConfig>(r#"{"scheduler": "StepRL"}"#)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("unknown variant `StepRL`"), "{e}");
        let e = serde_json::from_str::<SchedulerConfig>(r#"{"scheduler": "StepLR"}"#)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("missing field `step_size`"), "{e}");
    }

    #[test]
    fn every_name_has_an_example_that_round_trips() {
        for name in SchedulerConfig::NAMES {
            let c = SchedulerConfig::example(name).unwrap();
            assert_eq!(c.name(), *name);
            let json = serde_json::to_string(&c).unwrap();
            let back: SchedulerConfig = serde_json::from_str(&json).unwrap();
            assert_eq!(back, c);
            let mut group = ParamGroup::with_lr(0.1);
            group.momentum = Some(0.9);
            let mut groups = vec![group];
            assert!(c.build(&mut groups).is_ok(), "{name}");
        }
    }
}
