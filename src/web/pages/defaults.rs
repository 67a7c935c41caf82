//! The defaults the forms start from: the lab's training setup and each optimizer's keywords.
//! Both page modules have them (the Train panel's form, and the setup every experiment's widget
//! edits).

use crate::optim::OptimizerConfig;
use crate::train::TrainConfig;
use crate::web::convert::to_js;
use crate::Error;
use wasm_bindgen::prelude::*;

/// The lab's default run (`TrainConfig::default()`, what `{}` means) as a plain object.
///
/// # Errors
/// Never in practice (serialising plain values).
#[wasm_bindgen]
pub fn train_defaults() -> std::result::Result<JsValue, JsError> {
    to_js(&TrainConfig::default())
}

/// Optimizer `name` (`"SGD"`, `"Adam"`, ...) with PyTorch's default keywords, as a plain
/// object (`{"optimizer": "SGD", "lr": 0.001, "momentum": 0, ...}`).
///
/// # Errors
/// A `JsError` for an unknown optimizer name.
#[wasm_bindgen]
pub fn optimizer_defaults(name: &str) -> std::result::Result<JsValue, JsError> {
    let tagged = serde_json::json!({ "optimizer": name });
    let config: OptimizerConfig = crate::json::from_value(tagged)
        .map_err(|_| Error::Config(format!("unknown optimizer {name:?}")))?;
    to_js(&config)
}
