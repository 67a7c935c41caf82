//! Bounded per-iteration histories for long runs: a [`Thinner`] appends iterations to a
//! [`History`] in buckets of `stride` iterations and, when the history reaches its point budget,
//! merges neighbouring buckets and doubles the stride. A 200-epoch run then costs the same
//! memory as a short one, and every curve still spans the whole run.
//!
//! A bucket holds the mean loss and mean update ratio of its iterations (what a smoothed curve
//! shows anyway) and the lr and momentum of its last iteration (the values in force when it
//! ended, so a step schedule's edges move by less than one bucket). Entry `k` stands for
//! iterations `k * stride + 1 ..= (k + 1) * stride`.

use super::history::History;
use crate::{Error, Result};

/// The page's budget: points per series before the stride doubles (a 64-epoch default run).
pub const DEFAULT_MAX_POINTS: usize = 16_384;

/// Appends iterations to a [`History`] at a stride that doubles when it is full.
#[derive(Debug, Clone, PartialEq)]
pub struct Thinner {
    max_points: usize,
    stride: usize,
    pending: usize,
    loss_sum: f64,
    lr: f64,
    momentum: Option<f64>,
    ratio_sums: Vec<f64>,
}

impl Thinner {
    /// A thinner keeping at most `max_points` entries per series, for `layers` weight matrices.
    ///
    /// # Errors
    /// [`Error::Config`] when `max_points` is odd or below 2 (halving needs pairs).
    pub fn new(max_points: usize, layers: usize) -> Result<Thinner> {
        if max_points < 2 || !max_points.is_multiple_of(2) {
            return Err(Error::Config(format!(
                "a history budget must be an even number of at least 2 points, got {max_points}"
            )));
        }
        Ok(Thinner {
            max_points,
            stride: 1,
            pending: 0,
            loss_sum: 0.0,
            lr: f64::NAN,
            momentum: None,
            ratio_sums: vec![0.0; layers],
        })
    }

    /// Iterations each entry of the history stands for (a power of two).
    pub fn stride(&self) -> usize {
        self.stride
    }

    /// Iterations received but not yet in the history (an unfinished bucket).
    pub fn pending(&self) -> usize {
        self.pending
    }

    /// Every iteration received: the history's entries times the stride, plus the pending ones.
    pub fn iterations(&self, history: &History) -> usize {
        history.loss.len() * self.stride + self.pending
    }

    /// Adds one iteration's values to `history`.
    pub fn push(
        &mut self,
        history: &mut History,
        loss: f32,
        lr: f64,
        momentum: Option<f64>,
        ratios: &[f32],
    ) {
        self.pending += 1;
        self.loss_sum += f64::from(loss);
        self.lr = lr;
        self.momentum = momentum;
        for (sum, &r) in self.ratio_sums.iter_mut().zip(ratios) {
            *sum += f64::from(r);
        }
        if self.pending < self.stride {
            return;
        }
        let n = self.pending as f64;
        history.loss.push((self.loss_sum / n) as f32);
        history.lr.push(self.lr);
        if let Some(m) = self.momentum {
            history.momentum.push(m);
        }
        for (layer, sum) in history.update_ratio.iter_mut().zip(&mut self.ratio_sums) {
            layer.push((*sum / n) as f32);
            *sum = 0.0;
        }
        self.pending = 0;
        self.loss_sum = 0.0;
        if history.loss.len() >= self.max_points {
            halve(history);
            self.stride *= 2;
        }
    }
}

/// Merges neighbouring entries: means of loss and ratios, the later lr and momentum.
fn halve(history: &mut History) {
    let mean = |v: &[f32]| -> Vec<f32> {
        v.chunks_exact(2)
            .map(|p| ((f64::from(p[0]) + f64::from(p[1])) / 2.0) as f32)
            .collect()
    };
    let later = |v: &[f64]| -> Vec<f64> { v.chunks_exact(2).map(|p| p[1]).collect() };
    history.loss = mean(&history.loss);
    history.lr = later(&history.lr);
    history.momentum = later(&history.momentum);
    for layer in &mut history.update_ratio {
        *layer = mean(layer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(thinner: &mut Thinner, h: &mut History, n: usize) {
        for i in 1..=n {
            let lr = if i <= 6 { 1.0 } else { 0.5 };
            thinner.push(h, i as f32, lr, Some(0.9), &[i as f32 * 1e-3]);
        }
    }

    #[test]
    fn below_the_budget_every_iteration_is_kept() {
        let (mut t, mut h) = (Thinner::new(8, 1).unwrap(), History::new(1));
        feed(&mut t, &mut h, 7);
        assert_eq!((t.stride(), t.iterations(&h)), (1, 7));
        assert_eq!(h.loss, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]);
    }

    #[test]
    fn at_the_budget_buckets_merge_and_the_stride_doubles() {
        let (mut t, mut h) = (Thinner::new(4, 1).unwrap(), History::new(1));
        feed(&mut t, &mut h, 11);
        // 4 entries reached twice: stride 4; buckets 1-4, 5-8, then 9-11 pending.
        assert_eq!(t.stride(), 4);
        assert_eq!(h.loss, vec![2.5, 6.5]);
        assert_eq!(h.lr, vec![1.0, 0.5], "the lr in force at each bucket's end");
        assert_eq!(h.momentum, vec![0.9, 0.9]);
        assert!((h.update_ratio[0][1] - 6.5e-3).abs() < 1e-9);
        assert_eq!((t.pending(), t.iterations(&h)), (3, 11));
        feed(&mut t, &mut h, 1);
        assert_eq!(h.loss.len(), 3);
    }

    #[test]
    fn memory_is_bounded_however_long_the_run() {
        let (mut t, mut h) = (Thinner::new(64, 2).unwrap(), History::new(2));
        for i in 0..100_000 {
            t.push(&mut h, 1.0, 0.1, None, &[0.0, 0.0]);
            assert!(h.loss.len() < 64, "at iteration {i}");
        }
        assert_eq!(t.iterations(&h), 100_000);
        assert!(h.momentum.is_empty());
    }

    #[test]
    fn budgets_must_be_even() {
        assert!(Thinner::new(7, 1).is_err());
        assert!(Thinner::new(0, 1).is_err());
    }
}
