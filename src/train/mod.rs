//! The training loop in the lecture's order, its configuration and its history.

mod config;
mod history;
mod pytorch_script;
mod thinning;
mod trainer;

pub use config::{ScheduleStep, TrainConfig};
pub use history::{update_ratio_and_keep, EpochRecord, History};
pub use pytorch_script::pytorch_script;
pub use thinning::{Thinner, DEFAULT_MAX_POINTS};
pub use trainer::{LoopSettings, Prediction, Progress, Schedule, Trainer};
