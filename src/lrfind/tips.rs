//! The lecture's tips ("Some Tips & Notes!") as experiments: for each, the runs to make and
//! what to draw. The log-scale search then refinement is [`super::Search`] itself.
//!
//! Budgets, in training samples seen, with the lab's default setup (8000 training digits,
//! batch 32): Adam vs tuned SGD 6 × 1 + 2 × 3 epochs = 96,000; decay as a second-order search
//! 6 × 1 + 3 × 3 epochs = 120,000; batch size × lr 3 × 5 cells of 1 epoch = 120,000; warm-up
//! 2 × 200 iterations = 12,800. Runs that diverge stop early and cost less. See
//! [`Tip::budget_samples`].

use serde::{Deserialize, Serialize};

use super::grid::{with_lr, Metric};
use super::runs::{Arm, ArmResult, Budget};
use super::search::SearchConfig;
use crate::optim::{AdamConfig, OptimizerConfig, SGDConfig};
use crate::pyfmt::py_float;
use crate::schedule::SchedulerConfig;
use crate::train::{ScheduleStep, TrainConfig};
use crate::Result;

/// Epochs of each compared run in the two tips that tune first.
const COMPARE_EPOCHS: usize = 3;
/// The SGD lrs tried to tune SGD against Adam.
const SGD_GRID: [f64; 6] = [1.0, 0.3, 0.1, 0.03, 0.01, 0.003];
/// The heatmap's batch sizes.
pub const HEATMAP_BATCHES: [usize; 3] = [16, 64, 256];
/// The heatmap's learning rates (plain SGD).
pub const HEATMAP_LRS: [f64; 5] = [1.0, 0.3, 0.1, 0.03, 0.01];
/// Iterations shown in the warm-up comparison.
const WARMUP_RUN: usize = 200;
/// The warm-up's length.
const WARMUP_ITERS: i64 = 100;
/// Adam's lr in the warm-up comparison: measured on the default setup, Adam at 0.03 without
/// warm-up sends the loss to about 6 in the first 50 iterations, with warm-up never above its
/// starting 2.3.
const WARMUP_LR: f64 = 0.03;

/// A tip of the lecture's last slide, as an experiment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tip {
    /// "Start with a baseline (usually using Adam), if time permits explore whether
    /// improvements can be achieved."
    AdamVsSgd,
    /// "LR-decay is a second order parameter search (pick a good learning rate with no decay,
    /// see if you need decay)."
    DecayAfterConstant,
    /// "Smaller batch-sizes are better suited to smaller learning rates."
    BatchSizeGrid,
    /// "Learning rate warm-up: mitigate the effect of early-overfitting."
    Warmup,
}

impl Tip {
    /// Every tip, in the lecture's order.
    pub const ALL: [Tip; 4] = [
        Tip::AdamVsSgd,
        Tip::DecayAfterConstant,
        Tip::BatchSizeGrid,
        Tip::Warmup,
    ];

    /// A title for the experiment's card.
    pub fn title(self) -> &'static str {
        match self {
            Tip::AdamVsSgd => "An Adam baseline against tuned SGD",
            Tip::DecayAfterConstant => "Decay is a second-order search",
            Tip::BatchSizeGrid => "Batch size × learning rate",
            Tip::Warmup => "Warm-up at a high learning rate",
        }
    }

    /// What the experiment does and what to look for.
    pub fn explanation(self) -> &'static str {
        match self {
            Tip::AdamVsSgd => {
                "Adam at its default lr of 1e-3 is a strong baseline that needs no tuning. \
                 SGD with momentum 0.9 can match or beat it, but only at the right lr: the \
                 experiment first runs SGD for one epoch at each of six lrs, keeps the best, \
                 then trains Adam and the tuned SGD side by side for three epochs."
            }
            Tip::DecayAfterConstant => {
                "First find the best constant lr (one epoch at each lr of a decade grid), \
                 then train three epochs at that lr three ways: constant, StepLR (a tenfold \
                 cut after two epochs) and cosine annealing to zero. Decay refines a good lr; \
                 it does not rescue a bad one, which is why it is searched second."
            }
            Tip::BatchSizeGrid => {
                "Plain SGD for one epoch at every pair of batch size and lr; the heatmap \
                 shows the final validation loss (blank where training diverged). For the same \
                 samples, smaller batches take more but noisier steps: at small lrs they are \
                 far ahead, at the largest lr their noise costs them most. The good region \
                 runs diagonally, from small batch and small lr to large batch and large lr."
            }
            Tip::Warmup => {
                "Adam at lr 0.03, thirty times its default, with and without a linear warm-up \
                 from 1% of it over the first 100 iterations (LinearLR chained with \
                 SequentialLR). Without warm-up the first updates, taken while the network is \
                 random and Adam's running averages rest on a handful of gradients, are large \
                 and erratic: the loss spikes far above its starting value. The warm-up keeps \
                 those first steps small until the averages have settled."
            }
        }
    }

    /// The learning-rate search to run first, on which configuration; `None` if the tip
    /// needs none.
    pub fn tuning(self, base: &TrainConfig) -> Option<(TrainConfig, SearchConfig)> {
        let search = |lrs: Vec<f64>| SearchConfig {
            lrs,
            budget: Budget::Epochs(1),
            refine_points: 0,
            select: Metric::ValLoss,
            ..SearchConfig::default()
        };
        match self {
            Tip::AdamVsSgd => Some((sgd(base, 0.9, 0.01), search(SGD_GRID.to_vec()))),
            Tip::DecayAfterConstant => Some((
                plain(base),
                search((0..6).map(|k| 10f64.powi(-k)).collect()),
            )),
            Tip::BatchSizeGrid | Tip::Warmup => None,
        }
    }

    /// The runs to compare, given the lr the tuning found (ignored by tips without tuning;
    /// the configured lr stands in when the tuning found none).
    ///
    /// # Errors
    /// A scheduler spec that does not parse, which would be a bug in this file.
    pub fn arms(self, base: &TrainConfig, tuned_lr: Option<f64>) -> Result<Vec<Arm>> {
        let lr = tuned_lr.unwrap_or_else(|| base.optimizer.lr());
        let compare = Budget::Epochs(COMPARE_EPOCHS);
        let arm = |label: String, config: TrainConfig, budget: Budget| Arm {
            label,
            config,
            budget,
        };
        Ok(match self {
            Tip::AdamVsSgd => {
                let adam = TrainConfig {
                    optimizer: adam(1e-3),
                    ..plain(base)
                };
                vec![
                    arm("Adam, lr = 0.001 (baseline)".into(), adam, compare),
                    arm(
                        format!("SGD + momentum 0.9, tuned lr = {}", py_float(lr)),
                        sgd(base, 0.9, lr),
                        compare,
                    ),
                ]
            }
            Tip::DecayAfterConstant => {
                let constant = with_lr(&plain(base), lr);
                let total = constant
                    .data
                    .train_size
                    .div_ceil(constant.batch_size.max(1))
                    * COMPARE_EPOCHS;
                let step = schedule(serde_json::json!(
                    {"scheduler": "StepLR", "step_size": 2, "gamma": 0.1}))?;
                let cosine = schedule(serde_json::json!(
                    {"scheduler": "CosineAnnealingLR", "T_max": total}))?;
                vec![
                    arm(
                        format!("constant lr = {}", py_float(lr)),
                        constant.clone(),
                        compare,
                    ),
                    arm(
                        "StepLR: ÷10 after 2 epochs".into(),
                        scheduled(&constant, step, ScheduleStep::Epoch),
                        compare,
                    ),
                    arm(
                        "CosineAnnealingLR to 0".into(),
                        scheduled(&constant, cosine, ScheduleStep::Iteration),
                        compare,
                    ),
                ]
            }
            Tip::BatchSizeGrid => HEATMAP_BATCHES
                .iter()
                .flat_map(|&b| HEATMAP_LRS.iter().map(move |&lr| (b, lr)))
                .map(|(batch_size, lr)| {
                    let config = TrainConfig {
                        batch_size,
                        ..sgd(base, 0.0, lr)
                    };
                    let label = format!("batch {batch_size}, lr = {}", py_float(lr));
                    arm(label, config, Budget::Epochs(1))
                })
                .collect(),
            Tip::Warmup => {
                let high = TrainConfig {
                    optimizer: adam(WARMUP_LR),
                    ..plain(base)
                };
                let warm = schedule(serde_json::json!({
                    "scheduler": "SequentialLR",
                    "schedulers": [
                        {"scheduler": "LinearLR", "start_factor": 0.01, "end_factor": 1.0,
                         "total_iters": WARMUP_ITERS},
                        {"scheduler": "ExponentialLR", "gamma": 1.0}
                    ],
                    "milestones": [WARMUP_ITERS]
                }))?;
                let budget = Budget::Iterations(WARMUP_RUN);
                let lr = py_float(high.optimizer.lr());
                vec![
                    arm(format!("lr = {lr}, no warm-up"), high.clone(), budget),
                    arm(
                        format!("lr = {lr}, {WARMUP_ITERS}-iteration linear warm-up"),
                        scheduled(&high, warm, ScheduleStep::Iteration),
                        budget,
                    ),
                ]
            }
        })
    }

    /// The iterations each run of the experiment is planned to take on `base`, the search's
    /// runs first: what a progress bar counts (a run that diverges ends early).
    pub fn planned_iterations(self, base: &TrainConfig) -> Vec<usize> {
        let mut plan: Vec<usize> = self
            .tuning(base)
            .map(|(c, s)| {
                let per_run = s.budget.iterations(c.data.train_size, c.batch_size);
                vec![per_run; s.lrs.len()]
            })
            .unwrap_or_default();
        if let Ok(arms) = self.arms(base, None) {
            plan.extend(arms.iter().map(|a| {
                a.budget
                    .iterations(a.config.data.train_size, a.config.batch_size)
            }));
        }
        plan
    }

    /// Training samples the whole experiment sees on `base`, if no run diverges.
    pub fn budget_samples(self, base: &TrainConfig) -> usize {
        let tuning = self.tuning(base).map_or(0, |(c, s)| {
            s.lrs.len() * s.budget.samples(c.data.train_size, c.batch_size)
        });
        let arms = self
            .arms(base, None)
            .map(|arms| {
                arms.iter()
                    .map(|a| {
                        a.budget
                            .samples(a.config.data.train_size, a.config.batch_size)
                    })
                    .sum()
            })
            .unwrap_or(0);
        tuning + arms
    }
}

/// What a batch-size × lr grid drew: final validation losses, row by row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Heatmap {
    /// Row labels.
    pub batch_sizes: Vec<usize>,
    /// Column labels.
    pub lrs: Vec<f64>,
    /// `values[row * lrs.len() + col]`; `None` where the run diverged or has not run yet.
    pub values: Vec<Option<f64>>,
}

/// Places each result at its (batch size, lr) cell.
pub fn heatmap(results: &[ArmResult], batch_sizes: &[usize], lrs: &[f64]) -> Heatmap {
    let mut values = vec![None; batch_sizes.len() * lrs.len()];
    for r in results {
        let row = batch_sizes.iter().position(|&b| b == r.batch_size);
        let col = lrs.iter().position(|&lr| lr == r.lr);
        if let (Some(row), Some(col)) = (row, col) {
            values[row * lrs.len() + col] = r.val_loss;
        }
    }
    Heatmap {
        batch_sizes: batch_sizes.to_vec(),
        lrs: lrs.to_vec(),
        values,
    }
}

/// Adam with PyTorch's defaults but `lr`.
fn adam(lr: f64) -> OptimizerConfig {
    OptimizerConfig::Adam(AdamConfig {
        lr,
        ..AdamConfig::default()
    })
}

/// `base` with no schedule.
fn plain(base: &TrainConfig) -> TrainConfig {
    TrainConfig {
        schedule: None,
        schedule_step: ScheduleStep::Auto,
        ..base.clone()
    }
}

/// `base` trained by SGD with `momentum` at `lr`, no schedule.
fn sgd(base: &TrainConfig, momentum: f64, lr: f64) -> TrainConfig {
    TrainConfig {
        optimizer: OptimizerConfig::SGD(SGDConfig {
            lr,
            momentum,
            ..SGDConfig::default()
        }),
        ..plain(base)
    }
}

fn scheduled(base: &TrainConfig, spec: SchedulerConfig, step: ScheduleStep) -> TrainConfig {
    TrainConfig {
        schedule: Some(spec),
        schedule_step: step,
        ..base.clone()
    }
}

fn schedule(value: serde_json::Value) -> Result<SchedulerConfig> {
    Ok(crate::json::from_value(value)?)
}
