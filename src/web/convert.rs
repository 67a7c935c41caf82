//! Values crossing between JavaScript and Rust.
//!
//! Every generic decoder compiles each type's whole `Deserialize` visitor once more, and an
//! internally tagged enum (`SchedulerConfig`, 17 variants; `OptimizerConfig`) once more per
//! variant. Settings therefore go through serde_json, the decoder the core's `from_json`
//! functions and the CLI already use ([`from_js`]: `JSON.stringify`, then serde_json), which
//! also keeps serde_json's "unknown field" errors. Data go through serde-wasm-bindgen
//! ([`from_js_data`]): it reads typed arrays without copying them into JSON text first, and
//! NaN and ±Infinity (a diverged run's losses), which JSON cannot carry.

use crate::json::reason;
use crate::Error;
use js_sys::{Array, ArrayBuffer, Object, Reflect};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsError, JsValue};

/// Decodes the settings object JavaScript passed as `what` (plain objects, arrays and typed
/// arrays, strings, finite numbers, booleans and null); a malformed one is an [`Error::Config`]
/// naming it and serde's complaint without a position ("missing field `step_size`").
/// `undefined` reads as `null`.
///
/// # Errors
/// As above; also a value `JSON.stringify` refuses (a cycle, a BigInt).
pub fn from_js<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, Error> {
    let text = if value.is_undefined() {
        Some("null".to_owned())
    } else {
        // Typed arrays (a schedule's `metrics` straight from `synthetic_loss`) would stringify
        // as objects keyed "0", "1", ...; they are lists.
        let replacer = Closure::<dyn Fn(JsValue, JsValue) -> JsValue>::new(|_key, v: JsValue| {
            if ArrayBuffer::is_view(&v) {
                Array::from(&v).into()
            } else {
                v
            }
        });
        js_sys::JSON::stringify_with_replacer(&value, replacer.as_ref())
            .ok()
            .and_then(|t| t.as_string())
    };
    let text = text.ok_or_else(|| Error::Config(format!("{what}: not representable as JSON")))?;
    serde_json::from_str(&text).map_err(|e| Error::Config(format!("{what}: {}", reason(&e))))
}

/// Decodes data JavaScript passed as `what`: like [`from_js`], but sequences may be typed
/// arrays and numbers may be NaN or ±Infinity.
///
/// # Errors
/// An [`Error::Config`] naming `what` and serde's complaint.
pub fn from_js_data<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, Error> {
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

/// Sets `key` on a plain object made by [`to_js`].
///
/// # Errors
/// If `target` is not an object (not the case for [`to_js`]'s maps).
pub fn set(target: &JsValue, key: &str, value: &JsValue) -> Result<(), Error> {
    let object: &Object = target.unchecked_ref();
    Reflect::set(object, &JsValue::from_str(key), value)
        .map(|_| ())
        .map_err(|_| Error::Config(format!("could not set {key} on the result object")))
}

/// An image size, sent with images' bytes (a digit source's, the gallery's).
#[derive(Serialize)]
pub struct ImageDims {
    /// Pixel rows.
    pub rows: usize,
    /// Pixel columns.
    pub cols: usize,
}
