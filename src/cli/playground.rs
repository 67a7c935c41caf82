//! `lrlab playground FILE|-`: runs every path of a Playground configuration
//! ([`PlaygroundSpec`], the object the panel exports) through the lab's optimizers and
//! schedulers and prints `{"surface", "start", "paths": [{"name", "stop", "points": [{"x",
//! "y", "loss", "lr"}...]}...]}`.

use serde_json::json;

use crate::playground::{run_path, PathSpec};
use crate::pyscript::PlaygroundSpec;
use crate::Result;

/// Runs the subcommand on one JSON spec and returns the JSON to print.
///
/// # Errors
/// A bad spec, or an optimizer or scheduler PyTorch would reject (its message).
pub fn run(input: &str) -> Result<String> {
    let spec = PlaygroundSpec::from_json(input)?;
    let start = spec.start.unwrap_or_else(|| spec.surface.start());
    let mut paths = Vec::with_capacity(spec.paths.len());
    for p in &spec.paths {
        let path = run_path(&PathSpec {
            surface: spec.surface,
            start: Some(start),
            optimizer: p.optimizer.clone(),
            schedule: p.schedule.clone(),
            steps: p.steps,
        })?;
        paths.push(json!({"name": p.name, "stop": path.stop, "points": path.points}));
    }
    Ok(json!({"surface": spec.surface, "start": start, "paths": paths}).to_string())
}
