//! The page's record of training runs: each run's history lives here, in wasm memory, as the
//! worker's updates arrive, so the charts are drawn from it without copying long series back
//! and forth; JavaScript holds the book as an opaque handle and asks it for readouts and table
//! columns.

use crate::charts::{self, smooth, ConfusionChart, TrainingRun, TrainingView};
use crate::train::{EpochRecord, Thinner, DEFAULT_MAX_POINTS};
use crate::web::convert::{from_js, from_js_data, to_js};
use crate::web::draw::canvas::MeasuredCanvas;
use crate::web::draw::render::{draw_on, Target};
use crate::{Error, Result};
use js_sys::{Array, Float32Array, Float64Array, Reflect};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// The values of one run at one iteration, for the hover readout.
#[derive(Serialize)]
struct Reading {
    iteration: usize,
    epoch: f64,
    loss: f64,
    smoothed: f64,
    lr: f64,
    momentum: Option<f64>,
    update_ratio: Vec<f64>,
}

/// The plain part of an update (the series come as typed arrays).
#[derive(Deserialize)]
struct UpdateHead {
    first_iteration: usize,
    #[serde(default)]
    epochs: Vec<EpochRecordIn>,
}

/// An epoch record as JSON gives it back.
#[derive(Deserialize)]
struct EpochRecordIn {
    epoch: usize,
    train_loss: f64,
    val_loss: f64,
    val_acc: f64,
    lr: f64,
}

/// Every run the panel shows, by id, each with the thinner that bounds its history.
#[wasm_bindgen]
#[derive(Default)]
pub struct RunBook {
    runs: Vec<(u32, TrainingRun, Thinner)>,
    next: u32,
}

#[wasm_bindgen]
impl RunBook {
    /// An empty book.
    #[wasm_bindgen(constructor)]
    pub fn new() -> RunBook {
        RunBook::default()
    }

    /// Adds a run (no history yet) and returns its id. `layers` names each weight matrix.
    ///
    /// # Errors
    /// A `JsError` if `layers` is not a list of strings.
    pub fn add(
        &mut self,
        name: &str,
        color: usize,
        iterations_per_epoch: usize,
        layers: JsValue,
    ) -> std::result::Result<u32, JsError> {
        let layers: Vec<String> = from_js(layers, "layers")?;
        let id = self.next;
        self.next += 1;
        let mut run = TrainingRun {
            name: name.into(),
            color,
            iterations_per_epoch,
            ..Default::default()
        };
        run.history.update_ratio = vec![Vec::new(); layers.len()];
        let thinner = Thinner::new(DEFAULT_MAX_POINTS, layers.len())?;
        run.layers = layers;
        self.runs.push((id, run, thinner));
        Ok(id)
    }

    /// Appends an update from the worker (`Training::take_updates`'s object) to run `id`.
    ///
    /// # Errors
    /// A `JsError` for an unknown run, a malformed update, or one that does not continue the
    /// run where it stopped (a lost or repeated message).
    pub fn append(&mut self, id: u32, update: JsValue) -> std::result::Result<(), JsError> {
        let (run, thinner) = self.entry_mut(id)?;
        let head: UpdateHead = from_js_data(update.clone(), "update")?;
        let recorded = thinner.iterations(&run.history);
        if head.first_iteration != recorded + 1 {
            return Err(Error::Config(format!(
                "the update starts at iteration {} but the run has {recorded}",
                head.first_iteration
            ))
            .into());
        }
        let loss = f32_array(&update, "loss")?;
        let lr = f64_array(&update, "lr")?;
        let momentum = f64_array(&update, "momentum")?;
        let ratios = Reflect::get(&update, &"update_ratio".into())
            .ok()
            .and_then(|v| v.dyn_into::<Array>().ok())
            .ok_or_else(|| Error::Config("update: missing update_ratio".into()))?
            .iter()
            .map(|values| {
                values
                    .dyn_into::<Float32Array>()
                    .map(|a| a.to_vec())
                    .map_err(|_| Error::Config("update: update_ratio holds no Float32Array".into()))
            })
            .collect::<Result<Vec<Vec<f32>>>>()?;
        let complete = lr.len() == loss.len()
            && (momentum.is_empty() || momentum.len() == loss.len())
            && ratios.len() == run.layers.len()
            && ratios.iter().all(|r| r.len() == loss.len());
        if !complete {
            return Err(Error::Config("update: series of different lengths".into()).into());
        }
        let mut layer_ratios = vec![0.0; ratios.len()];
        for (i, (&l, &r)) in loss.iter().zip(&lr).enumerate() {
            for (slot, layer) in layer_ratios.iter_mut().zip(&ratios) {
                *slot = layer[i];
            }
            thinner.push(
                &mut run.history,
                l,
                r,
                momentum.get(i).copied(),
                &layer_ratios,
            );
        }
        run.stride = thinner.stride();
        run.history
            .epochs
            .extend(head.epochs.into_iter().map(|e| EpochRecord {
                epoch: e.epoch,
                train_loss: e.train_loss,
                val_loss: e.val_loss,
                val_acc: e.val_acc,
                lr: e.lr,
            }));
        Ok(())
    }

    /// Marks run `id` as diverged at `iteration` (drawn as a labelled marker).
    ///
    /// # Errors
    /// A `JsError` for an unknown run.
    pub fn set_diverged(&mut self, id: u32, iteration: usize) -> std::result::Result<(), JsError> {
        self.run_mut(id)?.diverged_at = Some(iteration);
        Ok(())
    }

    /// Forgets run `id` (nothing happens for an unknown id).
    pub fn remove(&mut self, id: u32) {
        self.runs.retain(|(k, _, _)| *k != id);
    }

    /// Forgets every run.
    pub fn clear(&mut self) {
        self.runs.clear();
    }

    /// Iterations recorded for run `id` (0 for an unknown id).
    pub fn iterations(&self, id: u32) -> usize {
        self.runs
            .iter()
            .find(|(k, _, _)| *k == id)
            .map_or(0, |(_, r, t)| t.iterations(&r.history))
    }

    /// Iterations per entry of run `id`'s per-iteration series: 1 until a long run is thinned,
    /// then a power of two (1 for an unknown id).
    pub fn stride(&self, id: u32) -> usize {
        self.run(id).map_or(1, TrainingRun::stride)
    }

    /// Draws the training loss of runs `ids` onto `canvas`; returns the chart layout.
    ///
    /// # Errors
    /// A `JsError` for a malformed view, an unknown run or a canvas without a 2d context.
    pub fn draw_loss(
        &self,
        canvas: HtmlCanvasElement,
        ids: &[u32],
        view: JsValue,
    ) -> std::result::Result<JsValue, JsError> {
        self.curves_on(Target::Canvas(canvas), ids, view, Curves::Loss)
    }

    /// [`RunBook::draw_loss`] as an SVG document of `width` x `height` CSS pixels: the layout
    /// with the document in its `svg` field.
    ///
    /// # Errors
    /// As [`RunBook::draw_loss`], or a side of 0 or above 16384.
    pub fn draw_loss_svg(
        &self,
        width: u32,
        height: u32,
        ids: &[u32],
        view: JsValue,
    ) -> std::result::Result<JsValue, JsError> {
        self.curves_on(Target::svg(width, height)?, ids, view, Curves::Loss)
    }

    /// Draws the learning rate (and momentum) applied in runs `ids`.
    ///
    /// # Errors
    /// As [`RunBook::draw_loss`].
    pub fn draw_lr(
        &self,
        canvas: HtmlCanvasElement,
        ids: &[u32],
        view: JsValue,
    ) -> std::result::Result<JsValue, JsError> {
        self.curves_on(Target::Canvas(canvas), ids, view, Curves::Lr)
    }

    /// [`RunBook::draw_lr`] as an SVG document of `width` x `height` CSS pixels: the layout
    /// with the document in its `svg` field.
    ///
    /// # Errors
    /// As [`RunBook::draw_lr`], or a side of 0 or above 16384.
    pub fn draw_lr_svg(
        &self,
        width: u32,
        height: u32,
        ids: &[u32],
        view: JsValue,
    ) -> std::result::Result<JsValue, JsError> {
        self.curves_on(Target::svg(width, height)?, ids, view, Curves::Lr)
    }

    /// Draws validation loss and accuracy per epoch of runs `ids`.
    ///
    /// # Errors
    /// As [`RunBook::draw_loss`].
    pub fn draw_epochs(
        &self,
        canvas: HtmlCanvasElement,
        ids: &[u32],
        view: JsValue,
    ) -> std::result::Result<JsValue, JsError> {
        self.curves_on(Target::Canvas(canvas), ids, view, Curves::Epochs)
    }

    /// [`RunBook::draw_epochs`] as an SVG document of `width` x `height` CSS pixels: the layout
    /// with the document in its `svg` field.
    ///
    /// # Errors
    /// As [`RunBook::draw_epochs`], or a side of 0 or above 16384.
    pub fn draw_epochs_svg(
        &self,
        width: u32,
        height: u32,
        ids: &[u32],
        view: JsValue,
    ) -> std::result::Result<JsValue, JsError> {
        self.curves_on(Target::svg(width, height)?, ids, view, Curves::Epochs)
    }

    /// Draws run `id`'s update-to-weight ratio per layer (the reference line alone for none).
    ///
    /// # Errors
    /// As [`RunBook::draw_loss`].
    pub fn draw_update_ratio(
        &self,
        canvas: HtmlCanvasElement,
        id: Option<u32>,
        view: JsValue,
    ) -> std::result::Result<JsValue, JsError> {
        self.ratio_on(Target::Canvas(canvas), id, view)
    }

    /// [`RunBook::draw_update_ratio`] as an SVG document of `width` x `height` CSS pixels.
    ///
    /// # Errors
    /// As [`RunBook::draw_update_ratio`], or a side of 0 or above 16384.
    pub fn draw_update_ratio_svg(
        &self,
        width: u32,
        height: u32,
        id: Option<u32>,
        view: JsValue,
    ) -> std::result::Result<JsValue, JsError> {
        self.ratio_on(Target::svg(width, height)?, id, view)
    }

    /// Run `id` at 1-based `iteration`: `{iteration, epoch, loss, smoothed, lr, momentum,
    /// update_ratio}` with the loss smoothed by `smoothing`; `null` outside the run.
    ///
    /// # Errors
    /// A `JsError` for an unknown run.
    pub fn reading(
        &self,
        id: u32,
        iteration: usize,
        smoothing: f64,
    ) -> std::result::Result<JsValue, JsError> {
        let run = self.run(id)?;
        let h = &run.history;
        // A thinned run answers with the bucket holding `iteration`.
        let k = iteration.wrapping_sub(1) / run.stride();
        if iteration == 0 || k >= h.loss.len() {
            return Ok(JsValue::NULL);
        }
        let loss: Vec<f64> = h.loss[..=k].iter().map(|&v| f64::from(v)).collect();
        let smoothed = smooth(&loss, smoothing.clamp(0.0, 0.999));
        to_js(&Reading {
            iteration,
            epoch: run.x_of(iteration, charts::XUnit::Epochs),
            loss: loss[k],
            smoothed: smoothed[k],
            lr: h.lr[k],
            momentum: h.momentum.get(k).copied(),
            update_ratio: h
                .update_ratio
                .iter()
                .filter_map(|l| l.get(k).map(|&v| f64::from(v)))
                .collect(),
        })
    }

    /// Run `id`'s epoch records.
    ///
    /// # Errors
    /// A `JsError` for an unknown run.
    pub fn epochs(&self, id: u32) -> std::result::Result<JsValue, JsError> {
        to_js(&self.run(id)?.history.epochs)
    }

    /// One series of run `id` for a data table: `"loss"`, `"smoothed"` (by `smoothing`),
    /// `"lr"`, `"momentum"` or `"ratio<l>"` (layer `l`, 0-based), one value per `stride`
    /// iterations, so runs thinned to different strides line up in one table (0: the run's
    /// own stride). Losses and ratios are averaged over a row, lr and momentum are its last.
    ///
    /// # Errors
    /// A `JsError` for an unknown run or series, or a `stride` that is not a multiple of the
    /// run's own.
    pub fn series(
        &self,
        id: u32,
        name: &str,
        smoothing: f64,
        stride: usize,
    ) -> std::result::Result<Float64Array, JsError> {
        let run = self.run(id)?;
        let h = &run.history;
        let own = run.stride();
        let stride = if stride == 0 { own } else { stride };
        if !stride.is_multiple_of(own) {
            return Err(Error::Config(format!(
                "a table stride of {stride} does not cover the run's stride {own}"
            ))
            .into());
        }
        let widen = |v: &[f32]| v.iter().map(|&x| f64::from(x)).collect::<Vec<f64>>();
        let (values, averaged) = match name {
            "loss" => (widen(&h.loss), true),
            "smoothed" => (smooth(&widen(&h.loss), smoothing.clamp(0.0, 0.999)), true),
            "lr" => (h.lr.clone(), false),
            "momentum" => (h.momentum.clone(), false),
            _ => {
                let layer = name
                    .strip_prefix("ratio")
                    .and_then(|l| l.parse::<usize>().ok())
                    .and_then(|l| h.update_ratio.get(l))
                    .ok_or_else(|| Error::Config(format!("no series {name:?}")))?;
                (widen(layer), true)
            }
        };
        let group = stride / own;
        let values: Vec<f64> = values
            .chunks_exact(group)
            .map(|g| {
                if averaged {
                    g.iter().sum::<f64>() / group as f64
                } else {
                    g[group - 1]
                }
            })
            .collect();
        Ok(Float64Array::from(values.as_slice()))
    }
}

impl RunBook {
    fn run(&self, id: u32) -> Result<&TrainingRun> {
        self.runs
            .iter()
            .find(|(k, _, _)| *k == id)
            .map(|(_, r, _)| r)
            .ok_or_else(|| Error::Config(format!("no run {id}")))
    }

    fn entry_mut(&mut self, id: u32) -> Result<(&mut TrainingRun, &mut Thinner)> {
        self.runs
            .iter_mut()
            .find(|(k, _, _)| *k == id)
            .map(|(_, r, t)| (r, t))
            .ok_or_else(|| Error::Config(format!("no run {id}")))
    }

    fn run_mut(&mut self, id: u32) -> Result<&mut TrainingRun> {
        self.runs
            .iter_mut()
            .find(|(k, _, _)| *k == id)
            .map(|(_, r, _)| r)
            .ok_or_else(|| Error::Config(format!("no run {id}")))
    }

    fn curves_on(
        &self,
        target: Target,
        ids: &[u32],
        view: JsValue,
        which: Curves,
    ) -> std::result::Result<JsValue, JsError> {
        let (runs, view) = (self.pick(ids)?, view_of(view)?);
        draw_on!(target, MeasuredCanvas, |root| match which {
            Curves::Loss => charts::draw_loss_chart(&root, &runs, &view)?,
            Curves::Lr => charts::draw_lr_chart(&root, &runs, &view)?,
            Curves::Epochs => charts::draw_epoch_chart(&root, &runs, &view)?,
        })
    }

    fn ratio_on(
        &self,
        target: Target,
        id: Option<u32>,
        view: JsValue,
    ) -> std::result::Result<JsValue, JsError> {
        let run = id.map(|id| self.run(id)).transpose()?;
        let view = view_of(view)?;
        draw_on!(target, MeasuredCanvas, |root| {
            charts::draw_update_ratio_chart(&root, run, &view)?
        })
    }

    /// The runs `ids` in that order.
    fn pick(&self, ids: &[u32]) -> Result<Vec<&TrainingRun>> {
        ids.iter().map(|&id| self.run(id)).collect()
    }
}

/// Draws a confusion matrix (`counts`: 100 values, true class major) onto `canvas`; `view` gives
/// theme, pixel ratio and text scale. Returns the grid's pixel rectangle.
///
/// # Errors
/// A `JsError` for a matrix of the wrong size, bad scales or a canvas without a 2d context.
#[wasm_bindgen]
pub fn draw_confusion(
    canvas: HtmlCanvasElement,
    counts: &[u32],
    view: JsValue,
) -> std::result::Result<JsValue, JsError> {
    confusion_on(Target::Canvas(canvas), counts, view)
}

/// [`draw_confusion`] as an SVG document of `width` x `height` CSS pixels: the grid's rectangle
/// with the document in its `svg` field.
///
/// # Errors
/// As [`draw_confusion`], or a side of 0 or above 16384.
#[wasm_bindgen]
pub fn draw_confusion_svg(
    width: u32,
    height: u32,
    counts: &[u32],
    view: JsValue,
) -> std::result::Result<JsValue, JsError> {
    confusion_on(Target::svg(width, height)?, counts, view)
}

/// The three training-curve charts a [`RunBook`] draws for a set of runs.
#[derive(Clone, Copy)]
enum Curves {
    Loss,
    Lr,
    Epochs,
}

fn confusion_on(
    target: Target,
    counts: &[u32],
    view: JsValue,
) -> std::result::Result<JsValue, JsError> {
    let view = view_of(view)?;
    let chart = ConfusionChart {
        counts: counts.to_vec(),
        theme: view.theme,
        pixel_ratio: view.pixel_ratio,
        text_scale: view.text_scale,
        ..Default::default()
    };
    draw_on!(target, MeasuredCanvas, |root| {
        charts::draw_confusion_matrix(&root, &chart)?
    })
}

fn view_of(view: JsValue) -> Result<TrainingView> {
    if view.is_undefined() || view.is_null() {
        return Ok(TrainingView::default());
    }
    from_js(view, "view")
}

fn f32_array(object: &JsValue, key: &str) -> Result<Vec<f32>> {
    Reflect::get(object, &key.into())
        .ok()
        .and_then(|v| v.dyn_into::<Float32Array>().ok())
        .map(|a| a.to_vec())
        .ok_or_else(|| Error::Config(format!("update: {key} is not a Float32Array")))
}

fn f64_array(object: &JsValue, key: &str) -> Result<Vec<f64>> {
    Reflect::get(object, &key.into())
        .ok()
        .and_then(|v| v.dyn_into::<Float64Array>().ok())
        .map(|a| a.to_vec())
        .ok_or_else(|| Error::Config(format!("update: {key} is not a Float64Array")))
}
