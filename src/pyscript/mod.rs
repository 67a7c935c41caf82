//! Runnable PyTorch scripts for every experiment of the lab, one generator per experiment:
//! each reproduces its experiment from the JSON configuration the page exports (the one the
//! CLI or the panel reads), loads the same bundled digits, seeds torch, trains in the
//! lecture's order (train, validate, `scheduler.step()`) and prints one JSON object per line.
//! The Train panel's script is [`crate::train::pytorch_script`], built from the same pieces.

pub mod common;
mod landscape;
mod lr_find;
mod playground;
mod snapshots;
mod tips;

pub use landscape::landscape_script;
pub use lr_find::{py_bool, range_test_script, search_script};
pub use playground::{playground_script, PlaygroundPath, PlaygroundSpec, MAX_PLAYGROUND_PATHS};
pub use snapshots::snapshots_script;
pub use tips::{tip_script, tip_slug, TipSpec};
