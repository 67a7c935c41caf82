//! The LR Finder search's page side: the results chart (with its SVG twin), the CSV, the
//! defaults and the check of a spec before a run. The search runs in the worker
//! (`jobs/search/grid_search.rs`).

use crate::charts::{self, ChartLayout, LogSteps, LrFindView};
use crate::lrfind::{to_csv, GridPoint, SearchConfig, SearchSetup};
use crate::pyfmt::py_float;
use crate::web::convert::{from_js, to_js};
use crate::web::draw::canvas::MeasuredCanvas;
use crate::web::draw::render::{draw_on, Target};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

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
    SearchSetup::from_json(spec)?;
    Ok(())
}

/// `lr` as Python prints it (`1e-06`, `0.1`), for the grid field.
#[wasm_bindgen]
pub fn py_lr(lr: f64) -> String {
    py_float(lr)
}
