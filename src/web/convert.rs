//! Rust values to JavaScript ones.

use crate::Error;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsError, JsValue};

/// Decodes the plain object JavaScript passed as `what`; a malformed one is an
/// [`Error::Config`] naming it and serde's complaint ("missing field `step_size`").
///
/// # Errors
/// As above.
pub fn from_js<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, Error> {
    serde_wasm_bindgen::from_value(value).map_err(|e| Error::Config(format!("{what}: {e}")))
}

/// Serialises `value` as plain JavaScript objects (maps as objects, `None` as `null`), the
/// shapes the page's modules expect.
///
/// # Errors
/// If `value` cannot be represented (not the case for the lab's types).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    Ok(value.serialize(&serializer)?)
}
