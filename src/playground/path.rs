//! A descent path on a [`Surface`]: any of the lab's optimizers, through its real code, on a
//! parameter vector of two `f32`s, with any scheduler stepped after every step.

use serde::{Deserialize, Serialize};

use super::surface::Surface;
use crate::optim::{Optimizer, OptimizerConfig, SGDConfig};
use crate::schedule::{LrScheduler, SchedulerConfig};
use crate::{Error, Result};

/// Most steps one path may take.
pub const MAX_PATH_STEPS: usize = 100_000;
/// A path that leaves the surface's view box scaled by this factor has diverged.
pub const ESCAPE_FACTOR: f64 = 50.0;

/// One path to draw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PathSpec {
    /// The surface.
    pub surface: Surface,
    /// Where to start; the surface's default start when absent.
    pub start: Option<(f64, f64)>,
    /// The optimizer and its keywords, e.g. `{"optimizer": "SGD", "lr": 0.1, "momentum": 0.9}`.
    pub optimizer: OptimizerConfig,
    /// A scheduler stepped after every optimizer step (ReduceLROnPlateau gets the loss).
    pub schedule: Option<SchedulerConfig>,
    /// Optimizer steps to take.
    pub steps: usize,
}

impl Default for PathSpec {
    /// Plain SGD at lr 0.1 for 100 steps on the ill-conditioned bowl.
    fn default() -> Self {
        PathSpec {
            surface: Surface::Quadratic,
            start: None,
            optimizer: OptimizerConfig::SGD(SGDConfig {
                lr: 0.1,
                ..SGDConfig::default()
            }),
            schedule: None,
            steps: 100,
        }
    }
}

/// A point of the path.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PathPoint {
    /// Position.
    pub x: f64,
    /// Position.
    pub y: f64,
    /// The surface's value there.
    pub loss: f64,
    /// The learning rate of the step taken from here (for the last point, of the step that
    /// would come next).
    pub lr: f64,
}

/// Why a path ended.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum PathStop {
    /// It took all its steps.
    Completed,
    /// Step `step` took it out of the view box scaled by [`ESCAPE_FACTOR`] (that point is the
    /// path's last).
    LeftBox {
        /// 1-based step.
        step: usize,
    },
    /// Step `step` produced a NaN or infinite position, gradient or value (not recorded).
    NonFinite {
        /// 1-based step.
        step: usize,
    },
}

impl PathStop {
    /// A sentence for the panel.
    pub fn message(&self) -> String {
        match self {
            PathStop::Completed => "completed every step".into(),
            PathStop::LeftBox { step } => format!(
                "diverged: left the region {ESCAPE_FACTOR}× the view at step {step} \
                 (the learning rate is too large for this curvature)"
            ),
            PathStop::NonFinite { step } => format!(
                "diverged: the position or loss overflowed at step {step} (the learning rate \
                 is far too large)"
            ),
        }
    }
}

/// A computed path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Path {
    /// The start, then the point after every step taken.
    pub points: Vec<PathPoint>,
    /// Why it ended.
    pub stop: PathStop,
}

/// Runs `spec`: the optimizer over the two parameters `[x, y]` (one tensor), fed the
/// surface's gradient at the current `f32` position (computed in `f64`, rounded to `f32`),
/// and the scheduler, if any, stepped after each optimizer step.
///
/// # Errors
/// The optimizer's and scheduler's own errors (PyTorch's messages, e.g. "Invalid learning
/// rate: -0.1"); [`Error::Config`] for a non-finite start or more than 100,000 steps.
pub fn run_path(spec: &PathSpec) -> Result<Path> {
    if spec.steps > MAX_PATH_STEPS {
        return Err(Error::Config(format!(
            "a path takes at most {MAX_PATH_STEPS} steps, got {}",
            spec.steps
        )));
    }
    let (x0, y0) = spec.start.unwrap_or_else(|| spec.surface.start());
    if !(x0.is_finite() && y0.is_finite()) {
        return Err(Error::Config(format!(
            "the start must be a finite point, got ({x0}, {y0})"
        )));
    }
    let mut optimizer = spec.optimizer.build(&[2], None)?;
    let mut scheduler = match &spec.schedule {
        Some(s) => Some((s.build(optimizer.param_groups_mut())?, s.needs_metric())),
        None => None,
    };
    let surface = spec.surface;
    let bounds = surface.view().scaled(ESCAPE_FACTOR);
    let mut p = [x0 as f32, y0 as f32];
    let mut points = Vec::with_capacity(spec.steps + 1);
    let lr = |o: &dyn Optimizer| o.param_groups().first().map_or(f64::NAN, |g| g.lr);
    let at = |p: [f32; 2], lr: f64| {
        let (x, y) = (f64::from(p[0]), f64::from(p[1]));
        PathPoint {
            x,
            y,
            loss: surface.value(x, y),
            lr,
        }
    };
    points.push(at(p, lr(optimizer.as_ref())));
    for step in 1..=spec.steps {
        let (gx, gy) = surface.gradient(f64::from(p[0]), f64::from(p[1]));
        let grad = [gx as f32, gy as f32];
        if !grad.iter().all(|g| g.is_finite()) {
            return Ok(Path {
                points,
                stop: PathStop::NonFinite { step },
            });
        }
        optimizer.step(&mut p, &grad)?;
        let mut point = at(p, f64::NAN);
        if !(point.x.is_finite() && point.y.is_finite() && point.loss.is_finite()) {
            return Ok(Path {
                points,
                stop: PathStop::NonFinite { step },
            });
        }
        if let Some((s, needs_metric)) = scheduler.as_mut() {
            step_scheduler(s.as_mut(), *needs_metric, optimizer.as_mut(), point.loss)?;
        }
        point.lr = lr(optimizer.as_ref());
        points.push(point);
        if !bounds.contains(point.x, point.y) {
            return Ok(Path {
                points,
                stop: PathStop::LeftBox { step },
            });
        }
    }
    Ok(Path {
        points,
        stop: PathStop::Completed,
    })
}

fn step_scheduler(
    s: &mut dyn LrScheduler,
    needs_metric: bool,
    optimizer: &mut dyn Optimizer,
    loss: f64,
) -> Result<()> {
    let groups = optimizer.param_groups_mut();
    if needs_metric {
        s.step_metric(groups, loss)
    } else {
        s.step(groups)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::Minimum;

    fn spec(json: &str) -> PathSpec {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn records_start_and_every_step_with_the_lr_of_the_step_leaving_it() {
        let p = run_path(&spec(
            r#"{"optimizer": {"optimizer": "SGD", "lr": 0.1}, "steps": 30,
                "schedule": {"scheduler": "StepLR", "step_size": 10, "gamma": 0.5}}"#,
        ))
        .unwrap();
        assert_eq!(p.stop, PathStop::Completed);
        assert_eq!(p.points.len(), 31);
        assert_eq!((p.points[0].x, p.points[0].y), (-2.5, 1.5));
        assert_eq!(p.points[0].lr, 0.1);
        assert_eq!(p.points[9].lr, 0.1);
        assert_eq!(
            p.points[10].lr, 0.05,
            "the 11th step runs at the decayed lr"
        );
        assert_eq!(p.points[30].lr, 0.0125);
        let last = p.points[30];
        assert_eq!(last.loss, Surface::Quadratic.value(last.x, last.y));
        assert!(last.loss < 0.1 * p.points[0].loss);
    }

    #[test]
    fn a_large_step_on_a_steep_wall_leaves_the_box() {
        let p = run_path(&spec(
            r#"{"optimizer": {"optimizer": "SGD", "lr": 0.25}, "steps": 500}"#,
        ))
        .unwrap();
        // y is multiplied by 1 - 10·0.25 = -1.5 per step: |y| = 1.5^(k+1) first exceeds the
        // escape box's 50·2 = 100 at step k = 11.
        assert_eq!(p.stop, PathStop::LeftBox { step: 11 });
        assert_eq!(p.points.len(), 12);
        assert!(p.stop.message().contains("step 11"));
        let r = run_path(&spec(
            r#"{"surface": "rosenbrock", "optimizer": {"optimizer": "SGD", "lr": 1.0},
                "steps": 100}"#,
        ))
        .unwrap();
        assert!(
            matches!(
                r.stop,
                PathStop::NonFinite { .. } | PathStop::LeftBox { .. }
            ),
            "{:?}",
            r.stop
        );
        assert!(r.points.iter().all(|p| p.loss.is_finite()));
    }

    #[test]
    fn plateau_scheduler_sees_the_loss() {
        let p = run_path(&spec(
            r#"{"surface": "quadratic", "start": [0.0, 0.0], "steps": 12,
                "optimizer": {"optimizer": "SGD", "lr": 0.1},
                "schedule": {"scheduler": "ReduceLROnPlateau", "patience": 2}}"#,
        ))
        .unwrap();
        // At the minimum the loss never improves on the first step's 0: after patience + 1 = 3
        // bad steps the lr drops tenfold (after steps 4, 7 and 10).
        let lrs: Vec<f64> = p.points.iter().map(|q| q.lr).collect();
        assert_eq!(lrs[..4], [0.1; 4]);
        for (i, want) in [(4, 1e-2), (7, 1e-3), (10, 1e-4), (12, 1e-4)] {
            assert!(
                (lrs[i] - want).abs() < 1e-12 * want.max(1.0),
                "{i}: {lrs:?}"
            );
        }
    }

    #[test]
    fn the_narrow_basin_keeps_only_a_small_lr() {
        let [narrow, wide] = [0, 1].map(|k| Surface::TwoBasins.minima()[k]);
        let end = |lr: f64| {
            let p = run_path(&spec(&format!(
                r#"{{"surface": "two_basins", "steps": 300,
                    "optimizer": {{"optimizer": "SGD", "lr": {lr}}}}}"#
            )))
            .unwrap();
            assert_eq!(p.stop, PathStop::Completed);
            let last = p.points[300];
            let dist = |m: Minimum| (last.x - m.x).hypot(last.y - m.y);
            (dist(narrow), dist(wide))
        };
        // Plain descent is stable in the narrow well for lr < 2/32 (its curvature is 32).
        let (n, _) = end(0.03);
        assert!(n < 1e-4, "lr 0.03 settles in the narrow basin: {n}");
        let (n, w) = end(0.08);
        assert!(
            n > 0.05 && n < 0.5 && w > 2.0,
            "lr 0.08 bounces around it: {n} {w}"
        );
        let (_, w) = end(0.3);
        assert!(w < 1e-4, "lr 0.3 is thrown out into the wide basin: {w}");
    }

    #[test]
    fn every_optimizer_runs_and_errors_are_pytorchs() {
        for name in ["SGD", "Adagrad", "Adadelta", "RMSprop", "Adam", "AdamW"] {
            let json = format!(
                r#"{{"surface": "himmelblau", "optimizer": {{"optimizer": "{name}", "lr": 0.01}},
                    "steps": 50}}"#
            );
            let p = run_path(&spec(&json)).unwrap();
            assert_eq!(p.points.len(), 51, "{name}");
        }
        let bad = spec(r#"{"optimizer": {"optimizer": "Adam", "lr": -0.1}}"#);
        assert_eq!(
            run_path(&bad).unwrap_err(),
            Error::invalid("Invalid learning rate: -0.1")
        );
        let long = PathSpec {
            steps: MAX_PATH_STEPS + 1,
            ..PathSpec::default()
        };
        assert!(matches!(run_path(&long), Err(Error::Config(_))));
        let nowhere = PathSpec {
            start: Some((f64::NAN, 0.0)),
            ..PathSpec::default()
        };
        assert!(run_path(&nowhere).is_err());
        assert!(serde_json::from_str::<PathSpec>(r#"{"step": 3}"#).is_err());
    }
}
