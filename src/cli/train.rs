//! `lrlab train FILE|-`.

use crate::{Error, Result};

/// Runs the subcommand on one JSON spec and returns the JSON to print.
pub fn run(_input: &str) -> Result<String> {
    Err(Error::Config("'train' is not available yet".into()))
}
