//! `lrlab tips FILE|-`: runs a tip card's experiment ([`TipSpec`]: a training configuration
//! plus `"tip"`, what the card exports) and prints its report: `{"tip", "title",
//! "explanation", "budget_samples", "tuning": [points], "tuned_lr", "arms": [runs],
//! "heatmap"}`.
//!
//! The data is the bundled 10k MNIST digits unless the config names IDX files.

use std::sync::Arc;

use super::data::load_data;
use crate::lrfind::Experiment;
use crate::pyscript::TipSpec;
use crate::Result;

/// Runs the subcommand on one JSON spec and returns the JSON to print.
///
/// # Errors
/// A bad spec or data file, or a run's error other than divergence.
pub fn run(input: &str) -> Result<String> {
    let spec = TipSpec::from_json(input)?;
    let (pool, test) = load_data(&spec.train.data)?;
    let mut experiment = Experiment::new(spec.tip, spec.train, Arc::new(pool), test.map(Arc::new))?;
    while !experiment.is_done() {
        experiment.run(usize::MAX)?;
    }
    Ok(serde_json::to_string(&experiment.report())?)
}
