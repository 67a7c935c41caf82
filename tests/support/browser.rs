//! Helpers shared by the wasm-bindgen tests in headless Chromium (`tests/web*.rs` include it
//! with `#[path]`; each uses the part it needs): reading plain objects, error messages, and
//! canvases to draw on and count ink in.
#![allow(dead_code)]

use js_sys::{Reflect, JSON};
use wasm_bindgen::{JsCast, JsError, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// `object[key]`.
pub fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).expect("an object")
}

/// `object[key]` as a number (NaN when it is not one).
pub fn number(object: &JsValue, key: &str) -> f64 {
    get(object, key).as_f64().unwrap_or(f64::NAN)
}

/// `object[key]` as a string (empty when it is not one).
pub fn text(object: &JsValue, key: &str) -> String {
    get(object, key).as_string().unwrap_or_default()
}

/// The message of a thrown `JsError`.
pub fn message(error: JsError) -> String {
    let value: JsValue = error.into();
    value
        .dyn_into::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_default()
}

/// A detached canvas of `width` x `height` pixels.
pub fn canvas(width: u32, height: u32) -> HtmlCanvasElement {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .expect("canvas")
        .dyn_into()
        .expect("a canvas element");
    canvas.set_width(width);
    canvas.set_height(height);
    canvas
}

/// The canvas's RGBA bytes.
pub fn pixels(canvas: &HtmlCanvasElement) -> Vec<u8> {
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .expect("2d")
        .dyn_into()
        .expect("2d context");
    ctx.get_image_data(0.0, 0.0, canvas.width().into(), canvas.height().into())
        .expect("image data")
        .data()
        .to_vec()
}

/// Pixels that are clearly not background (red or blue channel below 200).
pub fn ink(canvas: &HtmlCanvasElement) -> usize {
    pixels(canvas)
        .chunks(4)
        .filter(|px| px[0] < 200 || px[2] < 200)
        .count()
}

/// A JavaScript value from JSON text.
pub fn js(json: &str) -> JsValue {
    JSON::parse(json).expect("test JSON parses")
}

/// Parses `svg` with the page's `DOMParser`: the root element's name and how many
/// `parsererror` elements the parse produced (0 for a well-formed document).
pub fn parse_svg(svg: &str) -> (String, u32) {
    use js_sys::{Array, Function};
    let method = |object: &JsValue, name: &str| -> Function {
        get(object, name).dyn_into().expect("a method")
    };
    let ctor: Function = get(&js_sys::global(), "DOMParser")
        .dyn_into()
        .expect("DOMParser");
    let parser = Reflect::construct(&ctor, &Array::new()).expect("a parser");
    let doc = method(&parser, "parseFromString")
        .call2(&parser, &svg.into(), &"image/svg+xml".into())
        .expect("parsed");
    let root = get(&get(&doc, "documentElement"), "nodeName")
        .as_string()
        .unwrap_or_default();
    let errors = method(&doc, "getElementsByTagName")
        .call1(&doc, &"parsererror".into())
        .expect("a list");
    (root, number(&errors, "length") as u32)
}
