//! What the Schedules panel marks on a curve: milestones, restarts, phase changes and
//! SequentialLR's switch points (from the config alone), and ReduceLROnPlateau's cuts and
//! cooldowns (from a run against its metrics).

use serde::{Deserialize, Serialize};

use super::pyops::bisect_right;
use super::{OneCycleLR, ReduceLROnPlateau, ScheduleSpec, SchedulerConfig};
use crate::pyfmt::py_float;
use crate::{Error, Result};

/// The most markers [`markers`] returns; a StepLR with `step_size = 1` would otherwise mark
/// every step.
pub const MAX_MARKERS: usize = 200;

/// A labelled position on the step axis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Marker {
    /// The step (index into the curve); fractional for OneCycleLR phase ends.
    pub step: f64,
    /// What happens there, e.g. "× 0.1", "restart", "→ CosineAnnealingLR".
    pub label: String,
}

/// The notable steps of `config`'s schedule within `0..=steps`, sorted, at most
/// [`MAX_MARKERS`]. ReduceLROnPlateau has none here (see [`plateau_trace`]).
pub fn markers(config: &SchedulerConfig, steps: usize) -> Vec<Marker> {
    let mut out = Vec::new();
    collect(config, 0.0, steps as f64, &mut out);
    out.retain(|m| m.step >= 0.0 && m.step <= steps as f64);
    out.sort_by(|a, b| a.step.total_cmp(&b.step));
    out.dedup();
    out.truncate(MAX_MARKERS);
    out
}

/// Adds `config`'s markers, its epoch 0 being global step `origin`, up to step `end`.
fn collect(config: &SchedulerConfig, origin: f64, end: f64, out: &mut Vec<Marker>) {
    // (epoch relative to `origin`, label)
    let mut own: Vec<(f64, String)> = Vec::new();
    let span = end - origin;
    // Each periodic family stops at the end of the plot, and at MAX_MARKERS.
    let repeat = |period: f64| {
        (1..=MAX_MARKERS)
            .map(move |k| k as f64 * period)
            .take_while(move |e| *e <= span)
    };
    match config {
        SchedulerConfig::StepLR(c) if c.step_size != 0 => {
            let period = (c.step_size as f64).abs();
            for e in repeat(period) {
                own.push((e, format!("× {}", py_float(c.gamma))));
            }
        }
        SchedulerConfig::MultiStepLR(c) => {
            for &m in &c.milestones {
                let n = c.milestones.iter().filter(|&&x| x == m).count();
                let factor = if n == 1 {
                    py_float(c.gamma)
                } else {
                    format!("{}^{n}", py_float(c.gamma))
                };
                own.push((m as f64, format!("milestone: × {factor}")));
            }
        }
        SchedulerConfig::ConstantLR(c) if c.total_iters > 0 => {
            own.push((c.total_iters as f64, "factor removed".into()));
        }
        SchedulerConfig::LinearLR(c) if c.total_iters > 0 => {
            own.push((c.total_iters as f64, "end of ramp".into()));
        }
        SchedulerConfig::PolynomialLR(c) if c.total_iters > 0 => {
            own.push((c.total_iters as f64, "lr reaches 0".into()));
        }
        SchedulerConfig::CosineAnnealingLR(c) if c.t_max > 0 => {
            for (k, e) in repeat(c.t_max as f64).enumerate() {
                let label = if k % 2 == 0 {
                    "T_max: eta_min"
                } else {
                    "back to initial lr"
                };
                own.push((e, label.into()));
            }
        }
        SchedulerConfig::CosineAnnealingWarmRestarts(c) if c.t_0 > 0 && c.t_mult >= 1 => {
            let (mut at, mut period) = (0.0, c.t_0 as f64);
            for _ in 0..MAX_MARKERS {
                at += period;
                if at > span {
                    break;
                }
                own.push((at, "restart".into()));
                period *= c.t_mult as f64;
            }
        }
        SchedulerConfig::CyclicLR(c) => {
            let up = c.step_size_up as f64;
            let total = up + c.step_size_down.map_or(up, |d| d as f64);
            if total > 0.0 {
                for k in 0..MAX_MARKERS {
                    let start = k as f64 * total;
                    if start > span {
                        break;
                    }
                    if k > 0 {
                        own.push((start, format!("cycle {}", k + 1)));
                    }
                    own.push((start + up, "max_lr".into()));
                }
            }
        }
        SchedulerConfig::OneCycleLR(c) => one_cycle(c, &mut own),
        SchedulerConfig::SequentialLR(c) => {
            for (i, child) in c.schedulers.iter().enumerate() {
                let start = if i == 0 {
                    0
                } else {
                    c.milestones.get(i - 1).copied().unwrap_or(0)
                };
                let mut child_markers = Vec::new();
                collect(child, origin + start as f64, end, &mut child_markers);
                // A child only drives the lr where bisect_right picks it.
                child_markers.retain(|m| {
                    let epoch = (m.step - origin).floor() as i64;
                    bisect_right(&c.milestones, epoch) == i
                });
                out.extend(child_markers);
                if i > 0 && bisect_right(&c.milestones, start) == i {
                    own.push((start as f64, format!("→ {}", child.name())));
                }
            }
        }
        SchedulerConfig::ChainedScheduler(c) => {
            for child in &c.schedulers {
                collect(child, origin, end, out);
            }
        }
        _ => {}
    }
    out.extend(own.into_iter().map(|(e, label)| Marker {
        step: origin + e,
        label,
    }));
}

fn one_cycle(c: &super::OneCycleLRConfig, own: &mut Vec<(f64, String)>) {
    let Ok(total) = OneCycleLR::total_steps(c) else {
        return;
    };
    let phases = OneCycleLR::phases(c.pct_start, total, c.three_phase);
    let labels: &[&str] = if c.three_phase {
        &["max_lr", "back to initial_lr", "min_lr"]
    } else {
        &["max_lr", "min_lr"]
    };
    for (phase, label) in phases.iter().zip(labels) {
        own.push((phase.end_step, (*label).into()));
    }
    own.push((total as f64, "total_steps: last allowed step".into()));
}

/// ReduceLROnPlateau's run against its metrics, step by step (index 0 is construction).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlateauTrace {
    /// Steps at which the lr was cut.
    pub reductions: Vec<usize>,
    /// Inclusive step ranges during which bad epochs were ignored (cooldown).
    pub cooldowns: Vec<(usize, usize)>,
    /// `num_bad_epochs` after each step (what `patience` is compared with).
    pub bad_epochs: Vec<i64>,
    /// The best metric after each step (`None` before the first).
    pub best: Vec<Option<f64>>,
}

/// Runs a ReduceLROnPlateau spec and reports where it cut the lr and cooled down.
///
/// # Errors
/// [`Error::Config`] if the spec is not ReduceLROnPlateau or lacks one metric per step; the
/// scheduler's and optimizer's own errors.
pub fn plateau_trace(spec: &ScheduleSpec) -> Result<PlateauTrace> {
    let SchedulerConfig::ReduceLROnPlateau(config) = &spec.scheduler else {
        return Err(Error::Config(format!(
            "plateau_trace needs a ReduceLROnPlateau spec, not {}",
            spec.scheduler.name()
        )));
    };
    if spec.metrics.len() != spec.steps {
        return Err(Error::Config(format!(
            "ReduceLROnPlateau needs one metric per step: got {} metrics for {} steps",
            spec.metrics.len(),
            spec.steps
        )));
    }
    let mut groups = vec![spec.optimizer.param_group(spec.lr)?];
    let mut s = ReduceLROnPlateau::new(config, &mut groups)?;
    let mut trace = PlateauTrace {
        reductions: Vec::new(),
        cooldowns: Vec::new(),
        bad_epochs: vec![0],
        best: vec![None],
    };
    let mut cooling_since = None;
    for (k, &metric) in spec.metrics.iter().enumerate() {
        let step = k + 1;
        let was_cooling = s.in_cooldown();
        let before = groups[0].lr;
        s.step_with(&mut groups, metric);
        if groups[0].lr < before {
            trace.reductions.push(step);
        }
        match (was_cooling, cooling_since) {
            (true, None) => cooling_since = Some(step),
            (false, Some(from)) => {
                trace.cooldowns.push((from, step - 1));
                cooling_since = None;
            }
            _ => {}
        }
        trace.bad_epochs.push(s.num_bad_epochs());
        trace.best.push(Some(s.best()).filter(|b| b.is_finite()));
    }
    if let Some(from) = cooling_since {
        trace.cooldowns.push((from, spec.steps));
    }
    Ok(trace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(json: &str) -> SchedulerConfig {
        serde_json::from_str(json).unwrap()
    }

    fn steps_of(ms: &[Marker]) -> Vec<f64> {
        ms.iter().map(|m| m.step).collect()
    }

    #[test]
    fn step_and_multistep() {
        let m = markers(&config(r#"{"scheduler":"StepLR","step_size":30}"#), 100);
        assert_eq!(steps_of(&m), [30.0, 60.0, 90.0]);
        assert_eq!(m[0].label, "× 0.1");
        let m = markers(
            &config(r#"{"scheduler":"MultiStepLR","milestones":[80,30,30,500],"gamma":0.5}"#),
            100,
        );
        assert_eq!(steps_of(&m), [30.0, 80.0]);
        assert_eq!(m[0].label, "milestone: × 0.5^2");
    }

    #[test]
    fn restarts_and_cycles() {
        let m = markers(
            &config(r#"{"scheduler":"CosineAnnealingWarmRestarts","T_0":5,"T_mult":2}"#),
            40,
        );
        assert_eq!(steps_of(&m), [5.0, 15.0, 35.0]);
        let m = markers(
            &config(
                r#"{"scheduler":"CyclicLR","base_lr":0.1,"max_lr":1,"step_size_up":2,"step_size_down":3}"#,
            ),
            10,
        );
        assert_eq!(steps_of(&m), [2.0, 5.0, 7.0, 10.0]);
    }

    #[test]
    fn one_cycle_phases() {
        let m = markers(
            &config(r#"{"scheduler":"OneCycleLR","max_lr":1,"total_steps":100}"#),
            100,
        );
        assert_eq!(steps_of(&m), [29.0, 99.0, 100.0]);
        assert_eq!(m[0].label, "max_lr");
    }

    #[test]
    fn sequential_switch_points_and_children() {
        let c = config(
            r#"{"scheduler":"SequentialLR","milestones":[10, 40],"schedulers":[
                {"scheduler":"LinearLR","total_iters":20},
                {"scheduler":"StepLR","step_size":10},
                {"scheduler":"CosineAnnealingLR","T_max":25}]}"#,
        );
        let m = markers(&c, 100);
        let labels: Vec<(f64, &str)> = m.iter().map(|m| (m.step, m.label.as_str())).collect();
        assert_eq!(
            labels,
            [
                (10.0, "→ StepLR"),
                (20.0, "× 0.1"),
                (30.0, "× 0.1"),
                (40.0, "→ CosineAnnealingLR"),
                (65.0, "T_max: eta_min"),
                (90.0, "back to initial lr"),
            ]
        );
    }

    #[test]
    fn marker_count_is_capped() {
        let m = markers(&config(r#"{"scheduler":"StepLR","step_size":1}"#), 100_000);
        assert_eq!(m.len(), MAX_MARKERS);
    }

    #[test]
    fn plateau_cuts_and_cooldowns() {
        let spec = ScheduleSpec::from_json(
            r#"{"scheduler":"ReduceLROnPlateau","lr":1.0,"patience":1,"cooldown":2,"factor":0.5,
                "steps":8,"metrics":[1,1,1,1,1,1,1,1]}"#,
        )
        .unwrap();
        let t = plateau_trace(&spec).unwrap();
        assert_eq!(t.reductions, [3, 7]);
        assert_eq!(t.cooldowns, [(4, 5), (8, 8)]);
        assert_eq!(t.bad_epochs, [0, 0, 1, 0, 0, 0, 1, 0, 0]);
        assert_eq!(t.best[0], None);
        assert_eq!(t.best[8], Some(1.0));
        let wrong =
            ScheduleSpec::from_json(r#"{"scheduler":"StepLR","lr":1.0,"step_size":2,"steps":8}"#)
                .unwrap();
        assert!(matches!(plateau_trace(&wrong), Err(Error::Config(_))));
    }
}
