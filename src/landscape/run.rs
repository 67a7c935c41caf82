//! The whole landscape experiment, chunked for a worker: train while recording the path, choose
//! the plane, then evaluate the grid coarse-to-fine.

use std::sync::Arc;

use serde::Serialize;

use super::grid::{Grid, GridProgress};
use super::plane::PlaneKind;
use super::recorder::{RecordProgress, RecordedRun};
use super::spec::{LandscapeConfig, LandscapeSpec};
use super::view::{choose_plane, PlacedPoint, PlaneView, ProjectionError};
use crate::data::Dataset;
use crate::{Error, Result};

/// Where a [`LandscapeRun`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LandscapePhase {
    /// Training and recording the path.
    Training,
    /// Training is over; the next call chooses the plane and precomputes the first layer.
    Plane,
    /// Evaluating the grid.
    Grid,
    /// Finished.
    Done,
}

/// What one call to [`LandscapeRun::run`] did and where the run is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LandscapeProgress {
    /// The phase the run is in after the call.
    pub phase: LandscapePhase,
    /// Training progress.
    pub training: RecordProgress,
    /// Grid progress, once the plane is chosen.
    pub grid: Option<GridProgress>,
    /// Overall progress in `0..=1` (training and grid weighted by their typical cost).
    pub fraction: f64,
}

/// The axes of a grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Axes {
    /// Along `d1`.
    pub x: Vec<f64>,
    /// Along `d2`.
    pub y: Vec<f64>,
}

/// The plane, as reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaneReport {
    /// How it was chosen.
    pub kind: PlaneKind,
    /// PCA only: the share of the path's variance along each axis.
    pub explained_variance: Option<[f64; 2]>,
    /// How far the path lies from the plane.
    pub projection_error: ProjectionError,
}

/// The result: `lrlab landscape`'s output and what the panel draws.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LandscapeReport {
    /// Grid coordinates.
    pub axes: Axes,
    /// `loss[j][i]` at `(x[i], y[j])` (`null` where the network overflows).
    pub loss: Vec<Vec<f64>>,
    /// `accuracy[j][i]`.
    pub accuracy: Vec<Vec<f64>>,
    /// The path on the plane.
    pub path: Vec<PlacedPoint>,
    /// The plane.
    pub plane: PlaneReport,
}

impl LandscapeReport {
    /// The report of `view` with grid `grid` (its latest, normally).
    pub fn new(view: &PlaneView, grid: &Grid) -> LandscapeReport {
        let path = view.paths().first().cloned().unwrap_or_default();
        let all: Vec<PlacedPoint> = view.paths().iter().flatten().copied().collect();
        LandscapeReport {
            axes: Axes {
                x: grid.x.clone(),
                y: grid.y.clone(),
            },
            loss: grid.loss_rows(),
            accuracy: grid.accuracy_rows(),
            path,
            plane: PlaneReport {
                kind: view.plane().kind,
                explained_variance: view.plane().explained_variance,
                projection_error: ProjectionError::of(&all),
            },
        }
    }
}

/// Train, record, choose the plane, evaluate the grid.
pub struct LandscapeRun {
    config: LandscapeConfig,
    recorded: RecordedRun,
    view: Option<PlaneView>,
}

impl LandscapeRun {
    /// Plans the run of `spec` on the images of `pool` (and `test`).
    ///
    /// # Errors
    /// Those of [`crate::train::TrainConfig::build`] and [`RecordedRun::new`].
    pub fn new(
        spec: &LandscapeSpec,
        pool: Arc<Dataset>,
        test: Option<Arc<Dataset>>,
    ) -> Result<Self> {
        spec.landscape.validate()?;
        let trainer = spec.train.build(&pool, test.as_deref())?;
        if let Some(n) = spec.landscape.grid.eval_size {
            if n > trainer.val_set().len() {
                return Err(Error::Config(format!(
                    "grid.eval_size = {n} exceeds the {} validation images; lower it or raise \
                     data.val_size",
                    trainer.val_set().len()
                )));
            }
        }
        Ok(LandscapeRun {
            recorded: RecordedRun::new(trainer, &spec.landscape.trajectory, Vec::new())?,
            config: spec.landscape.clone(),
            view: None,
        })
    }

    /// Does up to `max_work` units: iterations while training, grid points after; the plane
    /// is chosen in a call of its own (a fraction of a second natively).
    ///
    /// # Errors
    /// Training errors (divergence: a landscape needs a finished run) and plane errors.
    pub fn run(&mut self, max_work: usize) -> Result<LandscapeProgress> {
        if !self.recorded.is_done() {
            self.recorded.run(max_work)?;
        } else if self.view.is_none() {
            let trainer = self.recorded.trainer();
            let path = self.recorded.trajectory();
            let plane = choose_plane(&self.config.plane, trainer.model(), &[path])?;
            self.view = Some(PlaneView::new(
                trainer.model(),
                plane,
                &[path],
                trainer.val_set(),
                &self.config.grid,
            )?);
        } else if let Some(view) = self.view.as_mut() {
            view.run(max_work);
        }
        Ok(self.progress())
    }

    /// Where the run is, without doing any work.
    pub fn progress(&self) -> LandscapeProgress {
        let t = self.recorded.trainer();
        let training = RecordProgress {
            iterations: 0,
            iteration: t.iteration(),
            total: t.total_iterations(),
            points: self.recorded.trajectory().len(),
            done: t.is_done(),
        };
        let grid = self.view.as_ref().map(|v| v.grid().status());
        let phase = match (&grid, training.done) {
            (_, false) => LandscapePhase::Training,
            (None, true) => LandscapePhase::Plane,
            (Some(g), true) if g.done < g.total => LandscapePhase::Grid,
            _ => LandscapePhase::Done,
        };
        // Natively a default epoch (8,000 images) costs about as much as 300 grid points.
        let train_share = 0.6;
        let tf = training.iteration as f64 / training.total.max(1) as f64;
        let gf = grid.map_or(0.0, |g| g.done as f64 / g.total.max(1) as f64);
        LandscapeProgress {
            phase,
            training,
            grid,
            fraction: train_share * tf + (1.0 - train_share) * gf,
        }
    }

    /// Whether everything is finished.
    pub fn is_done(&self) -> bool {
        self.progress().phase == LandscapePhase::Done
    }

    /// The recorded training run.
    pub fn recorded(&self) -> &RecordedRun {
        &self.recorded
    }

    /// The plane view, once chosen.
    pub fn view(&self) -> Option<&PlaneView> {
        self.view.as_ref()
    }

    /// The report of the best grid so far (`None` before the coarse grid is ready).
    pub fn report(&self) -> Option<LandscapeReport> {
        let view = self.view.as_ref()?;
        Some(LandscapeReport::new(view, view.latest()?))
    }
}
