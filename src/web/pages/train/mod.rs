//! The Train and Playground panels' page side (feature `panels-train`).

mod config;
mod digits;
mod playground;
mod train_runs;

pub use config::{check_train_config, export_train_config, train_pytorch_script};
pub use digits::{idx_kind, DigitData};
pub use playground::{playground_presets, playground_surfaces, Playground};
pub use train_runs::{draw_confusion, draw_confusion_svg, RunBook};
