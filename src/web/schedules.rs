//! The Schedules panel's own exports (feature `schedules`, only in its module and the default
//! build): simulate a spec (the CLI's JSON, as a plain object) with everything the panel shows
//! about it (markers, ReduceLROnPlateau's trace, the formula card, the PyTorch script), draw
//! the schedule chart onto a `<canvas>` or as SVG, and the synthetic validation loss.

use super::convert::{from_js, from_js_data, set, to_js};
use super::draw::canvas::MeasuredCanvas;
use super::draw::render::{draw_on, Target};
use crate::charts::{self, ScheduleChart, SyntheticLoss};
use crate::schedule::{
    formula_card, markers, plateau_trace, pytorch_snippet, simulate, FormulaCard, Marker,
    PlateauTrace, ScheduleSpec, MAX_STEPS,
};
use js_sys::Float64Array;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// What the page needs besides the curve itself.
#[derive(Serialize)]
struct Extras {
    /// PyTorch means the scheduler to be stepped every batch (CyclicLR, OneCycleLR).
    per_iteration: bool,
    /// Milestones, restarts, phase ends, switch points.
    markers: Vec<Marker>,
    /// ReduceLROnPlateau's cuts, cooldowns and bad-epoch counts.
    plateau: Option<PlateauTrace>,
    /// The scheduler's formula card.
    card: Option<FormulaCard>,
    /// A Python script that prints the same values under torch.
    snippet: String,
}

/// Runs a schedule spec (`{"scheduler": "StepLR", "lr": 0.1, "step_size": 30, "steps": 100}`)
/// and returns `{lr: Float64Array, momentum: Float64Array | null, per_iteration, markers:
/// [{step, label}], plateau: {reductions, cooldowns, bad_epochs, best} | null, card: {name,
/// formula, when} | null, snippet}`.
///
/// # Errors
/// A `JsError` with PyTorch's message for a spec PyTorch would refuse ("Expected positive
/// integer T_0, but got 0"), or serde's for a malformed one ("missing field `step_size`").
#[wasm_bindgen]
pub fn simulate_schedule(spec: JsValue) -> Result<JsValue, JsError> {
    let spec: ScheduleSpec = from_js(spec, "schedule")?;
    let curve = simulate(&spec)?;
    let plateau = if spec.scheduler.needs_metric() {
        Some(plateau_trace(&spec)?)
    } else {
        None
    };
    let out = to_js(&Extras {
        per_iteration: spec.scheduler.is_per_iteration(),
        markers: markers(&spec.scheduler, spec.steps),
        plateau,
        card: formula_card(spec.scheduler.name()),
        snippet: pytorch_snippet(&spec),
    })?;
    set(&out, "lr", &Float64Array::from(curve.lr.as_slice()).into())?;
    let momentum = curve
        .momentum
        .map_or(JsValue::NULL, |m| Float64Array::from(m.as_slice()).into());
    set(&out, "momentum", &momentum)?;
    Ok(out)
}

/// The synthetic validation loss's default shape.
///
/// # Errors
/// Never in practice (serialising numbers).
#[wasm_bindgen]
pub fn synthetic_loss_defaults() -> Result<JsValue, JsError> {
    to_js(&SyntheticLoss::default())
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
