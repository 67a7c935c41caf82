//! Schedule computation: every scheduler the lab knows, each with its example configuration,
//! simulated for 10,000 steps, as the Schedules panel would when a student types that count.

use crate::schedule::{simulate, ScheduleSpec, SchedulerConfig};
use crate::{Error, Result};

/// Steps simulated per scheduler.
pub const SCHEDULE_STEPS: usize = 10_000;

/// Simulates all 17 schedulers for `steps` steps each and returns how many learning-rate
/// values came out (`17 · (steps + 1)`), so that callers can check the work was done.
///
/// OneCycleLR's example cycle is stretched to `steps` (PyTorch refuses to step past
/// `total_steps`), and ReduceLROnPlateau is fed a loss that plateaus every few hundred steps.
///
/// # Errors
/// [`Error::Config`] if `steps` is zero or a scheduler refuses the run (which would be a bug in
/// the examples).
pub fn simulate_all(steps: usize) -> Result<usize> {
    if steps == 0 {
        return Err(Error::Config(
            "the schedule benchmark needs steps > 0".into(),
        ));
    }
    let metrics: Vec<f64> = (0..steps)
        .map(|k| 1.0 / (1.0 + (k / 300) as f64) + 1e-3 * (k % 7) as f64)
        .collect();
    let mut values = 0;
    for name in SchedulerConfig::NAMES {
        let scheduler = example_for(name, steps)?;
        let spec = ScheduleSpec {
            lr: 0.1,
            optimizer: Default::default(),
            steps,
            metrics: if scheduler.needs_metric() {
                metrics.clone()
            } else {
                Vec::new()
            },
            scheduler,
        };
        values += simulate(&spec)?.lr.len();
    }
    Ok(values)
}

fn example_for(name: &str, steps: usize) -> Result<SchedulerConfig> {
    let missing = || Error::Config(format!("no example configuration for {name}"));
    let example = SchedulerConfig::example(name).ok_or_else(missing)?;
    if name != "OneCycleLR" {
        return Ok(example);
    }
    let mut value = crate::json::to_value(&example)?;
    let fields = value.as_object_mut().ok_or_else(missing)?;
    fields.insert("total_steps".into(), serde_json::Value::from(steps));
    Ok(crate::json::from_value(value)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scheduler_runs_the_whole_length() {
        let n = SchedulerConfig::NAMES.len();
        assert_eq!(n, 17);
        assert_eq!(
            simulate_all(SCHEDULE_STEPS).unwrap(),
            n * (SCHEDULE_STEPS + 1)
        );
        assert_eq!(simulate_all(3).unwrap(), n * 4);
    }

    #[test]
    fn zero_steps_is_refused() {
        assert!(simulate_all(0).is_err());
    }
}
