//! `simulate`: a schedule's lr (and momentum) curve, as the CLI (`lrlab schedule`) and the
//! Schedules panel compute it. A [`ScheduleSpec`] is the CLI's JSON: the optimizer's lr and the
//! settings schedulers touch, how many steps, the metrics for ReduceLROnPlateau, and the
//! scheduler's keywords flattened alongside.

use serde::{Deserialize, Serialize};

use super::base::group_momentum;
use super::SchedulerConfig;
use crate::pyfmt::py_float;
use crate::{Error, ParamGroup, Result};

/// The most steps one simulation may take (8 MB of lrs), so a typo cannot exhaust memory.
pub const MAX_STEPS: usize = 1_000_000;

/// The optimizers whose `param_groups` a schedule may run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OptimizerName {
    /// `torch.optim.SGD` (has `momentum`, default 0).
    SGD,
    /// `torch.optim.Adam` (has `betas`, default (0.9, 0.999)).
    Adam,
    /// `torch.optim.AdamW` (has `betas`, default (0.9, 0.999)).
    AdamW,
    /// `torch.optim.RMSprop` (has `momentum`, default 0).
    RMSprop,
    /// `torch.optim.Adagrad` (neither momentum nor betas).
    Adagrad,
    /// `torch.optim.Adadelta` (neither momentum nor betas).
    Adadelta,
}

impl OptimizerName {
    /// The PyTorch class name.
    pub fn as_str(self) -> &'static str {
        match self {
            OptimizerName::SGD => "SGD",
            OptimizerName::Adam => "Adam",
            OptimizerName::AdamW => "AdamW",
            OptimizerName::RMSprop => "RMSprop",
            OptimizerName::Adagrad => "Adagrad",
            OptimizerName::Adadelta => "Adadelta",
        }
    }

    fn has_momentum(self) -> bool {
        matches!(self, OptimizerName::SGD | OptimizerName::RMSprop)
    }

    fn has_betas(self) -> bool {
        matches!(self, OptimizerName::Adam | OptimizerName::AdamW)
    }
}

/// The optimizer settings a scheduler can see, e.g. `{"name": "SGD", "momentum": 0.9}` or
/// `{"name": "Adam", "betas": [0.9, 0.999]}`; omitted values take PyTorch's defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptimizerSpec {
    /// Which optimizer.
    pub name: OptimizerName,
    /// `momentum` (SGD and RMSprop only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub momentum: Option<f64>,
    /// `betas` (Adam and AdamW only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub betas: Option<(f64, f64)>,
}

impl Default for OptimizerSpec {
    fn default() -> Self {
        OptimizerSpec {
            name: OptimizerName::SGD,
            momentum: None,
            betas: None,
        }
    }
}

impl OptimizerSpec {
    /// `optimizer.param_groups[0]` right after `torch.optim.<name>([param], lr=lr, ...)`.
    ///
    /// # Errors
    /// PyTorch's constructor checks: "Invalid learning rate: -0.1", "Invalid momentum value: -1.0",
    /// "Invalid beta parameter at index 0: 1.0"; a keyword the optimizer does not take is
    /// Python's "Adam.__init__() got an unexpected keyword argument 'momentum'".
    pub fn param_group(&self, lr: f64) -> Result<ParamGroup> {
        let name = self.name.as_str();
        let unexpected = |kw: &str| {
            Error::invalid(format!(
                "{name}.__init__() got an unexpected keyword argument '{kw}'"
            ))
        };
        if self.momentum.is_some() && !self.name.has_momentum() {
            return Err(unexpected("momentum"));
        }
        if self.betas.is_some() && !self.name.has_betas() {
            return Err(unexpected("betas"));
        }
        for (what, x) in [("learning rate", lr)]
            .into_iter()
            .chain(self.momentum.map(|m| ("momentum", m)))
            .chain(
                self.betas
                    .iter()
                    .flat_map(|b| [("beta", b.0), ("beta", b.1)]),
            )
        {
            if !x.is_finite() {
                return Err(Error::invalid(format!(
                    "Expected a finite {what}, but got {}",
                    py_float(x)
                )));
            }
        }
        if lr < 0.0 {
            return Err(Error::invalid(format!(
                "Invalid learning rate: {}",
                py_float(lr)
            )));
        }
        let mut group = ParamGroup::with_lr(lr);
        if self.name.has_momentum() {
            let m = self.momentum.unwrap_or(0.0);
            if m < 0.0 {
                return Err(Error::invalid(format!(
                    "Invalid momentum value: {}",
                    py_float(m)
                )));
            }
            group.momentum = Some(m);
        }
        if self.name.has_betas() {
            let betas = self.betas.unwrap_or((0.9, 0.999));
            for (i, b) in [betas.0, betas.1].into_iter().enumerate() {
                if !(0.0..1.0).contains(&b) {
                    return Err(Error::invalid(format!(
                        "Invalid beta parameter at index {i}: {}",
                        py_float(b)
                    )));
                }
            }
            group.betas = Some(betas);
        }
        if self.name == OptimizerName::AdamW {
            group.weight_decay = 0.01;
        }
        Ok(group)
    }
}

/// The CLI's JSON spec: `{"scheduler": "StepLR", "lr": 0.1, "step_size": 30, "steps": 100}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduleSpec {
    /// The optimizer's initial lr.
    pub lr: f64,
    /// The optimizer (default SGD with PyTorch's defaults).
    #[serde(default)]
    pub optimizer: OptimizerSpec,
    /// How many times `scheduler.step()` is called.
    pub steps: usize,
    /// ReduceLROnPlateau's metric for each step (ignored by the other schedulers).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<f64>,
    /// The scheduler and its keywords.
    #[serde(flatten)]
    pub scheduler: SchedulerConfig,
}

impl ScheduleSpec {
    /// Parses the CLI's JSON.
    ///
    /// # Errors
    /// [`Error::Config`] for malformed JSON, unknown keywords or wrongly typed values.
    pub fn from_json(json: &str) -> Result<Self> {
        if !json.trim_start().starts_with('{') {
            return Err(Error::Config(
                "a schedule spec must be a JSON object ({...})".into(),
            ));
        }
        Ok(serde_json::from_str(json)?)
    }
}

/// A simulated schedule: `steps + 1` values, index 0 right after construction, index k after
/// the k-th `optimizer.step(); scheduler.step()`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Curve {
    /// `optimizer.param_groups[0]["lr"]`.
    pub lr: Vec<f64>,
    /// `momentum` (or `betas[0]`) of group 0, present when the schedule cycles it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub momentum: Option<Vec<f64>>,
}

/// Runs the spec as a PyTorch user would: builds the optimizer's group, then the scheduler,
/// then steps it `steps` times.
///
/// # Errors
/// Anything PyTorch would raise for this spec (construction or any step), with its message;
/// [`Error::Config`] when `steps` exceeds [`MAX_STEPS`] or ReduceLROnPlateau's `metrics` do not
/// have one value per step.
pub fn simulate(spec: &ScheduleSpec) -> Result<Curve> {
    if spec.steps > MAX_STEPS {
        return Err(Error::Config(format!(
            "steps must be at most {MAX_STEPS}, got {}",
            spec.steps
        )));
    }
    let needs_metric = spec.scheduler.needs_metric();
    if needs_metric && spec.metrics.len() != spec.steps {
        return Err(Error::Config(format!(
            "{} needs one metric per step: got {} metrics for {} steps",
            spec.scheduler.name(),
            spec.metrics.len(),
            spec.steps
        )));
    }
    let mut groups = vec![spec.optimizer.param_group(spec.lr)?];
    let mut scheduler = spec.scheduler.build(&mut groups)?;
    let with_momentum = spec.scheduler.cycles_momentum();
    let mut lr = Vec::with_capacity(spec.steps + 1);
    let mut momentum = Vec::with_capacity(if with_momentum { spec.steps + 1 } else { 0 });
    let mut record = |groups: &[ParamGroup]| {
        lr.push(groups[0].lr);
        if with_momentum {
            momentum.push(group_momentum(&groups[0]).unwrap_or(f64::NAN));
        }
    };
    record(&groups);
    for k in 0..spec.steps {
        if needs_metric {
            scheduler.step_metric(&mut groups, spec.metrics[k])?;
        } else {
            scheduler.step(&mut groups)?;
        }
        record(&groups);
    }
    Ok(Curve {
        lr,
        momentum: with_momentum.then_some(momentum),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::prelude::*;

    #[test]
    fn issue_example_runs() {
        let spec = ScheduleSpec::from_json(
            r#"{"scheduler": "StepLR", "lr": 0.1, "step_size": 30, "gamma": 0.1, "steps": 100}"#,
        )
        .unwrap();
        let curve = simulate(&spec).unwrap();
        assert_eq!(curve.lr.len(), 101);
        assert_eq!(curve.lr[0], 0.1);
        assert!((curve.lr[100] - 1e-4).abs() < 1e-15);
        assert_eq!(curve.momentum, None);
    }

    #[test]
    fn unknown_keywords_are_refused() {
        let e = ScheduleSpec::from_json(
            r#"{"scheduler": "StepLR", "lr": 0.1, "step_size": 30, "steps": 1, "stepsize": 2}"#,
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(e.contains("unknown field `stepsize`"), "{e}");
    }

    #[test]
    fn optimizer_checks_are_pytorchs() {
        let check = |opt: &str, lr: f64| {
            let o: OptimizerSpec = serde_json::from_str(opt).unwrap();
            o.param_group(lr).err().map(|e| e.to_string())
        };
        assert_eq!(
            check(r#"{"name":"SGD"}"#, -0.1).as_deref(),
            Some("Invalid learning rate: -0.1")
        );
        assert_eq!(
            check(r#"{"name":"SGD","momentum":-1}"#, 0.1).as_deref(),
            Some("Invalid momentum value: -1.0")
        );
        assert_eq!(
            check(r#"{"name":"Adam","betas":[1.0,0.9]}"#, 0.1).as_deref(),
            Some("Invalid beta parameter at index 0: 1.0")
        );
        assert_eq!(
            check(r#"{"name":"Adam","momentum":0.9}"#, 0.1).as_deref(),
            Some("Adam.__init__() got an unexpected keyword argument 'momentum'")
        );
        assert_eq!(check(r#"{"name":"Adagrad"}"#, 0.1), None);
    }

    #[test]
    fn specs_round_trip_through_json() {
        for json in [
            r#"{"scheduler":"ReduceLROnPlateau","lr":0.1,"optimizer":{"name":"Adam","betas":[0.8,0.9]},
                "steps":2,"metrics":[1.0,0.5],"mode":"max","patience":0}"#,
            r#"{"scheduler":"SequentialLR","lr":0.1,"steps":20,"milestones":[5],"schedulers":[
                {"scheduler":"LinearLR","start_factor":0.1},
                {"scheduler":"OneCycleLR","max_lr":1.0,"epochs":3,"steps_per_epoch":5}]}"#,
        ] {
            let spec = ScheduleSpec::from_json(json).unwrap();
            let text = serde_json::to_string(&spec).unwrap();
            assert_eq!(ScheduleSpec::from_json(&text).unwrap(), spec, "{text}");
            assert!(!text.contains("null"), "{text}");
        }
    }

    #[test]
    fn too_many_steps_is_a_config_error() {
        let spec = ScheduleSpec::from_json(
            r#"{"scheduler": "ExponentialLR", "lr": 0.1, "gamma": 0.9, "steps": 1000001}"#,
        )
        .unwrap();
        assert!(matches!(simulate(&spec), Err(Error::Config(_))));
    }

    // proptest needs OS randomness, which wasm32-unknown-unknown lacks.
    #[cfg(not(target_arch = "wasm32"))]
    proptest! {
        #[test]
        fn every_example_gives_finite_non_negative_lrs(
            index in 0usize..SchedulerConfig::NAMES.len(),
            lr in 1e-6f64..10.0,
            steps in 0usize..100,
            adam in any::<bool>(),
        ) {
            let name = SchedulerConfig::NAMES[index];
            let scheduler = SchedulerConfig::example(name)
                .ok_or_else(|| TestCaseError::fail(name))?;
            let optimizer = OptimizerSpec {
                name: if adam { OptimizerName::Adam } else { OptimizerName::SGD },
                ..OptimizerSpec::default()
            };
            let metrics = (0..steps).map(|k| 1.0 / (1.0 + (k / 7) as f64)).collect();
            let spec = ScheduleSpec { lr, optimizer, steps, metrics, scheduler };
            let curve = simulate(&spec).map_err(|e| TestCaseError::fail(format!("{name}: {e}")))?;
            prop_assert_eq!(curve.lr.len(), steps + 1);
            prop_assert!(curve.lr.iter().all(|x| x.is_finite() && *x >= 0.0), "{}: {:?}", name, curve.lr);
            if let Some(m) = &curve.momentum {
                prop_assert_eq!(m.len(), steps + 1);
                prop_assert!(m.iter().all(|x| (0.0..1.0).contains(x)), "{}: {:?}", name, m);
            }
        }
    }
}
