//! The training run the Train panel's module Worker holds: a [`Trainer`] built from the
//! panel's JSON configuration (the one `lrlab train` reads) and the IDX files' bytes, kept in
//! wasm memory behind an opaque handle. The worker runs it in chunks and forwards what each
//! chunk recorded as typed arrays, which it can transfer to the page without copying.

use crate::train::{EpochRecord, Progress, TrainConfig, Trainer};
use crate::web::convert::set;
use crate::web::convert::to_js;
use crate::web::convert::ImageDims;
use crate::web::jobs::data::datasets;
use crate::Error;
use js_sys::{Array, Float32Array, Float64Array, Uint32Array, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// What the page needs to know about a run before it starts.
#[derive(Serialize)]
struct Summary {
    iterations_per_epoch: usize,
    total_iterations: usize,
    epochs: usize,
    train_size: usize,
    val_size: usize,
    parameters: usize,
    layers: Vec<String>,
}

/// Why a run stopped early, for the panel's banner.
#[derive(Serialize)]
struct Failure {
    /// `"diverged"`, or `"error"` for anything else (e.g. OneCycleLR stepped past its end).
    kind: &'static str,
    message: String,
    iteration: Option<usize>,
    lr: Option<f64>,
}

/// The plain part of [`Training::take_updates`]; the series are added as typed arrays.
#[derive(Serialize)]
struct UpdateHead<'a> {
    first_iteration: usize,
    epochs: &'a [EpochRecord],
}

/// A training run.
#[wasm_bindgen]
pub struct Training {
    trainer: Trainer,
    sent_epochs: usize,
}

#[wasm_bindgen]
impl Training {
    /// Builds a run from `config` (TrainConfig JSON text; `{}` is the lab's defaults) on the
    /// digits of the `images`/`labels` IDX files (gzipped or raw) and, when given, validates on
    /// the `test_images`/`test_labels` files.
    ///
    /// # Errors
    /// A `JsError` with the core's message: malformed JSON or unknown fields, bad data files,
    /// too few images for the sizes asked, or an optimizer or scheduler setting PyTorch would
    /// reject (PyTorch's own text, e.g. "Invalid learning rate: -0.1").
    #[wasm_bindgen(constructor)]
    pub fn new(
        config: &str,
        images: &[u8],
        labels: &[u8],
        test_images: Option<Box<[u8]>>,
        test_labels: Option<Box<[u8]>>,
    ) -> std::result::Result<Training, JsError> {
        let config = TrainConfig::from_json(config)?;
        config.validate()?;
        let (pool, test) = datasets(images, labels, test_images, test_labels)?;
        let trainer = config.build(&pool, test.as_ref())?;
        Ok(Training {
            trainer,
            sent_epochs: 0,
        })
    }

    /// Sizes, the number of iterations and the layers (`"layer 1: 784→128"`).
    ///
    /// # Errors
    /// Never in practice (serialising plain values).
    pub fn summary(&self) -> std::result::Result<JsValue, JsError> {
        let t = &self.trainer;
        let sizes = t.model().sizes();
        let layers = sizes
            .windows(2)
            .enumerate()
            .map(|(l, w)| format!("layer {}: {}→{}", l + 1, w[0], w[1]))
            .collect();
        to_js(&Summary {
            iterations_per_epoch: t.iterations_per_epoch(),
            total_iterations: t.total_iterations(),
            epochs: t.total_iterations() / t.iterations_per_epoch().max(1),
            train_size: t.train_set().len(),
            val_size: t.val_set().len(),
            parameters: t.model().num_params(),
            layers,
        })
    }

    /// Runs up to `max_iterations` iterations (with the epoch ends reached on the way) and
    /// returns `{iterations, epochs_ended, iteration, epoch, done}`.
    ///
    /// # Errors
    /// A `JsError` with the core's message when the run stops: "diverged at iteration N, lr =
    /// ..." or an optimizer or scheduler error; [`Training::failure`] then describes it.
    pub fn run(&mut self, max_iterations: usize) -> std::result::Result<JsValue, JsError> {
        let progress: Progress = self.trainer.run(max_iterations)?;
        to_js(&progress)
    }

    /// `null`, or `{kind, message, iteration, lr}` once the run has stopped on an error.
    ///
    /// # Errors
    /// Never in practice (serialising plain values).
    pub fn failure(&self) -> std::result::Result<JsValue, JsError> {
        let Some(e) = self.trainer.error() else {
            return Ok(JsValue::NULL);
        };
        let failure = match e {
            Error::Diverged { iteration, lr } => Failure {
                kind: "diverged",
                message: e.to_string(),
                iteration: Some(*iteration),
                lr: Some(*lr),
            },
            other => Failure {
                kind: "error",
                message: other.to_string(),
                iteration: Some(self.trainer.iteration() + 1),
                lr: None,
            },
        };
        to_js(&failure)
    }

    /// Everything recorded since the previous call: `{first_iteration, loss: Float32Array,
    /// lr: Float64Array, momentum: Float64Array, update_ratio: [Float32Array per layer],
    /// epochs: [{epoch, train_loss, val_loss, val_acc, lr}]}` (`first_iteration` is 1-based).
    ///
    /// # Errors
    /// Never in practice (building plain objects).
    pub fn take_updates(&mut self) -> std::result::Result<JsValue, JsError> {
        let h = self.trainer.history();
        let epoch_from = self.sent_epochs;
        let out = to_js(&UpdateHead {
            first_iteration: h.forgotten + 1,
            epochs: tail(&h.epochs, epoch_from),
        })?;
        set(&out, "loss", &Float32Array::from(h.loss.as_slice()).into())?;
        set(&out, "lr", &Float64Array::from(h.lr.as_slice()).into())?;
        set(
            &out,
            "momentum",
            &Float64Array::from(h.momentum.as_slice()).into(),
        )?;
        let ratios: Array = h
            .update_ratio
            .iter()
            .map(|layer| JsValue::from(Float32Array::from(layer.as_slice())))
            .collect();
        set(&out, "update_ratio", &ratios.into())?;
        self.sent_epochs = h.epochs.len();
        // The page keeps its own (thinned) copy: the worker holds one chunk at a time.
        self.trainer.forget_iteration_history();
        Ok(out)
    }

    /// `confusion[true * 10 + predicted]` on the validation set at the last epoch end.
    pub fn confusion(&self) -> Uint32Array {
        let flat: Vec<u32> = self.trainer.confusion().iter().flatten().copied().collect();
        Uint32Array::from(flat.as_slice())
    }

    /// Up to `count` validation digits with their prediction at the last epoch end (only
    /// mistakes when `mistakes_only`): `{index: Uint32Array, label: Uint8Array, predicted:
    /// Uint8Array, pixels: Uint8Array (count x rows x cols bytes), rows, cols}`.
    ///
    /// # Errors
    /// Never in practice (building plain objects).
    pub fn gallery(
        &self,
        count: usize,
        mistakes_only: bool,
    ) -> std::result::Result<JsValue, JsError> {
        let val = self.trainer.val_set();
        let picked: Vec<_> = self
            .trainer
            .gallery()
            .into_iter()
            .filter(|p| !mistakes_only || p.label != p.predicted)
            .take(count)
            .collect();
        let mut pixels = Vec::with_capacity(picked.len() * val.pixels());
        for p in &picked {
            pixels.extend(to_bytes(val.image(p.index).unwrap_or_default()));
        }
        let index: Vec<u32> = picked.iter().map(|p| p.index as u32).collect();
        let label: Vec<u8> = picked.iter().map(|p| p.label).collect();
        let predicted: Vec<u8> = picked.iter().map(|p| p.predicted).collect();
        let out = to_js(&ImageDims {
            rows: val.rows,
            cols: val.cols,
        })?;
        set(&out, "index", &Uint32Array::from(index.as_slice()).into())?;
        set(&out, "label", &Uint8Array::from(label.as_slice()).into())?;
        set(
            &out,
            "predicted",
            &Uint8Array::from(predicted.as_slice()).into(),
        )?;
        set(&out, "pixels", &Uint8Array::from(pixels.as_slice()).into())?;
        Ok(out)
    }
}

/// The part of `values` from index `from` on (empty when there is none).
fn tail<T>(values: &[T], from: usize) -> &[T] {
    values.get(from..).unwrap_or_default()
}

/// Pixels in `0..=1` back to the file's bytes.
fn to_bytes(pixels: &[f32]) -> Vec<u8> {
    pixels
        .iter()
        .map(|v| (v * 255.0).round().clamp(0.0, 255.0) as u8)
        .collect()
}
