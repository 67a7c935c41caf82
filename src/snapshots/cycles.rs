//! The restart schedules a snapshot ensemble trains with, and where their cycles end.
//!
//! - Huang et al.'s cyclic cosine annealing (2017, "Snapshot Ensembles: Train 1, get M for
//!   free", Eq. 2), per iteration:
//!   `alpha(t) = alpha0/2 * (cos(pi * mod(t-1, ceil(T/M)) / ceil(T/M)) + 1)` for
//!   `t = 1..=T`. PyTorch has no such class; lrlab runs it as exactly
//!   `LambdaLR(optimizer, lambda i: 0.5 * (math.cos(math.pi * (i % P) / P) + 1))` stepped after
//!   every batch (`i = t - 1`, `P = ceil(T/M)`), written with `floor` since the lambda language
//!   has no `%`. Snapshots: after iterations `P, 2P, ..., T`.
//! - `torch.optim.lr_scheduler.CosineAnnealingWarmRestarts` (SGDR) with `T_0` given in epochs
//!   and stepped after every batch (`T_0` and the periods in iterations are `T_0 x
//!   batches per epoch`): the per-batch form SGDR and PyTorch's docs recommend. Snapshots:
//!   at the end of every period that ends within the run.

use serde::{Deserialize, Serialize};

use crate::schedule::{CosineAnnealingWarmRestartsConfig, LambdaLRConfig, SchedulerConfig};
use crate::{Error, Result};

/// The cyclic schedule and its cycles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum CycleSchedule {
    /// Huang et al.'s cyclic cosine: `cycles` (M) equal cycles over the whole run.
    CyclicCosine {
        /// M, the number of cycles (and snapshots).
        cycles: usize,
    },
    /// SGDR: a first period of `T_0` epochs, each next one `T_mult` times longer.
    WarmRestarts {
        /// Length of the first period, in epochs.
        #[serde(rename = "T_0")]
        t_0: usize,
        /// Growth factor of the periods.
        #[serde(rename = "T_mult", default = "one")]
        t_mult: usize,
    },
}

fn one() -> usize {
    1
}

impl Default for CycleSchedule {
    /// Huang's schedule with M = 5 cycles.
    fn default() -> Self {
        CycleSchedule::CyclicCosine { cycles: 5 }
    }
}

/// Huang's factor `0.5 (cos(pi (i mod P) / P) + 1)` as a LambdaLR expression in `epoch` (the
/// scheduler's step count, `t - 1`).
pub fn huang_lambda(period: usize) -> String {
    format!("0.5 * (cos(pi * (epoch - {period} * floor(epoch / {period})) / {period}) + 1)")
}

impl CycleSchedule {
    /// The scheduler, to be stepped per iteration, for a run of `total` iterations of
    /// `per_epoch` batches each.
    ///
    /// # Errors
    /// [`Error::Config`] for zero cycles, more cycles than iterations, `T_0 = 0` or
    /// `T_mult = 0`.
    pub fn scheduler(&self, total: usize, per_epoch: usize) -> Result<SchedulerConfig> {
        self.cycle_ends(total, per_epoch)?;
        Ok(match *self {
            CycleSchedule::CyclicCosine { cycles } => SchedulerConfig::LambdaLR(LambdaLRConfig {
                lr_lambda: huang_lambda(total.div_ceil(cycles)),
                last_epoch: -1,
            }),
            CycleSchedule::WarmRestarts { t_0, t_mult } => {
                SchedulerConfig::CosineAnnealingWarmRestarts(CosineAnnealingWarmRestartsConfig {
                    t_0: i64::try_from(t_0 * per_epoch).unwrap_or(i64::MAX),
                    t_mult: i64::try_from(t_mult).unwrap_or(i64::MAX),
                    eta_min: 0.0,
                    last_epoch: -1,
                })
            }
        })
    }

    /// The iterations after which a cycle ends (the snapshot points), increasing, within
    /// `1..=total`.
    ///
    /// # Errors
    /// As [`CycleSchedule::scheduler`]; also when no cycle ends within the run.
    pub fn cycle_ends(&self, total: usize, per_epoch: usize) -> Result<Vec<usize>> {
        match *self {
            CycleSchedule::CyclicCosine { cycles } => {
                if cycles == 0 || cycles > total {
                    return Err(Error::Config(format!(
                        "cycles must be between 1 and the run's {total} iterations, got {cycles}"
                    )));
                }
                let period = total.div_ceil(cycles);
                let mut ends: Vec<usize> = (1..=cycles).map(|k| (k * period).min(total)).collect();
                ends.dedup();
                Ok(ends)
            }
            CycleSchedule::WarmRestarts { t_0, t_mult } => {
                if t_0 == 0 || t_mult == 0 {
                    return Err(Error::Config(format!(
                        "T_0 and T_mult must be at least 1, got {t_0} and {t_mult}"
                    )));
                }
                let mut ends = Vec::new();
                let (mut end, mut period) = (0usize, t_0.saturating_mul(per_epoch));
                while let Some(next) = end.checked_add(period).filter(|&e| e <= total) {
                    ends.push(next);
                    end = next;
                    period = period.saturating_mul(t_mult);
                }
                if ends.is_empty() {
                    return Err(Error::Config(format!(
                        "no warm-restart period ends within the run: T_0 = {t_0} epochs is \
                         longer than the {} epochs trained",
                        total / per_epoch.max(1)
                    )));
                }
                Ok(ends)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ParamGroup;

    /// The lr of every iteration `t = 1..=total` when stepped per iteration.
    fn lrs(c: &CycleSchedule, total: usize, per_epoch: usize) -> Vec<f64> {
        let mut groups = vec![ParamGroup::with_lr(0.2)];
        let mut s = c
            .scheduler(total, per_epoch)
            .unwrap()
            .build(&mut groups)
            .unwrap();
        (0..total)
            .map(|_| {
                let lr = groups[0].lr;
                s.step(&mut groups).unwrap();
                lr
            })
            .collect()
    }

    #[test]
    fn cyclic_cosine_follows_huangs_formula() {
        let (total, m) = (23, 4);
        let c = CycleSchedule::CyclicCosine { cycles: m };
        let period = 6; // ceil(23 / 4)
        for (i, lr) in lrs(&c, total, 5).into_iter().enumerate() {
            let t = i + 1;
            let phase = ((t - 1) % period) as f64 / period as f64;
            let want = 0.2 / 2.0 * ((std::f64::consts::PI * phase).cos() + 1.0);
            assert!((lr - want).abs() < 1e-12, "t = {t}: {lr} vs {want}");
        }
        assert_eq!(c.cycle_ends(total, 5).unwrap(), vec![6, 12, 18, 23]);
    }

    #[test]
    fn warm_restarts_end_their_periods_in_iterations() {
        let c = CycleSchedule::WarmRestarts { t_0: 1, t_mult: 2 };
        assert_eq!(c.cycle_ends(40, 5).unwrap(), vec![5, 15, 35]);
        let lr = lrs(&c, 40, 5);
        assert_eq!(
            (lr[0], lr[5], lr[15]),
            (0.2, 0.2, 0.2),
            "restarts after each period"
        );
        assert!(lr[4] < 0.02 && lr[14] < 0.01, "{lr:?}");
        let too_long = CycleSchedule::WarmRestarts { t_0: 9, t_mult: 1 };
        assert!(too_long.cycle_ends(40, 5).is_err());
    }

    #[test]
    fn impossible_cycles_are_refused() {
        assert!(CycleSchedule::CyclicCosine { cycles: 0 }
            .scheduler(10, 5)
            .is_err());
        assert!(CycleSchedule::CyclicCosine { cycles: 11 }
            .scheduler(10, 5)
            .is_err());
        assert!(CycleSchedule::WarmRestarts { t_0: 0, t_mult: 1 }
            .scheduler(10, 5)
            .is_err());
        let json = r#"{"kind": "warm_restarts", "T_0": 2}"#;
        let c: CycleSchedule = serde_json::from_str(json).unwrap();
        assert_eq!(c, CycleSchedule::WarmRestarts { t_0: 2, t_mult: 1 });
        assert!(serde_json::from_str::<CycleSchedule>(r#"{"kind": "cyclic_cosine"}"#).is_err());
    }
}
