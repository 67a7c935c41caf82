//! The Snapshots panel's page side: the check of a spec before a run, with every default and the
//! cycle ends filled in for the form. The experiment runs in the worker (`jobs/training/snapshots.rs`).

use crate::snapshots::SnapshotSpec;
use crate::web::convert::to_js;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The spec's settings as the page edits them, with every default filled in (the schedule of
/// the baseline too), plus the cycle ends: `{spec, cycle_ends, total_iterations,
/// iterations_per_epoch}`.
#[derive(Serialize)]
struct Checked {
    spec: SnapshotSpec,
    baseline: crate::schedule::SchedulerConfig,
    cycle_ends: Vec<usize>,
    total_iterations: usize,
    iterations_per_epoch: usize,
}

/// Checks a snapshots spec (JSON text, as `lrlab snapshots` reads it) and returns `{spec,
/// baseline, cycle_ends, total_iterations, iterations_per_epoch}`.
///
/// # Errors
/// A `JsError` with the message of the first setting the core refuses.
#[wasm_bindgen]
pub fn check_snapshots(spec: &str) -> Result<JsValue, JsError> {
    let spec = SnapshotSpec::from_json(spec)?;
    let total = spec.train.total_iterations();
    let per_epoch = spec.train.data.train_size.div_ceil(spec.train.batch_size);
    let cycle_ends = spec.snapshots.schedule.cycle_ends(total, per_epoch)?;
    to_js(&Checked {
        baseline: spec.snapshots.baseline_for(spec.train.epochs),
        spec,
        cycle_ends,
        total_iterations: total,
        iterations_per_epoch: per_epoch,
    })
}
