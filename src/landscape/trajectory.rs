//! The optimizer's path through parameter space: a copy of the parameter vector every `k`
//! iterations, at every epoch end and at every snapshot, kept within a memory budget.
//!
//! When the budget is full the path is thinned rather than truncated: the sampling stride
//! doubles and every plain sample off the new stride is dropped, so the kept samples stay evenly
//! spaced over the whole run. Epoch ends, snapshots, the start and the latest point survive
//! thinning (epoch ends only give way, every other one, if they alone overflow the budget).

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// Where and how often to record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TrajectoryConfig {
    /// Record the parameters every this many iterations (besides epoch ends and snapshots).
    pub every: usize,
    /// Memory for the recorded vectors, in MB (10^6 bytes).
    pub budget_mb: f64,
}

impl Default for TrajectoryConfig {
    /// Every 10 iterations within 40 MB: about 98 vectors of the default 784-128-10 network
    /// (101,770 parameters), enough for a smooth path and a cheap PCA.
    fn default() -> Self {
        TrajectoryConfig {
            every: 10,
            budget_mb: 40.0,
        }
    }
}

impl TrajectoryConfig {
    /// How many vectors of `n_params` floats fit the budget.
    ///
    /// # Errors
    /// [`Error::Config`] for `every = 0`, a budget that is not a positive number, or one
    /// that holds fewer than 3 vectors (a plane needs three points).
    pub fn capacity(&self, n_params: usize) -> Result<usize> {
        if self.every == 0 {
            return Err(Error::Config("trajectory.every must be at least 1".into()));
        }
        if !(self.budget_mb.is_finite() && self.budget_mb > 0.0) {
            return Err(Error::Config(format!(
                "trajectory.budget_mb must be a positive number of megabytes, got {}",
                self.budget_mb
            )));
        }
        let bytes = self.budget_mb * 1e6;
        let per_point = (n_params.max(1) * std::mem::size_of::<f32>()) as f64;
        let capacity = (bytes / per_point).floor() as usize;
        if capacity < 3 {
            return Err(Error::Config(format!(
                "trajectory.budget_mb = {} holds {capacity} parameter vectors of {n_params} \
                 values; at least 3 are needed (give at least {:.2} MB)",
                self.budget_mb,
                3.0 * per_point / 1e6
            )));
        }
        Ok(capacity)
    }
}

/// One recorded point of the path.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PathPoint {
    /// Optimizer steps taken when the parameters were copied (0: the initialisation).
    pub iteration: usize,
    /// Epochs completed by then.
    pub epoch: usize,
    /// The learning rate of the step that led here (the optimizer's initial lr at iteration 0).
    pub lr: f64,
    /// Whether this is the parameters at the end of an epoch.
    pub epoch_end: bool,
    /// The snapshot's 0-based number, when this point is one.
    pub snapshot: Option<usize>,
}

impl PathPoint {
    fn protected(&self) -> bool {
        self.iteration == 0 || self.snapshot.is_some()
    }
}

/// The recorded path: points and their parameter vectors, in iteration order.
#[derive(Debug, Clone, PartialEq)]
pub struct Trajectory {
    every: usize,
    stride: usize,
    capacity: usize,
    n_params: usize,
    points: Vec<PathPoint>,
    params: Vec<Vec<f32>>,
}

impl Trajectory {
    /// An empty path for vectors of `n_params` values.
    ///
    /// # Errors
    /// Those of [`TrajectoryConfig::capacity`].
    pub fn new(config: &TrajectoryConfig, n_params: usize) -> Result<Trajectory> {
        let capacity = config.capacity(n_params)?;
        Ok(Trajectory {
            every: config.every,
            stride: config.every,
            capacity,
            n_params,
            points: Vec::new(),
            params: Vec::new(),
        })
    }

    /// Whether a plain sample at `iteration` would be kept (on the current, possibly thinned,
    /// stride); callers skip the copy otherwise.
    pub fn wants_sample(&self, iteration: usize) -> bool {
        iteration.is_multiple_of(self.stride)
    }

    /// The configured sampling interval.
    pub fn every(&self) -> usize {
        self.every
    }

    /// The interval between kept plain samples now (a power-of-two multiple of `every`).
    pub fn stride(&self) -> usize {
        self.stride
    }

    /// How many vectors the budget holds.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Appends a point, thinning first when the budget is full. A plain sample off the stride
    /// is ignored; a point at the same iteration as the last one is merged into it (an epoch
    /// end that is also a snapshot is one point).
    ///
    /// # Errors
    /// [`Error::Config`] if `params` has the wrong length, or the start and snapshots alone
    /// already fill the budget.
    pub fn push(&mut self, point: PathPoint, params: &[f32]) -> Result<()> {
        if params.len() != self.n_params {
            return Err(Error::Config(format!(
                "trajectory vectors have {} values, got {}",
                self.n_params,
                params.len()
            )));
        }
        let plain = !point.epoch_end && point.snapshot.is_none() && point.iteration != 0;
        if let Some(last) = self.points.last_mut() {
            if last.iteration == point.iteration {
                last.epoch_end |= point.epoch_end;
                last.snapshot = last.snapshot.or(point.snapshot);
                return Ok(());
            }
        }
        if plain && !self.wants_sample(point.iteration) {
            return Ok(());
        }
        while self.points.len() >= self.capacity {
            self.thin()?;
            if plain && !self.wants_sample(point.iteration) {
                return Ok(());
            }
        }
        self.points.push(point);
        self.params.push(params.to_vec());
        Ok(())
    }

    /// Doubles the stride and drops the plain samples off it; if that frees nothing, drops
    /// every other epoch end (never the start, a snapshot or the latest point).
    fn thin(&mut self) -> Result<()> {
        let before = self.points.len();
        self.stride = self.stride.saturating_mul(2);
        let stride = self.stride;
        self.retain(|_, p| p.protected() || p.epoch_end || p.iteration.is_multiple_of(stride));
        if self.points.len() < before {
            return Ok(());
        }
        let last = before.saturating_sub(1);
        let mut nth_end = 0usize;
        self.retain(|i, p| {
            if i == last || p.protected() {
                return true;
            }
            nth_end += 1;
            nth_end.is_multiple_of(2)
        });
        if self.points.len() < before {
            return Ok(());
        }
        Err(Error::Config(format!(
            "the trajectory's memory budget holds {} parameter vectors, fewer than the start \
             and the snapshots need; raise budget_mb",
            self.capacity
        )))
    }

    fn retain(&mut self, mut keep: impl FnMut(usize, &PathPoint) -> bool) {
        let flags: Vec<bool> = self
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| keep(i, p))
            .collect();
        let mut it = flags.iter();
        self.points.retain(|_| *it.next().unwrap_or(&true));
        let mut it = flags.iter();
        self.params.retain(|_| *it.next().unwrap_or(&true));
    }

    /// The points, in iteration order.
    pub fn points(&self) -> &[PathPoint] {
        &self.points
    }

    /// The parameter vector of point `i`.
    pub fn params(&self, i: usize) -> Option<&[f32]> {
        self.params.get(i).map(Vec::as_slice)
    }

    /// Every recorded vector, in the order of [`Trajectory::points`].
    pub fn all_params(&self) -> impl Iterator<Item = &[f32]> {
        self.params.iter().map(Vec::as_slice)
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Whether nothing has been recorded.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// Indices of the snapshot points, in snapshot order.
    pub fn snapshot_indices(&self) -> Vec<usize> {
        let mut v: Vec<(usize, usize)> = self
            .points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.snapshot.map(|s| (s, i)))
            .collect();
        v.sort_unstable();
        v.into_iter().map(|(_, i)| i).collect()
    }

    /// Memory held by the vectors, in bytes.
    pub fn bytes(&self) -> usize {
        self.params.len() * self.n_params * std::mem::size_of::<f32>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(iteration: usize, epoch_end: bool, snapshot: Option<usize>) -> PathPoint {
        PathPoint {
            iteration,
            epoch: 0,
            lr: 0.1,
            epoch_end,
            snapshot,
        }
    }

    fn config(every: usize, vectors: f64, n: usize) -> TrajectoryConfig {
        TrajectoryConfig {
            every,
            budget_mb: vectors * (n * 4) as f64 / 1e6,
        }
    }

    #[test]
    fn budget_in_megabytes_sets_the_capacity() {
        let c = TrajectoryConfig::default();
        assert_eq!(c.capacity(101_770).unwrap(), 98);
        let tiny = TrajectoryConfig {
            budget_mb: 0.5,
            ..c.clone()
        };
        let e = tiny.capacity(101_770).unwrap_err().to_string();
        assert!(e.contains("at least 3") && e.contains("1.22 MB"), "{e}");
        for bad in [0.0, -1.0, f64::NAN] {
            let c = TrajectoryConfig {
                budget_mb: bad,
                ..TrajectoryConfig::default()
            };
            assert!(c.capacity(10).is_err());
        }
        let zero = TrajectoryConfig {
            every: 0,
            ..TrajectoryConfig::default()
        };
        assert!(zero.capacity(10).is_err());
    }

    #[test]
    fn thinning_keeps_epoch_ends_and_spaces_samples_evenly() {
        let mut t = Trajectory::new(&config(1, 12.0, 3), 3).unwrap();
        // 100 iterations, epochs of 25: the driver offers every iteration.
        for it in 0..=100 {
            let end = it > 0 && it % 25 == 0;
            let snap = (it == 50).then_some(0);
            t.push(point(it, end, snap), &[it as f32; 3]).unwrap();
        }
        assert!(t.len() <= 12, "{}", t.len());
        let its: Vec<usize> = t.points().iter().map(|p| p.iteration).collect();
        for must in [0, 25, 50, 75, 100] {
            assert!(its.contains(&must), "{must} kept: {its:?}");
        }
        assert!(its.windows(2).all(|w| w[0] < w[1]));
        let plain: Vec<usize> = t
            .points()
            .iter()
            .filter(|p| !p.epoch_end && p.iteration > 0 && p.snapshot.is_none())
            .map(|p| p.iteration)
            .collect();
        assert!(!plain.is_empty());
        assert!(plain.iter().all(|i| i % t.stride() == 0), "{plain:?}");
        assert!(t.stride() > 1);
        assert_eq!(
            t.params(2).unwrap()[0],
            its[2] as f32,
            "vectors follow points"
        );
        assert_eq!(t.snapshot_indices().len(), 1);
        assert_eq!(t.bytes(), t.len() * 12);
    }

    #[test]
    fn epoch_ends_give_way_only_when_they_alone_overflow() {
        let mut t = Trajectory::new(&config(100, 4.0, 2), 2).unwrap();
        for e in 0..=10 {
            t.push(point(e * 10, e > 0, None), &[0.0, 1.0]).unwrap();
        }
        assert!(t.len() <= 4);
        assert_eq!(t.points()[0].iteration, 0);
        assert_eq!(t.points().last().map(|p| p.iteration), Some(100));
    }

    #[test]
    fn a_point_at_the_same_iteration_merges_and_snapshots_cannot_be_dropped() {
        let mut t = Trajectory::new(&config(5, 3.0, 1), 1).unwrap();
        t.push(point(0, false, None), &[0.0]).unwrap();
        t.push(point(5, true, None), &[1.0]).unwrap();
        t.push(point(5, false, Some(0)), &[9.0]).unwrap();
        assert_eq!(t.len(), 2);
        assert!(t.points()[1].epoch_end && t.points()[1].snapshot == Some(0));
        assert_eq!(t.params(1), Some(&[1.0][..]));
        t.push(point(10, false, Some(1)), &[2.0]).unwrap();
        let e = t.push(point(15, false, Some(2)), &[3.0]).unwrap_err();
        assert!(e.to_string().contains("raise budget_mb"), "{e}");
        assert!(t.push(point(20, false, None), &[1.0, 2.0]).is_err());
    }
}
