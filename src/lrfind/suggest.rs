//! The classic learning-rate suggestions read off a range test's smoothed loss curve, each a
//! pure function of `(lrs, losses)` with an explanation for the panel's tooltip.
//!
//! The rules are fastai's (`fastai/callback/schedule.py`: `steep`, `minimum`, `valley`); they
//! see the curve already smoothed and trimmed (see [`super::Smoothing`]). Like fastai's
//! `lr_find`, every rule ignores the curve from its first non-finite loss on.

use serde::{Deserialize, Serialize};

/// A suggested learning rate and the point of the curve the rule picked it from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The learning rate to use.
    pub lr: f64,
    /// Index of the curve point the rule chose (for `min_div_10`, the minimum itself).
    pub index: usize,
    /// The (smoothed) loss at that point, where the panel draws the marker.
    pub loss: f64,
}

/// Which rule a suggestion comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionKind {
    /// [`steepest`].
    Steepest,
    /// [`min_div_10`].
    #[serde(rename = "min_div_10")]
    MinDiv10,
    /// [`valley`].
    Valley,
    /// The lower bound of [`super::cyclic_bounds`].
    CyclicBase,
    /// The upper bound of [`super::cyclic_bounds`].
    CyclicMax,
}

impl SuggestionKind {
    /// Every rule, in the order the panel lists them.
    pub const ALL: [SuggestionKind; 5] = [
        SuggestionKind::Steepest,
        SuggestionKind::MinDiv10,
        SuggestionKind::Valley,
        SuggestionKind::CyclicBase,
        SuggestionKind::CyclicMax,
    ];

    /// A short label for legends and buttons.
    pub fn label(self) -> &'static str {
        match self {
            SuggestionKind::Steepest => "steepest",
            SuggestionKind::MinDiv10 => "minimum / 10",
            SuggestionKind::Valley => "valley",
            SuggestionKind::CyclicBase => "CyclicLR base_lr",
            SuggestionKind::CyclicMax => "CyclicLR max_lr",
        }
    }

    /// One paragraph for the tooltip: what the rule picks and why that is a sensible lr.
    pub fn explanation(self) -> &'static str {
        match self {
            SuggestionKind::Steepest => {
                "Steepest descent: the learning rate at which the smoothed loss falls fastest \
                 per decade of learning rate (the most negative slope of loss against log lr). \
                 The network learns fastest there, so it is a bold but usually safe choice. On \
                 a noisy curve the steepest point can be a single dip, so compare it with the \
                 other marks."
            }
            SuggestionKind::MinDiv10 => {
                "Minimum / 10: the learning rate of the lowest smoothed loss, divided by ten. At \
                 the minimum the lr is already at the edge of instability (the loss turns up \
                 right after it), so one order of magnitude lower is a conservative choice that \
                 still trains quickly (fastai's 'minimum' rule)."
            }
            SuggestionKind::Valley => {
                "Valley (fastai's default): the longest stretch over which the smoothed loss \
                 keeps going down, and the point half way along it: late enough to learn fast, \
                 early enough to stay clear of the bottom where the loss turns and diverges. \
                 Because it looks at the whole descent, a single noisy dip does not fool it."
            }
            SuggestionKind::CyclicBase => {
                "Smith's base_lr for CyclicLR: where the loss starts to fall, here where the \
                 smoothed loss has covered 10% of its fall from the start of the curve to its \
                 minimum. Below it the network hardly learns, so a cycle need not go lower."
            }
            SuggestionKind::CyclicMax => {
                "Smith's max_lr for CyclicLR (and OneCycleLR): where the loss stops falling, \
                 here where 90% of the fall is done, before the bottom where the curve \
                 flattens, turns ragged and rises. Above it training becomes unstable."
            }
        }
    }
}

/// The curve up to its first non-finite loss (and to the shorter of the two slices).
pub(super) fn finite_prefix<'a>(lrs: &'a [f64], losses: &'a [f64]) -> (&'a [f64], &'a [f64]) {
    let n = lrs.len().min(losses.len());
    let end = losses[..n].iter().position(|l| !l.is_finite()).unwrap_or(n);
    (&lrs[..end], &losses[..end])
}

/// Index of the first smallest value (`argmin`), `None` for an empty slice.
pub(super) fn argmin(values: &[f64]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, v) in values.iter().enumerate() {
        if best.is_none_or(|b| *v < values[b]) {
            best = Some(i);
        }
    }
    best
}

fn at(losses: &[f64], index: usize, lr: f64) -> Suggestion {
    Suggestion {
        lr,
        index,
        loss: losses[index],
    }
}

/// fastai's `steep`: the lr at the left end of the steepest descent of the loss against
/// `ln(lr)`, i.e. `lrs[argmin_i (loss[i+1] - loss[i]) / (ln lr[i+1] - ln lr[i])]`. Works for
/// linear sweeps too, since the slope is always taken per unit of log lr.
///
/// `None` with fewer than two usable points.
pub fn steepest(lrs: &[f64], losses: &[f64]) -> Option<Suggestion> {
    let (lrs, losses) = finite_prefix(lrs, losses);
    let slopes: Vec<f64> = lrs
        .windows(2)
        .zip(losses.windows(2))
        .map(|(lr, loss)| {
            let run = lr[1].ln() - lr[0].ln();
            if run.is_finite() && run != 0.0 {
                (loss[1] - loss[0]) / run
            } else {
                f64::INFINITY
            }
        })
        .collect();
    let i = argmin(&slopes).filter(|&i| slopes[i].is_finite())?;
    Some(at(losses, i, lrs[i]))
}

/// fastai's `minimum`: the lr of the lowest loss, divided by 10. The suggestion's `index` and
/// `loss` are those of the minimum itself.
///
/// `None` for an empty curve.
pub fn min_div_10(lrs: &[f64], losses: &[f64]) -> Option<Suggestion> {
    let (lrs, losses) = finite_prefix(lrs, losses);
    let i = argmin(losses)?;
    Some(at(losses, i, lrs[i] / 10.0))
}

/// fastai's `valley`: for every point the length of the longest strictly decreasing run of
/// points ending there (a longest decreasing subsequence, not necessarily contiguous); the
/// longest such valley is `[end - length, end]` and the suggestion sits at
/// `start + ⌊len/3⌋ + ⌊len/6⌋` (fastai's `int(sections) + int(sections / 2)` with
/// `sections = len / 3`). The rule is often described as taking the point two thirds along
/// the valley; fastai's code lands half way along it, and lrlab follows the code.
///
/// Reproduced quirk for quirk, including the start taken one point before the valley and
/// fixed when the valley first becomes the longest. Where fastai's index would be `-1`
/// (Python then picks the *last* point), lrlab picks the first. O(n²), like fastai.
///
/// `None` for an empty curve.
pub fn valley(lrs: &[f64], losses: &[f64]) -> Option<Suggestion> {
    let (lrs, losses) = finite_prefix(lrs, losses);
    let n = losses.len();
    if n == 0 {
        return None;
    }
    let mut lds = vec![1usize; n];
    let (mut max_start, mut max_end) = (0i64, 0usize);
    for i in 1..n {
        for j in 0..i {
            if losses[i] < losses[j] && lds[i] < lds[j] + 1 {
                lds[i] = lds[j] + 1;
            }
            if lds[max_end] < lds[i] {
                max_end = i;
                max_start = i as i64 - lds[i] as i64;
            }
        }
    }
    let sections = (max_end as i64 - max_start) as f64 / 3.0;
    let idx = max_start + sections.trunc() as i64 + (sections / 2.0).trunc() as i64;
    let i = usize::try_from(idx).unwrap_or(0).min(n - 1);
    Some(at(losses, i, lrs[i]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` lrs log-spaced from 1e-6 to 1.
    fn log_lrs(n: usize) -> Vec<f64> {
        (0..n)
            .map(|i| 10f64.powf(-6.0 + 6.0 * i as f64 / (n - 1) as f64))
            .collect()
    }

    /// A sigmoid drop from 2.3 to 0.3 centred at `log10 lr = centre`, then a quadratic blow-up
    /// after `log10 lr = rise`.
    fn curve(lrs: &[f64], centre: f64, rise: f64) -> Vec<f64> {
        lrs.iter()
            .map(|lr| {
                let x = lr.log10();
                let drop = 0.3 + 2.0 / (1.0 + (3.0 * (x - centre)).exp());
                drop + if x > rise {
                    4.0 * (x - rise).powi(2)
                } else {
                    0.0
                }
            })
            .collect()
    }

    #[test]
    fn steepest_is_the_inflection_of_a_sigmoid_drop() {
        let lrs = log_lrs(121);
        let losses = curve(&lrs, -3.0, -1.0);
        let s = steepest(&lrs, &losses).unwrap();
        // The slope between points i and i+1 is steepest around the centre, so the left end
        // is the grid point just below 1e-3 (grid spacing 0.05 decade).
        assert!((s.lr.log10() + 3.0).abs() <= 0.05 + 1e-9, "{s:?}");
        assert_eq!(s.loss, losses[s.index]);
        assert_eq!(s.lr, lrs[s.index]);
    }

    #[test]
    fn min_div_10_is_a_decade_below_the_minimum() {
        let lrs = log_lrs(61);
        let losses = curve(&lrs, -3.0, -1.0);
        let s = min_div_10(&lrs, &losses).unwrap();
        let i = argmin(&losses).unwrap();
        assert_eq!((s.index, s.lr), (i, lrs[i] / 10.0));
        // The blow-up starts at 1e-1 and the sigmoid is still creeping down until then.
        assert!((lrs[i].log10() + 1.0).abs() < 0.11, "{}", lrs[i]);
    }

    #[test]
    fn valley_matches_fastai_on_a_hand_checked_curve() {
        // lds = [1, 2, 3, 3, 4, 5, 1]: the longest valley ends at index 5; its start was fixed
        // when lds[5] first exceeded 4, i.e. at 5: start = 5 - 5 = 0; sections = 5/3;
        // idx = 0 + 1 + 0 = 1.
        let losses = [5.0, 4.0, 3.0, 3.5, 2.0, 1.0, 6.0];
        let lrs: Vec<f64> = (1..=7).map(f64::from).collect();
        let s = valley(&lrs, &losses).unwrap();
        assert_eq!((s.index, s.lr, s.loss), (1, 2.0, 4.0));
    }

    #[test]
    fn valley_sits_half_way_down_a_long_descent() {
        // 60 points falling, then 30 rising: valley = [-1, 59], sections = 20, idx = 29.
        let losses: Vec<f64> = (0..90)
            .map(|i| {
                if i < 60 {
                    100.0 - i as f64
                } else {
                    i as f64 - 19.0
                }
            })
            .collect();
        let lrs = log_lrs(90);
        let s = valley(&lrs, &losses).unwrap();
        assert_eq!(s.index, 29);
        // The sigmoid falls (strictly) from the first point to its minimum at 1e-1 (index
        // 100): valley = [-1, 100], sections = 101/3, idx = -1 + 33 + 16 = 48.
        let sigmoid = curve(&log_lrs(121), -3.0, -1.0);
        assert_eq!(argmin(&sigmoid), Some(100));
        assert_eq!(valley(&log_lrs(121), &sigmoid).unwrap().index, 48);
    }

    #[test]
    fn valley_where_fastai_would_wrap_to_the_last_point_takes_the_first() {
        let s = valley(&[1.0, 2.0, 3.0], &[2.0, 1.0, 5.0]).unwrap();
        assert_eq!(s.index, 0);
        let flat = valley(&[1.0, 2.0], &[1.0, 1.0]).unwrap();
        assert_eq!(flat.index, 0);
    }

    #[test]
    fn rules_stop_at_the_first_non_finite_loss_and_need_enough_points() {
        let lrs = [1e-3, 1e-2, 1e-1, 1.0];
        let losses = [2.0, 1.0, f64::NAN, 0.1];
        assert_eq!(min_div_10(&lrs, &losses).unwrap().index, 1);
        assert_eq!(steepest(&lrs, &losses).unwrap().index, 0);
        assert!(steepest(&lrs[..1], &losses[..1]).is_none());
        assert!(min_div_10(&[], &[]).is_none());
        assert!(valley(&[], &[]).is_none());
        assert!(
            steepest(&[0.1, 0.1], &[1.0, 0.5]).is_none(),
            "no lr range, no slope"
        );
    }

    #[test]
    fn every_rule_explains_itself() {
        for kind in SuggestionKind::ALL {
            assert!(kind.explanation().len() > 150, "{kind:?}");
            assert!(!kind.label().is_empty());
        }
        let json = serde_json::to_string(&SuggestionKind::MinDiv10).unwrap();
        assert_eq!(json, "\"min_div_10\"");
    }
}
