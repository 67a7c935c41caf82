//! One way to draw any chart to either target: the page's `<canvas>` (at the device pixel
//! ratio) or an SVG document (plotters' SVG backend) for the export buttons. Every chart's entry
//! point draws through [`draw_on!`] with one expression, so the canvas and the SVG come from
//! the same drawing code; the SVG twin (`draw_*_svg`) answers the chart's layout with the
//! document in its `svg` field.

use js_sys::{Object, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::web::convert::to_js;

/// The largest SVG side accepted, in CSS pixels (a poster at 4x a 4K screen).
pub const MAX_SVG_SIDE: u32 = 16_384;

/// Where a chart is drawn.
pub enum Target {
    /// The page's canvas; its `width` x `height` are device pixels.
    Canvas(HtmlCanvasElement),
    /// An SVG document of `width` x `height` user units (CSS pixels).
    Svg {
        /// Document width.
        width: u32,
        /// Document height.
        height: u32,
    },
}

impl Target {
    /// An SVG target.
    ///
    /// # Errors
    /// A side of 0 or above [`MAX_SVG_SIDE`].
    pub fn svg(width: u32, height: u32) -> Result<Target, JsError> {
        for (name, side) in [("width", width), ("height", height)] {
            if side == 0 || side > MAX_SVG_SIDE {
                return Err(JsError::new(&format!(
                    "the SVG {name} must be between 1 and {MAX_SVG_SIDE} pixels, got {side}"
                )));
            }
        }
        Ok(Target::Svg { width, height })
    }
}

/// The entry point's answer: `out` as a plain object (or `{}` for nothing), plus the document in
/// its `svg` field when `svg` is given.
///
/// # Errors
/// When the answer cannot be built (serialising plain values never fails in practice).
pub fn answer<T: Serialize>(out: &T, svg: Option<String>) -> Result<JsValue, JsError> {
    let value = to_js(out)?;
    let Some(svg) = svg else {
        return Ok(value);
    };
    let object: JsValue = if value.is_object() {
        value
    } else {
        Object::new().into()
    };
    Reflect::set(&object, &JsValue::from_str("svg"), &JsValue::from_str(&svg))
        .map_err(|_| JsError::new("could not build the result object"))?;
    Ok(object)
}

/// Plotters' drawing errors as a thrown `Error`.
pub fn present_error<E: std::fmt::Display>(e: E) -> JsError {
    JsError::new(&format!("drawing failed: {e}"))
}

/// `draw_on!(target, CanvasBackendType, |root| expression)`: evaluates the expression (which
/// draws on `root` and yields something serialisable, usually the layout) once, on a drawing
/// area over the chosen target, and returns [`answer`]'s `Result<JsValue, JsError>`.
/// `CanvasBackendType::new(canvas)` builds the canvas backend (`MeasuredCanvas`, or
/// `BitmapCanvas` for bitmap-heavy charts); SVG always uses `MeasuredSvg`. Both are wrapped in
/// one [`WebBackend`](super::backend::WebBackend) and the expression appears once, so each
/// chart is compiled once for every target.
macro_rules! draw_on {
    ($target:expr, $canvas:ty, |$root:ident| $body:expr) => {{
        use plotters::prelude::IntoDrawingArea as _;
        use $crate::web::draw::backend::WebBackend;
        let mut svg = String::new();
        let (backend, to_svg): (WebBackend<'_>, bool) = match $target {
            $crate::web::draw::render::Target::Canvas(canvas) => {
                (<$canvas>::new(canvas)?.into(), false)
            }
            $crate::web::draw::render::Target::Svg { width, height } => (
                $crate::web::draw::canvas::MeasuredSvg::new(&mut svg, (width, height))?.into(),
                true,
            ),
        };
        let out = {
            let $root = backend.into_drawing_area();
            let out = $body;
            if to_svg {
                $root
                    .present()
                    .map_err($crate::web::draw::render::present_error)?;
            }
            out
        };
        $crate::web::draw::render::answer(&out, to_svg.then_some(svg))
    }};
}

pub(crate) use draw_on;
