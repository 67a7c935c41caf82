//! The only module that speaks to JavaScript (wasm32 only). Each function is a thin shim:
//! decode the plain object JavaScript passes, call the core, encode the answer. Every failure
//! reaches JavaScript as a thrown `Error` carrying the core's message (PyTorch's own text where
//! PyTorch would refuse the same input); panics are reported to the console, never silent.
//!
//! Two wasm modules come from this crate (see Cargo.toml): the Schedules panel's (feature
//! `schedules`: `schedules.rs`), which the page loads first, and the lab's (feature `panels`:
//! the modules marked so, every other panel, the workers, the benchmark page). What both need
//! (`catalogue.rs`, the drawing backends, the conversions) is in each; the default build, which
//! the wasm tests use, has everything.

mod backend;
#[cfg(feature = "panels")]
mod bench;
mod canvas;
mod catalogue;
mod convert;
#[cfg(feature = "panels")]
mod landscape;
#[cfg(feature = "panels")]
mod lrfind;
#[cfg(feature = "panels")]
mod lrfind_search;
#[cfg(feature = "panels")]
mod lrfind_view;
#[cfg(feature = "panels")]
mod playground;
mod playground_canvas;
mod render;
#[cfg(feature = "schedules")]
mod schedules;
#[cfg(feature = "panels")]
mod scripts;
#[cfg(feature = "panels")]
mod snapshots;
#[cfg(feature = "panels")]
mod tips;
#[cfg(feature = "panels")]
mod tips_charts;
#[cfg(feature = "panels")]
mod train;
#[cfg(feature = "panels")]
mod train_data;
#[cfg(feature = "panels")]
mod train_runs;

pub use backend::{WebBackend, WebDrawError};
#[cfg(feature = "panels")]
pub use bench::{
    bench_kernel_names, bench_peak, bench_peak_flops_per_iter, bench_schedules, bench_train_config,
    bench_train_set, BenchKernel, BenchLandscape,
};
pub use canvas::{Measured, MeasuredCanvas, MeasuredSvg};
pub use catalogue::{palette, scheduler_example, scheduler_names};
pub use convert::{from_js, from_js_data, to_js};
#[cfg(feature = "panels")]
pub use landscape::{
    draw_landscape, draw_landscape_pair, draw_landscape_pair_svg, draw_landscape_svg,
    landscape_plan, LandscapeJob,
};
#[cfg(feature = "panels")]
pub use lrfind::RangeFinder;
#[cfg(feature = "panels")]
pub use lrfind_search::{
    check_search, draw_search_chart, draw_search_chart_svg, py_lr, search_csv, search_defaults,
    GridSearch,
};
#[cfg(feature = "panels")]
pub use lrfind_view::{check_lr_find, lr_find_defaults, lr_find_schedule, LrFindCurves};
#[cfg(feature = "panels")]
pub use playground::{playground_presets, playground_surfaces, Playground};
pub use playground_canvas::BitmapCanvas;
pub use render::{Target, MAX_SVG_SIDE};
#[cfg(feature = "schedules")]
pub use schedules::{
    draw_schedule_chart, draw_schedule_chart_svg, simulate_schedule, synthetic_loss,
    synthetic_loss_defaults,
};
#[cfg(feature = "panels")]
pub use scripts::experiment_export;
#[cfg(feature = "panels")]
pub use snapshots::{check_snapshots, SnapshotJob};
#[cfg(feature = "panels")]
pub use tips::{tip_catalogue, TipExperiment};
#[cfg(feature = "panels")]
pub use tips_charts::{
    draw_tip_bars, draw_tip_bars_svg, draw_tip_curves, draw_tip_curves_svg, draw_tip_heatmap,
    draw_tip_heatmap_svg,
};
#[cfg(feature = "panels")]
pub use train::{
    check_train_config, export_train_config, optimizer_defaults, train_defaults,
    train_pytorch_script, Training,
};
#[cfg(feature = "panels")]
pub use train_data::{idx_kind, DigitData};
#[cfg(feature = "panels")]
pub use train_runs::{draw_confusion, draw_confusion_svg, RunBook};

use wasm_bindgen::prelude::*;

/// Call once after loading the module: routes Rust panics to `console.error` with their
/// message and location (the page also shows an error banner for them).
#[wasm_bindgen]
pub fn init() {
    console_error_panic_hook::set_once();
}
