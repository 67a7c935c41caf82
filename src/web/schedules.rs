//! The scheduler core for the page: simulate a spec (the CLI's JSON, as a plain object) with
//! everything the panel shows about it (markers, ReduceLROnPlateau's trace, the formula card,
//! the PyTorch script), list the schedulers and their example configurations (the form's
//! defaults).

use super::convert::{from_js, to_js};
use crate::charts::SyntheticLoss;
use crate::schedule::{
    formula_card, markers, plateau_trace, pytorch_snippet, simulate, FormulaCard, Marker,
    PlateauTrace, ScheduleSpec, SchedulerConfig,
};
use js_sys::{Array, Float64Array, Object, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;

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

/// Every scheduler the lab knows, in the order the page lists them.
#[wasm_bindgen]
pub fn scheduler_names() -> Array {
    SchedulerConfig::NAMES
        .iter()
        .map(|n| JsValue::from_str(n))
        .collect()
}

/// A ready-to-plot configuration of scheduler `name` (PyTorch's defaults, and the
/// documentation's example values where PyTorch requires a keyword).
///
/// # Errors
/// A `JsError` for an unknown name.
#[wasm_bindgen]
pub fn scheduler_example(name: &str) -> Result<JsValue, JsError> {
    let config = SchedulerConfig::example(name)
        .ok_or_else(|| JsError::new(&format!("unknown scheduler {name:?}")))?;
    to_js(&config)
}

/// The synthetic validation loss's default shape.
///
/// # Errors
/// Never in practice (serialising numbers).
#[wasm_bindgen]
pub fn synthetic_loss_defaults() -> Result<JsValue, JsError> {
    to_js(&SyntheticLoss::default())
}

fn set(target: &JsValue, key: &str, value: &JsValue) -> Result<(), JsError> {
    let object: &Object = target.unchecked_ref();
    Reflect::set(object, &JsValue::from_str(key), value)
        .map(|_| ())
        .map_err(|_| JsError::new("could not build the result object"))
}
