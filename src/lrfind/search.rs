//! The lecture's search: a coarse logarithmic grid of learning rates, a short run for each,
//! then a finer grid around the best one; the results table exports as CSV.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::runs::{Arm, ArmResult, Budget, Runs, RunsProgress};
use crate::data::Dataset;
use crate::optim::OptimizerConfig;
use crate::pyfmt::py_float;
use crate::train::TrainConfig;
use crate::{Error, Result};

/// Which final number picks the best learning rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Lowest validation loss.
    #[default]
    ValLoss,
    /// Lowest training loss.
    TrainLoss,
    /// Highest validation accuracy.
    ValAcc,
}

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

/// Which grid a result belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// The coarse grid.
    Coarse,
    /// The fine grid.
    Fine,
}

impl Stage {
    fn as_str(self) -> &'static str {
        match self {
            Stage::Coarse => "coarse",
            Stage::Fine => "fine",
        }
    }
}

/// One row of the results table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GridPoint {
    /// The grid.
    pub stage: Stage,
    /// The learning rate.
    pub lr: f64,
    /// Mean training loss over the run's last epoch (`None` if it diverged).
    pub train_loss: Option<f64>,
    /// Final validation loss.
    pub val_loss: Option<f64>,
    /// Final validation accuracy.
    pub val_acc: Option<f64>,
    /// The iteration at which the loss became NaN or infinite.
    pub diverged_at: Option<usize>,
}

impl GridPoint {
    fn from_result(stage: Stage, r: &ArmResult) -> GridPoint {
        GridPoint {
            stage,
            lr: r.lr,
            train_loss: r.train_loss,
            val_loss: r.val_loss,
            val_acc: r.val_acc,
            diverged_at: r.diverged_at,
        }
    }

    /// The value `metric` ranks by, oriented so that lower is better.
    fn score(&self, metric: Metric) -> Option<f64> {
        match metric {
            Metric::ValLoss => self.val_loss,
            Metric::TrainLoss => self.train_loss,
            Metric::ValAcc => self.val_acc.map(|a| -a),
        }
        .filter(|v| v.is_finite())
    }
}

/// The best point by `metric` (the first of equals); `None` if every run diverged.
pub fn best(points: &[GridPoint], metric: Metric) -> Option<GridPoint> {
    points
        .iter()
        .filter_map(|p| p.score(metric).map(|s| (s, p)))
        .fold(None, |acc: Option<(f64, &GridPoint)>, (s, p)| match acc {
            Some((b, _)) if b <= s => acc,
            _ => Some((s, p)),
        })
        .map(|(_, p)| *p)
}

/// `points` learning rates evenly spaced in log scale over
/// `[centre / 10^decades, centre · 10^decades]` (just `centre` for one point).
pub fn refine_grid(centre: f64, decades: f64, points: usize) -> Vec<f64> {
    match points {
        0 => Vec::new(),
        1 => vec![centre],
        _ => (0..points)
            .map(|k| {
                let t = -decades + 2.0 * decades * k as f64 / (points - 1) as f64;
                centre * 10f64.powf(t)
            })
            .collect(),
    }
}

/// The results table as CSV: a header, then one row per point; an empty field where a
/// diverged run has no value. Numbers are written as Python prints them (`1e-06`).
pub fn to_csv(points: &[GridPoint]) -> String {
    let opt = |v: Option<f64>| v.map(py_float).unwrap_or_default();
    let mut out = String::from("stage,lr,train_loss,val_loss,val_acc,diverged_at\n");
    for p in points {
        out.push_str(&format!(
            "{},{},{},{},{},{}\n",
            p.stage.as_str(),
            py_float(p.lr),
            opt(p.train_loss),
            opt(p.val_loss),
            opt(p.val_acc),
            p.diverged_at.map(|i| i.to_string()).unwrap_or_default()
        ));
    }
    out
}

/// `config` with its optimizer's `lr` keyword replaced.
pub fn with_lr(config: &TrainConfig, lr: f64) -> TrainConfig {
    let mut c = config.clone();
    match &mut c.optimizer {
        OptimizerConfig::SGD(o) => o.lr = lr,
        OptimizerConfig::Adagrad(o) => o.lr = lr,
        OptimizerConfig::Adadelta(o) => o.lr = lr,
        OptimizerConfig::RMSprop(o) => o.lr = lr,
        OptimizerConfig::Adam(o) => o.lr = lr,
        OptimizerConfig::AdamW(o) => o.lr = lr,
    }
    c
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

    fn point(lr: f64, val_loss: Option<f64>, val_acc: Option<f64>) -> GridPoint {
        GridPoint {
            stage: Stage::Coarse,
            lr,
            train_loss: val_loss.map(|v| v * 0.9),
            val_loss,
            val_acc,
            diverged_at: val_loss.is_none().then_some(3),
        }
    }

    #[test]
    fn best_ranks_by_the_chosen_metric_and_skips_diverged_runs() {
        let pts = [
            point(1.0, None, None),
            point(0.1, Some(0.3), Some(0.90)),
            point(0.01, Some(0.2), Some(0.89)),
            point(0.001, Some(0.2), Some(0.80)),
        ];
        assert_eq!(
            best(&pts, Metric::ValLoss).unwrap().lr,
            0.01,
            "first of equals"
        );
        assert_eq!(best(&pts, Metric::ValAcc).unwrap().lr, 0.1);
        assert_eq!(best(&pts, Metric::TrainLoss).unwrap().lr, 0.01);
        assert_eq!(best(&pts[..1], Metric::ValLoss), None);
    }

    #[test]
    fn refine_grid_is_log_spaced_around_the_centre() {
        let g = refine_grid(0.01, 0.5, 7);
        assert_eq!(g.len(), 7);
        assert!((g[0] - 0.01 / 10f64.sqrt()).abs() < 1e-15);
        assert!((g[3] - 0.01).abs() < 1e-15);
        assert!((g[6] - 0.01 * 10f64.sqrt()).abs() < 1e-15);
        for w in g.windows(2) {
            assert!((w[1] / w[0] - 10f64.powf(1.0 / 6.0)).abs() < 1e-12);
        }
        assert_eq!(refine_grid(0.3, 1.0, 1), vec![0.3]);
        assert!(refine_grid(0.3, 1.0, 0).is_empty());
    }

    #[test]
    fn csv_has_a_header_and_empty_fields_for_diverged_runs() {
        let csv = to_csv(&[point(1e-6, Some(0.25), Some(0.5)), point(1.0, None, None)]);
        assert_eq!(
            csv,
            "stage,lr,train_loss,val_loss,val_acc,diverged_at\n\
             coarse,1e-06,0.225,0.25,0.5,\n\
             coarse,1.0,,,,3\n"
        );
    }

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
