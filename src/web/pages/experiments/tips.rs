//! The Tips panel's page side: the catalogue of the lecture's tips with what each costs on the
//! Train panel's setup. The experiments run in the worker (`jobs/search/tips.rs`).

use crate::lrfind::Tip;
use crate::train::TrainConfig;
use crate::web::convert::to_js;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// A tip as the page lists it before running.
#[derive(Serialize)]
struct TipInfo {
    tip: Tip,
    title: &'static str,
    explanation: &'static str,
    budget_samples: usize,
    planned_iterations: usize,
    runs: usize,
}

/// Every tip with its title, explanation and cost on the setup `config` (TrainConfig JSON
/// text): `[{tip, title, explanation, budget_samples, planned_iterations, runs}]`, in the
/// lecture's order.
///
/// # Errors
/// A `JsError` for a malformed configuration.
#[wasm_bindgen]
pub fn tip_catalogue(config: &str) -> std::result::Result<JsValue, JsError> {
    let base = TrainConfig::from_json(config)?;
    base.validate()?;
    let tips: Vec<TipInfo> = Tip::ALL
        .iter()
        .map(|&tip| {
            let plan = tip.planned_iterations(&base);
            TipInfo {
                tip,
                title: tip.title(),
                explanation: tip.explanation(),
                budget_samples: tip.budget_samples(&base),
                planned_iterations: plan.iter().sum(),
                runs: plan.len(),
            }
        })
        .collect();
    to_js(&tips)
}
