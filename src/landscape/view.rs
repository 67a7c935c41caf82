//! A plane chosen for one or more recorded paths, the paths projected onto it, and its grid:
//! everything a landscape picture needs.

use serde::Serialize;

use super::evaluator::PlaneEvaluator;
use super::grid::{Extent, Grid, GridConfig, GridProgress, GridRun};
use super::pca::pca_plane;
use super::plane::{Plane, PlaneKind, Projection};
use super::random::random_plane;
use super::spec::PlaneSpec;
use super::through_points::plane_through;
use super::trajectory::{PathPoint, Trajectory};
use crate::data::Dataset;
use crate::nn::Mlp;
use crate::{Error, Result};

/// Half-width of the grid around a random plane's origin when no extent is given: the
/// `[-1, 1]²` of Li et al.'s figures (filter-normalised directions are on the weights' scale).
const RANDOM_HALF_WIDTH: f64 = 1.0;

/// One point of a path, placed on the plane.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PlacedPoint {
    /// Coordinate along `d1`.
    pub x: f64,
    /// Coordinate along `d2`.
    pub y: f64,
    /// Distance of the real parameters from the plane.
    pub error: f64,
    /// That distance relative to the point's distance from the origin.
    pub relative_error: f64,
    /// The learning rate of the step that led here.
    pub lr: f64,
    /// Optimizer steps taken.
    pub iteration: usize,
    /// Epochs completed.
    pub epoch: usize,
    /// Whether this is an epoch end.
    pub epoch_end: bool,
    /// The snapshot's number, when it is one.
    pub snapshot: Option<usize>,
}

impl PlacedPoint {
    fn new(p: &PathPoint, q: Projection) -> PlacedPoint {
        PlacedPoint {
            x: q.x,
            y: q.y,
            error: q.error,
            relative_error: q.relative_error,
            lr: p.lr,
            iteration: p.iteration,
            epoch: p.epoch,
            epoch_end: p.epoch_end,
            snapshot: p.snapshot,
        }
    }
}

/// How far the real path lies from the plane.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ProjectionError {
    /// Mean distance from the plane.
    pub mean: f64,
    /// Largest distance.
    pub max: f64,
    /// Mean relative distance (0 = the path lies in the plane).
    pub mean_relative: f64,
    /// Largest relative distance.
    pub max_relative: f64,
}

impl ProjectionError {
    /// Summarises the placed points (all zero for none).
    pub fn of(points: &[PlacedPoint]) -> ProjectionError {
        let n = points.len().max(1) as f64;
        ProjectionError {
            mean: points.iter().map(|p| p.error).sum::<f64>() / n,
            max: points.iter().map(|p| p.error).fold(0.0, f64::max),
            mean_relative: points.iter().map(|p| p.relative_error).sum::<f64>() / n,
            max_relative: points.iter().map(|p| p.relative_error).fold(0.0, f64::max),
        }
    }
}

/// The plane `spec` asks for, for `paths` (the first path's last point is the origin of the
/// PCA and random planes; a PCA plane is fitted to the points of every path).
///
/// # Errors
/// [`Error::Config`] for an empty path, indices outside the first path, and the errors of
/// [`pca_plane`], [`random_plane`] and [`plane_through`].
pub fn choose_plane(spec: &PlaneSpec, model: &Mlp, paths: &[&Trajectory]) -> Result<Plane> {
    let first = paths
        .first()
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Error::Config("no recorded path to choose a plane for".into()))?;
    let last = first.len() - 1;
    let origin = first.params(last).unwrap_or_default();
    match spec {
        PlaneSpec::Pca {} => {
            let mut points: Vec<&[f32]> = first.all_params().take(last).collect();
            for t in &paths[1..] {
                points.extend(t.all_params());
            }
            pca_plane(&points, origin)
        }
        PlaneSpec::Random { seed } => random_plane(model, origin, *seed),
        PlaneSpec::Points { points } => {
            let [a, b, c] = PlaneSpec::resolve(*points, first.len())?;
            let at = |i: usize| first.params(i).unwrap_or_default();
            plane_through(at(a), at(b), at(c))
        }
    }
}

/// Places every point of `path` on `plane`.
///
/// # Errors
/// [`Error::Config`] if the path's vectors do not fit the plane.
pub fn place(plane: &Plane, path: &Trajectory) -> Result<Vec<PlacedPoint>> {
    path.points()
        .iter()
        .zip(path.all_params())
        .map(|(p, theta)| Ok(PlacedPoint::new(p, plane.project(theta)?)))
        .collect()
}

/// The first `eval_size` images of `set` (all when `None`).
///
/// # Errors
/// [`Error::Config`] if more are asked for than the set holds.
pub fn eval_subset(set: &Dataset, eval_size: Option<usize>) -> Result<(&[f32], &[u8])> {
    let n = eval_size.unwrap_or(set.len());
    if n > set.len() {
        return Err(Error::Config(format!(
            "grid.eval_size = {n} exceeds the {} validation images; lower it or raise \
             data.val_size",
            set.len()
        )));
    }
    Ok((&set.images[..n * set.pixels()], &set.labels[..n]))
}

/// A plane, the paths on it and its progressive grid.
#[derive(Debug, Clone)]
pub struct PlaneView {
    paths: Vec<Vec<PlacedPoint>>,
    grid: GridRun,
}

impl PlaneView {
    /// Projects `paths` onto `plane` and plans its grid over `set`'s first `eval_size` images:
    /// over `config.extent`, or fitted to the paths (a random plane: `[-1, 1]²`).
    ///
    /// # Errors
    /// Those of [`place`], [`eval_subset`], [`PlaneEvaluator::new`] and [`GridRun::new`].
    pub fn new(
        model: &Mlp,
        plane: Plane,
        paths: &[&Trajectory],
        set: &Dataset,
        config: &GridConfig,
    ) -> Result<PlaneView> {
        config.validate()?;
        let placed = paths
            .iter()
            .map(|t| place(&plane, t))
            .collect::<Result<Vec<_>>>()?;
        let extent = match (config.extent, plane.kind) {
            (Some(e), _) => e,
            (None, PlaneKind::Random) => Extent {
                x: [-RANDOM_HALF_WIDTH, RANDOM_HALF_WIDTH],
                y: [-RANDOM_HALF_WIDTH, RANDOM_HALF_WIDTH],
            },
            (None, _) => {
                let coords: Vec<(f64, f64)> = placed.iter().flatten().map(|p| (p.x, p.y)).collect();
                Extent::fit(&coords, config.margin, RANDOM_HALF_WIDTH)
            }
        };
        let (images, labels) = eval_subset(set, config.eval_size)?;
        let evaluator = PlaneEvaluator::new(model, plane, images, labels)?;
        Ok(PlaneView {
            paths: placed,
            grid: GridRun::new(evaluator, config, extent)?,
        })
    }

    /// Evaluates up to `max_points` more grid points.
    pub fn run(&mut self, max_points: usize) -> GridProgress {
        self.grid.run(max_points)
    }

    /// Whether the grid is complete.
    pub fn is_done(&self) -> bool {
        self.grid.is_done()
    }

    /// The plane.
    pub fn plane(&self) -> &Plane {
        self.grid.evaluator().plane()
    }

    /// The paths, placed on the plane, in the order given.
    pub fn paths(&self) -> &[Vec<PlacedPoint>] {
        &self.paths
    }

    /// The grid run (coarse and full grids, progress).
    pub fn grid(&self) -> &GridRun {
        &self.grid
    }

    /// The best grid so far (see [`GridRun::latest`]).
    pub fn latest(&self) -> Option<&Grid> {
        self.grid.latest()
    }
}
