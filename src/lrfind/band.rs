//! The range test repeated over several seeds, and the spread of its curves as a band: how
//! much of a suggestion is the network and how much the luck of the draw.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::analysis::analyse;
use super::range_test::{RangeTest, StopReason};
use super::smoothing::ema_smooth;
use super::sweep::RangeTestConfig;
use crate::data::Dataset;
use crate::train::TrainConfig;
use crate::{Error, Result};

/// Per sweep point, the spread of several curves over the runs that reached it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Spread {
    /// The smallest value.
    pub min: Vec<f64>,
    /// The median (mean of the middle two for an even count).
    pub median: Vec<f64>,
    /// The largest value.
    pub max: Vec<f64>,
    /// How many curves reached the point (a run that stopped early reaches fewer).
    pub count: Vec<usize>,
}

/// The spread of `curves` point by point, up to the longest curve; non-finite values are left
/// out.
pub fn spread(curves: &[Vec<f64>]) -> Spread {
    let len = curves.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = Spread::default();
    let mut column = Vec::with_capacity(curves.len());
    for i in 0..len {
        column.clear();
        column.extend(
            curves
                .iter()
                .filter_map(|c| c.get(i).copied())
                .filter(|v| v.is_finite()),
        );
        column.sort_by(f64::total_cmp);
        let n = column.len();
        let median = match n {
            0 => f64::NAN,
            _ if n % 2 == 1 => column[n / 2],
            _ => (column[n / 2 - 1] + column[n / 2]) / 2.0,
        };
        out.min.push(column.first().copied().unwrap_or(f64::NAN));
        out.median.push(median);
        out.max.push(column.last().copied().unwrap_or(f64::NAN));
        out.count.push(n);
    }
    out
}

/// One finished run of a band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeedRun {
    /// The training seed (initialisation and batch order).
    pub seed: u64,
    /// The swept learning rates.
    pub lrs: Vec<f64>,
    /// The raw losses.
    pub losses: Vec<f64>,
    /// Why it ended.
    pub stop: Option<StopReason>,
    /// Whether the parameters and optimizer state were found exactly as before the run once
    /// it ended ([`RangeTest::is_restored`]); `false` for a run still in progress.
    #[serde(default)]
    pub restored: bool,
}

/// Where a band is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BandProgress {
    /// Iterations performed by this call.
    pub iterations: usize,
    /// Runs finished.
    pub runs_done: usize,
    /// Runs planned.
    pub runs: usize,
    /// Points recorded by the run in progress.
    pub iteration: usize,
    /// Whether every run has finished.
    pub done: bool,
}

/// Range tests of one configuration, one per seed, run one after the other in chunks.
pub struct SeedBand {
    config: RangeTestConfig,
    train: TrainConfig,
    pool: Arc<Dataset>,
    test: Option<Arc<Dataset>>,
    seeds: Vec<u64>,
    current: Option<RangeTest>,
    runs: Vec<SeedRun>,
}

impl SeedBand {
    /// Plans one range test per seed of `config.seeds` (the training seed alone when empty),
    /// each [`RangeTest::from_config`] with `train.seed` replaced.
    ///
    /// # Errors
    /// [`Error::Config`] for bad settings, and whatever building the first test reports.
    pub fn new(
        config: RangeTestConfig,
        train: TrainConfig,
        pool: Arc<Dataset>,
        test: Option<Arc<Dataset>>,
    ) -> Result<SeedBand> {
        config.validate()?;
        let seeds = if config.seeds.is_empty() {
            vec![train.seed]
        } else {
            config.seeds.clone()
        };
        let mut band = SeedBand {
            config,
            train,
            pool,
            test,
            seeds,
            current: None,
            runs: Vec::new(),
        };
        band.current = Some(band.start(0)?);
        Ok(band)
    }

    fn start(&self, k: usize) -> Result<RangeTest> {
        let seed = self.seeds.get(k).copied().ok_or_else(|| {
            Error::Config(format!("no seed {k} in a band of {}", self.seeds.len()))
        })?;
        let train = TrainConfig {
            seed,
            ..self.train.clone()
        };
        RangeTest::from_config(
            self.config.clone(),
            &train,
            &self.pool,
            self.test.as_deref(),
        )
    }

    /// Runs up to `max_iterations` more iterations, across runs.
    ///
    /// # Errors
    /// A run's error (see [`RangeTest::run`]); the band stops there.
    pub fn run(&mut self, max_iterations: usize) -> Result<BandProgress> {
        let mut iterations = 0;
        while iterations < max_iterations {
            let Some(test) = self.current.as_mut() else {
                break;
            };
            let p = test.run(max_iterations - iterations)?;
            iterations += p.iterations;
            if p.done {
                self.runs.push(SeedRun {
                    seed: self.seeds[self.runs.len()],
                    lrs: test.lrs().to_vec(),
                    losses: test.losses().to_vec(),
                    stop: test.stop(),
                    restored: test.is_restored(),
                });
                self.current = None;
                if self.runs.len() < self.seeds.len() {
                    self.current = Some(self.start(self.runs.len())?);
                }
            }
        }
        Ok(self.progress(iterations))
    }

    fn progress(&self, iterations: usize) -> BandProgress {
        BandProgress {
            iterations,
            runs_done: self.runs.len(),
            runs: self.seeds.len(),
            iteration: self.current.as_ref().map_or(0, |t| t.losses().len()),
            done: self.current.is_none(),
        }
    }

    /// Stops the run in progress; the finished runs stay.
    pub fn cancel(&mut self) {
        self.current = None;
        self.seeds.truncate(self.runs.len());
    }

    /// The finished runs.
    pub fn runs(&self) -> &[SeedRun] {
        &self.runs
    }

    /// The range test in progress, for a live curve.
    pub fn current(&self) -> Option<&RangeTest> {
        self.current.as_ref()
    }

    /// The sweep's learning rates (the same for every run).
    pub fn lrs(&self) -> Vec<f64> {
        self.config.lrs()
    }

    /// The spread of the finished runs' curves smoothed with `beta`.
    pub fn spread(&self, beta: f64) -> Spread {
        let curves: Vec<Vec<f64>> = self
            .runs
            .iter()
            .map(|r| ema_smooth(&r.losses, beta))
            .collect();
        spread(&curves)
    }

    /// Each finished run's suggestions with the band's smoothing, for error bars on the marks.
    pub fn suggestions(&self) -> Vec<super::Suggestions> {
        self.runs
            .iter()
            .map(|r| {
                analyse(
                    &r.lrs,
                    &r.losses,
                    self.config.num_iter,
                    &self.config.smoothing,
                )
                .suggestions
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lrfind::fixtures::blobs;

    #[test]
    fn spread_is_min_median_max_over_the_curves_that_reach_each_point() {
        let s = spread(&[
            vec![1.0, 5.0, 2.0],
            vec![3.0, 4.0],
            vec![2.0, f64::NAN, 7.0, 1.0],
        ]);
        assert_eq!(s.min, vec![1.0, 4.0, 2.0, 1.0]);
        assert_eq!(s.median, vec![2.0, 4.5, 4.5, 1.0]);
        assert_eq!(s.max, vec![3.0, 5.0, 7.0, 1.0]);
        assert_eq!(s.count, vec![3, 2, 2, 1]);
        assert_eq!(spread(&[]), Spread::default());
    }

    #[test]
    fn runs_every_seed_in_chunks() {
        let mut train = TrainConfig::from_json(
            r#"{"optimizer": {"optimizer": "SGD", "momentum": 0.9}, "batch_size": 16}"#,
        )
        .unwrap();
        train.data.train_size = 80;
        train.data.val_size = 20;
        train.model.hidden = vec![8];
        let config = RangeTestConfig {
            num_iter: 25,
            end_lr: 1.0,
            seeds: vec![3, 4, 5],
            ..RangeTestConfig::default()
        };
        let mut band = SeedBand::new(config, train, Arc::new(blobs(200, 1)), None).unwrap();
        let mut chunks = 0;
        while !band.run(10).unwrap().done {
            chunks += 1;
        }
        assert!(chunks >= 2, "{chunks}");
        let runs = band.runs();
        assert_eq!(
            runs.iter().map(|r| r.seed).collect::<Vec<_>>(),
            vec![3, 4, 5]
        );
        assert_ne!(runs[0].losses, runs[1].losses, "seeds differ");
        let s = band.spread(0.9);
        assert_eq!(s.count[0], 3);
        assert!(s.min.iter().zip(&s.max).all(|(a, b)| a <= b));
        assert_eq!(band.suggestions().len(), 3);
        assert!(
            runs.iter().all(|r| r.restored),
            "every run put the model back"
        );
        assert_eq!(band.run(5).unwrap().iterations, 0);
    }
}
