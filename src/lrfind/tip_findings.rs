//! What a finished tip experiment shows, in one or two sentences computed from its numbers
//! (never a canned conclusion: when the data disagrees with the lecture, the sentence says so).

use super::experiment::ExperimentReport;
use super::runs::ArmResult;
use super::tips::{Heatmap, Tip};
use crate::pyfmt::py_float;

/// Iterations at the end of the warm-up comparison averaged for its "after" loss, so one noisy
/// batch does not decide the sentence.
const WARMUP_TAIL: usize = 20;

/// The sentence for `report`, or `None` while it lacks the runs to compare (not finished, or
/// cancelled before the comparison).
pub fn finding(report: &ExperimentReport) -> Option<String> {
    match report.tip {
        Tip::AdamVsSgd => adam_vs_sgd(&report.arms),
        Tip::DecayAfterConstant => decay(&report.arms),
        Tip::BatchSizeGrid => report.heatmap.as_ref().and_then(diagonal),
        Tip::Warmup => warmup(&report.arms),
    }
}

fn percent(acc: f64) -> String {
    format!("{:.1}%", 100.0 * acc)
}

fn fixed(v: f64) -> String {
    format!("{v:.3}")
}

fn adam_vs_sgd(arms: &[ArmResult]) -> Option<String> {
    let [adam, sgd] = arms else { return None };
    let lr = py_float(sgd.lr);
    let (a, s) = match (adam.val_acc, sgd.val_acc) {
        (Some(a), None) => {
            return Some(format!(
                "SGD at its tuned lr = {lr} diverged over three epochs while Adam's untuned \
                 baseline reached {}: the baseline is the safer start.",
                percent(a)
            ))
        }
        (None, Some(s)) => {
            return Some(format!(
                "Adam's baseline diverged; SGD at its tuned lr = {lr} reached {}.",
                percent(s)
            ))
        }
        (Some(a), Some(s)) => (a, s),
        (None, None) => return Some("Both runs diverged.".into()),
    };
    let points = 100.0 * (s - a);
    let verdict = if points.abs() < 0.1 {
        "tuning SGD only matched the baseline Adam gave for free".to_string()
    } else if points > 0.0 {
        format!(
            "tuning SGD (six extra one-epoch runs) bought {points:.1} percentage points over the baseline"
        )
    } else {
        format!(
            "Adam's untuned baseline stayed {:.1} percentage points ahead of the tuned SGD",
            -points
        )
    };
    Some(format!(
        "After three epochs Adam at lr = 0.001 reached {} validation accuracy and SGD at its \
         tuned lr = {lr} reached {}: {verdict}.",
        percent(a),
        percent(s)
    ))
}

fn decay(arms: &[ArmResult]) -> Option<String> {
    let [constant, rest @ ..] = arms else {
        return None;
    };
    if rest.len() < 2 {
        return None;
    }
    let lr = py_float(constant.lr);
    let Some(base) = constant.val_loss else {
        return Some(format!(
            "The constant lr = {lr} diverged over three epochs: decay cannot be judged on a \
             learning rate that is already too large."
        ));
    };
    let mut parts = Vec::new();
    let mut best: Option<(&ArmResult, f64)> = None;
    for arm in rest {
        match arm.val_loss {
            Some(v) => {
                let change = 100.0 * (v - base) / base;
                let acc = arm
                    .val_acc
                    .zip(constant.val_acc)
                    .map(|(a, c)| format!(", accuracy {:+.1} points", 100.0 * (a - c)))
                    .unwrap_or_default();
                parts.push(format!("{} {} ({change:+.1}%{acc})", arm.label, fixed(v)));
                if best.is_none_or(|(_, b)| v < b) {
                    best = Some((arm, v));
                }
            }
            None => parts.push(format!("{} diverged", arm.label)),
        }
    }
    let verdict = match best {
        Some((arm, v)) if v < base => format!(
            "decay helped here, most with {}: it refines the lr the first search found",
            arm.label
        ),
        _ => "decay did not lower the loss here: the constant lr was already good enough, \
              so this setup does not need it"
            .into(),
    };
    Some(format!(
        "At the best constant lr = {lr} the final validation loss was {}; with decay: {}. So {verdict}.",
        fixed(base),
        parts.join(", ")
    ))
}

/// For each batch size (row), the lr (column) of lowest loss; `None` for a fully diverged row.
pub fn best_lr_per_row(h: &Heatmap) -> Vec<Option<f64>> {
    let cols = h.lrs.len();
    h.batch_sizes
        .iter()
        .enumerate()
        .map(|(row, _)| {
            (0..cols)
                .filter_map(|c| {
                    h.values
                        .get(row * cols + c)
                        .copied()
                        .flatten()
                        .map(|v| (c, v))
                })
                .fold(None, |acc: Option<(usize, f64)>, (c, v)| match acc {
                    Some((_, b)) if b <= v => acc,
                    _ => Some((c, v)),
                })
                .map(|(c, _)| h.lrs[c])
        })
        .collect()
}

fn diagonal(h: &Heatmap) -> Option<String> {
    if h.values.iter().all(Option::is_none) {
        return None;
    }
    let best = best_lr_per_row(h);
    let listed: Vec<String> = h
        .batch_sizes
        .iter()
        .zip(&best)
        .map(|(b, lr)| match lr {
            Some(lr) => format!("batch {b}: lr = {}", py_float(*lr)),
            None => format!("batch {b}: every lr diverged"),
        })
        .collect();
    let found: Vec<f64> = best.iter().flatten().copied().collect();
    let rising = found.windows(2).all(|w| w[0] <= w[1]);
    let strictly = found.first() < found.last();
    let diverged = h.values.iter().filter(|v| v.is_none()).count();
    let verdict = if rising && strictly {
        "the best lr grows with the batch size, so the good (dark) cells run along the diagonal: smaller batches suit smaller learning rates"
    } else if rising {
        "every batch size has the same best lr here: on this grid the diagonal does not show"
    } else {
        "the best lr does not grow with the batch size here, against the lecture's rule: look at the cells next to the best ones, which are often nearly as good"
    };
    let blanks = match diverged {
        0 => String::new(),
        1 => " One cell diverged.".into(),
        n => format!(" {n} cells diverged."),
    };
    Some(format!(
        "Lowest validation loss per row: {}; {verdict}.{blanks}",
        listed.join(", ")
    ))
}

fn warmup(arms: &[ArmResult]) -> Option<String> {
    let [cold, warm] = arms else { return None };
    let start = f64::from(*cold.loss.first()?);
    let early = |a: &ArmResult| {
        a.loss
            .iter()
            .take(a.loss.len() / 2)
            .map(|&l| f64::from(l))
            .filter(|l| l.is_finite())
            .fold(f64::NEG_INFINITY, f64::max)
    };
    let tail = |a: &ArmResult| {
        let n = a.loss.len().min(WARMUP_TAIL);
        let t = &a.loss[a.loss.len() - n..];
        (n > 0).then(|| t.iter().map(|&l| f64::from(l)).sum::<f64>() / n as f64)
    };
    let peak = |a: &ArmResult| {
        let p = early(a);
        format!(
            "{} ({:.1}× the starting {})",
            fixed(p),
            p / start,
            fixed(start)
        )
    };
    if let Some(i) = cold.diverged_at {
        return Some(format!(
            "Without warm-up the run diverged at iteration {i}; with warm-up the loss peaked at \
             {} in the first half and the run survived.",
            peak(warm)
        ));
    }
    let verdict = if early(cold) > early(warm) {
        "the warm-up removed the early spike"
    } else {
        "no early spike to remove here: this setup is stable enough at this lr"
    };
    let after = match (tail(cold), tail(warm)) {
        (Some(c), Some(w)) => format!(
            " Over the last {WARMUP_TAIL} iterations the loss averaged {} without and {} with warm-up.",
            fixed(c),
            fixed(w)
        ),
        _ => String::new(),
    };
    Some(format!(
        "In the first half of the run the loss peaked at {} without warm-up and at {} with it: {verdict}.{after}",
        peak(cold),
        peak(warm)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lrfind::heatmap;

    fn arm(label: &str, lr: f64, batch: usize, val: Option<(f64, f64)>) -> ArmResult {
        ArmResult {
            label: label.into(),
            lr,
            batch_size: batch,
            loss: vec![2.3, 1.0],
            lrs: vec![lr, lr],
            epochs: Vec::new(),
            train_loss: val.map(|v| v.0),
            val_loss: val.map(|v| v.0),
            val_acc: val.map(|v| v.1),
            diverged_at: val.is_none().then_some(2),
        }
    }

    fn report(tip: Tip, arms: Vec<ArmResult>) -> ExperimentReport {
        let heatmap =
            (tip == Tip::BatchSizeGrid).then(|| heatmap(&arms, &[16, 64, 256], &[1.0, 0.1, 0.01]));
        ExperimentReport {
            tip,
            title: tip.title(),
            explanation: tip.explanation(),
            budget_samples: 0,
            tuning: Vec::new(),
            tuned_lr: None,
            arms,
            heatmap,
        }
    }

    #[test]
    fn adam_against_sgd_states_who_won_by_how_much() {
        let r = report(
            Tip::AdamVsSgd,
            vec![
                arm("Adam", 1e-3, 32, Some((0.3, 0.912))),
                arm("SGD", 0.1, 32, Some((0.25, 0.935))),
            ],
        );
        let s = finding(&r).unwrap();
        assert!(
            s.contains("91.2%") && s.contains("93.5%") && s.contains("2.3 percentage points over"),
            "{s}"
        );
        let r = report(
            Tip::AdamVsSgd,
            vec![
                arm("Adam", 1e-3, 32, Some((0.3, 0.95))),
                arm("SGD", 0.1, 32, Some((0.25, 0.93))),
            ],
        );
        assert!(finding(&r)
            .unwrap()
            .contains("stayed 2.0 percentage points ahead"));
        let r = report(
            Tip::AdamVsSgd,
            vec![
                arm("Adam", 1e-3, 32, Some((0.3, 0.95))),
                arm("SGD", 1.0, 32, None),
            ],
        );
        assert!(finding(&r).unwrap().contains("diverged"));
        assert_eq!(finding(&report(Tip::AdamVsSgd, Vec::new())), None);
    }

    #[test]
    fn decay_reports_each_schedule_against_the_constant() {
        let arms = vec![
            arm("constant", 0.1, 32, Some((0.40, 0.90))),
            arm("StepLR", 0.1, 32, Some((0.30, 0.92))),
            arm("cosine", 0.1, 32, Some((0.32, 0.91))),
        ];
        let s = finding(&report(Tip::DecayAfterConstant, arms)).unwrap();
        assert!(
            s.contains("StepLR 0.300 (-25.0%, accuracy +2.0 points)"),
            "{s}"
        );
        assert!(s.contains("most with StepLR"), "{s}");
        let arms = vec![
            arm("constant", 0.1, 32, Some((0.30, 0.92))),
            arm("StepLR", 0.1, 32, Some((0.31, 0.92))),
            arm("cosine", 0.1, 32, None),
        ];
        let s = finding(&report(Tip::DecayAfterConstant, arms)).unwrap();
        assert!(
            s.contains("did not lower") && s.contains("cosine diverged"),
            "{s}"
        );
    }

    #[test]
    fn the_heatmap_sentence_follows_the_best_lr_per_row() {
        let cell = |b, lr, v: Option<f64>| arm("c", lr, b, v.map(|v| (v, 0.9)));
        let rising = vec![
            cell(16, 1.0, None),
            cell(16, 0.1, Some(0.5)),
            cell(16, 0.01, Some(0.4)),
            cell(64, 1.0, Some(0.6)),
            cell(64, 0.1, Some(0.3)),
            cell(64, 0.01, Some(0.7)),
            cell(256, 1.0, Some(0.35)),
            cell(256, 0.1, Some(0.5)),
            cell(256, 0.01, Some(0.9)),
        ];
        let r = report(Tip::BatchSizeGrid, rising);
        assert_eq!(
            best_lr_per_row(r.heatmap.as_ref().unwrap()),
            vec![Some(0.01), Some(0.1), Some(1.0)]
        );
        let s = finding(&r).unwrap();
        assert!(
            s.contains("grows with the batch size") && s.contains("One cell diverged"),
            "{s}"
        );
        let flat = vec![
            cell(16, 0.1, Some(0.3)),
            cell(64, 0.1, Some(0.3)),
            cell(256, 0.1, Some(0.3)),
        ];
        assert!(finding(&report(Tip::BatchSizeGrid, flat))
            .unwrap()
            .contains("same best lr"));
        let falling = vec![cell(16, 1.0, Some(0.3)), cell(256, 0.01, Some(0.3))];
        assert!(finding(&report(Tip::BatchSizeGrid, falling))
            .unwrap()
            .contains("does not grow"));
    }

    #[test]
    fn warmup_compares_the_early_peaks() {
        let mut cold = arm("cold", 0.03, 32, Some((0.5, 0.8)));
        cold.loss = vec![2.3, 6.0, 3.0, 1.0, 0.8, 0.7];
        let mut warm = arm("warm", 0.03, 32, Some((0.4, 0.85)));
        warm.loss = vec![2.3, 2.2, 2.0, 1.2, 0.6, 0.5];
        let s = finding(&report(Tip::Warmup, vec![cold.clone(), warm.clone()])).unwrap();
        assert!(
            s.contains("6.000 (2.6× the starting 2.300)") && s.contains("removed the early spike"),
            "{s}"
        );
        cold.diverged_at = Some(3);
        let s = finding(&report(Tip::Warmup, vec![cold, warm])).unwrap();
        assert!(
            s.starts_with("Without warm-up the run diverged at iteration 3"),
            "{s}"
        );
    }
}
