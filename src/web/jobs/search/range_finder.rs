//! The LR Finder's range test as the panel's module Worker holds it: a [`SeedBand`] (one range
//! test per seed on the Train panel's setup) built from the JSON `lrlab lr-find` reads and the
//! IDX files' bytes, run in chunks; the worker forwards snapshots of the curves to the page.

use std::sync::Arc;

use crate::lrfind::{LrFindSpec, SeedBand, SeedRun};
use crate::web::convert::to_js;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Where the band is after a chunk.
#[derive(Serialize)]
struct Progress {
    iterations: usize,
    runs_done: usize,
    runs: usize,
    iteration: usize,
    total: usize,
    seed: Option<u64>,
    done: bool,
}

/// The finished runs and the one in progress.
#[derive(Serialize)]
struct Snapshot<'a> {
    runs: &'a [SeedRun],
    current: Option<SeedRun>,
}

/// What the panel says about the setup under test.
#[derive(Serialize)]
struct Summary {
    parameters: usize,
    layers: Vec<String>,
    train_size: usize,
    batch_size: usize,
    seeds: Vec<u64>,
}

/// A range test over one or more seeds.
#[wasm_bindgen]
pub struct RangeFinder {
    band: SeedBand,
    seeds: Vec<u64>,
    summary: Summary,
}

#[wasm_bindgen]
impl RangeFinder {
    /// Builds the tests from `spec` (the Train panel's configuration plus `"lr_find"`, as
    /// `lrlab lr-find` reads it) on the digits of the IDX files (gzipped or raw).
    ///
    /// # Errors
    /// A `JsError` with the core's message: malformed JSON or unknown fields, range-test
    /// settings out of range ("the range test needs 0 < start_lr < end_lr ..."), bad data
    /// files, too few images, or an optimizer setting PyTorch would reject.
    #[wasm_bindgen(constructor)]
    pub fn new(
        spec: &str,
        images: &[u8],
        labels: &[u8],
        test_images: Option<Box<[u8]>>,
        test_labels: Option<Box<[u8]>>,
    ) -> std::result::Result<RangeFinder, JsError> {
        let spec = LrFindSpec::from_json(spec)?;
        let (pool, test) =
            crate::web::jobs::data::datasets(images, labels, test_images, test_labels)?;
        let trainer = spec.train.build(&pool, test.as_ref())?;
        let sizes = trainer.model().sizes();
        let seeds = if spec.lr_find.seeds.is_empty() {
            vec![spec.train.seed]
        } else {
            spec.lr_find.seeds.clone()
        };
        let summary = Summary {
            parameters: trainer.model().num_params(),
            layers: sizes
                .windows(2)
                .map(|w| format!("{}→{}", w[0], w[1]))
                .collect(),
            train_size: trainer.train_set().len(),
            batch_size: spec.train.batch_size,
            seeds: seeds.clone(),
        };
        drop(trainer);
        let band = SeedBand::new(spec.lr_find, spec.train, Arc::new(pool), test.map(Arc::new))?;
        Ok(RangeFinder {
            band,
            seeds,
            summary,
        })
    }

    /// `{parameters, layers: ["784→128", ...], train_size, batch_size, seeds}`.
    ///
    /// # Errors
    /// Never in practice (serialising plain values).
    pub fn summary(&self) -> std::result::Result<JsValue, JsError> {
        to_js(&self.summary)
    }

    /// Runs up to `max_iterations` more iterations across the seeds and returns
    /// `{iterations, runs_done, runs, iteration, total, seed, done}` (`seed`: the run in
    /// progress).
    ///
    /// # Errors
    /// A `JsError` with an optimizer's message; the band stops there.
    pub fn run(&mut self, max_iterations: usize) -> std::result::Result<JsValue, JsError> {
        let p = self.band.run(max_iterations)?;
        to_js(&Progress {
            iterations: p.iterations,
            runs_done: p.runs_done,
            runs: p.runs,
            iteration: p.iteration,
            total: self.band.lrs().len(),
            seed: (!p.done)
                .then(|| self.seeds.get(p.runs_done).copied())
                .flatten(),
            done: p.done,
        })
    }

    /// Stops the run in progress (its model is restored); the finished runs stay.
    pub fn cancel(&mut self) {
        self.band.cancel();
    }

    /// `{runs: [{seed, lrs, losses, stop, restored}], current}`: every finished run and the
    /// curve so far of the one in progress (`null` when none).
    ///
    /// # Errors
    /// Never in practice (serialising numbers).
    pub fn snapshot(&self) -> std::result::Result<JsValue, JsError> {
        let current = self.band.current().map(|t| SeedRun {
            seed: self
                .seeds
                .get(self.band.runs().len())
                .copied()
                .unwrap_or_default(),
            lrs: t.lrs().to_vec(),
            losses: t.losses().to_vec(),
            stop: None,
            restored: false,
        });
        to_js(&Snapshot {
            runs: self.band.runs(),
            current,
        })
    }
}
