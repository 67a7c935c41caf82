//! ReduceLROnPlateau: cut the lr when a metric stops improving.

use serde::{Deserialize, Serialize};

use super::base::{self, finite, Node};
use super::LrScheduler;
use crate::{Error, ParamGroup, Result};

/// Keywords of `torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode='min', factor=0.1,
/// patience=10, threshold=1e-4, threshold_mode='rel', cooldown=0, min_lr=0, eps=1e-8)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReduceLROnPlateauConfig {
    /// `"min"` (a loss) or `"max"` (an accuracy).
    pub mode: String,
    /// Factor by which the lr is cut.
    pub factor: f64,
    /// Bad epochs tolerated before a cut.
    pub patience: i64,
    /// How much better than the best counts as an improvement.
    pub threshold: f64,
    /// `"rel"` (threshold is relative to the best) or `"abs"`.
    pub threshold_mode: String,
    /// Epochs after a cut during which bad epochs are not counted.
    pub cooldown: i64,
    /// Floor for the lr.
    pub min_lr: f64,
    /// Cuts smaller than this are skipped.
    pub eps: f64,
}

impl Default for ReduceLROnPlateauConfig {
    fn default() -> Self {
        ReduceLROnPlateauConfig {
            mode: "min".into(),
            factor: 0.1,
            patience: 10,
            threshold: 1e-4,
            threshold_mode: "rel".into(),
            cooldown: 0,
            min_lr: 0.0,
            eps: 1e-8,
        }
    }
}

/// `torch.optim.lr_scheduler.ReduceLROnPlateau`. With `mode = min, threshold_mode = rel`, a
/// metric `a` improves on the best `b` when `a < b × (1 − threshold)` (`abs`: `a < b −
/// threshold`; `max` mirrors both). Each step without improvement adds a bad epoch, except
/// during cooldown; more than `patience` bad epochs cut the lr,
/// `lr ← max(lr × factor, min_lr)` (skipped when the change is below `eps`), and start a
/// cooldown of `cooldown` epochs.
///
/// Unlike the other schedulers it makes no initial step and does not set `initial_lr`.
///
/// # Errors
/// "Factor should be < 1.0.", "mode max2 is unknown!", "threshold mode rel2 is unknown!";
/// stepping it without a metric is Python's `TypeError`,
/// "ReduceLROnPlateau.step() missing 1 required positional argument: 'metrics'".
#[derive(Debug, Clone)]
pub struct ReduceLROnPlateau {
    maximize: bool,
    relative: bool,
    factor: f64,
    patience: i64,
    threshold: f64,
    cooldown: i64,
    min_lr: f64,
    eps: f64,
    best: f64,
    num_bad_epochs: i64,
    cooldown_counter: i64,
    last_epoch: i64,
    last_lr: Vec<f64>,
}

impl ReduceLROnPlateau {
    /// Builds the scheduler on `groups` (which it does not change).
    ///
    /// # Errors
    /// See [`ReduceLROnPlateau`]; also non-finite numbers.
    pub fn new(config: &ReduceLROnPlateauConfig, groups: &mut [ParamGroup]) -> Result<Self> {
        for (name, x) in [
            ("factor", config.factor),
            ("threshold", config.threshold),
            ("min_lr", config.min_lr),
            ("eps", config.eps),
        ] {
            finite(name, x)?;
        }
        if config.factor >= 1.0 {
            return Err(Error::invalid("Factor should be < 1.0."));
        }
        let maximize = match config.mode.as_str() {
            "min" => false,
            "max" => true,
            m => return Err(Error::invalid(format!("mode {m} is unknown!"))),
        };
        let relative = match config.threshold_mode.as_str() {
            "rel" => true,
            "abs" => false,
            m => return Err(Error::invalid(format!("threshold mode {m} is unknown!"))),
        };
        Ok(ReduceLROnPlateau {
            maximize,
            relative,
            factor: config.factor,
            patience: config.patience,
            threshold: config.threshold,
            cooldown: config.cooldown,
            min_lr: config.min_lr,
            eps: config.eps,
            best: if maximize {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            },
            num_bad_epochs: 0,
            cooldown_counter: 0,
            last_epoch: 0,
            last_lr: base::lrs(groups).to_vec(),
        })
    }

    /// `_is_better(a, best)`, with the same arithmetic (so `threshold = 1` in rel mode makes
    /// `inf × 0 = nan` and nothing is ever better, as in PyTorch).
    fn is_better(&self, a: f64, best: f64) -> bool {
        match (self.maximize, self.relative) {
            (false, true) => a < best * (1.0 - self.threshold),
            (false, false) => a < best - self.threshold,
            (true, true) => a > best * (self.threshold + 1.0),
            (true, false) => a > best + self.threshold,
        }
    }

    fn reduce_lr(&self, groups: &mut [ParamGroup]) {
        for g in groups.iter_mut() {
            let old = g.lr;
            let cut = old * self.factor;
            // Python's max(a, b) keeps `a` unless `b > a`.
            let new = if self.min_lr > cut { self.min_lr } else { cut };
            if old - new > self.eps {
                g.lr = new;
            }
        }
    }

    /// The best metric so far (`best`).
    pub fn best(&self) -> f64 {
        self.best
    }

    /// Bad epochs counted towards `patience` (`num_bad_epochs`).
    pub fn num_bad_epochs(&self) -> i64 {
        self.num_bad_epochs
    }

    /// Epochs of cooldown left (`cooldown_counter`).
    pub fn cooldown_counter(&self) -> i64 {
        self.cooldown_counter
    }

    /// `in_cooldown`.
    pub fn in_cooldown(&self) -> bool {
        self.cooldown_counter > 0
    }

    /// `step(metrics)`; returns whether the lr cut was triggered this step (even if `min_lr` or
    /// `eps` left the lr unchanged).
    pub fn step_with(&mut self, groups: &mut [ParamGroup], metric: f64) -> bool {
        self.last_epoch = self.last_epoch.saturating_add(1);
        if self.is_better(metric, self.best) {
            self.best = metric;
            self.num_bad_epochs = 0;
        } else {
            self.num_bad_epochs = self.num_bad_epochs.saturating_add(1);
        }
        if self.in_cooldown() {
            self.cooldown_counter -= 1;
            self.num_bad_epochs = 0;
        }
        let cut = self.num_bad_epochs > self.patience;
        if cut {
            self.reduce_lr(groups);
            self.cooldown_counter = self.cooldown;
            self.num_bad_epochs = 0;
        }
        base::record_lrs(&mut self.last_lr, groups);
        cut
    }
}

impl LrScheduler for ReduceLROnPlateau {
    fn step(&mut self, _groups: &mut [ParamGroup]) -> Result<()> {
        Err(Error::invalid(
            "ReduceLROnPlateau.step() missing 1 required positional argument: 'metrics'",
        ))
    }
    fn step_metric(&mut self, groups: &mut [ParamGroup], metric: f64) -> Result<()> {
        finite("metrics", metric)?;
        self.step_with(groups, metric);
        Ok(())
    }
    fn last_epoch(&self) -> i64 {
        self.last_epoch
    }
    fn get_last_lr(&self) -> Vec<f64> {
        self.last_lr.clone()
    }
}

impl Node for ReduceLROnPlateau {
    fn class_name(&self) -> &'static str {
        "ReduceLROnPlateau"
    }
    /// The inherited `_initial_step` calls `step()` without a metric: PyTorch's TypeError.
    fn initial_step(&mut self, groups: &mut [ParamGroup]) -> Result<()> {
        self.step(groups)
    }
    /// The inherited `_update_lr` reaches `LRScheduler.get_lr`, which is not implemented.
    fn update_lr_at(&mut self, _groups: &mut [ParamGroup], epoch: i64) -> Result<()> {
        self.last_epoch = epoch;
        Err(Error::invalid(
            "NotImplementedError: ReduceLROnPlateau has no get_lr",
        ))
    }
    fn undo(&mut self) {
        self.last_epoch = self.last_epoch.saturating_sub(1);
    }
    fn is_plateau(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(config: &ReduceLROnPlateauConfig, metrics: &[f64]) -> Result<Vec<f64>> {
        let mut groups = vec![ParamGroup::with_lr(1.0)];
        let mut s = ReduceLROnPlateau::new(config, &mut groups)?;
        let mut out = vec![groups[0].lr];
        for &m in metrics {
            s.step_metric(&mut groups, m)?;
            out.push(groups[0].lr);
        }
        Ok(out)
    }

    #[test]
    fn cuts_after_patience_then_cools_down() {
        let c = ReduceLROnPlateauConfig {
            patience: 1,
            cooldown: 2,
            factor: 0.5,
            ..Default::default()
        };
        // best=1 at step 1; bad at 2 (1 bad), 3 (2 bad > 1: cut), cooldown 4, 5; bad 6, 7: cut.
        let lrs = run(&c, &[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]).unwrap();
        assert_eq!(lrs, [1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.25]);
    }

    #[test]
    fn min_lr_and_eps() {
        let c = ReduceLROnPlateauConfig {
            patience: 0,
            factor: 0.5,
            min_lr: 0.3,
            ..Default::default()
        };
        let lrs = run(&c, &[1.0, 2.0, 2.0, 2.0]).unwrap();
        assert_eq!(lrs, [1.0, 1.0, 0.5, 0.3, 0.3]);
    }

    #[test]
    fn pytorch_messages() {
        let bad = |c: ReduceLROnPlateauConfig| run(&c, &[]).err().map(|e| e.to_string());
        assert_eq!(
            bad(ReduceLROnPlateauConfig {
                factor: 1.0,
                ..Default::default()
            })
            .as_deref(),
            Some("Factor should be < 1.0.")
        );
        assert_eq!(
            bad(ReduceLROnPlateauConfig {
                mode: "avg".into(),
                ..Default::default()
            })
            .as_deref(),
            Some("mode avg is unknown!")
        );
        assert_eq!(
            bad(ReduceLROnPlateauConfig {
                threshold_mode: "pct".into(),
                ..Default::default()
            })
            .as_deref(),
            Some("threshold mode pct is unknown!")
        );
    }

    #[test]
    fn max_mode_with_absolute_threshold() {
        let c = ReduceLROnPlateauConfig {
            mode: "max".into(),
            threshold_mode: "abs".into(),
            threshold: 0.1,
            patience: 0,
            factor: 0.5,
            ..Default::default()
        };
        // 0.55 is not better than 0.5 + 0.1: cut; 0.7 is.
        let lrs = run(&c, &[0.5, 0.55, 0.7]).unwrap();
        assert_eq!(lrs, [1.0, 1.0, 0.5, 0.5]);
    }
}
