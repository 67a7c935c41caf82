//! What every panel reads, in both wasm modules: the schedulers the lab knows with their example
//! configurations (the forms' defaults), and the palette of the colour pickers and swatches.

use super::convert::to_js;
use crate::charts::{self, Theme, OKABE_ITO};
use crate::schedule::SchedulerConfig;
use js_sys::Array;
use serde::Serialize;
use wasm_bindgen::prelude::*;

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
