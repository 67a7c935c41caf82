//! The LR Finder's coarse-to-fine search as its module Worker holds it (a [`Search`] over the
//! Train panel's setup, run in chunks), and the page's side: the results chart and the CSV.

use std::sync::Arc;

use super::train_data::datasets;
use crate::charts::{self, ChartLayout, LogSteps, LrFindView};
use crate::lrfind::{to_csv, GridPoint, Search, SearchConfig, Stage};
use crate::pyfmt::py_float;
use crate::train::TrainConfig;
use crate::web::canvas::MeasuredCanvas;
use crate::web::convert::{from_js, to_js};
use crate::web::render::{draw_on, Target};
use crate::Error;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// What the worker is given: the Train panel's setup and the search.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    train: TrainConfig,
    #[serde(default)]
    search: SearchConfig,
}

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
        let spec: Spec = serde_json::from_str(spec).map_err(Error::from)?;
        spec.train.validate()?;
        let (pool, test) = datasets(images, labels, test_images, test_labels)?;
        let search = Search::new(spec.search, spec.train, Arc::new(pool), test.map(Arc::new))?;
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

/// Draws the search results `points` (the table's rows) filling `canvas`, marking the lr
/// `best` when given; returns the layout with `origin` and `per_decade` of its hover steps.
///
/// # Errors
/// A `JsError` for malformed points or view, or a canvas without a 2d context.
#[wasm_bindgen]
pub fn draw_search_chart(
    canvas: HtmlCanvasElement,
    points: JsValue,
    best: Option<f64>,
    view: JsValue,
) -> std::result::Result<JsValue, JsError> {
    search_on(Target::Canvas(canvas), points, best, view)
}

/// [`draw_search_chart`] as an SVG document of `width` x `height` CSS pixels: the same answer
/// with the document in its `svg` field.
///
/// # Errors
/// As [`draw_search_chart`], or a side of 0 or above 16384.
#[wasm_bindgen]
pub fn draw_search_chart_svg(
    width: u32,
    height: u32,
    points: JsValue,
    best: Option<f64>,
    view: JsValue,
) -> std::result::Result<JsValue, JsError> {
    search_on(Target::svg(width, height)?, points, best, view)
}

fn search_on(
    target: Target,
    points: JsValue,
    best: Option<f64>,
    view: JsValue,
) -> std::result::Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Drawn {
        #[serde(flatten)]
        layout: ChartLayout,
        #[serde(flatten)]
        steps: LogSteps,
    }
    let points: Vec<GridPoint> = from_js(points, "points")?;
    let view: LrFindView = if view.is_undefined() || view.is_null() {
        LrFindView::default()
    } else {
        from_js(view, "view")?
    };
    draw_on!(target, MeasuredCanvas, |root| Drawn {
        layout: charts::draw_search_chart(&root, &points, best, &view)?,
        steps: LogSteps::fit(&points),
    })
}

/// The results table as CSV (the core's `to_csv`: Python-style numbers, empty fields for a
/// diverged run).
///
/// # Errors
/// A `JsError` for malformed points.
#[wasm_bindgen]
pub fn search_csv(points: JsValue) -> std::result::Result<String, JsError> {
    let points: Vec<GridPoint> = from_js(points, "points")?;
    Ok(to_csv(&points))
}

/// The coarse-to-fine search's defaults (`SearchConfig`) as a plain object.
///
/// # Errors
/// Never in practice (serialising plain values).
#[wasm_bindgen]
pub fn search_defaults() -> std::result::Result<JsValue, JsError> {
    to_js(&SearchConfig::default())
}

/// Checks a search spec (`{"train": ..., "search": ...}` JSON) without data.
///
/// # Errors
/// A `JsError` with the first problem found.
#[wasm_bindgen]
pub fn check_search(spec: &str) -> std::result::Result<(), JsError> {
    let spec: Spec = serde_json::from_str(spec).map_err(Error::from)?;
    spec.search.validate()?;
    spec.train.validate()?;
    spec.train.optimizer.validate()?;
    Ok(())
}

/// `lr` as Python prints it (`1e-06`, `0.1`), for the grid field.
#[wasm_bindgen]
pub fn py_lr(lr: f64) -> String {
    py_float(lr)
}
