//! The LR Finder, Tips, Landscape and Snapshots panels' page side (feature
//! `panels-experiments`).

mod landscape;
mod lrfind_search;
mod lrfind_view;
mod snapshots;
mod tips;
mod tips_charts;

pub use landscape::{
    draw_landscape, draw_landscape_pair, draw_landscape_pair_svg, draw_landscape_svg,
    landscape_plan,
};
pub use lrfind_search::{
    check_search, draw_search_chart, draw_search_chart_svg, py_lr, search_csv, search_defaults,
};
pub use lrfind_view::{check_lr_find, lr_find_defaults, lr_find_schedule, LrFindCurves};
pub use snapshots::check_snapshots;
pub use tips::tip_catalogue;
pub use tips_charts::{
    draw_tip_bars, draw_tip_bars_svg, draw_tip_curves, draw_tip_curves_svg, draw_tip_heatmap,
    draw_tip_heatmap_svg,
};
