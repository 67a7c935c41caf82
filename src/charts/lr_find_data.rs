//! What the LR Finder chart draws, read off the runs of a range test: the median curve of the
//! seeds (raw and smoothed), the spread of their smoothed curves, the window the rules looked
//! at, every suggestion with how far the seeds' own suggestions scatter, and where a run stopped.

use std::ops::Range;

use serde::Serialize;

use crate::lrfind::{
    analyse, ema_smooth, spread, RangeTestConfig, SeedRun, Smoothing, Spread, StopReason,
    Suggestion, SuggestionKind, Suggestions,
};

/// One suggestion as the chart marks it and the panel lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mark {
    /// The rule.
    pub kind: SuggestionKind,
    /// Its short label.
    pub label: &'static str,
    /// The suggested learning rate.
    pub lr: f64,
    /// The smoothed loss of the curve at `lr` (where the marker sits).
    pub loss: f64,
    /// The smallest and largest lr the same rule picks on each seed's own curve (with two or
    /// more seeds).
    pub seeds: Option<(f64, f64)>,
    /// The rule's explanation, for the tooltip.
    pub explanation: &'static str,
}

/// Where a run stopped early.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StopMark {
    /// The learning rate of the last recorded point (the failing batch for a NaN loss).
    pub lr: f64,
    /// `"diverged"` (the smoothed loss passed the threshold) or `"non-finite"` (NaN loss).
    pub kind: &'static str,
    /// The seed of the run.
    pub seed: u64,
}

/// Everything the chart draws and the panel lists.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LrFindPlot {
    /// The sweep's first and last planned learning rate (the x range).
    pub sweep: (f64, f64),
    /// Points planned per run.
    pub num_iter: usize,
    /// The learning rate of every recorded point (of the longest run).
    pub lrs: Vec<f64>,
    /// Each seed's raw losses.
    pub raw: Vec<Vec<f64>>,
    /// The pointwise median of the raw losses (the only run's losses for one seed).
    pub median: Vec<f64>,
    /// The median smoothed: the curve the suggestions read.
    pub smoothed: Vec<f64>,
    /// Min, median and max of the seeds' smoothed curves (two or more seeds).
    pub band: Option<Spread>,
    /// The points the rules looked at.
    pub kept: Range<usize>,
    /// Every suggestion found, in [`SuggestionKind::ALL`] order.
    pub marks: Vec<Mark>,
    /// Early stops.
    pub stops: Vec<StopMark>,
    /// The seeds, in run order.
    pub seeds: Vec<u64>,
}

impl LrFindPlot {
    /// Reads `runs` (finished ones and at most one in progress, all of the sweep `config`)
    /// with `smoothing` (the panel's beta and skips, not the ones the runs were made with).
    pub fn from_runs(config: &RangeTestConfig, runs: &[SeedRun], smoothing: &Smoothing) -> Self {
        let longest = runs.iter().max_by_key(|r| r.losses.len().min(r.lrs.len()));
        let lrs: Vec<f64> = longest.map(|r| r.lrs.clone()).unwrap_or_default();
        let raw: Vec<Vec<f64>> = runs.iter().map(|r| r.losses.clone()).collect();
        let median = match raw.as_slice() {
            [one] => one.clone(),
            _ => spread(&raw).median,
        };
        let n = lrs.len().min(median.len());
        let analysis = analyse(&lrs[..n], &median[..n], config.num_iter, smoothing);
        let per_seed: Vec<Suggestions> = if runs.len() > 1 {
            runs.iter()
                .map(|r| analyse(&r.lrs, &r.losses, config.num_iter, smoothing).suggestions)
                .collect()
        } else {
            Vec::new()
        };
        let band = (runs.len() > 1).then(|| {
            let curves: Vec<Vec<f64>> = raw.iter().map(|l| ema_smooth(l, smoothing.beta)).collect();
            spread(&curves)
        });
        let marks = SuggestionKind::ALL
            .iter()
            .filter_map(|&kind| {
                let s = pick(&analysis.suggestions, kind)?;
                let lrs_of_seeds: Vec<f64> = per_seed
                    .iter()
                    .filter_map(|p| pick(p, kind).map(|s| s.lr))
                    .collect();
                let seeds = lrs_of_seeds
                    .iter()
                    .copied()
                    .fold(None, |acc, lr| match acc {
                        None => Some((lr, lr)),
                        Some((lo, hi)) => Some((f64::min(lo, lr), f64::max(hi, lr))),
                    });
                Some(Mark {
                    kind,
                    label: kind.label(),
                    lr: s.lr,
                    loss: loss_at(&lrs[..n], &analysis.smoothed, s.lr).unwrap_or(s.loss),
                    seeds,
                    explanation: kind.explanation(),
                })
            })
            .collect();
        let stops = runs
            .iter()
            .filter_map(|r| {
                let (lr, kind) = match r.stop? {
                    StopReason::Diverged { lr, .. } => (lr, "diverged"),
                    StopReason::NonFinite { lr, .. } => (lr, "non-finite"),
                    StopReason::Completed | StopReason::Cancelled => return None,
                };
                Some(StopMark {
                    lr,
                    kind,
                    seed: r.seed,
                })
            })
            .collect();
        LrFindPlot {
            sweep: (config.start_lr, config.end_lr),
            num_iter: config.num_iter,
            lrs: lrs[..n].to_vec(),
            raw,
            median: median[..n].to_vec(),
            smoothed: analysis.smoothed,
            band,
            kept: analysis.kept,
            marks,
            stops,
            seeds: runs.iter().map(|r| r.seed).collect(),
        }
    }

    /// The suggestion of rule `kind`, if found.
    pub fn mark(&self, kind: SuggestionKind) -> Option<&Mark> {
        self.marks.iter().find(|m| m.kind == kind)
    }

    /// Index of the recorded point nearest to `lr` in log scale.
    pub fn nearest(&self, lr: f64) -> Option<usize> {
        let target = lr.ln();
        (0..self.lrs.len()).min_by(|&a, &b| {
            let da = (self.lrs[a].ln() - target).abs();
            let db = (self.lrs[b].ln() - target).abs();
            da.total_cmp(&db)
        })
    }
}

fn pick(s: &Suggestions, kind: SuggestionKind) -> Option<Suggestion> {
    match kind {
        SuggestionKind::Steepest => s.steepest,
        SuggestionKind::MinDiv10 => s.min_div_10,
        SuggestionKind::Valley => s.valley,
        SuggestionKind::CyclicBase => s.cyclic.map(|c| c.base),
        SuggestionKind::CyclicMax => s.cyclic.map(|c| c.max),
    }
}

/// The curve's value at `lr`, interpolated linearly in log lr between recorded points; `None`
/// outside the recorded range or where the curve is not finite.
pub fn loss_at(lrs: &[f64], values: &[f64], lr: f64) -> Option<f64> {
    let n = lrs.len().min(values.len());
    let i = (1..n).find(|&i| lrs[i] >= lr)?;
    if lrs[i - 1] > lr {
        return None;
    }
    let (a, b) = (lrs[i - 1].ln(), lrs[i].ln());
    let t = if b > a { (lr.ln() - a) / (b - a) } else { 0.0 };
    let v = values[i - 1] + t * (values[i] - values[i - 1]);
    v.is_finite().then_some(v)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A run of `n` points from 1e-5 to 1 whose loss falls from 2.3 to 0.3 around 1e-2 and
    /// rises after 1e-1, shifted by `offset`.
    pub(crate) fn run(seed: u64, n: usize, offset: f64, stop: Option<StopReason>) -> SeedRun {
        let config = RangeTestConfig {
            start_lr: 1e-5,
            end_lr: 1.0,
            num_iter: n,
            ..RangeTestConfig::default()
        };
        let lrs = config.lrs();
        let losses = lrs
            .iter()
            .map(|lr| {
                let x = lr.log10();
                let fall = 0.3 + 2.0 / (1.0 + (3.0 * (x + 2.0)).exp());
                fall + offset
                    + if x > -1.0 {
                        6.0 * (x + 1.0).powi(2)
                    } else {
                        0.0
                    }
            })
            .collect();
        SeedRun {
            seed,
            lrs,
            losses,
            stop,
            restored: true,
        }
    }

    pub(crate) fn config(n: usize) -> RangeTestConfig {
        RangeTestConfig {
            start_lr: 1e-5,
            end_lr: 1.0,
            num_iter: n,
            ..RangeTestConfig::default()
        }
    }

    #[test]
    fn one_run_gives_every_suggestion_on_its_own_curve() {
        let raw = Smoothing {
            beta: 0.0,
            ..Smoothing::default()
        };
        let plot = LrFindPlot::from_runs(&config(81), &[run(0, 81, 0.0, None)], &raw);
        assert_eq!(plot.median, plot.raw[0]);
        assert_eq!(plot.smoothed, plot.raw[0], "beta 0 keeps the raw losses");
        assert!(plot.band.is_none());
        assert_eq!(plot.kept, 8..76);
        assert_eq!(plot.marks.len(), 5);
        let steep = plot.mark(SuggestionKind::Steepest).unwrap();
        assert!((steep.lr.log10() + 2.0).abs() < 0.2, "{steep:?}");
        let min10 = plot.mark(SuggestionKind::MinDiv10).unwrap();
        let at = loss_at(&plot.lrs, &plot.smoothed, min10.lr).unwrap();
        assert_eq!(min10.loss, at, "the marker sits on the curve at its lr");
        let (base, max) = (
            plot.mark(SuggestionKind::CyclicBase).unwrap().lr,
            plot.mark(SuggestionKind::CyclicMax).unwrap().lr,
        );
        assert!(base < steep.lr && steep.lr < max, "{base} {max}");
        assert!(plot.stops.is_empty());
    }

    #[test]
    fn several_seeds_give_a_band_a_median_and_the_scatter_of_suggestions() {
        let stop = StopReason::Diverged {
            iteration: 60,
            lr: 0.1,
            smoothed: 3.0,
            best: 0.5,
        };
        let mut short = run(2, 81, 0.2, Some(stop));
        short.lrs.truncate(60);
        short.losses.truncate(60);
        let runs = [run(0, 81, 0.0, None), run(1, 81, 0.1, None), short];
        let plot = LrFindPlot::from_runs(&config(81), &runs, &Smoothing::default());
        let band = plot.band.as_ref().unwrap();
        assert_eq!((band.count[0], band.count[70]), (3, 2));
        assert!((plot.median[10] - runs[1].losses[10]).abs() < 1e-12);
        assert_eq!(plot.lrs.len(), 81);
        let valley = plot.mark(SuggestionKind::Valley).unwrap();
        let (lo, hi) = valley.seeds.unwrap();
        assert!(lo <= hi && lo > 0.0);
        assert_eq!(plot.stops.len(), 1);
        assert_eq!((plot.stops[0].lr, plot.stops[0].kind), (0.1, "diverged"));
        assert_eq!(plot.seeds, vec![0, 1, 2]);
    }

    #[test]
    fn interpolation_and_nearest_point_work_in_log_lr() {
        let lrs = [1e-3, 1e-2, 1e-1];
        let values = [3.0, 2.0, 1.0];
        assert!((loss_at(&lrs, &values, 10f64.powf(-2.5)).unwrap() - 2.5).abs() < 1e-12);
        assert_eq!(loss_at(&lrs, &values, 1e-4), None);
        assert_eq!(loss_at(&lrs, &values, 1.0), None);
        let plot = LrFindPlot::from_runs(&config(81), &[], &Smoothing::default());
        assert!(plot.marks.is_empty() && plot.lrs.is_empty());
        assert_eq!(plot.nearest(1e-3), None);
        let one =
            LrFindPlot::from_runs(&config(81), &[run(0, 81, 0.0, None)], &Smoothing::default());
        assert_eq!(one.nearest(1e-5), Some(0));
        assert_eq!(one.nearest(0.9), Some(79));
        assert_eq!(one.nearest(0.99), Some(80));
    }
}
