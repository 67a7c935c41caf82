//! The loss and accuracy on a grid over the plane, evaluated progressively: a coarse grid
//! first (a picture within a fraction of the time), then the full one, in chunks of points so
//! a worker can report progress and stop between them.
//!
//! When `(size − 1)` is a multiple of `(coarse − 1)` (41 and 11 by default) every coarse node
//! is also a full-grid node with exactly the same coordinates, and its value is reused.

use serde::{Deserialize, Serialize};

use super::evaluator::PlaneEvaluator;
use crate::nn::Evaluation;
use crate::{Error, Result};

/// Most points evaluated together: their per-point tails (the later layers' parameters) stay
/// small while the shared pass over the samples is amortised.
const BATCH: usize = 41;

/// Largest grid side accepted (201 x 201 = 40,401 evaluations).
pub const MAX_GRID: usize = 201;

/// A rectangle of the plane, in plane coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extent {
    /// `[min, max]` along `d1`.
    pub x: [f64; 2],
    /// `[min, max]` along `d2`.
    pub y: [f64; 2],
}

impl Extent {
    /// The bounding box of `points` and the origin, widened by `margin` times its span on each
    /// side; an axis with no span gets half-width `fallback`.
    pub fn fit(points: &[(f64, f64)], margin: f64, fallback: f64) -> Extent {
        let axis = |coord: &dyn Fn(&(f64, f64)) -> f64| {
            let (lo, hi) = points
                .iter()
                .map(coord)
                .filter(|v| v.is_finite())
                .fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
            let span = hi - lo;
            if span > 0.0 {
                [lo - margin * span, hi + margin * span]
            } else {
                [lo - fallback, hi + fallback]
            }
        };
        Extent {
            x: axis(&|p| p.0),
            y: axis(&|p| p.1),
        }
    }

    fn validate(&self) -> Result<()> {
        for (name, [lo, hi]) in [("x", self.x), ("y", self.y)] {
            if !(lo.is_finite() && hi.is_finite() && lo < hi) {
                return Err(Error::Config(format!(
                    "extent.{name} must be [min, max] with min < max, got [{lo}, {hi}]"
                )));
            }
        }
        Ok(())
    }
}

/// Grid settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GridConfig {
    /// Points per side of the full grid.
    pub size: usize,
    /// Points per side of the first, coarse pass (0 skips it).
    pub coarse: usize,
    /// The rectangle to evaluate; `null` fits it to the path.
    pub extent: Option<Extent>,
    /// Fraction of the path's span added on each side when fitting.
    pub margin: f64,
    /// Held-out samples each point is evaluated on: the first `eval_size` of the validation
    /// set (`null`: all of it, 2,000 by default).
    pub eval_size: Option<usize>,
}

impl Default for GridConfig {
    /// 41 x 41 after 11 x 11, a quarter of the path's span as margin, the whole validation
    /// set.
    fn default() -> Self {
        GridConfig {
            size: 41,
            coarse: 11,
            extent: None,
            margin: 0.25,
            eval_size: None,
        }
    }
}

impl GridConfig {
    /// Checks the settings.
    ///
    /// # Errors
    /// [`Error::Config`] for a side below 2 or above [`MAX_GRID`], a coarse grid as fine as
    /// the full one, a negative or non-finite margin, no evaluation samples, or a bad extent.
    pub fn validate(&self) -> Result<()> {
        if !(2..=MAX_GRID).contains(&self.size) {
            return Err(Error::Config(format!(
                "grid.size must be between 2 and {MAX_GRID}, got {}",
                self.size
            )));
        }
        if self.coarse != 0 && !(2..self.size).contains(&self.coarse) {
            return Err(Error::Config(format!(
                "grid.coarse must be 0 (none) or between 2 and size - 1 = {}, got {}",
                self.size - 1,
                self.coarse
            )));
        }
        if !(self.margin.is_finite() && self.margin >= 0.0) {
            return Err(Error::Config(format!(
                "grid.margin must be a non-negative number, got {}",
                self.margin
            )));
        }
        if self.eval_size == Some(0) {
            return Err(Error::Config("grid.eval_size must be at least 1".into()));
        }
        self.extent.as_ref().map_or(Ok(()), Extent::validate)
    }
}

/// Values on a grid: `loss[j * x.len() + i]` is at `(x[i], y[j])` (rows run along `y`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grid {
    /// Coordinates along `d1`.
    pub x: Vec<f64>,
    /// Coordinates along `d2`.
    pub y: Vec<f64>,
    /// Mean cross-entropy, row-major (`NaN` where the network overflows).
    pub loss: Vec<f64>,
    /// Accuracy, row-major.
    pub accuracy: Vec<f64>,
}

impl Grid {
    fn new(extent: &Extent, n: usize) -> Grid {
        let axis = |[lo, hi]: [f64; 2]| {
            (0..n)
                .map(|k| lo + (hi - lo) * (k as f64 / (n - 1) as f64))
                .collect::<Vec<f64>>()
        };
        Grid {
            x: axis(extent.x),
            y: axis(extent.y),
            loss: vec![f64::NAN; n * n],
            accuracy: vec![f64::NAN; n * n],
        }
    }

    /// The loss as rows (one per `y`), for JSON.
    pub fn loss_rows(&self) -> Vec<Vec<f64>> {
        self.loss
            .chunks(self.x.len().max(1))
            .map(<[f64]>::to_vec)
            .collect()
    }

    /// The accuracy as rows (one per `y`), for JSON.
    pub fn accuracy_rows(&self) -> Vec<Vec<f64>> {
        self.accuracy
            .chunks(self.x.len().max(1))
            .map(<[f64]>::to_vec)
            .collect()
    }

    /// The smallest finite loss and where it is.
    pub fn min_loss(&self) -> Option<(f64, f64, f64)> {
        let n = self.x.len();
        self.loss
            .iter()
            .enumerate()
            .filter(|(_, v)| v.is_finite())
            .min_by(|a, b| a.1.total_cmp(b.1))
            .map(|(k, &v)| (self.x[k % n], self.y[k / n], v))
    }
}

/// Which pass a [`GridRun`] is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GridStage {
    /// The coarse pass.
    Coarse,
    /// The full pass.
    Full,
    /// Both passes are complete.
    Done,
}

/// What one call to [`GridRun::run`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GridProgress {
    /// Points evaluated by this call.
    pub points: usize,
    /// Points evaluated so far, both passes.
    pub done: usize,
    /// Points both passes evaluate.
    pub total: usize,
    /// The pass now under way.
    pub stage: GridStage,
    /// Whether a picture can be drawn: the coarse grid is complete (without a coarse pass,
    /// the full one).
    pub coarse_ready: bool,
}

/// The progressive evaluation of a plane's grid.
#[derive(Debug, Clone)]
pub struct GridRun {
    evaluator: PlaneEvaluator,
    coarse: Option<Grid>,
    full: Grid,
    /// The full grid's nodes to evaluate, in row order (coarse nodes left out when reused).
    todo: Vec<usize>,
    coarse_next: usize,
    full_next: usize,
    done: usize,
}

impl GridRun {
    /// Plans the passes over `extent`.
    ///
    /// # Errors
    /// Those of [`GridConfig::validate`] and of the extent.
    pub fn new(evaluator: PlaneEvaluator, config: &GridConfig, extent: Extent) -> Result<Self> {
        config.validate()?;
        extent.validate()?;
        let (n, c) = (config.size, config.coarse);
        let coarse = (c > 0).then(|| Grid::new(&extent, c));
        let stride = (c > 1 && (n - 1) % (c - 1) == 0).then(|| (n - 1) / (c - 1));
        let todo = (0..n * n)
            .filter(|&k| stride.is_none_or(|s| (k % n) % s != 0 || (k / n) % s != 0))
            .collect();
        Ok(GridRun {
            evaluator,
            coarse,
            full: Grid::new(&extent, n),
            todo,
            coarse_next: 0,
            full_next: 0,
            done: 0,
        })
    }

    fn coarse_len(&self) -> usize {
        self.coarse.as_ref().map_or(0, |g| g.loss.len())
    }

    /// Evaluates up to `max_points` more points (coarse pass first), in batches that share
    /// each pass over the samples (see [`PlaneEvaluator::evaluate_many`]).
    pub fn run(&mut self, max_points: usize) -> GridProgress {
        let mut points = 0;
        while points < max_points && !self.is_done() {
            let budget = (max_points - points).min(BATCH);
            let coarse = self.coarse_next < self.coarse_len();
            let (grid, todo, next) = match (coarse, self.coarse.as_mut()) {
                (true, Some(g)) => (g, None, &mut self.coarse_next),
                _ => (&mut self.full, Some(&self.todo), &mut self.full_next),
            };
            let len = todo.map_or(grid.loss.len(), Vec::len);
            let nodes: Vec<usize> = (*next..(*next + budget).min(len))
                .map(|i| todo.map_or(i, |t| t[i]))
                .collect();
            let n = grid.x.len();
            let coords: Vec<(f64, f64)> = nodes
                .iter()
                .map(|&k| (grid.x[k % n], grid.y[k / n]))
                .collect();
            let mut results = vec![
                Evaluation {
                    loss: 0.0,
                    accuracy: 0.0,
                    correct: 0
                };
                nodes.len()
            ];
            self.evaluator.evaluate_many(&coords, &mut results);
            for (&k, e) in nodes.iter().zip(&results) {
                grid.loss[k] = e.loss;
                grid.accuracy[k] = e.accuracy;
            }
            *next += nodes.len();
            points += nodes.len();
            if coarse && self.coarse_next == self.coarse_len() {
                self.copy_coarse_nodes();
            }
        }
        self.done += points;
        self.progress(points)
    }

    /// Copies the coarse values onto the full grid's nodes they coincide with.
    fn copy_coarse_nodes(&mut self) {
        let Some(g) = self.coarse.as_ref() else {
            return;
        };
        let (n, c) = (self.full.x.len(), g.x.len());
        if self.todo.len() == n * n {
            return;
        }
        let s = (n - 1) / (c - 1);
        for j in 0..c {
            for i in 0..c {
                self.full.loss[j * s * n + i * s] = g.loss[j * c + i];
                self.full.accuracy[j * s * n + i * s] = g.accuracy[j * c + i];
            }
        }
    }

    fn progress(&self, points: usize) -> GridProgress {
        let coarse_done = self.coarse_next >= self.coarse_len();
        let stage = if !coarse_done {
            GridStage::Coarse
        } else if self.full_next < self.todo.len() {
            GridStage::Full
        } else {
            GridStage::Done
        };
        GridProgress {
            points,
            done: self.done,
            total: self.coarse_len() + self.todo.len(),
            stage,
            coarse_ready: stage == GridStage::Done || (coarse_done && self.coarse_len() > 0),
        }
    }

    /// Where the evaluation is, without doing any.
    pub fn status(&self) -> GridProgress {
        self.progress(0)
    }

    /// Whether both passes are complete.
    pub fn is_done(&self) -> bool {
        self.status().stage == GridStage::Done
    }

    /// The coarse grid (partly `NaN` until its pass completes), if there is one.
    pub fn coarse(&self) -> Option<&Grid> {
        self.coarse.as_ref()
    }

    /// The full grid (partly `NaN` until its pass completes).
    pub fn full(&self) -> &Grid {
        &self.full
    }

    /// The best grid so far: the full one when done, else the coarse one when ready.
    pub fn latest(&self) -> Option<&Grid> {
        let p = self.status();
        match (p.stage, p.coarse_ready) {
            (GridStage::Done, _) => Some(&self.full),
            (_, true) => self.coarse.as_ref(),
            _ => None,
        }
    }

    /// The evaluator (its plane and network).
    pub fn evaluator(&self) -> &PlaneEvaluator {
        &self.evaluator
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::seeded_rng;
    use crate::landscape::random_plane;
    use crate::nn::{Activation, Mlp};

    fn evaluator() -> PlaneEvaluator {
        let model = Mlp::new(&[3, 4, 2], Activation::Relu).unwrap();
        let theta = model.init_params(&mut seeded_rng(1, 1));
        let plane = random_plane(&model, &theta, 2).unwrap();
        let x: Vec<f32> = (0..30).map(|i| (i % 7) as f32 / 7.0).collect();
        let y: Vec<u8> = (0..10).map(|i| (i % 2) as u8).collect();
        PlaneEvaluator::new(&model, plane, &x, &y).unwrap()
    }

    fn config(size: usize, coarse: usize) -> GridConfig {
        GridConfig {
            size,
            coarse,
            ..GridConfig::default()
        }
    }

    const SQUARE: Extent = Extent {
        x: [-1.0, 1.0],
        y: [-2.0, 2.0],
    };

    #[test]
    fn coarse_nodes_are_reused_and_chunks_do_not_matter() {
        let mut whole = GridRun::new(evaluator(), &config(9, 5), SQUARE).unwrap();
        let p = whole.run(usize::MAX);
        assert_eq!(
            (p.total, p.done, p.stage),
            (25 + 81 - 25, 81, GridStage::Done)
        );
        let mut pieces = GridRun::new(evaluator(), &config(9, 5), SQUARE).unwrap();
        assert!(pieces.latest().is_none());
        let mut coarse_seen = false;
        while !pieces.is_done() {
            let p = pieces.run(7);
            coarse_seen |= p.coarse_ready && p.stage == GridStage::Full;
        }
        assert!(coarse_seen);
        assert_eq!(whole.full(), pieces.full());
        assert!(whole.full().loss.iter().all(|v| v.is_finite()));
        let mut fresh = evaluator();
        let g = whole.full();
        assert_eq!(g.loss[2 * 9 + 4], fresh.evaluate(g.x[4], g.y[2]).loss);
        assert_eq!((g.x[0], g.x[8], g.y[4]), (-1.0, 1.0, 0.0));
    }

    #[test]
    fn without_alignment_every_full_node_is_evaluated() {
        let mut run = GridRun::new(evaluator(), &config(6, 4), SQUARE).unwrap();
        assert_eq!(run.run(usize::MAX).total, 16 + 36);
        let mut none = GridRun::new(evaluator(), &config(4, 0), SQUARE).unwrap();
        // Without a coarse pass there is no picture until the full grid is done.
        let first = none.run(5);
        assert!(!first.coarse_ready && none.latest().is_none());
        let last = none.run(usize::MAX);
        assert_eq!(last.total, 16);
        assert!(last.coarse_ready && last.stage == GridStage::Done);
        assert!(none.coarse().is_none() && none.latest().is_some());
    }

    #[test]
    fn fitted_extent_covers_the_path_and_the_origin() {
        let e = Extent::fit(&[(1.0, -1.0), (3.0, -1.0)], 0.5, 0.1);
        assert_eq!(e.x, [-1.5, 4.5]);
        assert_eq!(e.y, [-1.5, 0.5]);
        let flat = Extent::fit(&[], 0.25, 1.0);
        assert_eq!((flat.x, flat.y), ([-1.0, 1.0], [-1.0, 1.0]));
    }

    #[test]
    fn bad_settings_are_refused() {
        for c in [config(1, 0), config(300, 11), config(11, 11), config(11, 1)] {
            assert!(c.validate().is_err(), "{c:?}");
        }
        let bad = Extent {
            x: [1.0, 1.0],
            y: [0.0, 1.0],
        };
        assert!(GridRun::new(evaluator(), &config(5, 0), bad).is_err());
        let margin = GridConfig {
            margin: -1.0,
            ..GridConfig::default()
        };
        assert!(margin.validate().is_err());
    }
}
