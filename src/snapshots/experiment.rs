//! The snapshot-ensemble experiment, chunked for a worker: train with restarts taking a
//! snapshot at each cycle end, train the single-model baseline for the same budget (same seed,
//! data and optimizer), score every snapshot and every ensemble of the last 1..M snapshots
//! (softmax average and weight average), then draw both paths on one plane.

use std::sync::Arc;

use serde::Serialize;

use super::cycles::CycleSchedule;
use super::ensemble::{ensemble_score, softmax_outputs, weight_average_score};
use super::spec::{FigurePlane, SnapshotSpec};
use crate::data::Dataset;
use crate::landscape::{
    choose_plane, plane_through, Axes, GridProgress, PlacedPoint, PlaneReport, PlaneSpec,
    PlaneView, ProjectionError, RecordProgress, RecordedRun,
};
use crate::train::{ScheduleStep, TrainConfig};
use crate::{Error, Result};

/// Where a [`SnapshotExperiment`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SnapshotPhase {
    /// Training with restarts.
    Cyclic,
    /// Training the single model.
    Baseline,
    /// Both trained; the next call scores snapshots and ensembles.
    Evaluate,
    /// Scored; the next call chooses the shared plane.
    Plane,
    /// Evaluating the shared plane's grid.
    Grid,
    /// Finished.
    Done,
}

/// Where the experiment is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SnapshotProgress {
    /// The phase after the call.
    pub phase: SnapshotPhase,
    /// The cyclic run's training.
    pub cyclic: RecordProgress,
    /// The baseline's training.
    pub baseline: RecordProgress,
    /// The figure's grid, once its plane is chosen.
    pub grid: Option<GridProgress>,
    /// Overall progress in `0..=1`.
    pub fraction: f64,
}

/// One snapshot's score on the validation set.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SnapshotResult {
    /// 1-based snapshot number.
    pub snapshot: usize,
    /// Iterations trained when it was taken.
    pub iteration: usize,
    /// Epochs completed by then.
    pub epoch: usize,
    /// The lr of its last step (near zero: the end of a cycle).
    pub lr: f64,
    /// Validation cross-entropy.
    pub loss: f64,
    /// Validation accuracy.
    pub accuracy: f64,
}

/// The ensemble of the last `members` snapshots.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EnsembleResult {
    /// How many of the last snapshots it combines.
    pub members: usize,
    /// Accuracy of the averaged softmax outputs.
    pub accuracy: f64,
    /// Negative log-likelihood of the averaged softmax outputs.
    pub loss: f64,
    /// Accuracy of the network with the members' averaged weights.
    pub weight_average_accuracy: f64,
    /// Its cross-entropy.
    pub weight_average_loss: f64,
}

/// The single model trained with a standard decay.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BaselineResult {
    /// Its scheduler's class name.
    pub scheduler: String,
    /// Validation cross-entropy at the end.
    pub loss: f64,
    /// Validation accuracy at the end.
    pub accuracy: f64,
}

/// The side-by-side figure's data: both paths on one plane, with its grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureReport {
    /// Grid coordinates.
    pub axes: Axes,
    /// `loss[j][i]` at `(x[i], y[j])`.
    pub loss: Vec<Vec<f64>>,
    /// `accuracy[j][i]`.
    pub accuracy: Vec<Vec<f64>>,
    /// The baseline's path (the paper's left panel).
    pub baseline_path: Vec<PlacedPoint>,
    /// The cyclic run's path, snapshots marked (the right panel).
    pub cyclic_path: Vec<PlacedPoint>,
    /// The plane.
    pub plane: PlaneReport,
}

/// The scores: `lrlab snapshots`' output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SnapshotReport {
    /// The cyclic schedule.
    pub schedule: CycleSchedule,
    /// Validation images scored.
    pub eval_size: usize,
    /// Each snapshot.
    pub snapshots: Vec<SnapshotResult>,
    /// Ensembles of the last 1..M snapshots.
    pub ensembles: Vec<EnsembleResult>,
    /// The single model.
    pub baseline: BaselineResult,
    /// The figure, once its grid is ready (coarse first).
    pub figure: Option<FigureReport>,
}

/// The whole experiment.
pub struct SnapshotExperiment {
    spec: SnapshotSpec,
    cyclic: RecordedRun,
    baseline: RecordedRun,
    scores: Option<(Vec<SnapshotResult>, Vec<EnsembleResult>, BaselineResult)>,
    view: Option<PlaneView>,
}

fn with_schedule(
    train: &TrainConfig,
    schedule: crate::schedule::SchedulerConfig,
    step: ScheduleStep,
) -> TrainConfig {
    TrainConfig {
        schedule: Some(schedule),
        schedule_step: step,
        ..train.clone()
    }
}

impl SnapshotExperiment {
    /// Plans both runs of `spec` on the images of `pool` (and `test`).
    ///
    /// # Errors
    /// Configuration errors of either run (PyTorch's messages for the optimizer and
    /// schedulers), and those of the cycles and the trajectory budget.
    pub fn new(
        spec: &SnapshotSpec,
        pool: Arc<Dataset>,
        test: Option<Arc<Dataset>>,
    ) -> Result<Self> {
        let train = &spec.train;
        train.validate()?;
        if train.schedule.is_some() {
            return Err(Error::Config(
                "the snapshot experiment sets the schedule itself (snapshots.schedule)".into(),
            ));
        }
        let total = train.total_iterations();
        let per_epoch = train.data.train_size.div_ceil(train.batch_size);
        let s = &spec.snapshots;
        let ends = s.schedule.cycle_ends(total, per_epoch)?;
        let cyclic_config = with_schedule(
            train,
            s.schedule.scheduler(total, per_epoch)?,
            ScheduleStep::Iteration,
        );
        let baseline_config =
            with_schedule(train, s.baseline_for(train.epochs), ScheduleStep::Epoch);
        let cyclic = cyclic_config.build(&pool, test.as_deref())?;
        let baseline = baseline_config.build(&pool, test.as_deref())?;
        if let Some(n) = s.figure.as_ref().and_then(|f| f.grid.eval_size) {
            if n > cyclic.val_set().len() {
                return Err(Error::Config(format!(
                    "figure.grid.eval_size = {n} exceeds the {} validation images",
                    cyclic.val_set().len()
                )));
            }
        }
        Ok(SnapshotExperiment {
            cyclic: RecordedRun::new(cyclic, &s.trajectory, ends)?,
            baseline: RecordedRun::new(baseline, &s.trajectory, Vec::new())?,
            spec: spec.clone(),
            scores: None,
            view: None,
        })
    }

    /// Does up to `max_work` units: iterations while training, grid points after; scoring
    /// and choosing the plane take one call each.
    ///
    /// # Errors
    /// Training errors (a diverged run stops the experiment) and plane errors.
    pub fn run(&mut self, max_work: usize) -> Result<SnapshotProgress> {
        match self.progress().phase {
            SnapshotPhase::Cyclic => {
                self.cyclic.run(max_work)?;
            }
            SnapshotPhase::Baseline => {
                self.baseline.run(max_work)?;
            }
            SnapshotPhase::Evaluate => self.scores = Some(self.score()?),
            SnapshotPhase::Plane => self.view = Some(self.figure_view()?),
            SnapshotPhase::Grid => {
                if let Some(v) = self.view.as_mut() {
                    v.run(max_work);
                }
            }
            SnapshotPhase::Done => {}
        }
        Ok(self.progress())
    }

    fn score(&self) -> Result<(Vec<SnapshotResult>, Vec<EnsembleResult>, BaselineResult)> {
        let trainer = self.cyclic.trainer();
        let (model, val) = (trainer.model(), trainer.val_set());
        let path = self.cyclic.trajectory();
        let indices = path.snapshot_indices();
        let params: Vec<&[f32]> = indices.iter().filter_map(|&i| path.params(i)).collect();
        let mut ws = model.workspace(256);
        let mut snapshots = Vec::with_capacity(params.len());
        let mut probs = Vec::with_capacity(params.len());
        for (k, (&i, p)) in indices.iter().zip(&params).enumerate() {
            let e = model.evaluate(p, &val.images, &val.labels, &mut ws, None)?;
            let point = path.points()[i];
            snapshots.push(SnapshotResult {
                snapshot: k + 1,
                iteration: point.iteration,
                epoch: point.epoch,
                lr: point.lr,
                loss: e.loss,
                accuracy: e.accuracy,
            });
            probs.push(softmax_outputs(model, p, &val.images)?);
        }
        let mut ensembles = Vec::with_capacity(params.len());
        for m in 1..=params.len() {
            let from = params.len() - m;
            let members: Vec<&[f32]> = probs[from..].iter().map(Vec::as_slice).collect();
            let soft = ensemble_score(&members, &val.labels, model.classes())?;
            let avg = weight_average_score(model, &params[from..], &val.images, &val.labels)?;
            ensembles.push(EnsembleResult {
                members: m,
                accuracy: soft.accuracy,
                loss: soft.loss,
                weight_average_accuracy: avg.accuracy,
                weight_average_loss: avg.loss,
            });
        }
        let b = self.baseline.trainer();
        let last = b.params();
        let e = b
            .model()
            .evaluate(last, &val.images, &val.labels, &mut ws, None)?;
        let scheduler = self
            .spec
            .snapshots
            .baseline_for(self.spec.train.epochs)
            .name()
            .to_string();
        Ok((
            snapshots,
            ensembles,
            BaselineResult {
                scheduler,
                loss: e.loss,
                accuracy: e.accuracy,
            },
        ))
    }

    fn figure_view(&self) -> Result<PlaneView> {
        let figure = self
            .spec
            .snapshots
            .figure
            .as_ref()
            .ok_or_else(|| Error::Config("this experiment has no figure".into()))?;
        let trainer = self.cyclic.trainer();
        let (cyclic, baseline) = (self.cyclic.trajectory(), self.baseline.trajectory());
        let plane = match figure.plane {
            FigurePlane::Pca => {
                choose_plane(&PlaneSpec::Pca {}, trainer.model(), &[cyclic, baseline])?
            }
            FigurePlane::Snapshots => {
                let s = cyclic.snapshot_indices();
                if s.len() < 3 {
                    return Err(Error::Config(format!(
                        "a plane through the last three snapshots needs 3 snapshots, the run \
                         took {}",
                        s.len()
                    )));
                }
                let at = |i: usize| cyclic.params(s[i]).unwrap_or_default();
                let n = s.len();
                plane_through(at(n - 3), at(n - 2), at(n - 1))?
            }
        };
        PlaneView::new(
            trainer.model(),
            plane,
            &[cyclic, baseline],
            trainer.val_set(),
            &figure.grid,
        )
    }

    /// Where the experiment is, without doing any work.
    pub fn progress(&self) -> SnapshotProgress {
        let status = |r: &RecordedRun| {
            let t = r.trainer();
            RecordProgress {
                iterations: 0,
                iteration: t.iteration(),
                total: t.total_iterations(),
                points: r.trajectory().len(),
                done: t.is_done(),
            }
        };
        let (cyclic, baseline) = (status(&self.cyclic), status(&self.baseline));
        let grid = self.view.as_ref().map(|v| v.grid().status());
        let has_figure = self.spec.snapshots.figure.is_some();
        let phase = if !cyclic.done {
            SnapshotPhase::Cyclic
        } else if !baseline.done {
            SnapshotPhase::Baseline
        } else if self.scores.is_none() {
            SnapshotPhase::Evaluate
        } else if has_figure && grid.is_none() {
            SnapshotPhase::Plane
        } else if grid.is_some_and(|g| g.done < g.total) {
            SnapshotPhase::Grid
        } else {
            SnapshotPhase::Done
        };
        let frac = |p: &RecordProgress| p.iteration as f64 / p.total.max(1) as f64;
        let grid_frac = grid.map_or(0.0, |g| g.done as f64 / g.total.max(1) as f64);
        let fraction = if has_figure {
            0.45 * frac(&cyclic) + 0.45 * frac(&baseline) + 0.1 * grid_frac
        } else {
            0.5 * frac(&cyclic) + 0.5 * frac(&baseline)
        };
        SnapshotProgress {
            phase,
            cyclic,
            baseline,
            grid,
            fraction: if phase == SnapshotPhase::Done {
                1.0
            } else {
                fraction
            },
        }
    }

    /// Whether everything is finished.
    pub fn is_done(&self) -> bool {
        self.progress().phase == SnapshotPhase::Done
    }

    /// The cyclic run.
    pub fn cyclic(&self) -> &RecordedRun {
        &self.cyclic
    }

    /// The baseline run.
    pub fn baseline(&self) -> &RecordedRun {
        &self.baseline
    }

    /// The shared-plane view, once chosen.
    pub fn view(&self) -> Option<&PlaneView> {
        self.view.as_ref()
    }

    /// The scores (`None` until both runs are trained and scored); the figure once its coarse
    /// grid is ready.
    pub fn report(&self) -> Option<SnapshotReport> {
        let (snapshots, ensembles, baseline) = self.scores.clone()?;
        let figure = self.view.as_ref().and_then(|v| {
            let grid = v.latest()?;
            let paths = v.paths();
            let all: Vec<PlacedPoint> = paths.iter().flatten().copied().collect();
            Some(FigureReport {
                axes: Axes {
                    x: grid.x.clone(),
                    y: grid.y.clone(),
                },
                loss: grid.loss_rows(),
                accuracy: grid.accuracy_rows(),
                cyclic_path: paths.first().cloned().unwrap_or_default(),
                baseline_path: paths.get(1).cloned().unwrap_or_default(),
                plane: PlaneReport {
                    kind: v.plane().kind,
                    explained_variance: v.plane().explained_variance,
                    projection_error: ProjectionError::of(&all),
                },
            })
        });
        Some(SnapshotReport {
            schedule: self.spec.snapshots.schedule.clone(),
            eval_size: self.cyclic.trainer().val_set().len(),
            snapshots,
            ensembles,
            baseline,
            figure,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lrfind::fixtures::blobs;

    fn spec(json: &str) -> SnapshotSpec {
        let mut s = SnapshotSpec::from_json(json).unwrap();
        s.train.data.train_size = 60;
        s.train.data.val_size = 40;
        s.train.model.hidden = vec![6];
        s.train.batch_size = 10;
        s
    }

    #[test]
    fn runs_every_phase_and_scores_every_ensemble() {
        let s = spec(
            r#"{"epochs": 6, "snapshots": {"schedule": {"kind": "cyclic_cosine", "cycles": 3},
                "trajectory": {"every": 2, "budget_mb": 1},
                "figure": {"grid": {"size": 5, "coarse": 3}}}}"#,
        );
        let mut x = SnapshotExperiment::new(&s, Arc::new(blobs(200, 3)), None).unwrap();
        let mut phases = vec![];
        while !x.is_done() {
            let p = x.run(7).unwrap();
            if phases.last() != Some(&p.phase) {
                phases.push(p.phase);
            }
        }
        use SnapshotPhase as P;
        assert_eq!(
            phases,
            vec![
                P::Cyclic,
                P::Baseline,
                P::Evaluate,
                P::Plane,
                P::Grid,
                P::Done
            ]
        );
        let r = x.report().unwrap();
        let its: Vec<usize> = r.snapshots.iter().map(|s| s.iteration).collect();
        assert_eq!(its, vec![12, 24, 36]);
        assert!(r.snapshots.iter().all(|s| s.lr < 0.01), "{:?}", r.snapshots);
        assert_eq!(r.ensembles.len(), 3);
        assert_eq!(
            r.ensembles[0].accuracy, r.snapshots[2].accuracy,
            "one member: the last snapshot"
        );
        assert_eq!(
            r.ensembles[0].weight_average_accuracy,
            r.snapshots[2].accuracy
        );
        assert_eq!(r.baseline.scheduler, "MultiStepLR");
        let f = r.figure.unwrap();
        assert_eq!((f.axes.x.len(), f.loss.len()), (5, 5));
        assert_eq!(
            f.cyclic_path
                .iter()
                .filter(|p| p.snapshot.is_some())
                .count(),
            3
        );
        assert_eq!(f.baseline_path[0].iteration, 0);
        assert_eq!(f.cyclic_path.last().map(|p| (p.x, p.y)), Some((0.0, 0.0)));
        // Both runs start from the same initialisation.
        let (a, b) = (f.cyclic_path[0], f.baseline_path[0]);
        assert!((a.x - b.x).abs() < 1e-9 && (a.y - b.y).abs() < 1e-9);
    }

    #[test]
    fn without_a_figure_it_ends_after_scoring() {
        let s = spec(
            r#"{"epochs": 2, "snapshots": {"schedule": {"kind": "warm_restarts", "T_0": 1}, "figure": null}}"#,
        );
        let mut x = SnapshotExperiment::new(&s, Arc::new(blobs(200, 3)), None).unwrap();
        while !x.is_done() {
            x.run(100).unwrap();
        }
        let r = x.report().unwrap();
        assert_eq!(r.snapshots.len(), 2);
        assert!(r.figure.is_none() && x.view().is_none());
        assert_eq!(x.progress().fraction, 1.0);
    }
}
