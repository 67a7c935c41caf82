//! Words for a schedule: each scheduler's formula card (its PyTorch snippet is in
//! `snippet.rs`).

use serde::Serialize;

/// A scheduler's formula and when to use it, for the lab's formula card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FormulaCard {
    /// The class name.
    pub name: &'static str,
    /// The formula, plain text with Unicode.
    pub formula: &'static str,
    /// One sentence on when to use it.
    pub when: &'static str,
}

const CARDS: &[FormulaCard] = &[
    FormulaCard {
        name: "StepLR",
        formula: "lr = initial_lr × gamma^⌊epoch / step_size⌋",
        when: "Cut the lr by a fixed factor at regular intervals: the classic recipe \
               (×0.1 every 30 epochs).",
    },
    FormulaCard {
        name: "MultiStepLR",
        formula: "lr = initial_lr × gamma^(number of milestones ≤ epoch)",
        when: "Cut the lr at the epochs where you know progress stalls.",
    },
    FormulaCard {
        name: "ExponentialLR",
        formula: "lr = initial_lr × gamma^epoch",
        when: "A smooth, steady decay with a single knob (gamma ≈ 0.9 to 0.99).",
    },
    FormulaCard {
        name: "TimeBasedDecay",
        formula: "lr[n+1] = lr[n] / (1 + decay × n)",
        when: "The lecture's time-based schedule: each step shrinks the lr by a factor that \
               grows with time, so the decay is fast early and gentle later.",
    },
    FormulaCard {
        name: "ExponentialDecay",
        formula: "lr[n] = lr[0] × e^(−decay × n)",
        when: "The lecture's exponential schedule: like StepLR, but decaying a little every \
               epoch (ExponentialLR with gamma = e^(−decay)).",
    },
    FormulaCard {
        name: "ReduceLROnPlateau",
        formula: "if the metric has not improved by threshold for more than patience epochs: \
                  lr ← max(lr × factor, min_lr), then ignore cooldown epochs",
        when: "When you cannot predict when learning stalls: let the validation loss decide.",
    },
    FormulaCard {
        name: "MultiplicativeLR",
        formula: "lr = lr_previous × lr_lambda(epoch)",
        when: "A custom per-epoch factor that compounds, e.g. 0.95 every epoch.",
    },
    FormulaCard {
        name: "LambdaLR",
        formula: "lr = initial_lr × lr_lambda(epoch)",
        when: "Any schedule you can write as a formula of the epoch, such as a warm-up ramp.",
    },
    FormulaCard {
        name: "CyclicLR",
        formula: "lr = base_lr + (max_lr − base_lr) × h × scale, h rising 0 → 1 over \
                  step_size_up iterations and back over step_size_down; scale = 1 (triangular), \
                  1 / 2^(cycle − 1) (triangular2), gamma^iteration (exp_range)",
        when: "Stepped every batch: sweep between two bounds instead of tuning one lr \
               (Smith 2017); momentum moves the other way.",
    },
    FormulaCard {
        name: "OneCycleLR",
        formula: "lr: max_lr / div_factor → max_lr over pct_start × total_steps, then → \
                  max_lr / (div_factor × final_div_factor) (cos or linear); momentum: \
                  max_momentum → base_momentum → max_momentum",
        when: "Stepped every batch for a fixed budget: one warm-up and one long anneal for \
               fast, robust training (Smith & Topin's super-convergence).",
    },
    FormulaCard {
        name: "CosineAnnealingLR",
        formula: "lr = eta_min + (initial_lr − eta_min) × (1 + cos(π × epoch / T_max)) / 2",
        when: "A smooth decay to eta_min over a known number of epochs; set T_max to the run's \
               length, since past it the lr climbs back up.",
    },
    FormulaCard {
        name: "CosineAnnealingWarmRestarts",
        formula: "lr = eta_min + (initial_lr − eta_min) × (1 + cos(π × T_cur / T_i)) / 2, \
                  T_cur back to 0 at each restart, T_i = T_0 × T_mult^restarts",
        when: "SGDR: periodic warm restarts to escape sharp minima; snapshot ensembles keep a \
               model from the end of each cycle.",
    },
    FormulaCard {
        name: "LinearLR",
        formula: "lr = initial_lr × (start_factor + (end_factor − start_factor) × \
                  min(epoch, total_iters) / total_iters)",
        when: "A linear warm-up (start_factor < 1) at the start of training, or a linear decay.",
    },
    FormulaCard {
        name: "ConstantLR",
        formula: "lr = initial_lr × factor while epoch < total_iters, then initial_lr",
        when: "A short constant low-lr warm-up, usually the first phase of a SequentialLR.",
    },
    FormulaCard {
        name: "PolynomialLR",
        formula: "lr = initial_lr × (1 − min(epoch, total_iters) / total_iters)^power",
        when: "Decay to exactly zero at a known end (power 1 is linear).",
    },
    FormulaCard {
        name: "SequentialLR",
        formula: "schedulers[i] drives the lr while milestones[i−1] ≤ epoch < milestones[i]",
        when: "Phases in sequence, typically a warm-up (LinearLR) then a decay \
               (CosineAnnealingLR).",
    },
    FormulaCard {
        name: "ChainedScheduler",
        formula: "every child steps each epoch, each scaling the lr the previous one left",
        when: "Several effects at once, e.g. a constant warm-up on top of an exponential decay.",
    },
];

/// The formula card of scheduler `name` (a [`super::SchedulerConfig::NAMES`] entry).
pub fn formula_card(name: &str) -> Option<FormulaCard> {
    CARDS.iter().find(|c| c.name == name).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::SchedulerConfig;

    #[test]
    fn every_scheduler_has_a_card() {
        for name in SchedulerConfig::NAMES {
            let card = formula_card(name).unwrap();
            assert!(card.formula.contains("lr"), "{name}");
            assert!(card.when.ends_with('.'), "{name}");
        }
        assert_eq!(formula_card("NoSuchLR"), None);
    }
}
