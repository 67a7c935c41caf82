//! A tip run end to end in chunks: the lr search it needs first, then the runs it compares.

use std::sync::Arc;

use serde::Serialize;

use super::grid::GridPoint;
use super::runs::{Arm, ArmResult, Runs, RunsProgress};
use super::search::Search;
use super::tips::{heatmap, Heatmap, Tip, HEATMAP_BATCHES, HEATMAP_LRS};
use crate::data::Dataset;
use crate::train::{TrainConfig, Trainer};
use crate::Result;

/// Which part of an experiment is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// The lr search.
    Tuning,
    /// The compared runs.
    Comparing,
}

/// Where an experiment is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ExperimentProgress {
    /// The part running.
    pub phase: Phase,
    /// Iterations performed by this call.
    pub iterations: usize,
    /// Runs finished in this phase.
    pub runs_done: usize,
    /// Runs planned in this phase.
    pub runs: usize,
    /// Whether the experiment is over.
    pub done: bool,
}

/// Everything an experiment found, for its card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExperimentReport {
    /// The tip.
    pub tip: Tip,
    /// Its title.
    pub title: &'static str,
    /// What it does and what to look for.
    pub explanation: &'static str,
    /// Training samples it costs if nothing diverges.
    pub budget_samples: usize,
    /// The search's table (empty for tips without one).
    pub tuning: Vec<GridPoint>,
    /// The lr the search chose.
    pub tuned_lr: Option<f64>,
    /// The compared runs finished so far.
    pub arms: Vec<ArmResult>,
    /// The batch-size × lr heatmap ([`Tip::BatchSizeGrid`] only).
    pub heatmap: Option<Heatmap>,
}

/// A tip's experiment on a training setup.
pub struct Experiment {
    tip: Tip,
    base: TrainConfig,
    pool: Arc<Dataset>,
    test: Option<Arc<Dataset>>,
    tuning: Option<Search>,
    tuned_lr: Option<f64>,
    runs: Option<Runs>,
    cancelled: bool,
}

impl Experiment {
    /// Plans `tip` on `base` (the Train panel's setup).
    ///
    /// # Errors
    /// Configuration errors of the first runs.
    pub fn new(
        tip: Tip,
        base: TrainConfig,
        pool: Arc<Dataset>,
        test: Option<Arc<Dataset>>,
    ) -> Result<Experiment> {
        let mut e = Experiment {
            tip,
            base,
            pool,
            test,
            tuning: None,
            tuned_lr: None,
            runs: None,
            cancelled: false,
        };
        match tip.tuning(&e.base) {
            Some((config, search)) => {
                e.tuning = Some(Search::new(search, config, e.pool.clone(), e.test.clone())?);
            }
            None => e.start_comparing()?,
        }
        Ok(e)
    }

    fn start_comparing(&mut self) -> Result<()> {
        let arms = self.tip.arms(&self.base, self.tuned_lr)?;
        self.runs = Some(Runs::new(arms, self.pool.clone(), self.test.clone())?);
        Ok(())
    }

    /// Runs up to `max_iterations` more iterations, moving from the search to the compared
    /// runs when it ends.
    ///
    /// # Errors
    /// A run's error other than divergence.
    pub fn run(&mut self, max_iterations: usize) -> Result<ExperimentProgress> {
        let mut spent = 0;
        if self.runs.is_none() && !self.cancelled {
            if let Some(search) = self.tuning.as_mut() {
                let p = search.run(max_iterations)?;
                spent = p.runs.iterations;
                if p.done {
                    self.tuned_lr = search.best().map(|b| b.lr);
                    self.start_comparing()?;
                } else {
                    return Ok(self.progress(Phase::Tuning, spent, p.runs));
                }
            }
        }
        match self.runs.as_mut() {
            Some(runs) if !self.cancelled => {
                let p = runs.run(max_iterations - spent)?;
                Ok(self.progress(Phase::Comparing, spent + p.iterations, p))
            }
            _ => Ok(ExperimentProgress {
                phase: Phase::Comparing,
                iterations: spent,
                runs_done: self.runs.as_ref().map_or(0, |r| r.results().len()),
                runs: self.runs.as_ref().map_or(0, |r| r.arms().len()),
                done: true,
            }),
        }
    }

    fn progress(&self, phase: Phase, iterations: usize, p: RunsProgress) -> ExperimentProgress {
        ExperimentProgress {
            phase,
            iterations,
            runs_done: p.runs_done,
            runs: p.runs,
            done: self.is_done(),
        }
    }

    /// Whether the experiment is over (or was cancelled).
    pub fn is_done(&self) -> bool {
        self.cancelled || self.runs.as_ref().is_some_and(Runs::is_done)
    }

    /// Stops it; what finished stays in the report.
    pub fn cancel(&mut self) {
        self.cancelled = true;
        if let Some(s) = self.tuning.as_mut() {
            s.cancel();
        }
        if let Some(r) = self.runs.as_mut() {
            r.cancel();
        }
    }

    /// What it found so far.
    pub fn report(&self) -> ExperimentReport {
        let arms = self
            .runs
            .as_ref()
            .map(|r| r.results().to_vec())
            .unwrap_or_default();
        let heatmap = (self.tip == Tip::BatchSizeGrid)
            .then(|| heatmap(&arms, &HEATMAP_BATCHES, &HEATMAP_LRS));
        ExperimentReport {
            tip: self.tip,
            title: self.tip.title(),
            explanation: self.tip.explanation(),
            budget_samples: self.tip.budget_samples(&self.base),
            tuning: self.tuning.as_ref().map(Search::table).unwrap_or_default(),
            tuned_lr: self.tuned_lr,
            arms,
            heatmap,
        }
    }

    /// The runs in progress (live curves), once the comparison has started.
    pub fn runs(&self) -> Option<&Runs> {
        self.runs.as_ref()
    }

    /// The run in progress in either phase: its index among its phase's runs, its arm and its
    /// trainer (for a live curve and a progress line); `None` when nothing runs.
    pub fn current(&self) -> Option<(usize, &Arm, &Trainer)> {
        if self.cancelled {
            return None;
        }
        let runs = match (&self.runs, &self.tuning) {
            (Some(runs), _) => runs,
            (None, Some(search)) => search.runs(),
            (None, None) => return None,
        };
        let k = runs.results().len();
        Some((k, runs.arms().get(k)?, runs.current()?))
    }

    /// Which part is running (the comparison once the search is over).
    pub fn phase(&self) -> Phase {
        if self.runs.is_some() {
            Phase::Comparing
        } else {
            Phase::Tuning
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lrfind::fixtures::blobs;

    fn base() -> TrainConfig {
        let mut c = TrainConfig::from_json(r#"{"batch_size": 16}"#).unwrap();
        c.data.train_size = 64;
        c.data.val_size = 32;
        c.model.hidden = vec![8];
        c
    }

    fn run(tip: Tip) -> ExperimentReport {
        let mut e = Experiment::new(tip, base(), Arc::new(blobs(200, 8)), None).unwrap();
        let mut phases = Vec::new();
        while !e.is_done() {
            let p = e.run(7).unwrap();
            assert!(p.iterations <= 7, "{p:?}");
            phases.push(p.phase);
        }
        let tuned = tip.tuning(&base()).is_some();
        assert_eq!(phases.contains(&Phase::Tuning), tuned, "{tip:?}");
        e.report()
    }

    #[test]
    fn adam_against_tuned_sgd() {
        let r = run(Tip::AdamVsSgd);
        assert_eq!(r.tuning.len(), 6);
        let lr = r.tuned_lr.unwrap();
        assert!(r.tuning.iter().any(|g| g.lr == lr));
        assert_eq!(r.arms.len(), 2);
        assert_eq!(r.arms[1].lr, lr);
        assert_eq!(r.arms[0].loss.len(), 12, "3 epochs of 4 batches");
    }

    #[test]
    fn decay_arms_share_the_tuned_lr_and_differ_in_schedule() {
        let r = run(Tip::DecayAfterConstant);
        let lr = r.tuned_lr.unwrap();
        assert_eq!(r.arms.len(), 3);
        let [constant, step, cosine] = [&r.arms[0], &r.arms[1], &r.arms[2]];
        assert!(constant.lrs.iter().all(|&x| x == lr));
        // Four batches per epoch: epochs 1 and 2 are iterations 0..8.
        assert_eq!(step.lrs[7], lr);
        assert!(
            (step.lrs[8] - lr / 10.0).abs() < 1e-12 * lr,
            "{:?}",
            step.lrs
        );
        assert!(
            cosine.lrs[11] < 0.05 * lr && cosine.lrs[0] == lr,
            "{:?}",
            cosine.lrs
        );
    }

    #[test]
    fn batch_size_grid_fills_the_heatmap() {
        let r = run(Tip::BatchSizeGrid);
        let h = r.heatmap.unwrap();
        assert_eq!((h.batch_sizes.len(), h.lrs.len()), (3, 5));
        assert_eq!(r.arms.len(), 15);
        let filled = h.values.iter().filter(|v| v.is_some()).count();
        let diverged = r.arms.iter().filter(|a| a.diverged_at.is_some()).count();
        assert_eq!(filled + diverged, 15);
        assert_eq!(h.values[0], r.arms[0].val_loss);
    }

    #[test]
    fn warmup_ramps_the_lr_over_the_first_iterations() {
        let r = run(Tip::Warmup);
        let (cold, warm) = (&r.arms[0], &r.arms[1]);
        assert_eq!((cold.loss.len(), warm.loss.len()), (200, 200));
        let high = 0.03;
        assert!(cold.lrs.iter().all(|&x| x == high));
        assert!((warm.lrs[0] - 0.01 * high).abs() < 1e-15);
        assert!((warm.lrs[150] - high).abs() < 1e-15);
        assert!(warm.lrs[50] > warm.lrs[10]);
    }

    #[test]
    fn budgets_match_the_documented_samples() {
        let d = TrainConfig::default();
        assert_eq!(Tip::AdamVsSgd.budget_samples(&d), 96_000);
        assert_eq!(Tip::DecayAfterConstant.budget_samples(&d), 120_000);
        assert_eq!(Tip::BatchSizeGrid.budget_samples(&d), 120_000);
        assert_eq!(Tip::Warmup.budget_samples(&d), 12_800);
        // 250 batches of 32 per epoch: six one-epoch searches, then two three-epoch runs.
        let plan = Tip::AdamVsSgd.planned_iterations(&d);
        assert_eq!(plan, vec![250, 250, 250, 250, 250, 250, 750, 750]);
        assert_eq!(Tip::Warmup.planned_iterations(&d), vec![200, 200]);
        let grid = Tip::BatchSizeGrid.planned_iterations(&d);
        assert_eq!((grid.len(), grid[0], grid[14]), (15, 500, 32));
        for tip in Tip::ALL {
            assert!(tip.explanation().len() > 150 && !tip.title().is_empty());
        }
    }

    #[test]
    fn current_names_the_run_in_progress_in_both_phases() {
        let mut e = Experiment::new(Tip::AdamVsSgd, base(), Arc::new(blobs(200, 8)), None).unwrap();
        assert_eq!(e.phase(), Phase::Tuning);
        let (k, arm, trainer) = e.current().unwrap();
        assert_eq!(
            (k, arm.label.as_str(), trainer.iteration()),
            (0, "lr = 1.0", 0)
        );
        e.run(5).unwrap();
        let (k, arm, trainer) = e.current().unwrap();
        assert_eq!(
            (k, arm.label.as_str(), trainer.iteration()),
            (1, "lr = 0.3", 1)
        );
        while e.phase() == Phase::Tuning {
            e.run(3).unwrap();
        }
        let (_, arm, _) = e.current().unwrap();
        assert!(arm.label.starts_with("Adam"), "{}", arm.label);
        e.cancel();
        assert!(e.current().is_none());
    }

    #[test]
    fn cancel_mid_search_ends_the_experiment() {
        let mut e = Experiment::new(Tip::AdamVsSgd, base(), Arc::new(blobs(200, 8)), None).unwrap();
        e.run(6).unwrap();
        e.cancel();
        assert!(e.is_done());
        let p = e.run(10).unwrap();
        assert_eq!((p.iterations, p.done), (0, true));
        assert_eq!(e.report().tuning.len(), 1);
        assert!(e.report().arms.is_empty());
    }
}
