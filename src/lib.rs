//! lrlab: a learning-rate laboratory.
//!
//! The core (`schedule`, `optim`, `nn`, `data`, `train`, `charts`, `kernels`) is plain Rust
//! that compiles and tests natively; `web` is the only module that talks to JavaScript, and it
//! exists only on `wasm32`. `cli` backs the native `lrlab` binary.
#![warn(missing_docs)]

pub mod bench;
pub mod charts;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod data;
pub mod error;
pub mod json;
pub mod kernels;
pub mod landscape;
pub mod lrfind;
pub mod nn;
pub mod optim;
pub mod param_group;
pub mod playground;
pub mod pyfmt;
pub mod pyscript;
pub mod schedule;
pub mod snapshots;
pub mod train;
#[cfg(target_arch = "wasm32")]
pub mod web;

pub use error::{Error, Result};
pub use param_group::ParamGroup;
