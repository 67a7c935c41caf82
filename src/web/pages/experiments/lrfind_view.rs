//! The LR Finder's curves on the page: the runs the worker reported, kept in wasm memory behind
//! an opaque handle, read with the panel's smoothing and skips (changing them redraws without
//! re-running), drawn onto a canvas, and asked for readouts, table columns and suggestions.

use crate::charts::{self, LrFindPlot, LrFindView};
use crate::lrfind::{cyclic_lr_spec, one_cycle_spec, RangeTestConfig, SeedRun, Smoothing};
use crate::web::convert::{from_js, from_js_data, to_js};
use crate::web::draw::canvas::MeasuredCanvas;
use crate::web::draw::render::{draw_on, Target};
use crate::Error;
use js_sys::Float64Array;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// The worker's snapshot.
#[derive(Deserialize)]
struct SnapshotIn {
    runs: Vec<SeedRun>,
    current: Option<SeedRun>,
}

/// A drawn chart's layout and how its hover steps map to learning rates.
#[derive(Serialize)]
struct Drawn {
    #[serde(flatten)]
    layout: charts::ChartLayout,
    /// `log10` of the lr at step 0.
    origin: f64,
    /// Steps per decade.
    per_decade: f64,
}

/// The values at one recorded point, for the hover readout.
#[derive(Serialize)]
struct Reading {
    index: usize,
    lr: f64,
    raw: Vec<Option<f64>>,
    median: f64,
    smoothed: f64,
    band: Option<(f64, f64)>,
    kept: bool,
}

/// Range-test curves and their reading.
#[wasm_bindgen]
pub struct LrFindCurves {
    config: RangeTestConfig,
    runs: Vec<SeedRun>,
    finished: usize,
    plot: LrFindPlot,
    smoothing: Smoothing,
}

#[wasm_bindgen]
impl LrFindCurves {
    /// Curves of a sweep with settings `config` (a `RangeTestConfig` object; missing fields
    /// take fastai's defaults), none recorded yet.
    ///
    /// # Errors
    /// A `JsError` for a malformed or invalid configuration.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> std::result::Result<LrFindCurves, JsError> {
        let config: RangeTestConfig = from_js(config, "range test")?;
        config.validate()?;
        let smoothing = config.smoothing.clone();
        Ok(LrFindCurves {
            plot: LrFindPlot::from_runs(&config, &[], &smoothing),
            config,
            runs: Vec::new(),
            finished: 0,
            smoothing,
        })
    }

    /// Replaces the runs with the worker's snapshot (`{runs, current}`) and reads them again.
    ///
    /// # Errors
    /// A `JsError` for a malformed snapshot.
    pub fn set_runs(&mut self, snapshot: JsValue) -> std::result::Result<(), JsError> {
        let s: SnapshotIn = from_js_data(snapshot, "snapshot")?;
        self.finished = s.runs.len();
        self.runs = s.runs;
        self.runs.extend(s.current);
        self.refresh();
        Ok(())
    }

    /// Reads the curves with `smoothing` (`{beta, skip_start, skip_end}`).
    ///
    /// # Errors
    /// A `JsError` for a malformed object or a beta outside `[0, 1)`; the previous smoothing
    /// stays.
    pub fn set_smoothing(&mut self, smoothing: JsValue) -> std::result::Result<(), JsError> {
        let smoothing: Smoothing = from_js(smoothing, "smoothing")?;
        smoothing.validate()?;
        self.smoothing = smoothing;
        self.refresh();
        Ok(())
    }

    fn refresh(&mut self) {
        self.plot = LrFindPlot::from_runs(&self.config, &self.runs, &self.smoothing);
    }

    /// Recorded points of the longest run.
    pub fn len(&self) -> usize {
        self.plot.lrs.len()
    }

    /// Whether nothing has been recorded.
    pub fn is_empty(&self) -> bool {
        self.plot.lrs.is_empty()
    }

    /// `{marks: [{kind, label, lr, loss, seeds: [lo, hi] | null, explanation}], kept: {start,
    /// end}, stops: [{lr, kind, seed}], seeds, restored: [bool per finished run], points,
    /// num_iter}`.
    ///
    /// # Errors
    /// Never in practice (serialising plain values).
    pub fn analysis(&self) -> std::result::Result<JsValue, JsError> {
        #[derive(Serialize)]
        struct Out<'a> {
            marks: &'a [charts::Mark],
            kept: &'a std::ops::Range<usize>,
            stops: &'a [charts::StopMark],
            seeds: &'a [u64],
            restored: Vec<bool>,
            points: usize,
            num_iter: usize,
        }
        to_js(&Out {
            marks: &self.plot.marks,
            kept: &self.plot.kept,
            stops: &self.plot.stops,
            seeds: &self.plot.seeds,
            restored: self.runs[..self.finished]
                .iter()
                .map(|r| r.restored)
                .collect(),
            points: self.plot.lrs.len(),
            num_iter: self.config.num_iter,
        })
    }

    /// Draws the chart filling `canvas` (`view`: an `LrFindView` object) and returns its layout
    /// with `origin` and `per_decade`: hover step `s` is the lr `10^(origin + s / per_decade)`.
    ///
    /// # Errors
    /// A `JsError` for a malformed view or a canvas without a 2d context.
    pub fn draw(
        &self,
        canvas: HtmlCanvasElement,
        view: JsValue,
    ) -> std::result::Result<JsValue, JsError> {
        draw_curves_on(self, Target::Canvas(canvas), view)
    }

    /// [`LrFindCurves::draw`] as an SVG document of `width` x `height` CSS pixels: the same
    /// answer with the document in its `svg` field.
    ///
    /// # Errors
    /// As [`LrFindCurves::draw`], or a side of 0 or above 16384.
    pub fn draw_svg(
        &self,
        width: u32,
        height: u32,
        view: JsValue,
    ) -> std::result::Result<JsValue, JsError> {
        draw_curves_on(self, Target::svg(width, height)?, view)
    }

    /// The recorded point nearest to `lr`: `{index, lr, raw: [per seed], median, smoothed,
    /// band: [min, max] | null, kept}`; `null` before anything is recorded.
    ///
    /// # Errors
    /// Never in practice (serialising numbers).
    pub fn reading(&self, lr: f64) -> std::result::Result<JsValue, JsError> {
        let p = &self.plot;
        let Some(i) = p.nearest(lr) else {
            return Ok(JsValue::NULL);
        };
        to_js(&Reading {
            index: i,
            lr: p.lrs[i],
            raw: p.raw.iter().map(|r| r.get(i).copied()).collect(),
            median: p.median[i],
            smoothed: p.smoothed[i],
            band: p.band.as_ref().map(|b| (b.min[i], b.max[i])),
            kept: p.kept.contains(&i),
        })
    }

    /// A column for the data table: `"lr"`, `"median"`, `"smoothed"`, `"min"`, `"max"` (the
    /// band) or `"raw<k>"` (seed `k`'s raw losses, 0-based), as long as the longest run.
    ///
    /// # Errors
    /// A `JsError` for an unknown column.
    pub fn column(&self, name: &str) -> std::result::Result<Float64Array, JsError> {
        let p = &self.plot;
        let n = p.lrs.len();
        let pad = |v: &[f64]| {
            let mut out = v[..v.len().min(n)].to_vec();
            out.resize(n, f64::NAN);
            out
        };
        let band =
            |pick: fn(&crate::lrfind::Spread) -> &Vec<f64>| p.band.as_ref().map(|b| pad(pick(b)));
        let values = match name {
            "lr" => p.lrs.clone(),
            "median" => p.median.clone(),
            "smoothed" => p.smoothed.clone(),
            "min" => band(|b| &b.min).ok_or_else(|| no_column(name))?,
            "max" => band(|b| &b.max).ok_or_else(|| no_column(name))?,
            _ => name
                .strip_prefix("raw")
                .and_then(|k| k.parse::<usize>().ok())
                .and_then(|k| p.raw.get(k))
                .map(|r| pad(r))
                .ok_or_else(|| no_column(name))?,
        };
        Ok(Float64Array::from(values.as_slice()))
    }
}

fn no_column(name: &str) -> Error {
    Error::Config(format!("no column {name:?}"))
}

/// The scheduler a range test suggests, for the Schedules panel: `"CyclicLR"` between
/// `base_lr` and `max_lr` with a half cycle of `steps` iterations, or `"OneCycleLR"` up to
/// `max_lr` over `steps` iterations, with PyTorch's other defaults.
///
/// # Errors
/// A `JsError` for an unknown kind or values the core refuses (`base_lr > max_lr`, a
/// non-positive lr, fewer than one step).
#[wasm_bindgen]
pub fn lr_find_schedule(
    kind: &str,
    base_lr: f64,
    max_lr: f64,
    steps: u32,
) -> std::result::Result<JsValue, JsError> {
    let steps = i64::from(steps);
    let spec = match kind {
        "CyclicLR" => cyclic_lr_spec(base_lr, max_lr, steps)?,
        "OneCycleLR" => one_cycle_spec(max_lr, steps)?,
        other => {
            return Err(Error::Config(format!(
                "a range test suggests CyclicLR or OneCycleLR, not {other:?}"
            ))
            .into())
        }
    };
    to_js(&spec)
}

/// Checks a range-test spec (the Train panel's keys plus `"lr_find"`) without data.
///
/// # Errors
/// A `JsError` with the first problem: serde's message for a malformed or unknown field, the
/// core's for an out-of-range setting.
#[wasm_bindgen]
pub fn check_lr_find(spec: &str) -> std::result::Result<(), JsError> {
    let spec = crate::lrfind::LrFindSpec::from_json(spec)?;
    spec.train.optimizer.validate()?;
    Ok(())
}

/// fastai's range-test defaults as a plain `RangeTestConfig` object.
///
/// # Errors
/// Never in practice (serialising plain values).
#[wasm_bindgen]
pub fn lr_find_defaults() -> std::result::Result<JsValue, JsError> {
    to_js(&RangeTestConfig::default())
}

fn draw_curves_on(
    curves: &LrFindCurves,
    target: Target,
    view: JsValue,
) -> std::result::Result<JsValue, JsError> {
    let view: LrFindView = if view.is_undefined() || view.is_null() {
        LrFindView::default()
    } else {
        from_js(view, "view")?
    };
    draw_on!(target, MeasuredCanvas, |root| Drawn {
        layout: charts::draw_lr_find_chart(&root, &curves.plot, &view)?,
        origin: curves.config.start_lr.log10(),
        per_decade: charts::steps_per_decade(&curves.plot),
    })
}
