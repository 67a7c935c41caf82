//! The LR Finder's coarse-to-fine search as its module Worker holds it: a [`Search`] over the
//! Train panel's setup, run in chunks.

use std::sync::Arc;

use crate::lrfind::{Search, SearchSetup, Stage};
use crate::web::convert::to_js;
use crate::web::jobs::data::datasets;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Where the search is after a chunk.
#[derive(Serialize)]
struct Progress {
    stage: Stage,
    iterations: usize,
    runs_done: usize,
    runs: usize,
    iteration: usize,
    iteration_total: usize,
    /// The run in progress, e.g. `"lr = 0.01"`.
    label: Option<String>,
    done: bool,
}

/// A coarse-to-fine search in progress.
#[wasm_bindgen]
pub struct GridSearch {
    search: Search,
}

#[wasm_bindgen]
impl GridSearch {
    /// Plans the search `spec` (`{"train": TrainConfig, "search": SearchConfig}` JSON) on the
    /// digits of the IDX files (gzipped or raw).
    ///
    /// # Errors
    /// A `JsError` with the core's message: malformed JSON or unknown fields, an empty grid or
    /// a non-positive lr, a zero budget, bad data files, or an optimizer PyTorch would refuse.
    #[wasm_bindgen(constructor)]
    pub fn new(
        spec: &str,
        images: &[u8],
        labels: &[u8],
        test_images: Option<Box<[u8]>>,
        test_labels: Option<Box<[u8]>>,
    ) -> std::result::Result<GridSearch, JsError> {
        let setup = SearchSetup::from_json(spec)?;
        let (pool, test) = datasets(images, labels, test_images, test_labels)?;
        let search = Search::new(
            setup.search,
            setup.train,
            Arc::new(pool),
            test.map(Arc::new),
        )?;
        Ok(GridSearch { search })
    }

    /// Runs up to `max_iterations` more iterations: `{stage, iterations, runs_done, runs,
    /// iteration, iteration_total, label, done}` (`runs` counts the grid being run).
    ///
    /// # Errors
    /// A `JsError` for a run's error other than divergence (a diverged run is a result).
    pub fn run(&mut self, max_iterations: usize) -> std::result::Result<JsValue, JsError> {
        let p = self.search.run(max_iterations)?;
        let runs = self.search.runs();
        let label = (!p.done)
            .then(|| runs.arms().get(p.runs.runs_done).map(|a| a.label.clone()))
            .flatten();
        to_js(&Progress {
            stage: p.stage,
            iterations: p.runs.iterations,
            runs_done: p.runs.runs_done,
            runs: p.runs.runs,
            iteration: p.runs.iteration,
            iteration_total: p.runs.iteration_total,
            label,
            done: p.done,
        })
    }

    /// Stops the search; the finished runs stay in the table.
    pub fn cancel(&mut self) {
        self.search.cancel();
    }

    /// Every finished point: `[{stage, lr, train_loss, val_loss, val_acc, diverged_at}]`.
    ///
    /// # Errors
    /// Never in practice (serialising numbers).
    pub fn table(&self) -> std::result::Result<JsValue, JsError> {
        to_js(&self.search.table())
    }

    /// The best point so far by the search's metric, or `null`.
    ///
    /// # Errors
    /// Never in practice (serialising numbers).
    pub fn best(&self) -> std::result::Result<JsValue, JsError> {
        to_js(&self.search.best())
    }
}
