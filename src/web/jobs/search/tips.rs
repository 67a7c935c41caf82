//! The Tips panel's experiment, held by its module Worker: one of the lecture's tips
//! ([`Experiment`]) on the digits of IDX files, kept in wasm memory behind an opaque handle
//! and run in chunks; the worker forwards its progress, the run in progress as typed arrays,
//! and the report whenever a run finishes.

use std::sync::Arc;

use crate::lrfind::{
    best_lr_per_row, finding, report_csv, Experiment, ExperimentReport, Phase, Tip,
};
use crate::train::TrainConfig;
use crate::web::convert::set;
use crate::web::convert::to_js;
use crate::web::jobs::data::datasets;
use crate::Error;
use js_sys::{Float32Array, Float64Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Where an experiment is, for the progress bar.
#[derive(Serialize)]
struct TipProgress {
    phase: Phase,
    iterations: usize,
    runs_done: usize,
    runs: usize,
    done: bool,
    /// The run in progress (`null` when none).
    label: Option<String>,
    /// Its iterations so far and planned.
    iteration: usize,
    iteration_total: usize,
    /// Iterations of the whole experiment done and planned (finished runs count in full).
    done_iterations: usize,
    planned_iterations: usize,
}

/// The report and the sentence it supports.
#[derive(Serialize)]
struct TipReport<'a> {
    #[serde(flatten)]
    report: &'a ExperimentReport,
    finding: Option<String>,
    /// For the heatmap: the lr of lowest loss for each batch size.
    best_lr_per_batch: Option<Vec<Option<f64>>>,
}

/// The live curve's plain part.
#[derive(Serialize)]
struct LiveHead<'a> {
    phase: Phase,
    index: usize,
    label: &'a str,
    lr: f64,
    batch_size: usize,
    iterations_per_epoch: usize,
}

/// One tip's experiment.
#[wasm_bindgen]
pub struct TipExperiment {
    inner: Experiment,
    plan: Vec<usize>,
    tuning_runs: usize,
}

fn parse_tip(name: &str) -> Result<Tip, Error> {
    crate::json::from_value(serde_json::Value::String(name.into())).map_err(|_| {
        Error::Config(format!(
            "unknown tip {name:?}: expected adam_vs_sgd, decay_after_constant, batch_size_grid or warmup"
        ))
    })
}

fn base_config(config: &str) -> Result<TrainConfig, Error> {
    let config = TrainConfig::from_json(config)?;
    config.validate()?;
    Ok(config)
}

#[wasm_bindgen]
impl TipExperiment {
    /// Plans tip `tip` (`"adam_vs_sgd"`, `"decay_after_constant"`, `"batch_size_grid"`,
    /// `"warmup"`) on the setup `config` (TrainConfig JSON text: data sizes, model, batch size
    /// and seed; each tip sets its own optimizers) and the digits of the IDX files.
    ///
    /// # Errors
    /// A `JsError` for an unknown tip, a malformed configuration, bad data files or too few
    /// images for the sizes asked.
    #[wasm_bindgen(constructor)]
    pub fn new(
        tip: &str,
        config: &str,
        images: &[u8],
        labels: &[u8],
        test_images: Option<Box<[u8]>>,
        test_labels: Option<Box<[u8]>>,
    ) -> std::result::Result<TipExperiment, JsError> {
        let tip = parse_tip(tip)?;
        let base = base_config(config)?;
        let (pool, test) = datasets(images, labels, test_images, test_labels)?;
        let (pool, test) = (Arc::new(pool), test.map(Arc::new));
        let plan = tip.planned_iterations(&base);
        let tuning_runs = tip.tuning(&base).map_or(0, |(_, s)| s.lrs.len());
        let inner = Experiment::new(tip, base, pool, test)?;
        Ok(TipExperiment {
            inner,
            plan,
            tuning_runs,
        })
    }

    /// Runs up to `max_iterations` iterations and returns `{phase, iterations, runs_done, runs,
    /// done, label, iteration, iteration_total, done_iterations, planned_iterations}`.
    ///
    /// # Errors
    /// A `JsError` with the core's message if a run fails for another reason than divergence
    /// (diverged runs are results).
    pub fn run(&mut self, max_iterations: usize) -> std::result::Result<JsValue, JsError> {
        let p = self.inner.run(max_iterations)?;
        let planned: usize = self.plan.iter().sum();
        let current = self.inner.current();
        let (label, iteration, iteration_total) = match current {
            Some((_, arm, t)) => {
                let c = &arm.config;
                let target = arm.budget.iterations(c.data.train_size, c.batch_size);
                (Some(arm.label.clone()), t.iteration(), target)
            }
            None => (None, 0, 0),
        };
        let offset = match p.phase {
            Phase::Tuning => 0,
            Phase::Comparing => self.tuning_runs,
        };
        let finished: usize = self.plan.iter().take(offset + p.runs_done).sum();
        let done_iterations = if p.done {
            planned
        } else {
            (finished + iteration).min(planned)
        };
        to_js(&TipProgress {
            phase: p.phase,
            iterations: p.iterations,
            runs_done: p.runs_done,
            runs: p.runs,
            done: p.done,
            label,
            iteration,
            iteration_total,
            done_iterations,
            planned_iterations: planned,
        })
    }

    /// Stops the experiment; what finished stays in the report.
    pub fn cancel(&mut self) {
        self.inner.cancel();
    }

    /// Whether it is over (finished or cancelled).
    pub fn is_done(&self) -> bool {
        self.inner.is_done()
    }

    /// Everything found so far: `{tip, title, explanation, budget_samples, tuning: [{stage, lr,
    /// train_loss, val_loss, val_acc, diverged_at}], tuned_lr, arms: [{label, lr, batch_size,
    /// loss, lrs, epochs, train_loss, val_loss, val_acc, diverged_at}], heatmap, finding,
    /// best_lr_per_batch}`.
    ///
    /// # Errors
    /// Never in practice (serialising plain values).
    pub fn report(&self) -> std::result::Result<JsValue, JsError> {
        let report = self.inner.report();
        to_js(&with_finding(&report))
    }

    /// The report as pretty JSON text, for the download.
    ///
    /// # Errors
    /// Never in practice (serialising numbers).
    pub fn report_json(&self) -> std::result::Result<String, JsError> {
        let report = self.inner.report();
        Ok(serde_json::to_string_pretty(&with_finding(&report)).map_err(Error::from)?)
    }

    /// The results as CSV (see [`report_csv`]).
    pub fn csv(&self) -> String {
        report_csv(&self.inner.report())
    }

    /// The run in progress: `{phase, index, label, lr, batch_size, iterations_per_epoch,
    /// loss: Float32Array, lrs: Float64Array}`, or `null`.
    ///
    /// # Errors
    /// Never in practice (building plain objects).
    pub fn live(&self) -> std::result::Result<JsValue, JsError> {
        let Some((index, arm, trainer)) = self.inner.current() else {
            return Ok(JsValue::NULL);
        };
        let h = trainer.history();
        let out = to_js(&LiveHead {
            phase: self.inner.phase(),
            index,
            label: &arm.label,
            lr: arm.config.optimizer.lr(),
            batch_size: arm.config.batch_size,
            iterations_per_epoch: trainer.iterations_per_epoch(),
        })?;
        set(&out, "loss", &Float32Array::from(h.loss.as_slice()).into())?;
        set(&out, "lrs", &Float64Array::from(h.lr.as_slice()).into())?;
        Ok(out)
    }
}

fn with_finding(report: &ExperimentReport) -> TipReport<'_> {
    TipReport {
        report,
        finding: finding(report),
        best_lr_per_batch: report.heatmap.as_ref().map(best_lr_per_row),
    }
}
