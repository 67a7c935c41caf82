//! A training run that records its trajectory: the [`Trainer`] is run in pieces that end
//! exactly where a point is due (a sampling multiple, an epoch end, a snapshot), so the
//! parameters are copied only there, never on the other steps.

use serde::Serialize;

use super::trajectory::{PathPoint, Trajectory, TrajectoryConfig};
use crate::train::Trainer;
use crate::{Error, Result};

/// What one call to [`RecordedRun::run`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RecordProgress {
    /// Iterations performed by this call.
    pub iterations: usize,
    /// Iterations completed since the start.
    pub iteration: usize,
    /// Iterations of the whole run.
    pub total: usize,
    /// Points recorded so far.
    pub points: usize,
    /// Whether training has finished.
    pub done: bool,
}

/// A trainer and the path it leaves.
pub struct RecordedRun {
    trainer: Trainer,
    trajectory: Trajectory,
    snapshots: Vec<usize>,
    next_snapshot: usize,
}

impl RecordedRun {
    /// Records `trainer`'s path, tagging the parameters after each iteration in `snapshots`
    /// (increasing, 1-based iteration counts) as snapshots 0, 1, ...
    ///
    /// # Errors
    /// [`Error::Config`] for a bad trajectory budget, or snapshot iterations that are not
    /// increasing or lie outside the run.
    pub fn new(trainer: Trainer, config: &TrajectoryConfig, snapshots: Vec<usize>) -> Result<Self> {
        let total = trainer.total_iterations();
        if snapshots.windows(2).any(|w| w[0] >= w[1])
            || snapshots.first().is_some_and(|&s| s == 0)
            || snapshots.last().is_some_and(|&s| s > total)
        {
            return Err(Error::Config(format!(
                "snapshot iterations must increase within 1..={total}, got {snapshots:?}"
            )));
        }
        let mut trajectory = Trajectory::new(config, trainer.model().num_params())?;
        let lr = trainer
            .optimizer()
            .param_groups()
            .first()
            .map_or(f64::NAN, |g| g.lr);
        let start = PathPoint {
            iteration: 0,
            epoch: 0,
            lr,
            epoch_end: false,
            snapshot: None,
        };
        trajectory.push(start, trainer.params())?;
        Ok(RecordedRun {
            trainer,
            trajectory,
            snapshots,
            next_snapshot: 0,
        })
    }

    /// Trains up to `max_iterations` more iterations, recording on the way.
    ///
    /// # Errors
    /// The trainer's ([`Error::Diverged`], optimizer and scheduler errors) and the
    /// trajectory's (a budget too small for the snapshots).
    pub fn run(&mut self, max_iterations: usize) -> Result<RecordProgress> {
        let mut iterations = 0;
        while iterations < max_iterations && !self.trainer.is_done() {
            let it = self.trainer.iteration();
            let per_epoch = self.trainer.iterations_per_epoch().max(1);
            let stride = self.trajectory.stride();
            let mut target = ((it / stride) + 1) * stride;
            target = target.min((it / per_epoch + 1) * per_epoch);
            if let Some(&s) = self.snapshots.get(self.next_snapshot) {
                target = target.min(s);
            }
            target = target.min(it + (max_iterations - iterations));
            let p = self.trainer.run(target - it)?;
            iterations += p.iterations;
            let now = self.trainer.iteration();
            let epoch_end = p.epochs_ended > 0 && self.trainer.epoch() * per_epoch == now;
            let snapshot = (self.snapshots.get(self.next_snapshot) == Some(&now)).then(|| {
                self.next_snapshot += 1;
                self.next_snapshot - 1
            });
            if epoch_end || snapshot.is_some() || self.trajectory.wants_sample(now) {
                let point = PathPoint {
                    iteration: now,
                    epoch: self.trainer.epoch(),
                    lr: self
                        .trainer
                        .history()
                        .lr
                        .last()
                        .copied()
                        .unwrap_or(f64::NAN),
                    epoch_end,
                    snapshot,
                };
                self.trajectory.push(point, self.trainer.params())?;
            }
            if p.iterations == 0 {
                break;
            }
        }
        Ok(RecordProgress {
            iterations,
            iteration: self.trainer.iteration(),
            total: self.trainer.total_iterations(),
            points: self.trajectory.len(),
            done: self.trainer.is_done(),
        })
    }

    /// Whether training has finished.
    pub fn is_done(&self) -> bool {
        self.trainer.is_done()
    }

    /// The trainer (history, model, final parameters, validation set).
    pub fn trainer(&self) -> &Trainer {
        &self.trainer
    }

    /// The path so far.
    pub fn trajectory(&self) -> &Trajectory {
        &self.trajectory
    }

    /// The snapshot iterations asked for.
    pub fn snapshot_iterations(&self) -> &[usize] {
        &self.snapshots
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lrfind::fixtures::blobs;
    use crate::train::TrainConfig;

    fn trainer(epochs: usize) -> Trainer {
        let mut c = TrainConfig::from_json(
            r#"{"optimizer": {"optimizer": "SGD", "lr": 0.5}, "batch_size": 10}"#,
        )
        .unwrap();
        c.epochs = epochs;
        c.data.train_size = 50;
        c.data.val_size = 20;
        c.model.hidden = vec![4];
        c.build(&blobs(100, 1), None).unwrap()
    }

    #[test]
    fn records_samples_epoch_ends_and_snapshots_however_chunked() {
        let config = TrajectoryConfig {
            every: 3,
            budget_mb: 1.0,
        };
        let mut whole = RecordedRun::new(trainer(3), &config, vec![7, 15]).unwrap();
        whole.run(usize::MAX).unwrap();
        let mut pieces = RecordedRun::new(trainer(3), &config, vec![7, 15]).unwrap();
        while !pieces.is_done() {
            assert!(pieces.run(2).unwrap().iterations <= 2);
        }
        assert_eq!(whole.trajectory(), pieces.trajectory());
        let t = whole.trajectory();
        let its: Vec<usize> = t.points().iter().map(|p| p.iteration).collect();
        assert_eq!(its, vec![0, 3, 5, 6, 7, 9, 10, 12, 15]);
        let ends: Vec<usize> = t
            .points()
            .iter()
            .filter(|p| p.epoch_end)
            .map(|p| p.iteration)
            .collect();
        assert_eq!(ends, vec![5, 10, 15]);
        assert_eq!(t.snapshot_indices(), vec![4, 8]);
        assert_eq!(t.params(8), Some(whole.trainer().params()));
        assert_eq!(t.points()[0].lr, 0.5);
        assert_eq!(t.points()[3].epoch, 1);
    }

    #[test]
    fn snapshot_iterations_must_fit_the_run() {
        let c = TrajectoryConfig::default();
        assert!(RecordedRun::new(trainer(1), &c, vec![0]).is_err());
        assert!(RecordedRun::new(trainer(1), &c, vec![3, 2]).is_err());
        assert!(RecordedRun::new(trainer(1), &c, vec![6]).is_err());
    }
}
