//! `lrlab landscape FILE|-`: trains the configuration while recording its path, chooses the
//! plane ([`LandscapeSpec`]: a training configuration plus `"landscape"`), evaluates the grid
//! and prints
//! `{"axes": {"x", "y"}, "loss": [[...]], "accuracy": [[...]], "path": [{"x", "y", "lr",
//! "iteration", "epoch", "epoch_end", "snapshot", "error", "relative_error"}...],
//! "plane": {"kind", "explained_variance", "projection_error": {"mean", "max",
//! "mean_relative", "max_relative"}}}` (`loss[j][i]` at `(x[i], y[j])`; `null` where the
//! network overflows).
//!
//! The data is the bundled 10k MNIST digits unless the config names IDX files.

use std::sync::Arc;

use super::data::load_data;
use crate::landscape::{LandscapeRun, LandscapeSpec};
use crate::{Error, Result};

/// Runs the subcommand on one JSON spec and returns the JSON to print.
///
/// # Errors
/// A bad spec or data file, an optimizer or scheduler PyTorch would reject, a diverged run,
/// or a path with no plane.
pub fn run(input: &str) -> Result<String> {
    let spec = LandscapeSpec::from_json(input)?;
    let (pool, test) = load_data(&spec.train.data)?;
    let mut run = LandscapeRun::new(&spec, Arc::new(pool), test.map(Arc::new))?;
    while !run.is_done() {
        run.run(usize::MAX)?;
    }
    let report = run
        .report()
        .ok_or_else(|| Error::Config("the landscape has no grid".into()))?;
    Ok(serde_json::to_string(&report)?)
}
