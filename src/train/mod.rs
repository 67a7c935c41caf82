//! The training loop in the lecture's order, its configuration and its history.

mod config;
mod history;
mod trainer;

pub use config::{ScheduleStep, TrainConfig};
pub use history::{update_ratio, EpochRecord, History};
pub use trainer::{LoopSettings, Prediction, Progress, Schedule, Trainer};
