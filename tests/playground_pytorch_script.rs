//! The Playground's exported script runs every path under real PyTorch (the surface written
//! in torch, the parameters a `requires_grad` tensor) and lands where lrlab's own optimizers
//! and schedulers land: the same float32 steps from float64 gradients, so the positions agree
//! to a few float32 roundings. Skipped (with a note) without torch.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/torch.rs"]
mod torch;

use lrlab::playground::{run_path, PathSpec, PathStop};
use lrlab::pyscript::{playground_script, PlaygroundSpec};
use torch::run_script;

/// Five paths over four surfaces: plain, momentum, Nesterov, adaptive, with per-step,
/// plateau and cyclic schedules, and one that diverges.
const SPEC: &str = r#"{"surface": "quadratic", "start": [-2.5, 1.5], "paths": [
  {"name": "SGD lr 0.1", "color": 0, "optimizer": {"optimizer": "SGD", "lr": 0.1}, "steps": 60},
  {"name": "momentum + StepLR", "color": 1,
   "optimizer": {"optimizer": "SGD", "lr": 0.05, "momentum": 0.9, "nesterov": true},
   "schedule": {"scheduler": "StepLR", "step_size": 20, "gamma": 0.5}, "steps": 60},
  {"name": "Adam + plateau", "color": 2, "optimizer": {"optimizer": "Adam", "lr": 0.1},
   "schedule": {"scheduler": "ReduceLROnPlateau", "patience": 2, "factor": 0.5}, "steps": 80},
  {"name": "RMSprop + cosine", "color": 3, "optimizer": {"optimizer": "RMSprop", "lr": 0.01},
   "schedule": {"scheduler": "CosineAnnealingLR", "T_max": 50}, "steps": 50},
  {"name": "too fast", "color": 4, "optimizer": {"optimizer": "SGD", "lr": 0.25}, "steps": 200}
]}"#;

#[test]
fn every_path_lands_where_lrlab_lands() {
    let spec = PlaygroundSpec::from_json(SPEC).expect("a valid playground");
    let Some(lines) = run_script("playground.py", &playground_script(&spec), &[]) else {
        return;
    };
    assert_eq!(lines.len(), spec.paths.len());
    for (line, p) in lines.iter().zip(&spec.paths) {
        assert_eq!(line["path"], p.name.as_str());
        let lab = run_path(&PathSpec {
            surface: spec.surface,
            start: spec.start,
            optimizer: p.optimizer.clone(),
            schedule: p.schedule.clone(),
            steps: p.steps,
        })
        .expect("lrlab runs the path");
        let points = line["points"].as_array().expect("points");
        assert_eq!(
            points.len(),
            lab.points.len(),
            "{}: same number of steps",
            p.name
        );
        let reason = line["stop"]["reason"].as_str().expect("a stop");
        let expected = match lab.stop {
            PathStop::Completed => "completed",
            PathStop::LeftBox { .. } => "left_box",
            PathStop::NonFinite { .. } => "non_finite",
        };
        assert_eq!(reason, expected, "{}", p.name);
        for (t, l) in points.iter().zip(&lab.points) {
            let at = |k: usize| t[k].as_f64().expect("a number");
            // Relative to the distance covered: a few float32 roundings over the path.
            let tol = 1e-4 * (1.0 + l.x.abs().max(l.y.abs()));
            assert!(
                (at(0) - l.x).abs() <= tol && (at(1) - l.y).abs() <= tol,
                "{}: {t} vs {l:?}",
                p.name
            );
            assert!(
                (at(3) - l.lr).abs() <= 1e-9 * l.lr.abs().max(1e-12),
                "{}: lr {t} vs {l:?}",
                p.name
            );
        }
        eprintln!(
            "{}: {} steps, {reason}, final {}",
            p.name,
            points.len() - 1,
            line["final"]
        );
    }
    assert_eq!(
        lines[4]["stop"]["reason"], "left_box",
        "lr 0.25 > 2/10 diverges on the bowl"
    );
}
