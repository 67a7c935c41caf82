//! The Tips panel's charts onto `<canvas>` elements or as SVG documents (the download
//! buttons): the compared runs' curves (the Train panel's loss, learning-rate and epoch charts,
//! fed from a tip's report), the bar and point comparisons, and the batch-size × lr heatmap.
//! Each `draw_tip_*_svg` twin draws with the same code through [`draw_on!`].

use crate::charts::{self, TipBars, TipCurves, TipHeatmap};
use crate::web::convert::from_js_data;
use crate::web::draw::canvas::MeasuredCanvas;
use crate::web::draw::render::{draw_on, Target};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// Draws runs' curves (a [`TipCurves`]: `{kind: "loss" | "lr" | "epochs", runs: [{name,
/// color, loss, lrs, iterations_per_epoch, diverged_at, epochs}], ...TrainingView fields}`)
/// onto `canvas`; returns the chart layout.
///
/// # Errors
/// A `JsError` for a malformed object, invalid view settings or a canvas without a 2d context.
#[wasm_bindgen]
pub fn draw_tip_curves(canvas: HtmlCanvasElement, data: JsValue) -> Result<JsValue, JsError> {
    curves_on(Target::Canvas(canvas), data)
}

/// [`draw_tip_curves`] as an SVG document of `width` x `height` CSS pixels: the layout with
/// the document in its `svg` field.
///
/// # Errors
/// As [`draw_tip_curves`], or a side of 0 or above 16384.
#[wasm_bindgen]
pub fn draw_tip_curves_svg(width: u32, height: u32, data: JsValue) -> Result<JsValue, JsError> {
    curves_on(Target::svg(width, height)?, data)
}

/// Draws a comparison of runs by one number (a [`TipBars`] as a plain object).
///
/// # Errors
/// A `JsError` for a malformed chart, a non-finite value or a canvas without a 2d context.
#[wasm_bindgen]
pub fn draw_tip_bars(canvas: HtmlCanvasElement, chart: JsValue) -> Result<JsValue, JsError> {
    bars_on(Target::Canvas(canvas), chart)
}

/// [`draw_tip_bars`] as an SVG document of `width` x `height` CSS pixels.
///
/// # Errors
/// As [`draw_tip_bars`], or a side of 0 or above 16384.
#[wasm_bindgen]
pub fn draw_tip_bars_svg(width: u32, height: u32, chart: JsValue) -> Result<JsValue, JsError> {
    bars_on(Target::svg(width, height)?, chart)
}

/// Draws a heatmap (a [`TipHeatmap`] as a plain object).
///
/// # Errors
/// A `JsError` for a malformed chart, a shape that does not match, a value that is not
/// positive or a canvas without a 2d context.
#[wasm_bindgen]
pub fn draw_tip_heatmap(canvas: HtmlCanvasElement, chart: JsValue) -> Result<JsValue, JsError> {
    heatmap_on(Target::Canvas(canvas), chart)
}

/// [`draw_tip_heatmap`] as an SVG document of `width` x `height` CSS pixels.
///
/// # Errors
/// As [`draw_tip_heatmap`], or a side of 0 or above 16384.
#[wasm_bindgen]
pub fn draw_tip_heatmap_svg(width: u32, height: u32, chart: JsValue) -> Result<JsValue, JsError> {
    heatmap_on(Target::svg(width, height)?, chart)
}

fn curves_on(target: Target, data: JsValue) -> Result<JsValue, JsError> {
    let chart: TipCurves = from_js_data(data, "curves")?;
    draw_on!(target, MeasuredCanvas, |root| charts::draw_tip_curves(
        &root, &chart
    )?)
}

fn bars_on(target: Target, chart: JsValue) -> Result<JsValue, JsError> {
    let chart: TipBars = from_js_data(chart, "bars")?;
    draw_on!(target, MeasuredCanvas, |root| charts::draw_tip_bars(
        &root, &chart
    )?)
}

fn heatmap_on(target: Target, chart: JsValue) -> Result<JsValue, JsError> {
    let chart: TipHeatmap = from_js_data(chart, "heatmap")?;
    draw_on!(target, MeasuredCanvas, |root| charts::draw_tip_heatmap(
        &root, &chart
    )?)
}
