//! The training loop in the lecture's order, its configuration and its history.

mod history;
mod trainer;

pub use history::{update_ratio, EpochRecord, History};
pub use trainer::{LoopSettings, Prediction, Progress, Schedule, Trainer};
