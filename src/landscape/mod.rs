//! Loss landscapes around the optimizer's path (Li et al., 2018, "Visualizing the Loss
//! Landscape of Neural Nets"): record the parameters while training, choose a 2-D plane
//! (PCA of the path, filter-normalised random directions, or three points), project the
//! path onto it, and evaluate loss and accuracy on a grid over it, coarse first.
//!
//! Long computations are structs with a chunked `run(n)` ([`RecordedRun`], [`GridRun`],
//! [`PlaneView`], [`LandscapeRun`]) so that a web worker can report progress and stop between
//! chunks; the rest are pure functions.

mod evaluator;
mod fast_loss;
mod grid;
mod one_hidden;
mod pca;
mod plane;
mod random;
mod recorder;
mod run;
mod spec;
mod through_points;
mod trajectory;
mod view;

pub use evaluator::PlaneEvaluator;
pub use grid::{Extent, Grid, GridConfig, GridProgress, GridRun, GridStage, MAX_GRID};
pub use pca::pca_plane;
pub use plane::{Plane, PlaneKind, Projection};
pub use random::{filter_normalised_direction, random_plane};
pub use recorder::{RecordProgress, RecordedRun};
pub use run::{
    Axes, LandscapePhase, LandscapeProgress, LandscapeReport, LandscapeRun, PlaneReport,
};
pub use spec::{LandscapeConfig, LandscapeSpec, PlaneSpec};
pub use through_points::plane_through;
pub use trajectory::{PathPoint, Trajectory, TrajectoryConfig};
pub use view::{choose_plane, eval_subset, place, PlacedPoint, PlaneView, ProjectionError};
