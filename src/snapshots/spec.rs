//! The JSON the Snapshots panel exports and `lrlab snapshots` reads: a training configuration
//! (the Train panel's keys, with this experiment's defaults) plus `"snapshots"`.
//!
//! ```json
//! {"optimizer": {"optimizer": "SGD", "lr": 0.2, "momentum": 0.9}, "epochs": 10,
//!  "snapshots": {"schedule": {"kind": "cyclic_cosine", "cycles": 5},
//!                "baseline": {"scheduler": "MultiStepLR", "milestones": [5, 7], "gamma": 0.1},
//!                "trajectory": {"every": 25, "budget_mb": 60},
//!                "figure": {"plane": "pca", "grid": {"size": 41, "coarse": 11}}}}
//! ```
//! `"schedule"` may instead be `{"kind": "warm_restarts", "T_0": 2, "T_mult": 1}` (epochs);
//! `"figure": null` skips the shared-plane landscape. The training configuration's own
//! `"schedule"` must be absent: the experiment sets it.

use serde::{Deserialize, Serialize};

use super::cycles::CycleSchedule;
use crate::landscape::{GridConfig, TrajectoryConfig};
use crate::optim::{OptimizerConfig, SGDConfig};
use crate::schedule::{MultiStepLRConfig, SchedulerConfig};
use crate::train::TrainConfig;
use crate::{Error, Result};

/// Which plane the side-by-side figure shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FigurePlane {
    /// PCA of both paths together, origin at the cyclic run's final snapshot.
    #[default]
    Pca,
    /// Through the last three snapshots (origin: the third from last).
    Snapshots,
}

/// The shared-plane landscape of both runs (Huang et al.'s Figure 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FigureConfig {
    /// The plane.
    pub plane: FigurePlane,
    /// Its grid.
    pub grid: GridConfig,
}

impl Default for FigureConfig {
    /// PCA of both paths; a 41 x 41 grid after 11 x 11, a tenth of the span as margin.
    fn default() -> Self {
        FigureConfig {
            plane: FigurePlane::Pca,
            grid: GridConfig {
                margin: 0.1,
                ..GridConfig::default()
            },
        }
    }
}

/// The snapshot-ensemble settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SnapshotConfig {
    /// The cyclic schedule (its cycle ends are the snapshots).
    pub schedule: CycleSchedule,
    /// The single model's schedule, stepped per epoch; `null`: MultiStepLR dividing the lr by
    /// 10 at 50% and 75% of the epochs (Huang et al.'s baselines).
    pub baseline: Option<SchedulerConfig>,
    /// Recording of both paths.
    pub trajectory: TrajectoryConfig,
    /// The shared-plane figure; `null` skips it.
    pub figure: Option<FigureConfig>,
}

impl Default for SnapshotConfig {
    fn default() -> Self {
        SnapshotConfig {
            schedule: CycleSchedule::default(),
            baseline: None,
            trajectory: TrajectoryConfig {
                every: 25,
                budget_mb: 60.0,
            },
            figure: Some(FigureConfig::default()),
        }
    }
}

impl SnapshotConfig {
    /// The baseline's scheduler for a run of `epochs`.
    pub fn baseline_for(&self, epochs: usize) -> SchedulerConfig {
        self.baseline.clone().unwrap_or_else(|| {
            let e = i64::try_from(epochs).unwrap_or(i64::MAX);
            let mut milestones = vec![(e / 2).max(1), (3 * e / 4).max(1)];
            milestones.dedup();
            SchedulerConfig::MultiStepLR(MultiStepLRConfig {
                milestones,
                gamma: 0.1,
                last_epoch: -1,
            })
        })
    }
}

/// The experiment's training defaults: SGD, lr 0.2, momentum 0.9, 10 epochs (M = 5 cycles of
/// 2 epochs), everything else the Train panel's. Huang et al. restart at 0.1 or 0.2; on the
/// lab's MLP 0.2 sends the cycles to minima different enough that the ensemble beats every
/// snapshot and the weight average falls behind (with 0.1 the snapshots nearly coincide).
pub fn default_train() -> TrainConfig {
    TrainConfig {
        optimizer: OptimizerConfig::SGD(SGDConfig {
            lr: 0.2,
            momentum: 0.9,
            ..SGDConfig::default()
        }),
        epochs: 10,
        ..TrainConfig::default()
    }
}

/// A training setup and the snapshot experiment to run on it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SnapshotSpec {
    /// The setup (every key of a [`TrainConfig`]; `schedule` must stay `null`).
    #[serde(flatten)]
    pub train: TrainConfig,
    /// `"snapshots"`.
    pub snapshots: SnapshotConfig,
}

impl Default for SnapshotSpec {
    fn default() -> Self {
        SnapshotSpec {
            train: default_train(),
            snapshots: SnapshotConfig::default(),
        }
    }
}

impl SnapshotSpec {
    /// Parses `{...TrainConfig keys..., "snapshots": {...}}`; keys left out take this
    /// experiment's defaults ([`default_train`], [`SnapshotConfig::default`]).
    ///
    /// # Errors
    /// [`Error::Config`] for malformed JSON, a value that is not an object, unknown keys or
    /// wrong types, a `"schedule"` in the training part, and invalid settings.
    pub fn from_json(text: &str) -> Result<SnapshotSpec> {
        let value: serde_json::Value = serde_json::from_str(text)?;
        let mut object = match value {
            serde_json::Value::Object(o) => o,
            _ => {
                return Err(Error::Config(
                    "a snapshots spec must be a JSON object".into(),
                ))
            }
        };
        let snapshots = match object.remove("snapshots") {
            Some(v) => crate::json::from_value(v)?,
            None => SnapshotConfig::default(),
        };
        if object.get("schedule").is_some_and(|s| !s.is_null()) {
            return Err(Error::Config(
                "the snapshot experiment sets the schedule itself: give it as \
                 snapshots.schedule (and the baseline's as snapshots.baseline), not as schedule"
                    .into(),
            ));
        }
        let mut train = crate::json::to_value(default_train())?;
        if let Some(defaults) = train.as_object_mut() {
            defaults.extend(object);
        }
        let train: TrainConfig = crate::json::from_value(train)?;
        train.validate()?;
        snapshots.trajectory.capacity(1)?;
        if let Some(f) = &snapshots.figure {
            f.grid.validate()?;
        }
        let spec = SnapshotSpec { train, snapshots };
        let total = spec.train.total_iterations();
        let per_epoch = spec.train.data.train_size.div_ceil(spec.train.batch_size);
        spec.snapshots.schedule.cycle_ends(total, per_epoch)?;
        Ok(spec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_experiments_own() {
        let spec = SnapshotSpec::from_json("{}").unwrap();
        assert_eq!(spec, SnapshotSpec::default());
        assert!(
            matches!(&spec.train.optimizer, OptimizerConfig::SGD(s) if s.lr == 0.2 && s.momentum == 0.9)
        );
        assert_eq!(spec.train.epochs, 10);
        let json = serde_json::to_value(&spec).unwrap();
        assert_eq!(SnapshotSpec::from_json(&json.to_string()).unwrap(), spec);
        let other =
            SnapshotSpec::from_json(r#"{"epochs": 4, "snapshots": {"figure": null}}"#).unwrap();
        assert_eq!(other.train.epochs, 4);
        assert!(other.snapshots.figure.is_none());
        assert!(matches!(other.train.optimizer, OptimizerConfig::SGD(_)));
    }

    #[test]
    fn baseline_defaults_to_huangs_step_decay() {
        let c = SnapshotConfig::default();
        let SchedulerConfig::MultiStepLR(m) = c.baseline_for(10) else {
            panic!("MultiStepLR expected")
        };
        assert_eq!((m.milestones, m.gamma), (vec![5, 7], 0.1));
        let SchedulerConfig::MultiStepLR(m) = c.baseline_for(1) else {
            panic!("MultiStepLR expected")
        };
        assert_eq!(m.milestones, vec![1]);
    }

    #[test]
    fn mistakes_are_errors() {
        for bad in [
            r#"{"schedule": {"scheduler": "StepLR", "step_size": 1}}"#,
            r#"{"snapshots": {"cycles": 5}}"#,
            r#"{"snapshots": {"schedule": {"kind": "cyclic_cosine", "cycles": 0}}}"#,
            r#"{"snapshots": {"schedule": {"kind": "warm_restarts", "T_0": 20}}}"#,
            r#"{"snapshots": {"figure": {"plane": "random"}}}"#,
            r#"{"epoch": 3}"#,
            "3",
        ] {
            assert!(SnapshotSpec::from_json(bad).is_err(), "{bad}");
        }
    }
}
