//! The LR range test itself, run in chunks so that a web worker can report progress and
//! cancel between them.

use rand::seq::SliceRandom;
use rand_pcg::Pcg64;
use serde::{Deserialize, Serialize};

use super::sweep::RangeTestConfig;
use crate::data::{seeded_rng, Dataset};
use crate::nn::{Mlp, Workspace};
use crate::optim::{Optimizer, OptimizerState};
use crate::{Error, Result};

/// Stream of [`seeded_rng`] for the range test's batch order.
const SWEEP_STREAM: u64 = 0x1f1d_0000_0000_0004;

/// Why a range test ended.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum StopReason {
    /// All `num_iter` iterations ran.
    Completed,
    /// The smoothed loss passed `diverge_factor` × its minimum (that point is recorded).
    Diverged {
        /// 1-based iteration of the last recorded point.
        iteration: usize,
        /// Its learning rate.
        lr: f64,
        /// Its smoothed loss.
        smoothed: f64,
        /// The smallest smoothed loss before it.
        best: f64,
    },
    /// A batch loss was NaN or infinite (that point is not recorded, its step not taken).
    NonFinite {
        /// 1-based iteration of the bad batch.
        iteration: usize,
        /// Its learning rate.
        lr: f64,
    },
    /// [`RangeTest::cancel`] was called.
    Cancelled,
}

/// What one call to [`RangeTest::run`] did.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RangeProgress {
    /// Iterations performed by this call.
    pub iterations: usize,
    /// Points recorded so far.
    pub iteration: usize,
    /// Iterations planned (`num_iter`).
    pub total: usize,
    /// Whether the test has ended (the model is then restored).
    pub done: bool,
    /// Why it ended.
    pub stop: Option<StopReason>,
}

/// A range test over a model's parameters and optimizer, which it owns for the duration and
/// restores exactly (parameters bit for bit, optimizer through `load_state_dict`) when the
/// test ends, fails or is cancelled.
///
/// Each iteration: draw the next mini-batch (reshuffled every pass over `train`), set every
/// group's lr to the sweep's, compute the loss and gradient, take the optimizer step; the
/// loss recorded is the batch's before the step, as in fastai.
pub struct RangeTest {
    config: RangeTestConfig,
    model: Mlp,
    params: Vec<f32>,
    grads: Vec<f32>,
    optimizer: Box<dyn Optimizer>,
    saved_params: Vec<f32>,
    saved_state: OptimizerState,
    train: Dataset,
    batch_size: usize,
    rng: Pcg64,
    order: Vec<usize>,
    pos: usize,
    x_batch: Vec<f32>,
    y_batch: Vec<u8>,
    ws: Workspace,
    lrs: Vec<f64>,
    losses: Vec<f64>,
    avg: f64,
    beta_k: f64,
    best: f64,
    stop: Option<StopReason>,
    failed: Option<Error>,
}

impl RangeTest {
    /// A test of `model` at `params` with `optimizer` (in whatever state it is), on
    /// mini-batches of `batch_size` drawn from `train` in an order seeded by `seed`.
    ///
    /// # Errors
    /// [`Error::Config`] for bad settings (see [`RangeTestConfig::validate`]), a zero batch
    /// size or parameters that do not fit the model; [`Error::Data`] for an empty set or
    /// images that do not fit the model.
    pub fn new(
        config: RangeTestConfig,
        (model, params, optimizer): (Mlp, Vec<f32>, Box<dyn Optimizer>),
        train: Dataset,
        batch_size: usize,
        seed: u64,
    ) -> Result<RangeTest> {
        config.validate()?;
        if batch_size == 0 {
            return Err(Error::Config("batch_size must be at least 1".into()));
        }
        if params.len() != model.num_params() {
            return Err(Error::Config(format!(
                "the model has {} parameters but {} were given",
                model.num_params(),
                params.len()
            )));
        }
        if train.is_empty() || train.pixels() != model.inputs() {
            return Err(Error::Data(format!(
                "the range test needs training images of {} pixels, got {} of {}",
                model.inputs(),
                train.len(),
                train.pixels()
            )));
        }
        let batch = batch_size.min(train.len());
        Ok(RangeTest {
            saved_params: params.clone(),
            saved_state: optimizer.state_dict(),
            grads: vec![0.0; params.len()],
            ws: model.workspace(batch),
            x_batch: vec![0.0; batch * model.inputs()],
            y_batch: vec![0; batch],
            rng: seeded_rng(seed, SWEEP_STREAM),
            order: (0..train.len()).collect(),
            pos: train.len(),
            lrs: Vec::with_capacity(config.num_iter),
            losses: Vec::with_capacity(config.num_iter),
            avg: 0.0,
            beta_k: 1.0,
            best: f64::INFINITY,
            stop: None,
            failed: None,
            config,
            model,
            params,
            optimizer,
            train,
            batch_size: batch,
        })
    }

    /// Runs up to `max_iterations` more iterations; once the test ends the parameters and
    /// optimizer are restored. `run(0)` does nothing.
    ///
    /// # Errors
    /// An optimizer error (the model is restored first). After an error every further call
    /// returns it again.
    pub fn run(&mut self, max_iterations: usize) -> Result<RangeProgress> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let mut iterations = 0;
        while iterations < max_iterations && self.stop.is_none() {
            match self.iterate() {
                Ok(stop) => {
                    iterations += 1;
                    if let Some(stop) = stop {
                        self.finish(stop)?;
                    }
                }
                Err(e) => {
                    let e = self.restore().err().unwrap_or(e);
                    self.failed = Some(e.clone());
                    return Err(e);
                }
            }
        }
        Ok(RangeProgress {
            iterations,
            iteration: self.losses.len(),
            total: self.config.num_iter,
            done: self.stop.is_some(),
            stop: self.stop,
        })
    }

    /// Ends the test now and restores the model (nothing happens if it already ended).
    ///
    /// # Errors
    /// An error restoring the optimizer, which cannot happen for a state it produced itself.
    pub fn cancel(&mut self) -> Result<()> {
        if self.stop.is_none() && self.failed.is_none() {
            self.finish(StopReason::Cancelled)?;
        }
        Ok(())
    }

    fn finish(&mut self, stop: StopReason) -> Result<()> {
        self.stop = Some(stop);
        self.restore()
            .inspect_err(|e| self.failed = Some(e.clone()))
    }

    fn restore(&mut self) -> Result<()> {
        self.params.copy_from_slice(&self.saved_params);
        self.optimizer.load_state_dict(&self.saved_state)
    }

    /// One mini-batch at the sweep's next lr; returns why the test ends, if it does.
    fn iterate(&mut self) -> Result<Option<StopReason>> {
        if self.pos >= self.train.len() {
            self.order.shuffle(&mut self.rng);
            self.pos = 0;
        }
        let inputs = self.model.inputs();
        let end = (self.pos + self.batch_size).min(self.train.len());
        let rows = end - self.pos;
        for (k, &i) in self.order[self.pos..end].iter().enumerate() {
            let src = &self.train.images[i * inputs..(i + 1) * inputs];
            self.x_batch[k * inputs..(k + 1) * inputs].copy_from_slice(src);
            self.y_batch[k] = self.train.labels[i];
        }
        self.pos = end;
        let (x, y) = (&self.x_batch[..rows * inputs], &self.y_batch[..rows]);
        let loss = self
            .model
            .loss_and_grad(&self.params, x, y, &mut self.grads, &mut self.ws)?;
        let i = self.losses.len();
        let lr = self.config.lr(i);
        if !loss.is_finite() {
            return Ok(Some(StopReason::NonFinite {
                iteration: i + 1,
                lr,
            }));
        }
        for group in self.optimizer.param_groups_mut() {
            group.lr = lr;
        }
        self.optimizer.step(&mut self.params, &self.grads)?;
        self.lrs.push(lr);
        self.losses.push(loss);

        let beta = self.config.smoothing.beta;
        self.avg = beta * self.avg + (1.0 - beta) * loss;
        self.beta_k *= beta;
        let smoothed = self.avg / (1.0 - self.beta_k);
        let best = self.best;
        self.best = self.best.min(smoothed);
        if self.config.stop_div && smoothed > self.config.diverge_factor * self.best {
            return Ok(Some(StopReason::Diverged {
                iteration: i + 1,
                lr,
                smoothed,
                best,
            }));
        }
        Ok((i + 1 == self.config.num_iter).then_some(StopReason::Completed))
    }

    /// The settings.
    pub fn config(&self) -> &RangeTestConfig {
        &self.config
    }

    /// The learning rate of every recorded iteration.
    pub fn lrs(&self) -> &[f64] {
        &self.lrs
    }

    /// The raw batch loss of every recorded iteration.
    pub fn losses(&self) -> &[f64] {
        &self.losses
    }

    /// Whether the test has ended.
    pub fn is_done(&self) -> bool {
        self.stop.is_some()
    }

    /// Why the test ended, once it has.
    pub fn stop(&self) -> Option<StopReason> {
        self.stop
    }

    /// The error that stopped the test, if one did.
    pub fn error(&self) -> Option<&Error> {
        self.failed.as_ref()
    }

    /// The parameters: as given once the test has ended, mid-sweep while it runs.
    pub fn params(&self) -> &[f32] {
        &self.params
    }

    /// Whether the parameters equal the ones given bit for bit and the optimizer's state its
    /// state when given: always true once the test has ended (the panel shows the check).
    pub fn is_restored(&self) -> bool {
        let same_bits = self
            .params
            .iter()
            .zip(&self.saved_params)
            .all(|(a, b)| a.to_bits() == b.to_bits());
        same_bits && self.optimizer.state_dict() == self.saved_state
    }

    /// The optimizer: as given once the test has ended.
    pub fn optimizer(&self) -> &dyn Optimizer {
        self.optimizer.as_ref()
    }

    /// Gives back the model, parameters and optimizer, restored first if the test had not
    /// ended.
    ///
    /// # Errors
    /// An error restoring the optimizer (see [`RangeTest::cancel`]).
    pub fn into_parts(mut self) -> Result<(Mlp, Vec<f32>, Box<dyn Optimizer>)> {
        if self.stop.is_none() || self.failed.is_some() {
            self.restore()?;
        }
        Ok((self.model, self.params, self.optimizer))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lrfind::fixtures::{blobs, model};

    const SGD: &str = r#"{"optimizer": "SGD"}"#;

    fn test(json: &str, optimizer: &str) -> RangeTest {
        let config: RangeTestConfig = serde_json::from_str(json).unwrap();
        RangeTest::new(config, model(optimizer), blobs(64, 3), 16, 7).unwrap()
    }

    #[test]
    fn restores_parameters_and_optimizer_state_bit_for_bit() {
        let adam = r#"{"optimizer": "Adam", "lr": 0.01}"#;
        let (m, mut params, mut opt) = model(adam);
        // Give Adam some state first, so that restoring it is not restoring nothing.
        let mut grads = vec![0.0; params.len()];
        let mut ws = m.workspace(64);
        let data = blobs(64, 4);
        m.loss_and_grad(&params, &data.images, &data.labels, &mut grads, &mut ws)
            .unwrap();
        opt.step(&mut params, &grads).unwrap();
        let (before_params, before_state) = (params.clone(), opt.state_dict());
        let config = RangeTestConfig {
            num_iter: 30,
            end_lr: 1.0,
            ..RangeTestConfig::default()
        };
        let mut t = RangeTest::new(config, (m, params, opt), blobs(64, 3), 16, 7).unwrap();
        t.run(10).unwrap();
        assert_ne!(t.params(), &before_params[..], "the sweep trains");
        assert!(!t.is_restored(), "mid-sweep the model is being trained");
        let p = t.run(usize::MAX).unwrap();
        assert!(p.done);
        assert_eq!(p.stop, Some(StopReason::Completed));
        assert!(t.is_restored());
        assert_eq!(t.params(), &before_params[..]);
        assert_eq!(t.optimizer().state_dict(), before_state);
        let (_, params, opt) = t.into_parts().unwrap();
        let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&params), bits(&before_params));
        assert_eq!(opt.param_groups()[0].lr, 0.01);
    }

    #[test]
    fn records_the_sweep_and_is_the_same_however_it_is_chunked() {
        let json = r#"{"num_iter": 40, "end_lr": 1.0, "stop_div": false}"#;
        let sgd = r#"{"optimizer": "SGD", "momentum": 0.9}"#;
        let mut whole = test(json, sgd);
        let p = whole.run(usize::MAX).unwrap();
        assert_eq!((p.iterations, p.iteration, p.total), (40, 40, 40));
        assert_eq!(whole.lrs(), &whole.config().lrs()[..]);
        let mut pieces = test(json, sgd);
        let mut progress = Vec::new();
        while !pieces.is_done() {
            progress.push(pieces.run(7).unwrap().iteration);
        }
        assert_eq!(progress, vec![7, 14, 21, 28, 35, 40]);
        assert_eq!(whole.losses(), pieces.losses());
        assert_eq!(
            pieces.run(5).unwrap().iterations,
            0,
            "an ended test does nothing"
        );
        let first = whole.losses()[0];
        let lowest = whole.losses().iter().copied().fold(f64::INFINITY, f64::min);
        assert!(
            lowest < 0.5 * first,
            "the sweep reaches learning rates that learn"
        );
    }

    #[test]
    fn stops_when_the_smoothed_loss_runs_away_and_still_restores() {
        // Labels unrelated to the pixels: no lr fits them, and a huge one blows the loss up.
        let mut data = blobs(64, 3);
        for (i, y) in data.labels.iter_mut().enumerate() {
            *y = ((i * i + i / 3) % 4) as u8;
        }
        let config: RangeTestConfig =
            serde_json::from_str(r#"{"num_iter": 200, "end_lr": 1e6}"#).unwrap();
        let t = &mut RangeTest::new(config, model(SGD), data, 16, 7).unwrap();
        let before = t.params().to_vec();
        let p = t.run(usize::MAX).unwrap();
        assert!(p.iteration < 200, "{p:?} {:?}", t.losses());
        match p.stop {
            Some(StopReason::Diverged {
                iteration,
                smoothed,
                best,
                lr,
            }) => {
                assert_eq!(iteration, t.losses().len());
                assert!(smoothed > 4.0 * best);
                assert_eq!(lr, *t.lrs().last().unwrap());
            }
            Some(StopReason::NonFinite { iteration, .. }) => {
                assert_eq!(iteration, t.losses().len() + 1)
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(t.params(), &before[..]);
        assert!(t.losses().iter().all(|l| l.is_finite()));
    }

    #[test]
    fn cancel_restores_mid_sweep() {
        let mut t = test(r#"{"num_iter": 50}"#, r#"{"optimizer": "RMSprop"}"#);
        let before = (t.params().to_vec(), t.optimizer().state_dict());
        t.run(20).unwrap();
        t.cancel().unwrap();
        assert_eq!(t.stop(), Some(StopReason::Cancelled));
        assert_eq!((t.params().to_vec(), t.optimizer().state_dict()), before);
        assert_eq!(t.run(5).unwrap().iterations, 0);
        let mut u = test(r#"{"num_iter": 50}"#, r#"{"optimizer": "Adagrad"}"#);
        let before = u.params().to_vec();
        u.run(3).unwrap();
        let (_, params, _) = u.into_parts().unwrap();
        assert_eq!(
            params, before,
            "giving the parts back mid-sweep restores them"
        );
    }

    #[test]
    fn refuses_what_cannot_run() {
        let ok = RangeTestConfig::default();
        let bad = RangeTestConfig {
            end_lr: 1e-8,
            ..RangeTestConfig::default()
        };
        assert!(matches!(
            RangeTest::new(bad, model(SGD), blobs(8, 1), 4, 0),
            Err(Error::Config(_))
        ));
        assert!(RangeTest::new(ok.clone(), model(SGD), blobs(8, 1), 0, 0).is_err());
        let empty = Dataset {
            images: Vec::new(),
            labels: Vec::new(),
            rows: 2,
            cols: 2,
        };
        assert!(matches!(
            RangeTest::new(ok.clone(), model(SGD), empty, 4, 0),
            Err(Error::Data(_))
        ));
        let (m, p, o) = model(SGD);
        assert!(RangeTest::new(ok, (m, p[1..].to_vec(), o), blobs(8, 1), 4, 0).is_err());
    }
}
