//! Training curves from plain data: the runs of a Tips experiment (or the Snapshots panel's
//! learning rates) as the page holds them, drawn with the Train panel's loss, learning-rate
//! and epoch charts. The same object is the chart's `lrlab plot` figure, so the CLI draws the
//! page's curves without running the experiment again.

use super::training_curves::{draw_loss_chart, draw_lr_chart};
use super::training_epochs::draw_epoch_chart;
use super::training_run::{TrainingRun, TrainingView};
use super::ChartLayout;
use crate::train::{EpochRecord, History};
use crate::Result;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use serde::{Deserialize, Serialize};

/// Which curves to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CurveKind {
    /// Training loss per iteration.
    #[default]
    Loss,
    /// Learning rate applied per iteration.
    Lr,
    /// Validation loss and accuracy per epoch.
    Epochs,
}

/// An epoch's summary as the page and the JSON export give it.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CurveEpoch {
    /// 1-based epoch.
    pub epoch: usize,
    /// Mean training loss of the epoch.
    pub train_loss: f64,
    /// Validation loss after it.
    pub val_loss: f64,
    /// Validation accuracy after it (fraction).
    pub val_acc: f64,
    /// Learning rate at its end.
    pub lr: f64,
}

/// One run's recorded series.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CurveRun {
    /// Legend text.
    pub name: String,
    /// Palette index.
    pub color: usize,
    /// Training loss of every iteration.
    pub loss: Vec<f32>,
    /// Learning rate of every iteration.
    pub lrs: Vec<f64>,
    /// Iterations per epoch (the x axis in epochs).
    pub iterations_per_epoch: usize,
    /// The iteration the run diverged at, if it did.
    pub diverged_at: Option<usize>,
    /// Per-epoch summaries.
    pub epochs: Vec<CurveEpoch>,
}

/// What [`draw_tip_curves`] draws: `{kind, runs, ...TrainingView fields}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TipCurves {
    /// The chart.
    pub kind: CurveKind,
    /// The runs, in legend order.
    pub runs: Vec<CurveRun>,
    /// Axis, smoothing and drawing settings.
    #[serde(flatten)]
    pub view: TrainingView,
}

impl CurveRun {
    /// The run as the training charts take it (series of different lengths are drawn as they
    /// are: a run in progress may have one more loss than learning rates).
    pub fn to_run(&self) -> TrainingRun {
        let mut history = History::new(0);
        history.loss.clone_from(&self.loss);
        history.lr.clone_from(&self.lrs);
        history.epochs = self
            .epochs
            .iter()
            .map(|e| EpochRecord {
                epoch: e.epoch,
                train_loss: e.train_loss,
                val_loss: e.val_loss,
                val_acc: e.val_acc,
                lr: e.lr,
            })
            .collect();
        TrainingRun {
            name: self.name.clone(),
            color: self.color,
            history,
            iterations_per_epoch: self.iterations_per_epoch,
            layers: Vec::new(),
            diverged_at: self.diverged_at,
            stride: 1,
        }
    }
}

/// Draws `chart`'s runs as its kind of training chart; returns the layout for the readout.
///
/// # Errors
/// [`crate::Error::Config`] for invalid view settings; otherwise only a failing backend.
pub fn draw_tip_curves<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &TipCurves,
) -> Result<ChartLayout> {
    let owned: Vec<TrainingRun> = chart.runs.iter().map(CurveRun::to_run).collect();
    let runs: Vec<&TrainingRun> = owned.iter().collect();
    match chart.kind {
        CurveKind::Loss => draw_loss_chart(area, &runs, &chart.view),
        CurveKind::Lr => draw_lr_chart(area, &runs, &chart.view),
        CurveKind::Epochs => draw_epoch_chart(area, &runs, &chart.view),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use plotters::prelude::{IntoDrawingArea, SVGBackend};

    fn svg_of(chart: &TipCurves) -> Result<String> {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (480, 300)).into_drawing_area();
            draw_tip_curves(&root, chart)?;
            root.present().map_err(|e| Error::Io(e.to_string()))?;
        }
        Ok(svg)
    }

    fn chart(kind: CurveKind) -> TipCurves {
        let run = |name: &str, color, scale: f32| CurveRun {
            name: name.into(),
            color,
            loss: (0..40)
                .map(|i| scale * 2.3 / (1.0 + i as f32 / 8.0))
                .collect(),
            lrs: (0..40).map(|i| 0.1 * 0.9f64.powi(i / 10)).collect(),
            iterations_per_epoch: 10,
            diverged_at: None,
            epochs: (1..=4)
                .map(|e| CurveEpoch {
                    epoch: e,
                    train_loss: 1.0 / e as f64,
                    val_loss: 1.1 / e as f64,
                    val_acc: 0.5 + 0.1 * e as f64,
                    lr: 0.1,
                })
                .collect(),
        };
        TipCurves {
            kind,
            runs: vec![run("SGD", 0, 1.0), run("Adam", 1, 0.8)],
            view: TrainingView::default(),
        }
    }

    #[test]
    fn draws_every_kind_with_both_legends() {
        for kind in [CurveKind::Loss, CurveKind::Lr, CurveKind::Epochs] {
            let svg = svg_of(&chart(kind)).expect("draws");
            assert!(svg.contains("SGD") && svg.contains("Adam"), "{kind:?}");
        }
    }

    #[test]
    fn reads_the_pages_object_with_the_view_flattened() {
        let json = r#"{"kind":"lr","runs":[{"name":"a","color":2,"loss":[1,0.5],
            "lrs":[0.1,0.1],"iterations_per_epoch":2}],"log_y":true,"smoothing":0}"#;
        let c: TipCurves = serde_json::from_str(json).expect("parses");
        assert_eq!(c.kind, CurveKind::Lr);
        assert!(c.view.log_y);
        assert_eq!(c.view.smoothing, 0.0);
        assert_eq!(c.runs[0].to_run().history.lr, vec![0.1, 0.1]);
    }

    #[test]
    fn refuses_bad_view_settings() {
        let mut c = chart(CurveKind::Loss);
        c.view.smoothing = 1.5;
        assert!(svg_of(&c).is_err());
    }
}
