//! Chart drawing for the page: the schedule chart onto a `<canvas>`, the synthetic validation
//! loss, and the palette the page uses for its colour pickers and swatches.

use super::canvas::MeasuredCanvas;
use super::convert::{from_js, from_js_data, to_js};
use super::render::{draw_on, Target};
use crate::charts::{self, ScheduleChart, SyntheticLoss, Theme, OKABE_ITO};
use crate::schedule::MAX_STEPS;
use js_sys::Float64Array;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// Draws a schedule chart (a [`ScheduleChart`] as a plain object) filling `canvas`, whose
/// `width`/`height` are in device pixels; returns the [`charts::ChartLayout`] for the hover
/// readout.
///
/// # Errors
/// A `JsError` for a malformed chart object, invalid chart settings or a canvas without a 2d
/// context.
#[wasm_bindgen]
pub fn draw_schedule_chart(canvas: HtmlCanvasElement, chart: JsValue) -> Result<JsValue, JsError> {
    schedule_on(Target::Canvas(canvas), chart)
}

/// [`draw_schedule_chart`] as an SVG document of `width` x `height` CSS pixels: the layout with
/// the document in its `svg` field.
///
/// # Errors
/// As [`draw_schedule_chart`], or a side of 0 or above 16384.
#[wasm_bindgen]
pub fn draw_schedule_chart_svg(
    width: u32,
    height: u32,
    chart: JsValue,
) -> Result<JsValue, JsError> {
    schedule_on(Target::svg(width, height)?, chart)
}

fn schedule_on(target: Target, chart: JsValue) -> Result<JsValue, JsError> {
    let chart: ScheduleChart = from_js_data(chart, "chart")?;
    draw_on!(target, MeasuredCanvas, |root| charts::draw_schedule_chart(
        &root, &chart
    )?)
}

/// `steps` values of the synthetic validation loss (a [`SyntheticLoss`] as a plain object;
/// missing fields take its defaults).
///
/// # Errors
/// A `JsError` naming the invalid setting.
#[wasm_bindgen]
pub fn synthetic_loss(shape: JsValue, steps: usize) -> Result<Float64Array, JsError> {
    let shape: SyntheticLoss = if shape.is_undefined() || shape.is_null() {
        SyntheticLoss::default()
    } else {
        from_js(shape, "synthetic loss")?
    };
    let values = charts::synthetic_loss(&shape, steps.min(MAX_STEPS))?;
    Ok(Float64Array::from(values.as_slice()))
}

#[derive(Serialize)]
struct Swatch {
    name: &'static str,
    light: String,
    dark: String,
}

/// The Okabe-Ito palette as `[{name, light, dark}]` CSS colours, in series order.
///
/// # Errors
/// Never in practice (serialising plain strings).
#[wasm_bindgen]
pub fn palette() -> Result<JsValue, JsError> {
    let swatches: Vec<Swatch> = (0..OKABE_ITO.len())
        .map(|i| Swatch {
            name: OKABE_ITO[i].name,
            light: charts::css_hex(i, Theme::Light),
            dark: charts::css_hex(i, Theme::Dark),
        })
        .collect();
    to_js(&swatches)
}
