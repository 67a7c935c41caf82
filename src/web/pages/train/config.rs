//! The Train panel's page side: the check of a configuration before a run (no data needed), and
//! the exports (the PyTorch script, the JSON `lrlab train` reads). The run itself is the
//! worker's (`jobs/training/run.rs`).

use crate::data::CLASSES;
use crate::train::TrainConfig;
use crate::Error;
use wasm_bindgen::prelude::*;

/// Checks a configuration as far as it can be checked without data, for images of `pixels`
/// pixels: the loop settings, the network, the optimizer's keywords and the scheduler built
/// on the optimizer's param group, in that order.
///
/// # Errors
/// A `JsError` with the first problem found: serde's message for a malformed or unknown
/// field, PyTorch's for a setting PyTorch refuses.
#[wasm_bindgen]
pub fn check_train_config(config: &str, pixels: usize) -> std::result::Result<(), JsError> {
    let config = TrainConfig::from_json(config)?;
    config.validate()?;
    config.model.build(pixels.max(1), CLASSES)?;
    config.optimizer.validate()?;
    if let Some(spec) = &config.schedule {
        let mut groups = [config.optimizer.param_group()];
        spec.build(&mut groups)?;
    }
    Ok(())
}

/// A runnable PyTorch script reproducing the configuration (see `train::pytorch_script`).
///
/// # Errors
/// A `JsError` for a malformed or invalid configuration.
#[wasm_bindgen]
pub fn train_pytorch_script(config: &str) -> std::result::Result<String, JsError> {
    let config = TrainConfig::from_json(config)?;
    config.validate()?;
    Ok(crate::train::pytorch_script(&config))
}

/// The configuration as `lrlab train` reads it: every field written out, pretty-printed.
///
/// # Errors
/// A `JsError` for a malformed configuration.
#[wasm_bindgen]
pub fn export_train_config(config: &str) -> std::result::Result<String, JsError> {
    let config = TrainConfig::from_json(config)?;
    Ok(serde_json::to_string_pretty(&config).map_err(Error::from)?)
}
