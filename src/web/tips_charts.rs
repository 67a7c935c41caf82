//! The Tips panel's charts onto `<canvas>` elements: the compared runs' curves (the Train
//! panel's loss, learning-rate and epoch charts, fed from a tip's report), the bar and point
//! comparisons, and the batch-size × lr heatmap.

use super::canvas::MeasuredCanvas;
use super::convert::{from_js, to_js};
use crate::charts::{self, TipBars, TipHeatmap, TrainingRun, TrainingView};
use crate::train::{EpochRecord, History};
use plotters::prelude::IntoDrawingArea;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// Which curves to draw.
#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
enum CurveKind {
    /// Training loss per iteration.
    #[default]
    Loss,
    /// Learning rate applied per iteration.
    Lr,
    /// Validation loss and accuracy per epoch.
    Epochs,
}

/// An epoch record as the report gives it.
#[derive(Deserialize)]
struct EpochIn {
    epoch: usize,
    train_loss: f64,
    val_loss: f64,
    val_acc: f64,
    lr: f64,
}

/// A run of a tip's report (an arm, or the run in progress).
#[derive(Deserialize)]
struct CurveRun {
    name: String,
    color: usize,
    loss: Vec<f32>,
    #[serde(default)]
    lrs: Vec<f64>,
    iterations_per_epoch: usize,
    #[serde(default)]
    diverged_at: Option<usize>,
    #[serde(default)]
    epochs: Vec<EpochIn>,
}

/// What [`draw_tip_curves`] draws.
#[derive(Deserialize)]
struct Curves {
    #[serde(default)]
    kind: CurveKind,
    runs: Vec<CurveRun>,
    #[serde(flatten)]
    view: TrainingView,
}

impl CurveRun {
    fn into_run(self) -> TrainingRun {
        let mut history = History::new(0);
        history.loss = self.loss;
        history.lr = self.lrs;
        history.epochs = self
            .epochs
            .into_iter()
            .map(|e| EpochRecord {
                epoch: e.epoch,
                train_loss: e.train_loss,
                val_loss: e.val_loss,
                val_acc: e.val_acc,
                lr: e.lr,
            })
            .collect();
        TrainingRun {
            name: self.name,
            color: self.color,
            history,
            iterations_per_epoch: self.iterations_per_epoch,
            layers: Vec::new(),
            diverged_at: self.diverged_at,
            stride: 1,
        }
    }
}

/// Draws runs' curves (`{kind: "loss" | "lr" | "epochs", runs: [{name, color, loss, lrs,
/// iterations_per_epoch, diverged_at, epochs}], ...TrainingView fields}`) onto `canvas`;
/// returns the chart layout.
///
/// # Errors
/// A `JsError` for a malformed object, invalid view settings or a canvas without a 2d context.
#[wasm_bindgen]
pub fn draw_tip_curves(canvas: HtmlCanvasElement, data: JsValue) -> Result<JsValue, JsError> {
    let data: Curves = from_js(data, "curves")?;
    let owned: Vec<TrainingRun> = data.runs.into_iter().map(CurveRun::into_run).collect();
    let runs: Vec<&TrainingRun> = owned.iter().collect();
    let root = MeasuredCanvas::new(canvas)?.into_drawing_area();
    let layout = match data.kind {
        CurveKind::Loss => charts::draw_loss_chart(&root, &runs, &data.view)?,
        CurveKind::Lr => charts::draw_lr_chart(&root, &runs, &data.view)?,
        CurveKind::Epochs => charts::draw_epoch_chart(&root, &runs, &data.view)?,
    };
    to_js(&layout)
}

/// Draws a comparison of runs by one number (a [`TipBars`] as a plain object).
///
/// # Errors
/// A `JsError` for a malformed chart, a non-finite value or a canvas without a 2d context.
#[wasm_bindgen]
pub fn draw_tip_bars(canvas: HtmlCanvasElement, chart: JsValue) -> Result<JsValue, JsError> {
    let chart: TipBars = from_js(chart, "bars")?;
    let root = MeasuredCanvas::new(canvas)?.into_drawing_area();
    to_js(&charts::draw_tip_bars(&root, &chart)?)
}

/// Draws a heatmap (a [`TipHeatmap`] as a plain object).
///
/// # Errors
/// A `JsError` for a malformed chart, a shape that does not match, a value that is not
/// positive or a canvas without a 2d context.
#[wasm_bindgen]
pub fn draw_tip_heatmap(canvas: HtmlCanvasElement, chart: JsValue) -> Result<JsValue, JsError> {
    let chart: TipHeatmap = from_js(chart, "heatmap")?;
    let root = MeasuredCanvas::new(canvas)?.into_drawing_area();
    to_js(&charts::draw_tip_heatmap(&root, &chart)?)
}
