//! `lrlab optim FILE|-`: replays the spec's gradients through the optimizer (see
//! [`crate::optim::Replay`]) and prints `{"params": [[...after step 1], ...]}`.

use serde_json::json;

use crate::optim::Replay;
use crate::Result;

/// Runs the subcommand on one JSON spec and returns the JSON to print.
///
/// # Errors
/// A malformed spec ([`crate::Error::Config`]) or PyTorch's message for invalid settings.
pub fn run(input: &str) -> Result<String> {
    let params = Replay::from_json(input)?.run()?;
    Ok(json!({ "params": params }).to_string())
}
