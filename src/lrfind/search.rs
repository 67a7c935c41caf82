//! The lecture's search: a coarse logarithmic grid of learning rates, a short run for each,
//! then a finer grid around the best one, in chunks.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::grid::{best, refine_grid, with_lr, GridPoint, Metric, Stage};
use super::runs::{Arm, Budget, Runs, RunsProgress};
use crate::data::Dataset;
use crate::pyfmt::py_float;
use crate::train::TrainConfig;
use crate::{Error, Result};

/// A coarse-to-fine search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SearchConfig {
    /// The coarse grid (default `1, 1e-1, ..., 1e-6`, the lecture's).
    pub lrs: Vec<f64>,
    /// Each run's length (default one epoch).
    pub budget: Budget,
    /// Points of the fine grid (default 7; 0 skips refining).
    pub refine_points: usize,
    /// Half-width of the fine grid around the best lr, in decades (default 0.5: from
    /// `best / 10^0.5` to `best · 10^0.5`; 1 reaches the neighbours on a decade grid).
    pub refine_decades: f64,
    /// What "best" means.
    pub select: Metric,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            lrs: (0..7).map(|k| 10f64.powi(-k)).collect(),
            budget: Budget::Epochs(1),
            refine_points: 7,
            refine_decades: 0.5,
            select: Metric::ValLoss,
        }
    }
}

impl SearchConfig {
    /// Checks the settings.
    ///
    /// # Errors
    /// [`Error::Config`] for an empty grid, a learning rate that is not positive and finite,
    /// a zero budget, or a non-positive `refine_decades` when refining.
    pub fn validate(&self) -> Result<()> {
        if self.lrs.is_empty() {
            return Err(Error::Config("the search needs at least one lr".into()));
        }
        if let Some(bad) = self.lrs.iter().find(|lr| !(lr.is_finite() && **lr > 0.0)) {
            return Err(Error::Config(format!(
                "every lr of the grid must be positive, got {bad}"
            )));
        }
        if self.refine_points > 0 && !(self.refine_decades.is_finite() && self.refine_decades > 0.0)
        {
            return Err(Error::Config(format!(
                "refine_decades must be positive, got {}",
                self.refine_decades
            )));
        }
        if matches!(self.budget, Budget::Epochs(0) | Budget::Iterations(0)) {
            return Err(Error::Config("the budget must not be zero".into()));
        }
        Ok(())
    }
}

/// Where a search is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SearchProgress {
    /// The grid being run.
    pub stage: Stage,
    /// Progress within it.
    pub runs: RunsProgress,
    /// Whether both grids are done.
    pub done: bool,
}

/// A coarse-to-fine search over the optimizer's lr on a training setup, in chunks.
pub struct Search {
    config: SearchConfig,
    base: TrainConfig,
    pool: Arc<Dataset>,
    test: Option<Arc<Dataset>>,
    stage: Stage,
    runs: Runs,
    coarse: Vec<GridPoint>,
    reused: Vec<GridPoint>,
    cancelled: bool,
}

impl Search {
    /// Plans the coarse grid on `base` (its optimizer's lr replaced at every point).
    ///
    /// # Errors
    /// [`Error::Config`] for bad settings ([`SearchConfig::validate`]) and `base`'s errors.
    pub fn new(
        config: SearchConfig,
        base: TrainConfig,
        pool: Arc<Dataset>,
        test: Option<Arc<Dataset>>,
    ) -> Result<Search> {
        config.validate()?;
        let arms = arms(&base, &config.lrs, config.budget);
        let runs = Runs::new(arms, pool.clone(), test.clone())?;
        Ok(Search {
            config,
            base,
            pool,
            test,
            stage: Stage::Coarse,
            runs,
            coarse: Vec::new(),
            reused: Vec::new(),
            cancelled: false,
        })
    }

    /// Runs up to `max_iterations` more iterations; when the coarse grid ends, plans and
    /// starts the fine one around its best lr (points the coarse grid already ran are reused,
    /// not run again; nothing is refined if every coarse run diverged).
    ///
    /// # Errors
    /// A run's error other than divergence (see [`Runs::run`]).
    pub fn run(&mut self, max_iterations: usize) -> Result<SearchProgress> {
        let mut p = self.runs.run(max_iterations)?;
        if self.stage == Stage::Coarse && p.done && !self.cancelled {
            self.coarse = self.points(Stage::Coarse);
            self.stage = Stage::Fine;
            let lrs = match best(&self.coarse, self.config.select) {
                Some(b) => refine_grid(b.lr, self.config.refine_decades, self.config.refine_points),
                None => Vec::new(),
            };
            let mut fresh = Vec::with_capacity(lrs.len());
            for lr in lrs {
                let same = |c: &&GridPoint| (c.lr - lr).abs() <= 1e-12 * lr;
                match self.coarse.iter().find(same) {
                    Some(c) => self.reused.push(GridPoint {
                        stage: Stage::Fine,
                        ..*c
                    }),
                    None => fresh.push(lr),
                }
            }
            let arms = arms(&self.base, &fresh, self.config.budget);
            self.runs = Runs::new(arms, self.pool.clone(), self.test.clone())?;
            let spent = p.iterations;
            p = self.runs.run(max_iterations - spent)?;
            p.iterations += spent;
        }
        Ok(SearchProgress {
            stage: self.stage,
            runs: p,
            done: self.is_done(),
        })
    }

    /// Whether both grids are done, or the search was cancelled.
    pub fn is_done(&self) -> bool {
        self.cancelled || (self.stage == Stage::Fine && self.runs.is_done())
    }

    fn points(&self, stage: Stage) -> Vec<GridPoint> {
        self.runs
            .results()
            .iter()
            .map(|r| GridPoint::from_result(stage, r))
            .collect()
    }

    /// Stops the search; the finished runs stay in the table.
    pub fn cancel(&mut self) {
        self.runs.cancel();
        self.cancelled = true;
    }

    /// Every finished point: the coarse grid in its order, then the fine grid sorted by lr.
    pub fn table(&self) -> Vec<GridPoint> {
        if self.stage == Stage::Coarse {
            return self.points(Stage::Coarse);
        }
        let mut fine = self.reused.clone();
        fine.extend(self.points(Stage::Fine));
        fine.sort_by(|a, b| a.lr.total_cmp(&b.lr));
        let mut all = self.coarse.clone();
        all.extend(fine);
        all
    }

    /// The best point so far over both grids.
    pub fn best(&self) -> Option<GridPoint> {
        best(&self.table(), self.config.select)
    }

    /// The runs of the grid in progress (curves for a live chart).
    pub fn runs(&self) -> &Runs {
        &self.runs
    }

    /// The settings.
    pub fn config(&self) -> &SearchConfig {
        &self.config
    }
}

fn arms(base: &TrainConfig, lrs: &[f64], budget: Budget) -> Vec<Arm> {
    lrs.iter()
        .map(|&lr| Arm {
            label: format!("lr = {}", py_float(lr)),
            config: with_lr(base, lr),
            budget,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lrfind::fixtures::blobs;
    use crate::lrfind::to_csv;

    #[test]
    fn defaults_are_the_lectures_grid() {
        let c = SearchConfig::default();
        assert_eq!(c.lrs, vec![1.0, 0.1, 0.01, 1e-3, 1e-4, 1e-5, 1e-6]);
        assert_eq!((c.budget, c.refine_points), (Budget::Epochs(1), 7));
        let bad = SearchConfig {
            lrs: vec![0.1, -1.0],
            ..SearchConfig::default()
        };
        assert!(matches!(bad.validate(), Err(Error::Config(_))));
        assert!(serde_json::from_str::<SearchConfig>(r#"{"grid": [1]}"#).is_err());
    }

    #[test]
    fn searches_coarse_then_fine_in_chunks_and_reuses_the_centre() {
        let mut base = TrainConfig::from_json(
            r#"{"optimizer": {"optimizer": "SGD", "momentum": 0.9}, "batch_size": 20}"#,
        )
        .unwrap();
        base.data.train_size = 80;
        base.data.val_size = 40;
        base.model.hidden = vec![8];
        let config = SearchConfig {
            lrs: vec![1.0, 0.1, 1e-3],
            budget: Budget::Epochs(3),
            refine_points: 3,
            ..SearchConfig::default()
        };
        let mut s = Search::new(config, base, Arc::new(blobs(200, 6)), None).unwrap();
        let mut stages = Vec::new();
        while !s.is_done() {
            let p = s.run(5).unwrap();
            assert!(p.runs.iterations <= 5, "{p:?}");
            stages.push(p.stage);
        }
        assert!(stages.contains(&Stage::Coarse) && stages.contains(&Stage::Fine));
        let table = s.table();
        assert_eq!(table.len(), 6);
        let b = best(&table[..3], Metric::ValLoss).unwrap();
        let fine: Vec<f64> = table[3..].iter().map(|g| g.lr).collect();
        assert_eq!(fine, refine_grid(b.lr, 0.5, 3));
        let centre = table[4];
        assert_eq!(centre.stage, Stage::Fine);
        assert_eq!(
            centre.val_loss, b.val_loss,
            "the centre was not trained twice"
        );
        assert!(s.best().is_some());
        assert!(to_csv(&table).lines().count() == 7);
        assert_eq!(with_lr(&TrainConfig::default(), 0.5).optimizer.lr(), 0.5);
    }

    #[test]
    fn cancel_keeps_what_finished() {
        let mut base = TrainConfig::from_json(r#"{"batch_size": 20}"#).unwrap();
        base.data.train_size = 80;
        base.data.val_size = 40;
        base.model.hidden = vec![8];
        let mut s =
            Search::new(SearchConfig::default(), base, Arc::new(blobs(200, 6)), None).unwrap();
        s.run(6).unwrap();
        s.cancel();
        assert!(s.is_done());
        assert_eq!(s.table().len(), 1);
        assert_eq!(s.run(10).unwrap().runs.iterations, 0);
    }
}
