//! The only module that speaks to JavaScript (wasm32 only). Each function is a thin shim:
//! decode the plain object JavaScript passes, call the core, encode the answer. Every failure
//! reaches JavaScript as a thrown `Error` carrying the core's message (PyTorch's own text where
//! PyTorch would refuse the same input); panics are reported to the console, never silent.
//!
//! Five wasm modules come from this crate, one per Cargo feature (see Cargo.toml and README,
//! "Five wasm modules"), so that none is above 350 KB gzipped:
//! - `schedules` (`schedules.rs`): the Schedules panel, which the page shows first;
//! - `panels-train` and `panels-experiments` (`pages/train/`, `pages/experiments/`): the other
//!   panels' page side;
//! - `jobs-training` and `jobs-search` (`jobs/training/`, `jobs/search/`): what their workers
//!   run.
//!
//! What several need (`catalogue.rs`, the drawing backends in `draw/`, the conversions) is in
//! each that needs it; the default build, which the tests use, has everything.

#[cfg(any(
    feature = "schedules",
    feature = "panels-train",
    feature = "panels-experiments"
))]
mod catalogue;
mod convert;
#[cfg(any(
    feature = "schedules",
    feature = "panels-train",
    feature = "panels-experiments"
))]
mod draw;
#[cfg(any(feature = "jobs-training", feature = "jobs-search"))]
mod jobs;
#[cfg(any(feature = "panels-train", feature = "panels-experiments"))]
mod pages;
#[cfg(feature = "schedules")]
mod schedules;

#[cfg(any(
    feature = "schedules",
    feature = "panels-train",
    feature = "panels-experiments"
))]
pub use catalogue::{palette, scheduler_example, scheduler_names};
pub use convert::{from_js, from_js_data, set, to_js, ImageDims};
#[cfg(any(
    feature = "schedules",
    feature = "panels-train",
    feature = "panels-experiments"
))]
pub use draw::{
    BitmapCanvas, Measured, MeasuredCanvas, MeasuredSvg, Target, WebBackend, WebDrawError,
    MAX_SVG_SIDE,
};
#[cfg(any(feature = "jobs-training", feature = "jobs-search"))]
pub use jobs::*;
#[cfg(any(feature = "panels-train", feature = "panels-experiments"))]
pub use pages::*;
#[cfg(feature = "schedules")]
pub use schedules::{
    draw_schedule_chart, draw_schedule_chart_svg, simulate_schedule, synthetic_loss,
    synthetic_loss_defaults,
};

use wasm_bindgen::prelude::*;

/// Call once after loading the module: routes Rust panics to `console.error` with their
/// message and location (the page also shows an error banner for them).
#[wasm_bindgen]
pub fn init() {
    console_error_panic_hook::set_once();
}
