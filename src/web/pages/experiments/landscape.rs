//! The Landscape panel's page side: the plan the form shows before running and the charts (one
//! landscape, or the Snapshots panel's pair), each with its SVG twin for the downloads. The
//! experiment runs in the worker (`jobs/training/landscape.rs`).

use crate::charts::{self, LandscapeChart, LandscapePair};
use crate::landscape::LandscapeSpec;
use crate::web::convert::{from_js_data, to_js};
use crate::web::draw::playground_canvas::BitmapCanvas;
use crate::web::draw::render::{draw_on, Target};
use crate::{Error, Result};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// Pixels per side of an MNIST digit image: the network's input is 28 x 28.
const INPUT: usize = 784;
/// Classes of the digits.
const OUTPUT: usize = 10;

/// What a landscape spec will cost, shown next to the form.
#[derive(Serialize)]
struct Plan {
    /// Parameters of the network (28 x 28 inputs, 10 classes).
    params: usize,
    /// Bytes of one recorded vector.
    bytes_per_point: usize,
    /// Vectors the budget holds.
    capacity: usize,
    /// Points the run would record without thinning (every k-th iteration and epoch ends).
    wanted: usize,
    /// Whether the path will be thinned to fit the budget.
    thinned: bool,
    /// Training iterations.
    iterations: usize,
    /// Grid points evaluated (coarse and full).
    grid_points: usize,
    /// Evaluation images per grid point.
    eval_size: usize,
}

/// Parameters of a `784-hidden...-10` network: weights and biases of every layer.
fn params_of(hidden: &[usize]) -> usize {
    let sizes: Vec<usize> = std::iter::once(INPUT)
        .chain(hidden.iter().copied())
        .chain(std::iter::once(OUTPUT))
        .collect();
    sizes.windows(2).map(|w| w[0] * w[1] + w[1]).sum()
}

fn plan(spec: &LandscapeSpec) -> Result<Plan> {
    let train = &spec.train;
    let params = params_of(&train.model.hidden);
    let trajectory = &spec.landscape.trajectory;
    let capacity = trajectory.capacity(params)?;
    let iterations = train.total_iterations();
    let wanted = 1 + iterations / trajectory.every + train.epochs;
    let grid = &spec.landscape.grid;
    let eval_size = grid.eval_size.unwrap_or(train.data.val_size);
    if eval_size > train.data.val_size {
        return Err(Error::Config(format!(
            "grid.eval_size = {eval_size} exceeds the {} validation images; lower it or raise \
             data.val_size",
            train.data.val_size
        )));
    }
    Ok(Plan {
        params,
        bytes_per_point: params * std::mem::size_of::<f32>(),
        capacity,
        wanted,
        thinned: wanted > capacity,
        iterations,
        grid_points: grid.size * grid.size + grid.coarse * grid.coarse,
        eval_size,
    })
}

/// Checks a landscape spec (JSON text, as `lrlab landscape` reads it) and returns its cost:
/// `{params, bytes_per_point, capacity, wanted, thinned, iterations, grid_points, eval_size}`.
///
/// # Errors
/// A `JsError` with the message of the first setting the core refuses.
#[wasm_bindgen]
pub fn landscape_plan(spec: &str) -> std::result::Result<JsValue, JsError> {
    let spec = LandscapeSpec::from_json(spec)?;
    to_js(&plan(&spec)?)
}

/// Draws a landscape chart (a [`LandscapeChart`] as a plain object) onto `canvas`; returns its
/// layout (`{plot, x, y, pixel_ratio}`) for the hover readout.
///
/// # Errors
/// A `JsError` for a malformed chart, a grid that does not match its axes, bad view settings
/// or a canvas without a 2d context.
#[wasm_bindgen]
pub fn draw_landscape(
    canvas: HtmlCanvasElement,
    chart: JsValue,
) -> std::result::Result<JsValue, JsError> {
    landscape_on(Target::Canvas(canvas), chart)
}

/// [`draw_landscape`] as an SVG document of `width` x `height` CSS pixels (the contours as one
/// embedded bitmap, axes, path and text as vectors): the layout with the document in `svg`.
///
/// # Errors
/// As [`draw_landscape`], or a side of 0 or above 16384.
#[wasm_bindgen]
pub fn draw_landscape_svg(
    width: u32,
    height: u32,
    chart: JsValue,
) -> std::result::Result<JsValue, JsError> {
    landscape_on(Target::svg(width, height)?, chart)
}

/// Draws two landscapes on one figure (a [`LandscapePair`]: `{left, right, left_title,
/// right_title}`, the Snapshots panel's Figure 1) onto `canvas`; returns `{left, right}`, each
/// picture's layout.
///
/// # Errors
/// A `JsError` for a malformed pair, pictures drawn with different looks, or as
/// [`draw_landscape`].
#[wasm_bindgen]
pub fn draw_landscape_pair(
    canvas: HtmlCanvasElement,
    pair: JsValue,
) -> std::result::Result<JsValue, JsError> {
    pair_on(Target::Canvas(canvas), pair)
}

/// [`draw_landscape_pair`] as an SVG document of `width` x `height` CSS pixels.
///
/// # Errors
/// As [`draw_landscape_pair`], or a side of 0 or above 16384.
#[wasm_bindgen]
pub fn draw_landscape_pair_svg(
    width: u32,
    height: u32,
    pair: JsValue,
) -> std::result::Result<JsValue, JsError> {
    pair_on(Target::svg(width, height)?, pair)
}

fn landscape_on(target: Target, chart: JsValue) -> std::result::Result<JsValue, JsError> {
    let chart: LandscapeChart = from_js_data(chart, "landscape chart")?;
    draw_on!(target, BitmapCanvas, |root| charts::draw_landscape(
        &root, &chart
    )?)
}

fn pair_on(target: Target, pair: JsValue) -> std::result::Result<JsValue, JsError> {
    let pair: LandscapePair = from_js_data(pair, "landscape pair")?;
    draw_on!(target, BitmapCanvas, |root| charts::draw_landscape_pair(
        &root, &pair
    )?)
}
