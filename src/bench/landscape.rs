//! The landscape workload of issue 7: the 41x41 loss grid (its 11x11 coarse pass first) over
//! the 2,000 validation digits, on the PCA plane of the lab's default network. Training the run
//! and choosing the plane are setup ([`LandscapeBench::new`]); callers time
//! [`LandscapeBench::step`] until [`GridProgress::coarse_ready`] (the first picture) and until
//! the grid is done.

use std::sync::Arc;

use crate::data::Dataset;
use crate::landscape::{GridProgress, GridStage, LandscapeRun, LandscapeSpec};
use crate::{Error, Result};

/// The benchmark's landscape spec: the lab's defaults (2,000 validation digits, a 41x41 grid
/// with an 11x11 coarse pass) on a one-epoch run. The grid's cost does not depend on how long
/// the run trained, so one epoch keeps the setup short.
pub const LANDSCAPE_SPEC: &str = r#"{"epochs": 1}"#;

/// A trained run with its plane chosen, ready to evaluate its grid.
pub struct LandscapeBench {
    run: LandscapeRun,
}

impl LandscapeBench {
    /// Trains [`LANDSCAPE_SPEC`] on `pool` and chooses the plane.
    ///
    /// # Errors
    /// Those of [`LandscapeRun::new`] and of training (too few images in `pool`).
    pub fn new(pool: Arc<Dataset>) -> Result<LandscapeBench> {
        let spec = LandscapeSpec::from_json(LANDSCAPE_SPEC)?;
        let mut run = LandscapeRun::new(&spec, pool, None)?;
        while !run.recorded().is_done() {
            run.run(1_000)?;
        }
        // One call of its own chooses the plane (no grid point yet).
        run.run(0)?;
        if run.view().is_none() {
            return Err(Error::Config("the landscape's plane was not chosen".into()));
        }
        Ok(LandscapeBench { run })
    }

    /// Evaluates up to `points` more grid points.
    ///
    /// # Errors
    /// Never once [`LandscapeBench::new`] succeeded (the run is trained).
    pub fn step(&mut self, points: usize) -> Result<GridProgress> {
        self.run.run(points.max(1))?;
        self.status()
    }

    /// Where the grid is.
    ///
    /// # Errors
    /// [`Error::Config`] if the plane is missing (not the case after `new`).
    pub fn status(&self) -> Result<GridProgress> {
        self.run
            .progress()
            .grid
            .ok_or_else(|| Error::Config("the landscape has no grid".into()))
    }

    /// Whether the whole grid is evaluated.
    pub fn is_done(&self) -> bool {
        self.status().is_ok_and(|g| g.stage == GridStage::Done)
    }

    /// Validation digits each grid point is scored on.
    pub fn samples(&self) -> usize {
        self.run.recorded().trainer().val_set().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_runs_coarse_first_then_to_the_end() {
        let images = include_bytes!("../../www/data/mnist-10k-images-idx3-ubyte.gz");
        let labels = include_bytes!("../../www/data/mnist-10k-labels-idx1-ubyte.gz");
        let pool = Arc::new(Dataset::from_idx(images, labels).unwrap());
        let mut bench = LandscapeBench::new(pool).unwrap();
        assert_eq!(bench.samples(), 2_000);
        let first = bench.status().unwrap();
        assert_eq!((first.done, first.coarse_ready), (0, false));
        let mut coarse_at = None;
        while !bench.is_done() {
            let p = bench.step(200).unwrap();
            if p.coarse_ready && coarse_at.is_none() {
                coarse_at = Some(p.done);
            }
        }
        let last = bench.status().unwrap();
        let coarse_at = coarse_at.unwrap_or(usize::MAX);
        assert!(
            (121..=200).contains(&coarse_at),
            "the 121 coarse points come first"
        );
        assert_eq!(last.done, last.total);
        assert!(last.total >= 41 * 41);
    }
}
