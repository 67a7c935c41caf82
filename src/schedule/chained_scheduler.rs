//! ChainedScheduler: step several schedulers together, each acting on the lr the previous left.

use serde::{Deserialize, Serialize};

use super::base::{self, GroupKeys, Node};
use super::sequential_lr::{check_children, not_restartable};
use super::{LrScheduler, SchedulerConfig};
use crate::{ParamGroup, Result};

/// Keywords of `torch.optim.lr_scheduler.ChainedScheduler(schedulers, optimizer=None)`; the
/// children are configs (without `lr`), built in order on the same optimizer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainedSchedulerConfig {
    /// The schedulers, stepped in this order at every step (required).
    pub schedulers: Vec<SchedulerConfig>,
}

/// `torch.optim.lr_scheduler.ChainedScheduler`: every step calls each child's `step()` in
/// order; with the chainable (recursive) forms their factors multiply, e.g. a ConstantLR
/// warm-up times an ExponentialLR decay. It makes no initial step of its own.
///
/// PyTorch's ChainedScheduler has no `last_epoch`; [`LrScheduler::last_epoch`] reports its last
/// child's.
///
/// # Errors
/// "ChainedScheduler expects at least one scheduler to be chained, but got no scheduler.",
/// ReduceLROnPlateau as a child (the message of [`super::SequentialLR`]), and any child's own.
pub struct ChainedScheduler {
    schedulers: Vec<Box<dyn Node>>,
    last_lr: Vec<f64>,
}

impl std::fmt::Debug for ChainedScheduler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.schedulers.iter().map(|s| s.class_name()).collect();
        f.debug_struct("ChainedScheduler")
            .field("schedulers", &names)
            .finish()
    }
}

impl ChainedScheduler {
    /// Builds the children in order on `groups`, then the ChainedScheduler.
    ///
    /// # Errors
    /// See [`ChainedScheduler`].
    pub fn new(config: &ChainedSchedulerConfig, groups: &mut [ParamGroup]) -> Result<Self> {
        Self::with_keys(config, groups, &GroupKeys::new(groups.len()))
    }

    pub(crate) fn with_keys(
        config: &ChainedSchedulerConfig,
        groups: &mut [ParamGroup],
        keys: &GroupKeys,
    ) -> Result<Self> {
        let mut schedulers = Vec::with_capacity(config.schedulers.len());
        for c in &config.schedulers {
            schedulers.push(c.build_node(groups, keys)?);
        }
        check_children("ChainedScheduler", &schedulers)?;
        Ok(ChainedScheduler {
            schedulers,
            last_lr: base::lrs(groups).to_vec(),
        })
    }
}

impl LrScheduler for ChainedScheduler {
    fn step(&mut self, groups: &mut [ParamGroup]) -> Result<()> {
        for s in self.schedulers.iter_mut() {
            s.step(groups)?;
        }
        base::record_lrs(&mut self.last_lr, groups);
        Ok(())
    }
    fn last_epoch(&self) -> i64 {
        self.schedulers.last().map_or(0, |s| s.last_epoch())
    }
    fn get_last_lr(&self) -> Vec<f64> {
        self.last_lr.clone()
    }
}

impl Node for ChainedScheduler {
    fn class_name(&self) -> &'static str {
        "ChainedScheduler"
    }
    fn initial_step(&mut self, groups: &mut [ParamGroup]) -> Result<()> {
        self.step(groups)
    }
    fn update_lr_at(&mut self, _groups: &mut [ParamGroup], _epoch: i64) -> Result<()> {
        Err(not_restartable("ChainedScheduler"))
    }
    fn undo(&mut self) {
        for s in self.schedulers.iter_mut() {
            s.undo();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factors_multiply() {
        let config: ChainedSchedulerConfig = serde_json::from_str(
            r#"{"schedulers": [
                {"scheduler": "ConstantLR", "factor": 0.5, "total_iters": 2},
                {"scheduler": "ExponentialLR", "gamma": 0.5}]}"#,
        )
        .unwrap();
        let mut groups = vec![ParamGroup::with_lr(1.0)];
        let mut s = ChainedScheduler::new(&config, &mut groups).unwrap();
        let mut lrs = vec![groups[0].lr];
        for _ in 0..3 {
            s.step(&mut groups).unwrap();
            lrs.push(groups[0].lr);
        }
        assert_eq!(lrs, [0.5, 0.25, 0.25, 0.125]);
        assert_eq!(s.last_epoch(), 3);
    }

    #[test]
    fn empty_chain_is_pytorchs_error() {
        let config = ChainedSchedulerConfig { schedulers: vec![] };
        let mut groups = vec![ParamGroup::with_lr(1.0)];
        assert_eq!(
            ChainedScheduler::new(&config, &mut groups).err(),
            Some(crate::Error::invalid(
                "ChainedScheduler expects at least one scheduler to be chained, but got no scheduler."
            ))
        );
    }
}
