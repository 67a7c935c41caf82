//! The results of a learning-rate grid: one row per lr, how to pick the best, where to look
//! next, and the table as CSV.

use serde::{Deserialize, Serialize};

use super::runs::ArmResult;
use crate::optim::OptimizerConfig;
use crate::pyfmt::py_float;
use crate::train::TrainConfig;

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
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Stage::Coarse => "coarse",
            Stage::Fine => "fine",
        }
    }
}

/// One row of the results table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
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
    pub(super) fn from_result(stage: Stage, r: &ArmResult) -> GridPoint {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
