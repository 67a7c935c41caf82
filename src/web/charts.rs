//! Chart drawing for the page: the schedule chart onto a `<canvas>`, the synthetic validation
//! loss, and the palette the page uses for its colour pickers and swatches.

use super::canvas::MeasuredCanvas;
use super::convert::{from_js, to_js};
use crate::charts::{self, ScheduleChart, SyntheticLoss, Theme, OKABE_ITO};
use crate::schedule::MAX_STEPS;
use js_sys::Float64Array;
use plotters::prelude::IntoDrawingArea;
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
    let chart: ScheduleChart = from_js(chart, "chart")?;
    let root = MeasuredCanvas::new(canvas)?.into_drawing_area();
    let layout = charts::draw_schedule_chart(&root, &chart)?;
    to_js(&layout)
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
