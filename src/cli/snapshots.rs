//! `lrlab snapshots FILE|-`: runs the snapshot-ensemble experiment ([`SnapshotSpec`]: a
//! training configuration plus `"snapshots"`) and prints
//! `{"schedule", "eval_size", "snapshots": [{"snapshot", "iteration", "epoch", "lr", "loss",
//! "accuracy"}...], "ensembles": [{"members", "accuracy", "loss", "weight_average_accuracy",
//! "weight_average_loss"}...], "baseline": {"scheduler", "loss", "accuracy"},
//! "figure": {"axes", "loss", "accuracy", "baseline_path", "cyclic_path", "plane"} | null}`.
//!
//! The data is the bundled 10k MNIST digits unless the config names IDX files.

use std::sync::Arc;

use super::data::load_data;
use crate::snapshots::{SnapshotExperiment, SnapshotSpec};
use crate::{Error, Result};

/// Runs the subcommand on one JSON spec and returns the JSON to print.
///
/// # Errors
/// A bad spec or data file, an optimizer or scheduler PyTorch would reject, or a diverged
/// run.
pub fn run(input: &str) -> Result<String> {
    let spec = SnapshotSpec::from_json(input)?;
    let (pool, test) = load_data(&spec.train.data)?;
    let mut experiment = SnapshotExperiment::new(&spec, Arc::new(pool), test.map(Arc::new))?;
    while !experiment.is_done() {
        experiment.run(usize::MAX)?;
    }
    let report = experiment
        .report()
        .ok_or_else(|| Error::Config("the experiment produced no scores".into()))?;
    Ok(serde_json::to_string(&report)?)
}
