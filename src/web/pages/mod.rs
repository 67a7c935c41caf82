//! The page side of every panel but Schedules: what the panels call from the main thread to
//! check settings, export them and draw their charts. Two wasm modules hold it (see Cargo.toml):
//! feature `panels-train` the Train and Playground panels', `panels-experiments` the LR Finder,
//! Tips, Landscape and Snapshots panels'. What those panels run in their workers is in `jobs/`.

mod defaults;
#[cfg(feature = "panels-train")]
mod digits;
#[cfg(feature = "panels-experiments")]
mod landscape;
#[cfg(feature = "panels-experiments")]
mod lrfind_search;
#[cfg(feature = "panels-experiments")]
mod lrfind_view;
#[cfg(feature = "panels-train")]
mod playground;
mod scripts;
#[cfg(feature = "panels-experiments")]
mod snapshots;
#[cfg(feature = "panels-experiments")]
mod tips;
#[cfg(feature = "panels-experiments")]
mod tips_charts;
#[cfg(feature = "panels-train")]
mod train;
#[cfg(feature = "panels-train")]
mod train_runs;

pub use defaults::{optimizer_defaults, train_defaults};
#[cfg(feature = "panels-train")]
pub use digits::{idx_kind, DigitData};
#[cfg(feature = "panels-experiments")]
pub use landscape::{
    draw_landscape, draw_landscape_pair, draw_landscape_pair_svg, draw_landscape_svg,
    landscape_plan,
};
#[cfg(feature = "panels-experiments")]
pub use lrfind_search::{
    check_search, draw_search_chart, draw_search_chart_svg, py_lr, search_csv, search_defaults,
};
#[cfg(feature = "panels-experiments")]
pub use lrfind_view::{check_lr_find, lr_find_defaults, lr_find_schedule, LrFindCurves};
#[cfg(feature = "panels-train")]
pub use playground::{playground_presets, playground_surfaces, Playground};
pub use scripts::experiment_export;
#[cfg(feature = "panels-experiments")]
pub use snapshots::check_snapshots;
#[cfg(feature = "panels-experiments")]
pub use tips::tip_catalogue;
#[cfg(feature = "panels-experiments")]
pub use tips_charts::{
    draw_tip_bars, draw_tip_bars_svg, draw_tip_curves, draw_tip_curves_svg, draw_tip_heatmap,
    draw_tip_heatmap_svg,
};
#[cfg(feature = "panels-train")]
pub use train::{check_train_config, export_train_config, train_pytorch_script};
#[cfg(feature = "panels-train")]
pub use train_runs::{draw_confusion, draw_confusion_svg, RunBook};
