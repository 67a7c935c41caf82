//! The training loop in the lecture's order, run in chunks so a web worker can pause, resume,
//! single-step and stop between them:
//!
//! ```text
//! for epoch in 1..=epochs:
//!     for (x, y) in shuffled mini-batches:        # drop_last=False, like DataLoader
//!         zero grad; loss = CE(model(x), y); backward
//!         optimizer.step()
//!         if per-iteration schedule: scheduler.step()
//!     validate
//!     if per-epoch schedule: scheduler.step()     # ReduceLROnPlateau: step(val_loss)
//! ```

use rand::seq::SliceRandom;
use rand_pcg::Pcg64;
use serde::Serialize;

use super::history::{update_ratio_and_keep, EpochRecord, History};
use crate::data::{seeded_rng, Dataset, CLASSES};
use crate::nn::{Mlp, Workspace};
use crate::optim::Optimizer;
use crate::schedule::LrScheduler;
use crate::{Error, Result};

/// Stream of [`seeded_rng`] for the batch order.
const BATCH_STREAM: u64 = 0xba7c_0de5_0000_0002;

/// A scheduler and when the loop steps it.
pub struct Schedule {
    /// The scheduler, built on the optimizer's param groups.
    pub scheduler: Box<dyn LrScheduler>,
    /// Step after every optimizer step (CyclicLR, OneCycleLR) instead of after validation.
    pub per_iteration: bool,
    /// Pass a metric to `step` (ReduceLROnPlateau): the validation loss per epoch, or the
    /// batch's training loss when stepped per iteration.
    pub needs_metric: bool,
}

/// Loop settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoopSettings {
    /// Samples per mini-batch.
    pub batch_size: usize,
    /// Passes over the training set.
    pub epochs: usize,
    /// Seed of the batch order.
    pub seed: u64,
}

/// What one call to [`Trainer::run`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Iterations (optimizer steps) performed by this call.
    pub iterations: usize,
    /// Epochs that ended (validated, scheduler stepped) during this call.
    pub epochs_ended: usize,
    /// Iterations completed since the start.
    pub iteration: usize,
    /// Epochs completed since the start.
    pub epoch: usize,
    /// Whether the run has finished all its epochs.
    pub done: bool,
}

/// A validation digit for the gallery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Prediction {
    /// Index in the validation set.
    pub index: usize,
    /// True class.
    pub label: u8,
    /// The network's class.
    pub predicted: u8,
}

/// A training run: the model, its parameters, the optimizer and schedule, data and history.
pub struct Trainer {
    model: Mlp,
    params: Vec<f32>,
    grads: Vec<f32>,
    /// The weights as the last step left them (so, before the next step): the update ratios
    /// compare a step's result with it and renew it in the same pass over the weights.
    before: Vec<f32>,
    optimizer: Box<dyn Optimizer>,
    schedule: Option<Schedule>,
    train: Dataset,
    val: Dataset,
    settings: LoopSettings,
    rng: Pcg64,
    order: Vec<usize>,
    x_batch: Vec<f32>,
    y_batch: Vec<u8>,
    ws: Workspace,
    pos: usize,
    epoch_loss: f64,
    history: History,
    /// The lr applied at the latest iteration (the epoch record's lr).
    last_lr: f64,
    predictions: Vec<u8>,
    confusion: [[u32; CLASSES]; CLASSES],
    failed: Option<Error>,
}

impl Trainer {
    /// A run of `model` from `params` on `train`, validated on `val`.
    ///
    /// # Errors
    /// [`Error::Config`] for a zero batch size or epoch count, or parameters that do not fit
    /// the model; [`Error::Data`] for empty sets or images that do not fit the model.
    pub fn new(
        model: Mlp,
        params: Vec<f32>,
        optimizer: Box<dyn Optimizer>,
        schedule: Option<Schedule>,
        (train, val): (Dataset, Dataset),
        settings: LoopSettings,
    ) -> Result<Trainer> {
        if settings.batch_size == 0 || settings.epochs == 0 {
            return Err(Error::Config(format!(
                "batch_size and epochs must be at least 1, got {} and {}",
                settings.batch_size, settings.epochs
            )));
        }
        if params.len() != model.num_params() {
            return Err(Error::Config(format!(
                "the model has {} parameters but {} were given",
                model.num_params(),
                params.len()
            )));
        }
        for (set, name) in [(&train, "training"), (&val, "validation")] {
            if set.is_empty() {
                return Err(Error::Data(format!("the {name} set is empty")));
            }
            if set.pixels() != model.inputs() {
                return Err(Error::Data(format!(
                    "{name} images have {} pixels but the model takes {}",
                    set.pixels(),
                    model.inputs()
                )));
            }
        }
        let batch = settings.batch_size.min(train.len());
        let ws = model.workspace(batch);
        let mut history = History::new(model.layers().len());
        // One epoch's per-iteration series (and a long run's epoch records) are reserved up
        // front, so that iterations do not allocate; the worker's `forget_iteration_history`
        // keeps that capacity.
        history.reserve(
            train.len().div_ceil(settings.batch_size),
            settings.epochs.min(4096),
        );
        let n = model.num_params();
        Ok(Trainer {
            x_batch: vec![0.0; batch * model.inputs()],
            y_batch: vec![0; batch],
            grads: vec![0.0; n],
            before: params.clone(),
            predictions: vec![0; val.len()],
            rng: seeded_rng(settings.seed, BATCH_STREAM),
            order: (0..train.len()).collect(),
            model,
            params,
            optimizer,
            schedule,
            train,
            val,
            settings,
            ws,
            pos: 0,
            epoch_loss: 0.0,
            history,
            last_lr: f64::NAN,
            confusion: [[0; CLASSES]; CLASSES],
            failed: None,
        })
    }

    /// Runs up to `max_iterations` iterations (fewer if the run ends), including the epoch ends
    /// (validation, per-epoch scheduler step) reached on the way. `run(0)` does nothing.
    ///
    /// # Errors
    /// [`Error::Diverged`] when a loss is NaN or infinite (the bad step is not applied, and the
    /// run stops for good); any error of the optimizer or scheduler (e.g. OneCycleLR stepped
    /// past `total_steps`). After an error every further call returns it again.
    pub fn run(&mut self, max_iterations: usize) -> Result<Progress> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let (mut iterations, mut epochs_ended) = (0, 0);
        while iterations < max_iterations && !self.is_done() {
            let result = self.iterate().and_then(|()| {
                if self.pos == self.train.len() {
                    self.end_epoch()?;
                    epochs_ended += 1;
                }
                Ok(())
            });
            if let Err(e) = result {
                self.failed = Some(e.clone());
                return Err(e);
            }
            iterations += 1;
        }
        Ok(Progress {
            iterations,
            epochs_ended,
            iteration: self.iteration(),
            epoch: self.epoch(),
            done: self.is_done(),
        })
    }

    /// One mini-batch: forward, backward, `optimizer.step()`, per-iteration scheduler step.
    fn iterate(&mut self) -> Result<()> {
        if self.pos == 0 {
            self.order.shuffle(&mut self.rng);
            self.epoch_loss = 0.0;
        }
        let inputs = self.model.inputs();
        let end = (self.pos + self.settings.batch_size).min(self.train.len());
        let rows = end - self.pos;
        for (k, &i) in self.order[self.pos..end].iter().enumerate() {
            let src = &self.train.images[i * inputs..(i + 1) * inputs];
            self.x_batch[k * inputs..(k + 1) * inputs].copy_from_slice(src);
            self.y_batch[k] = self.train.labels[i];
        }
        let (x, y) = (&self.x_batch[..rows * inputs], &self.y_batch[..rows]);
        let loss = self
            .model
            .loss_and_grad(&self.params, x, y, &mut self.grads, &mut self.ws)?;
        // The values in force for this step (read, not cloned: a group owns a Vec).
        let group = self.optimizer.param_groups().first();
        let lr = group.map_or(f64::NAN, |g| g.lr);
        let momentum = group.and_then(|g| g.momentum.or(g.betas.map(|b| b.0)));
        if !loss.is_finite() {
            return Err(Error::Diverged {
                iteration: self.iteration() + 1,
                lr,
            });
        }
        // `before` holds the weights since the last step: only `step` writes the parameters.
        self.optimizer.step(&mut self.params, &self.grads)?;

        self.history.loss.push(loss as f32);
        self.history.lr.push(lr);
        self.last_lr = lr;
        if let Some(m) = momentum {
            self.history.momentum.push(m);
        }
        for (l, shape) in self.model.layers().iter().enumerate() {
            let w = shape.weight..shape.bias;
            let ratio = update_ratio_and_keep(&mut self.before[w.clone()], &self.params[w]);
            self.history.update_ratio[l].push(ratio);
        }
        self.epoch_loss += loss * rows as f64;
        self.pos = end;

        if let Some(s) = self.schedule.as_mut().filter(|s| s.per_iteration) {
            let groups = self.optimizer.param_groups_mut();
            if s.needs_metric {
                s.scheduler.step_metric(groups, loss)?;
            } else {
                s.scheduler.step(groups)?;
            }
        }
        Ok(())
    }

    /// Validation, the epoch record, then the per-epoch scheduler step.
    fn end_epoch(&mut self) -> Result<()> {
        let eval = self.model.evaluate(
            &self.params,
            &self.val.images,
            &self.val.labels,
            &mut self.ws,
            Some(&mut self.predictions),
        )?;
        let lr = self.last_lr;
        if !eval.loss.is_finite() {
            return Err(Error::Diverged {
                iteration: self.iteration(),
                lr,
            });
        }
        self.confusion = [[0; CLASSES]; CLASSES];
        for (&y, &p) in self.val.labels.iter().zip(&self.predictions) {
            self.confusion[usize::from(y)][usize::from(p) % CLASSES] += 1;
        }
        self.history.epochs.push(EpochRecord {
            epoch: self.history.epochs.len() + 1,
            train_loss: self.epoch_loss / self.train.len() as f64,
            val_loss: eval.loss,
            val_acc: eval.accuracy,
            lr,
        });
        self.pos = 0;
        if let Some(s) = self.schedule.as_mut().filter(|s| !s.per_iteration) {
            let groups = self.optimizer.param_groups_mut();
            if s.needs_metric {
                s.scheduler.step_metric(groups, eval.loss)?;
            } else {
                s.scheduler.step(groups)?;
            }
        }
        Ok(())
    }

    /// Everything recorded so far (per-iteration series since the last
    /// [`Trainer::forget_iteration_history`]).
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Drops the per-iteration series recorded so far, keeping their count: a reader that has
    /// taken them (the page's worker) bounds the run's memory this way.
    pub fn forget_iteration_history(&mut self) {
        self.history.forget_iterations();
    }

    /// The current parameters (one flat buffer, layout of [`Mlp::tensor_lens`]).
    pub fn params(&self) -> &[f32] {
        &self.params
    }

    /// The network.
    pub fn model(&self) -> &Mlp {
        &self.model
    }

    /// The optimizer (its `param_groups` show the lr and momentum now in force).
    pub fn optimizer(&self) -> &dyn Optimizer {
        self.optimizer.as_ref()
    }

    /// The training set.
    pub fn train_set(&self) -> &Dataset {
        &self.train
    }

    /// The validation set.
    pub fn val_set(&self) -> &Dataset {
        &self.val
    }

    /// Iterations completed.
    pub fn iteration(&self) -> usize {
        self.history.iterations()
    }

    /// Epochs completed.
    pub fn epoch(&self) -> usize {
        self.history.epochs.len()
    }

    /// Mini-batches per epoch (the last one may be smaller).
    pub fn iterations_per_epoch(&self) -> usize {
        self.train.len().div_ceil(self.settings.batch_size)
    }

    /// Iterations of the whole run.
    pub fn total_iterations(&self) -> usize {
        self.iterations_per_epoch() * self.settings.epochs
    }

    /// Whether all epochs have run.
    pub fn is_done(&self) -> bool {
        self.epoch() >= self.settings.epochs
    }

    /// The error that stopped the run, if one did.
    pub fn error(&self) -> Option<&Error> {
        self.failed.as_ref()
    }

    /// The network's class for every validation digit at the last epoch end (all zero before).
    pub fn val_predictions(&self) -> &[u8] {
        &self.predictions
    }

    /// Every validation digit with its label and prediction, for the gallery.
    pub fn gallery(&self) -> Vec<Prediction> {
        self.val
            .labels
            .iter()
            .zip(&self.predictions)
            .enumerate()
            .map(|(index, (&label, &predicted))| Prediction {
                index,
                label,
                predicted,
            })
            .collect()
    }

    /// `confusion[true][predicted]` counts on the validation set at the last epoch end.
    pub fn confusion(&self) -> &[[u32; CLASSES]; CLASSES] {
        &self.confusion
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::nn::{Activation, MlpConfig};
    use crate::optim::{OptimizerConfig, SGDConfig};
    use crate::ParamGroup;
    use rand::RngCore;

    /// PyTorch's SGD without momentum (`p -= lr * g`).
    fn sgd(model: &Mlp, lr: f64) -> Box<dyn Optimizer> {
        let config = SGDConfig {
            lr,
            ..SGDConfig::default()
        };
        OptimizerConfig::SGD(config)
            .build(&model.tensor_lens(), None)
            .unwrap()
    }

    /// Halves the lr on `step`; on `step_metric` sets it to `metric / 1000` (so tests can see
    /// which metric arrived and when).
    struct Probe {
        steps: i64,
    }

    impl LrScheduler for Probe {
        fn step(&mut self, groups: &mut [ParamGroup]) -> Result<()> {
            self.steps += 1;
            groups[0].lr /= 2.0;
            Ok(())
        }
        fn step_metric(&mut self, groups: &mut [ParamGroup], metric: f64) -> Result<()> {
            self.steps += 1;
            groups[0].lr = metric / 1000.0;
            Ok(())
        }
        fn last_epoch(&self) -> i64 {
            self.steps
        }
        fn get_last_lr(&self) -> Vec<f64> {
            Vec::new()
        }
    }

    /// Four classes of 2x2 images: class c lights pixel c, plus noise.
    pub(crate) fn blobs(n: usize, seed: u64) -> Dataset {
        let mut rng = seeded_rng(seed, 99);
        let mut images = Vec::with_capacity(n * 4);
        let mut labels = Vec::with_capacity(n);
        for i in 0..n {
            let c = i % 4;
            for p in 0..4 {
                let noise = (rng.next_u32() >> 8) as f32 / (1 << 24) as f32 * 0.3;
                images.push(if p == c { 1.0 - noise } else { noise });
            }
            labels.push(c as u8);
        }
        Dataset {
            images,
            labels,
            rows: 2,
            cols: 2,
        }
    }

    fn trainer(lr: f64, schedule: Option<Schedule>, batch_size: usize, epochs: usize) -> Trainer {
        trainer_with(Activation::Tanh, lr, schedule, batch_size, epochs)
    }

    fn trainer_with(
        activation: Activation,
        lr: f64,
        schedule: Option<Schedule>,
        batch_size: usize,
        epochs: usize,
    ) -> Trainer {
        let model = MlpConfig {
            hidden: vec![8],
            activation,
        }
        .build(4, 10)
        .unwrap();
        let params = model.init_params(&mut seeded_rng(1, 2));
        let sgd = sgd(&model, lr);
        let settings = LoopSettings {
            batch_size,
            epochs,
            seed: 3,
        };
        Trainer::new(
            model,
            params,
            sgd,
            schedule,
            (blobs(90, 4), blobs(40, 5)),
            settings,
        )
        .unwrap()
    }

    fn probe(per_iteration: bool, needs_metric: bool) -> Option<Schedule> {
        Some(Schedule {
            scheduler: Box::new(Probe { steps: 0 }),
            per_iteration,
            needs_metric,
        })
    }

    #[test]
    fn learns_a_separable_problem() {
        let mut t = trainer(1.0, None, 10, 20);
        let p = t.run(usize::MAX).unwrap();
        assert_eq!(
            (p.iterations, p.epochs_ended, p.epoch, p.done),
            (180, 20, 20, true)
        );
        let h = t.history();
        assert!(h.epochs[19].val_acc > 0.95, "{:?}", h.epochs[19]);
        assert!(h.epochs[19].val_loss < h.epochs[0].val_loss);
        assert_eq!(h.loss.len(), 180);
        assert_eq!(h.momentum, vec![0.0; 180]);
        assert!(
            t.run(5).unwrap().iterations == 0,
            "a finished run does nothing"
        );
    }

    #[test]
    fn same_seed_same_history_however_it_is_chunked() {
        let mut whole = trainer(0.3, probe(true, false), 16, 3);
        whole.run(usize::MAX).unwrap();
        let mut pieces = trainer(0.3, probe(true, false), 16, 3);
        let mut ends = 0;
        while !pieces.is_done() {
            let p = pieces.run(4).unwrap();
            assert!(p.iterations <= 4);
            ends += p.epochs_ended;
        }
        assert_eq!(ends, 3);
        assert_eq!(whole.history(), pieces.history());
        assert_eq!(whole.params(), pieces.params());
        assert_eq!(whole.iterations_per_epoch(), 6);
        assert_eq!(whole.total_iterations(), 18);
    }

    #[test]
    fn per_epoch_schedule_steps_after_validation() {
        let mut t = trainer(0.8, probe(false, false), 30, 3);
        t.run(usize::MAX).unwrap();
        let h = t.history();
        assert_eq!(h.lr, [[0.8; 3], [0.4; 3], [0.2; 3]].concat());
        let lrs: Vec<f64> = h.epochs.iter().map(|e| e.lr).collect();
        assert_eq!(lrs, vec![0.8, 0.4, 0.2]);
        assert_eq!(t.optimizer().param_groups()[0].lr, 0.1);
    }

    #[test]
    fn per_iteration_schedule_steps_after_every_batch() {
        let mut t = trainer(1.0, probe(true, false), 45, 2);
        t.run(usize::MAX).unwrap();
        assert_eq!(t.history().lr, vec![1.0, 0.5, 0.25, 0.125]);
    }

    #[test]
    fn plateau_schedule_receives_the_validation_loss() {
        let mut t = trainer(0.5, probe(false, true), 30, 2);
        t.run(usize::MAX).unwrap();
        let h = t.history();
        assert_eq!(h.lr[3], h.epochs[0].val_loss / 1000.0);
        let mut per_batch = trainer(0.5, probe(true, true), 30, 1);
        per_batch.run(usize::MAX).unwrap();
        let h = per_batch.history();
        let want = f64::from(h.loss[0]) / 1000.0;
        assert!(
            (h.lr[1] - want).abs() < 1e-9,
            "per-iteration metric is the batch loss"
        );
    }

    #[test]
    fn divergence_stops_the_run_and_says_where() {
        let mut t = trainer_with(Activation::Relu, 1e30, None, 10, 5);
        let err = t.run(usize::MAX).unwrap_err();
        let Error::Diverged { iteration, lr } = err.clone() else {
            panic!("{err:?}")
        };
        assert!(iteration >= 2, "the first loss is finite");
        assert_eq!(lr, 1e30);
        assert_eq!(t.iteration(), iteration - 1, "the bad step is not applied");
        assert!(err
            .to_string()
            .starts_with(&format!("diverged at iteration {iteration}, lr = ")));
        assert_eq!(t.run(1), Err(err.clone()));
        assert_eq!(t.error(), Some(&err));
    }

    #[test]
    fn update_ratio_is_lr_times_gradient_norm_over_weight_norm() {
        let mut t = trainer(0.1, None, 90, 1);
        let (model, w0) = (t.model().clone(), t.params().to_vec());
        let train = t.train_set().clone();
        t.run(1).unwrap();
        let mut grad = vec![0.0; model.num_params()];
        let mut ws = model.workspace(90);
        model
            .loss_and_grad(&w0, &train.images, &train.labels, &mut grad, &mut ws)
            .unwrap();
        for (l, shape) in model.layers().iter().enumerate() {
            let w = shape.weight..shape.bias;
            let g: f64 = grad[w.clone()]
                .iter()
                .map(|&v| f64::from(v).powi(2))
                .sum::<f64>()
                .sqrt();
            let n: f64 = w0[w]
                .iter()
                .map(|&v| f64::from(v).powi(2))
                .sum::<f64>()
                .sqrt();
            let got = f64::from(t.history().update_ratio[l][0]);
            assert!(
                (got - 0.1 * g / n).abs() < 1e-4 * got,
                "layer {l}: {got} vs {}",
                0.1 * g / n
            );
        }
    }

    #[test]
    fn confusion_matrix_and_gallery_describe_the_validation_set() {
        let mut t = trainer(0.5, None, 10, 2);
        t.run(usize::MAX).unwrap();
        let total: u32 = t.confusion().iter().flatten().sum();
        assert_eq!(total, 40);
        let diagonal: u32 = (0..CLASSES).map(|c| t.confusion()[c][c]).sum();
        let acc = t.history().epochs[1].val_acc;
        assert!((f64::from(diagonal) / 40.0 - acc).abs() < 1e-12);
        let gallery = t.gallery();
        assert_eq!(gallery.len(), 40);
        assert_eq!(
            gallery[5],
            Prediction {
                index: 5,
                label: 1,
                predicted: t.val_predictions()[5]
            }
        );
    }

    #[test]
    fn rejects_impossible_settings() {
        let model = Mlp::new(&[4, 10], Activation::Relu).unwrap();
        let params = vec![0.0; model.num_params()];
        let sgd = || sgd(&Mlp::new(&[4, 10], Activation::Relu).unwrap(), 0.1);
        let data = || (blobs(8, 1), blobs(8, 2));
        let zero = LoopSettings {
            batch_size: 0,
            epochs: 1,
            seed: 0,
        };
        assert!(matches!(
            Trainer::new(model.clone(), params.clone(), sgd(), None, data(), zero),
            Err(Error::Config(_))
        ));
        let ok = LoopSettings {
            batch_size: 4,
            epochs: 1,
            seed: 0,
        };
        let wide = Mlp::new(&[9, 10], Activation::Relu).unwrap();
        let p9 = vec![0.0; wide.num_params()];
        assert!(
            matches!(Trainer::new(wide, p9, sgd(), None, data(), ok), Err(Error::Data(m)) if m.contains("4 pixels"))
        );
        assert!(Trainer::new(model, params[1..].to_vec(), sgd(), None, data(), ok).is_err());
    }
}
