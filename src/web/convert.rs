//! Values crossing between JavaScript and Rust.
//!
//! Every input from the page is decoded by ONE deserialiser, serde-wasm-bindgen, whether
//! JavaScript passes a plain object ([`from_js`]) or JSON text ([`from_json_text`], parsed by
//! the browser's `JSON.parse` first). A config type decoded by two deserialisers has its whole
//! visitor compiled twice, and an internally tagged enum (`SchedulerConfig`, 17 variants;
//! `OptimizerConfig`) compiles every variant once per deserialiser's error type. Decoding with
//! serde-wasm-bindgen rather than serde_json also keeps NaN and ±Infinity (a diverged run's
//! loss) and typed arrays readable, which JSON text cannot carry; measured with `make build`,
//! this way is also the smaller one (466 KB against 480 KB gzipped).

use crate::Error;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsError, JsValue};

/// Decodes the plain object JavaScript passed as `what`; a malformed one is an
/// [`Error::Config`] naming it and serde's complaint ("missing field `step_size`").
///
/// # Errors
/// As above.
pub fn from_js<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, Error> {
    serde_wasm_bindgen::from_value(value).map_err(|e| Error::Config(format!("{what}: {e}")))
}

/// Decodes JSON text (a `TrainConfig`, a search spec) with the same deserialiser as
/// [`from_js`]; errors read as the core's `from_json` ones do (serde's message, without a
/// line and column: the text is one line the page wrote).
///
/// # Errors
/// [`Error::Config`] for text that is not JSON (the browser's message) or a value serde
/// refuses (unknown fields, wrong types).
pub fn from_json_text<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    decode(parse_json(text)?)
}

/// Decodes a value parsed from JSON text by [`parse_json`]; errors carry serde's message alone.
///
/// # Errors
/// [`Error::Config`] for a value serde refuses (unknown fields, wrong types).
pub fn decode<T: DeserializeOwned>(value: JsValue) -> Result<T, Error> {
    serde_wasm_bindgen::from_value(value).map_err(|e| Error::Config(e.to_string()))
}

/// `JSON.parse(text)`.
///
/// # Errors
/// [`Error::Config`] with the browser's message for text that is not JSON.
pub fn parse_json(text: &str) -> Result<JsValue, Error> {
    js_sys::JSON::parse(text).map_err(|e| {
        let reason = e
            .dyn_ref::<js_sys::Error>()
            .map_or_else(|| "not JSON".into(), |e| String::from(e.message()));
        Error::Config(format!("malformed JSON: {reason}"))
    })
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
