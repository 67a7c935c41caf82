//! Snapshot ensembles (Huang et al., 2017, "Snapshot Ensembles: Train 1, get M for free"):
//! train once with a restarting schedule, keep the network at the end of every cycle, and
//! average the snapshots' predictions; compared with a single model trained for the same
//! budget with a standard decay, and drawn with it on one plane (the paper's Figure 1).

mod cycles;
mod ensemble;
mod experiment;
mod spec;

pub use cycles::{huang_lambda, CycleSchedule};
pub use ensemble::{
    average_weights, ensemble_score, softmax_outputs, weight_average_score, EnsembleScore,
};
pub use experiment::{
    BaselineResult, EnsembleResult, FigureReport, SnapshotExperiment, SnapshotPhase,
    SnapshotProgress, SnapshotReport, SnapshotResult,
};
pub use spec::{default_train, FigureConfig, FigurePlane, SnapshotConfig, SnapshotSpec};
