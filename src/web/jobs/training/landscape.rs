//! The Landscape panel's experiment, held by its module Worker: a [`LandscapeRun`] (train while
//! recording the path, choose the plane, evaluate the grid coarse then full) behind an opaque
//! handle, run in chunks.

use std::sync::Arc;

use crate::landscape::{LandscapeRun, LandscapeSpec};
use crate::web::convert::to_js;
use crate::web::jobs::data::datasets;
use wasm_bindgen::prelude::*;

/// One landscape experiment.
#[wasm_bindgen]
pub struct LandscapeJob {
    inner: LandscapeRun,
}

#[wasm_bindgen]
impl LandscapeJob {
    /// Plans the experiment `spec` (JSON text: TrainConfig keys plus `"landscape"`) on the
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
    ) -> std::result::Result<LandscapeJob, JsError> {
        let spec = LandscapeSpec::from_json(spec)?;
        let (pool, test) = datasets(images, labels, test_images, test_labels)?;
        let (pool, test) = (Arc::new(pool), test.map(Arc::new));
        Ok(LandscapeJob {
            inner: LandscapeRun::new(&spec, pool, test)?,
        })
    }

    /// Does up to `max_work` units (iterations while training, grid points after; choosing
    /// the plane is one call) and returns `{phase, training: {iteration, total, points, done},
    /// grid: {done, total, stage, coarse_ready} | null, fraction}`.
    ///
    /// # Errors
    /// A `JsError` if training diverges (a landscape needs a finished run) or the plane cannot
    /// be chosen.
    pub fn run(&mut self, max_work: usize) -> std::result::Result<JsValue, JsError> {
        to_js(&self.inner.run(max_work)?)
    }

    /// Where the run is, without doing any work (as [`LandscapeJob::run`] returns).
    ///
    /// # Errors
    /// Never in practice (serialising plain values).
    pub fn progress(&self) -> std::result::Result<JsValue, JsError> {
        to_js(&self.inner.progress())
    }

    /// Whether everything is finished.
    pub fn is_done(&self) -> bool {
        self.inner.is_done()
    }

    /// The best grid so far with the path and the plane (`lrlab landscape`'s report), or
    /// `null` before the coarse grid is ready.
    ///
    /// # Errors
    /// Never in practice (serialising plain values).
    pub fn report(&self) -> std::result::Result<JsValue, JsError> {
        match self.inner.report() {
            Some(r) => to_js(&r),
            None => Ok(JsValue::NULL),
        }
    }
}
