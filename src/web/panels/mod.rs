//! The exports of every panel but Schedules (feature `panels`): the lab's wasm module, which the
//! workers and the benchmark page use too. One file per panel's part, as the page calls them.

mod bench;
mod landscape;
mod lrfind;
mod lrfind_search;
mod lrfind_view;
mod playground;
mod scripts;
mod snapshots;
mod tips;
mod tips_charts;
mod train;
mod train_data;
mod train_runs;

pub use bench::{
    bench_kernel_names, bench_peak, bench_peak_flops_per_iter, bench_schedules, bench_train_config,
    bench_train_set, BenchKernel, BenchLandscape,
};
pub use landscape::{
    draw_landscape, draw_landscape_pair, draw_landscape_pair_svg, draw_landscape_svg,
    landscape_plan, LandscapeJob,
};
pub use lrfind::RangeFinder;
pub use lrfind_search::{
    check_search, draw_search_chart, draw_search_chart_svg, py_lr, search_csv, search_defaults,
    GridSearch,
};
pub use lrfind_view::{check_lr_find, lr_find_defaults, lr_find_schedule, LrFindCurves};
pub use playground::{playground_presets, playground_surfaces, Playground};
pub use scripts::experiment_export;
pub use snapshots::{check_snapshots, SnapshotJob};
pub use tips::{tip_catalogue, TipExperiment};
pub use tips_charts::{
    draw_tip_bars, draw_tip_bars_svg, draw_tip_curves, draw_tip_curves_svg, draw_tip_heatmap,
    draw_tip_heatmap_svg,
};
pub use train::{
    check_train_config, export_train_config, optimizer_defaults, train_defaults,
    train_pytorch_script, Training,
};
pub use train_data::{idx_kind, DigitData};
pub use train_runs::{draw_confusion, draw_confusion_svg, RunBook};
