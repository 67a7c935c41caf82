//! Short training runs side by side (a grid search's points, an experiment's arms), run one
//! after the other in chunks, each summarised by its final losses and accuracy.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::data::Dataset;
use crate::train::{EpochRecord, TrainConfig, Trainer};
use crate::{Error, Result};

/// How long each short run trains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Budget {
    /// Whole passes over the training set (`{"epochs": 1}`).
    Epochs(usize),
    /// Optimizer steps (`{"iterations": 200}`); the run's epochs are as many as that takes.
    Iterations(usize),
}

impl Default for Budget {
    /// One epoch.
    fn default() -> Self {
        Budget::Epochs(1)
    }
}

impl Budget {
    /// Iterations for a training set of `train_size` images in batches of `batch_size`.
    pub fn iterations(self, train_size: usize, batch_size: usize) -> usize {
        match self {
            Budget::Epochs(e) => e.saturating_mul(train_size.div_ceil(batch_size.max(1))),
            Budget::Iterations(n) => n,
        }
    }

    /// Training samples seen (the browser's cost, whatever the batch size).
    pub fn samples(self, train_size: usize, batch_size: usize) -> usize {
        match self {
            Budget::Epochs(e) => e.saturating_mul(train_size),
            Budget::Iterations(n) => n.saturating_mul(batch_size.min(train_size)),
        }
    }

    fn validate(self) -> Result<()> {
        match self {
            Budget::Epochs(0) | Budget::Iterations(0) => Err(Error::Config(
                "a short run's budget must be at least one epoch or iteration".into(),
            )),
            _ => Ok(()),
        }
    }
}

/// One short run to make.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Arm {
    /// Legend text, e.g. `"lr = 0.1"` or `"Adam (baseline)"`.
    pub label: String,
    /// The whole training setup (its `epochs` is replaced as the budget requires).
    pub config: TrainConfig,
    /// How long it trains.
    pub budget: Budget,
}

/// A finished short run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArmResult {
    /// The arm's label.
    pub label: String,
    /// The optimizer's `lr` keyword.
    pub lr: f64,
    /// The batch size.
    pub batch_size: usize,
    /// Training loss of every iteration.
    pub loss: Vec<f32>,
    /// Learning rate of every iteration.
    pub lrs: Vec<f64>,
    /// The epochs that ended within the budget.
    pub epochs: Vec<EpochRecord>,
    /// Mean batch loss over the last epoch's worth of iterations (or all, if fewer).
    pub train_loss: Option<f64>,
    /// Validation loss at the end.
    pub val_loss: Option<f64>,
    /// Validation accuracy at the end.
    pub val_acc: Option<f64>,
    /// The 1-based iteration whose loss was NaN or infinite, if the run diverged.
    pub diverged_at: Option<usize>,
}

/// Where a set of runs is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RunsProgress {
    /// Iterations performed by this call.
    pub iterations: usize,
    /// Runs finished.
    pub runs_done: usize,
    /// Runs planned.
    pub runs: usize,
    /// Iterations done by the run in progress.
    pub iteration: usize,
    /// Its iteration budget.
    pub iteration_total: usize,
    /// Whether every run has finished.
    pub done: bool,
}

/// Several short runs, one after the other.
pub struct Runs {
    arms: Vec<Arm>,
    pool: Arc<Dataset>,
    test: Option<Arc<Dataset>>,
    current: Option<(Trainer, usize)>,
    results: Vec<ArmResult>,
}

impl Runs {
    /// Plans `arms` on the images of `pool` (and `test`).
    ///
    /// # Errors
    /// [`Error::Config`] for an empty budget or configuration errors of the first arm (each
    /// later arm is checked when it starts).
    pub fn new(arms: Vec<Arm>, pool: Arc<Dataset>, test: Option<Arc<Dataset>>) -> Result<Runs> {
        for arm in &arms {
            arm.budget.validate()?;
            arm.config.validate()?;
        }
        let mut runs = Runs {
            arms,
            pool,
            test,
            current: None,
            results: Vec::new(),
        };
        runs.current = runs.start(0)?;
        Ok(runs)
    }

    fn start(&self, k: usize) -> Result<Option<(Trainer, usize)>> {
        let Some(arm) = self.arms.get(k) else {
            return Ok(None);
        };
        let c = &arm.config;
        let target = arm.budget.iterations(c.data.train_size, c.batch_size);
        let per_epoch = c.data.train_size.div_ceil(c.batch_size.max(1)).max(1);
        let config = TrainConfig {
            epochs: target.div_ceil(per_epoch).max(1),
            ..c.clone()
        };
        let trainer = config.build(&self.pool, self.test.as_deref())?;
        let target = target.min(trainer.total_iterations());
        Ok(Some((trainer, target)))
    }

    /// Runs up to `max_iterations` more iterations, across runs. A run whose loss turns NaN
    /// or infinite ends there and is recorded as diverged.
    ///
    /// # Errors
    /// Any other error of a run (an optimizer or scheduler PyTorch would reject, OneCycleLR
    /// stepped past its `total_steps`, ...); the runs stop there.
    pub fn run(&mut self, max_iterations: usize) -> Result<RunsProgress> {
        let mut iterations = 0;
        while iterations < max_iterations {
            let Some((trainer, target)) = self.current.as_mut() else {
                break;
            };
            let want = (max_iterations - iterations).min(*target - trainer.iteration());
            let before = trainer.iteration();
            let diverged = match trainer.run(want) {
                Ok(_) => None,
                Err(Error::Diverged { iteration, .. }) => Some(iteration),
                Err(e) => {
                    self.current = None;
                    self.arms.truncate(self.results.len());
                    return Err(e);
                }
            };
            iterations += trainer.iteration() - before;
            if diverged.is_some() || trainer.iteration() >= *target {
                let arm = &self.arms[self.results.len()];
                self.results.push(summarise(arm, trainer, diverged)?);
                self.current = self.start(self.results.len())?;
            }
        }
        Ok(self.progress(iterations))
    }

    fn progress(&self, iterations: usize) -> RunsProgress {
        let (iteration, iteration_total) = self
            .current
            .as_ref()
            .map_or((0, 0), |(t, target)| (t.iteration(), *target));
        RunsProgress {
            iterations,
            runs_done: self.results.len(),
            runs: self.arms.len(),
            iteration,
            iteration_total,
            done: self.current.is_none(),
        }
    }

    /// Stops the run in progress; the finished ones stay.
    pub fn cancel(&mut self) {
        self.current = None;
        self.arms.truncate(self.results.len());
    }

    /// Whether every run has finished (or the runs were cancelled).
    pub fn is_done(&self) -> bool {
        self.current.is_none()
    }

    /// The finished runs, in order.
    pub fn results(&self) -> &[ArmResult] {
        &self.results
    }

    /// The planned runs.
    pub fn arms(&self) -> &[Arm] {
        &self.arms
    }

    /// The run in progress, for a live curve.
    pub fn current(&self) -> Option<&Trainer> {
        self.current.as_ref().map(|(t, _)| t)
    }
}

/// The final numbers of a run that has stopped.
fn summarise(arm: &Arm, trainer: &Trainer, diverged_at: Option<usize>) -> Result<ArmResult> {
    let h = trainer.history();
    let window = trainer.iterations_per_epoch().min(h.loss.len()).max(1);
    let tail = &h.loss[h.loss.len().saturating_sub(window)..];
    let train_loss = (!tail.is_empty() && diverged_at.is_none())
        .then(|| tail.iter().map(|&l| f64::from(l)).sum::<f64>() / tail.len() as f64);
    let (val_loss, val_acc) = if diverged_at.is_some() {
        (None, None)
    } else {
        let val = trainer.val_set();
        let model = trainer.model();
        let mut ws = model.workspace(256);
        let e = model.evaluate(trainer.params(), &val.images, &val.labels, &mut ws, None)?;
        (e.loss.is_finite().then_some(e.loss), Some(e.accuracy))
    };
    Ok(ArmResult {
        label: arm.label.clone(),
        lr: arm.config.optimizer.lr(),
        batch_size: arm.config.batch_size,
        loss: h.loss.clone(),
        lrs: h.lr.clone(),
        epochs: h.epochs.clone(),
        train_loss,
        val_loss,
        val_acc,
        diverged_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lrfind::fixtures::blobs;

    fn small(json: &str) -> TrainConfig {
        let mut c = TrainConfig::from_json(json).unwrap();
        c.data.train_size = 80;
        c.data.val_size = 40;
        c.model.hidden = vec![8];
        c
    }

    fn arm(label: &str, json: &str, budget: Budget) -> Arm {
        Arm {
            label: label.into(),
            config: small(json),
            budget,
        }
    }

    #[test]
    fn budgets_count_iterations_and_samples() {
        assert_eq!(Budget::Epochs(2).iterations(8000, 64), 250);
        assert_eq!(Budget::Epochs(2).samples(8000, 64), 16000);
        assert_eq!(Budget::Iterations(100).samples(8000, 64), 6400);
        let b: Budget = serde_json::from_str(r#"{"iterations": 30}"#).unwrap();
        assert_eq!(b, Budget::Iterations(30));
        assert_eq!(
            serde_json::to_string(&Budget::default()).unwrap(),
            r#"{"epochs":1}"#
        );
    }

    #[test]
    fn runs_each_arm_for_its_budget_in_chunks() {
        let arms = vec![
            arm("one epoch", r#"{"batch_size": 16}"#, Budget::Epochs(1)),
            arm("12 steps", r#"{"batch_size": 16}"#, Budget::Iterations(12)),
            arm(
                "sgd",
                r#"{"optimizer": {"optimizer": "SGD", "lr": 0.5}, "batch_size": 20}"#,
                Budget::Epochs(10),
            ),
        ];
        let mut runs = Runs::new(arms, Arc::new(blobs(200, 2)), None).unwrap();
        let mut seen = Vec::new();
        while !runs.is_done() {
            let p = runs.run(4).unwrap();
            assert!(p.iterations <= 4);
            seen.push(p.runs_done);
        }
        let r = runs.results();
        assert_eq!(
            r.iter().map(|a| a.loss.len()).collect::<Vec<_>>(),
            vec![5, 12, 40]
        );
        assert_eq!(
            r[1].epochs.len(),
            2,
            "12 steps of 5 per epoch end two epochs"
        );
        assert_eq!((r[2].lr, r[2].batch_size), (0.5, 20));
        assert!(r[2].val_acc.unwrap() > 0.9, "{:?}", r[2].val_acc);
        let last = r[2].epochs.last().unwrap();
        assert!((r[2].val_loss.unwrap() - last.val_loss).abs() < 1e-12);
        assert!(seen.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn a_diverging_arm_is_a_result_and_a_bad_one_an_error() {
        let huge = r#"{"optimizer": {"optimizer": "SGD", "lr": 1e30}, "batch_size": 10,
                        "model": {"activation": "relu"}}"#;
        let mut runs = Runs::new(
            vec![arm("huge", huge, Budget::Epochs(5))],
            Arc::new(blobs(200, 2)),
            None,
        )
        .unwrap();
        runs.run(usize::MAX).unwrap();
        let r = &runs.results()[0];
        assert!(r.diverged_at.is_some());
        assert_eq!((r.val_loss, r.train_loss), (None, None));
        let bad = arm(
            "bad",
            r#"{"schedule": {"scheduler": "OneCycleLR", "max_lr": 0.1, "total_steps": 3},
                "batch_size": 16}"#,
            Budget::Epochs(1),
        );
        let mut runs = Runs::new(vec![bad], Arc::new(blobs(200, 2)), None).unwrap();
        assert!(matches!(
            runs.run(usize::MAX),
            Err(Error::InvalidArgument(_))
        ));
        assert!(runs.is_done());
        let empty = arm("none", "{}", Budget::Iterations(0));
        assert!(Runs::new(vec![empty], Arc::new(blobs(20, 2)), None).is_err());
    }
}
