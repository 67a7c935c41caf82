//! The only module that speaks to JavaScript (wasm32 only). Each function is a thin shim:
//! decode the plain object JavaScript passes, call the core, encode the answer. Every failure
//! reaches JavaScript as a thrown `Error` carrying the core's message (PyTorch's own text where
//! PyTorch would refuse the same input); panics are reported to the console, never silent.
//!
//! Two wasm modules come from this crate (see Cargo.toml): the Schedules panel's (feature
//! `schedules`: `schedules.rs`), which the page loads first, and the lab's (feature `panels`:
//! `panels/`, every other panel, the workers, the benchmark page). What both need
//! (`catalogue.rs`, the drawing backends, the conversions) is in each; the default build, which
//! the wasm tests use, has everything.

mod backend;
mod canvas;
mod catalogue;
mod convert;
#[cfg(feature = "panels")]
mod panels;
mod playground_canvas;
mod render;
#[cfg(feature = "schedules")]
mod schedules;

pub use backend::{WebBackend, WebDrawError};
pub use canvas::{Measured, MeasuredCanvas, MeasuredSvg};
pub use catalogue::{palette, scheduler_example, scheduler_names};
pub use convert::{from_js, from_js_data, to_js};
#[cfg(feature = "panels")]
pub use panels::*;
pub use playground_canvas::BitmapCanvas;
pub use render::{Target, MAX_SVG_SIDE};
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
