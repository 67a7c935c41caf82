//! The Snapshots panel's experiment, held by its module Worker: a [`SnapshotExperiment`] (the
//! cyclic run with its snapshots, the single-model baseline, the scores, the shared plane)
//! behind an opaque handle, run in chunks. Its report adds both runs' learning-rate curves to
//! the core's.

use std::sync::Arc;

use crate::snapshots::{SnapshotExperiment, SnapshotReport, SnapshotSpec};
use crate::web::convert::to_js;
use crate::web::jobs::data::datasets;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The core's report and the lr each run applied at every iteration.
#[derive(Serialize)]
struct Report<'a> {
    #[serde(flatten)]
    report: &'a SnapshotReport,
    cyclic_lrs: &'a [f64],
    baseline_lrs: &'a [f64],
    iterations_per_epoch: usize,
}

/// One snapshot-ensemble experiment.
#[wasm_bindgen]
pub struct SnapshotJob {
    inner: SnapshotExperiment,
}

#[wasm_bindgen]
impl SnapshotJob {
    /// Plans the experiment `spec` (JSON text: TrainConfig keys plus `"snapshots"`) on the
    /// digits of the IDX files.
    ///
    /// # Errors
    /// A `JsError` for a malformed spec, bad data files or too few images.
    #[wasm_bindgen(constructor)]
    pub fn new(
        spec: &str,
        images: &[u8],
        labels: &[u8],
        test_images: Option<Box<[u8]>>,
        test_labels: Option<Box<[u8]>>,
    ) -> Result<SnapshotJob, JsError> {
        let spec = SnapshotSpec::from_json(spec)?;
        let (pool, test) = datasets(images, labels, test_images, test_labels)?;
        let (pool, test) = (Arc::new(pool), test.map(Arc::new));
        Ok(SnapshotJob {
            inner: SnapshotExperiment::new(&spec, pool, test)?,
        })
    }

    /// Does up to `max_work` units (iterations while training, grid points after; scoring and
    /// choosing the plane are one call each) and returns `{phase, cyclic, baseline, grid,
    /// fraction}`.
    ///
    /// # Errors
    /// A `JsError` if a run diverges or the plane cannot be chosen.
    pub fn run(&mut self, max_work: usize) -> Result<JsValue, JsError> {
        to_js(&self.inner.run(max_work)?)
    }

    /// Where the experiment is, without doing any work.
    ///
    /// # Errors
    /// Never in practice (serialising plain values).
    pub fn progress(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.progress())
    }

    /// Whether everything is finished.
    pub fn is_done(&self) -> bool {
        self.inner.is_done()
    }

    /// The scores and the figure so far (`lrlab snapshots`' report plus `cyclic_lrs`,
    /// `baseline_lrs` and `iterations_per_epoch`), or `null` before both runs are scored.
    ///
    /// # Errors
    /// Never in practice (serialising plain values).
    pub fn report(&self) -> Result<JsValue, JsError> {
        let Some(report) = self.inner.report() else {
            return Ok(JsValue::NULL);
        };
        let (c, b) = (
            self.inner.cyclic().trainer(),
            self.inner.baseline().trainer(),
        );
        to_js(&Report {
            report: &report,
            cyclic_lrs: &c.history().lr,
            baseline_lrs: &b.history().lr,
            iterations_per_epoch: c.iterations_per_epoch(),
        })
    }
}
