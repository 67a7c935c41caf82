//! `lrlab schedule FILE|-`: one [`ScheduleSpec`] in, `{"lr": [...], "momentum": [...]}` out.

use crate::schedule::{simulate, ScheduleSpec};
use crate::Result;

/// Runs the subcommand on one JSON spec and returns the JSON to print.
///
/// # Errors
/// A malformed spec ([`crate::Error::Config`]) or anything PyTorch would raise for it, with
/// PyTorch's message.
pub fn run(input: &str) -> Result<String> {
    let spec = ScheduleSpec::from_json(input)?;
    let curve = simulate(&spec)?;
    Ok(serde_json::to_string(&curve)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_lr_and_omits_momentum_when_not_cycled() {
        let out = run(r#"{"scheduler":"StepLR","lr":1.0,"step_size":1,"gamma":0.5,"steps":2}"#);
        assert_eq!(out.as_deref(), Ok(r#"{"lr":[1.0,0.5,0.25]}"#));
    }

    #[test]
    fn invalid_spec_is_an_error() {
        assert!(run(r#"{"scheduler":"StepLR","lr":-1.0,"step_size":1,"steps":2}"#).is_err());
        assert!(run("not json").is_err());
    }
}
