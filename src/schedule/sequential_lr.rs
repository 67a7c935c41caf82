//! SequentialLR: hand the optimizer from one scheduler to the next at given milestones.

use serde::{Deserialize, Serialize};

use super::base::{self, GroupKeys, Node};
use super::pyops::{bisect_right, key_error};
use super::{LrScheduler, SchedulerConfig};
use crate::{Error, ParamGroup, Result};

/// Keywords of `torch.optim.lr_scheduler.SequentialLR(optimizer, schedulers, milestones,
/// last_epoch=-1)`; the children are configs (without `lr`), built in order on the same
/// optimizer as a PyTorch user would build them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SequentialLRConfig {
    /// The schedulers, in the order they take over (required).
    pub schedulers: Vec<SchedulerConfig>,
    /// The epochs at which the next scheduler takes over (required; one fewer than schedulers).
    pub milestones: Vec<i64>,
    /// The index of the last epoch.
    #[serde(default = "base::minus_one")]
    pub last_epoch: i64,
}

/// `torch.optim.lr_scheduler.SequentialLR`: scheduler `i` runs while
/// `milestones[i−1] ≤ epoch < milestones[i]`.
///
/// Construction mirrors PyTorch exactly: after the children have been built (each making its
/// initial step), the groups' lrs are reset to `initial_lr`, every child's `last_epoch` is
/// stepped back by one ("undoing" its initial step, recursively through nested composites), and
/// the first child alone makes its initial step again. At a milestone the next child is not
/// stepped but restarted with `_update_lr(0)`, i.e. its closed form at epoch 0 where it has one
/// (StepLR, MultiStepLR, ConstantLR, LinearLR, ExponentialLR, PolynomialLR, CosineAnnealingLR)
/// and its `get_lr` otherwise (so MultiplicativeLR multiplies once more, and
/// CosineAnnealingWarmRestarts keeps its position in the cycle).
///
/// # Errors
/// "SequentialLR expects at least one scheduler, but got no scheduler.", ReduceLROnPlateau as a
/// child ("SequentialLR does not support `ReduceLROnPlateau` scheduler as it requires
/// additional kwargs to be specified when calling `step`, but got one at index 0 in the given
/// schedulers sequence."), "Sequential Schedulers expects number of schedulers provided to be
/// one more than the number of milestone points, but got number of schedulers 2 and the number
/// of milestones to be equal to 0", and any child's own. Reaching a milestone whose scheduler is
/// itself a SequentialLR or ChainedScheduler fails, as in PyTorch, with a `NotImplementedError`
/// (PyTorch's message is empty; lrlab's says what happened).
pub struct SequentialLR {
    schedulers: Vec<Box<dyn Node>>,
    milestones: Vec<i64>,
    last_epoch: i64,
    last_lr: Vec<f64>,
}

impl std::fmt::Debug for SequentialLR {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.schedulers.iter().map(|s| s.class_name()).collect();
        f.debug_struct("SequentialLR")
            .field("schedulers", &names)
            .field("milestones", &self.milestones)
            .field("last_epoch", &self.last_epoch)
            .finish()
    }
}

impl SequentialLR {
    /// Builds the children in order on `groups`, then the SequentialLR.
    ///
    /// # Errors
    /// See [`SequentialLR`].
    pub fn new(config: &SequentialLRConfig, groups: &mut [ParamGroup]) -> Result<Self> {
        Self::with_keys(config, groups, &GroupKeys::new(groups.len()))
    }

    pub(crate) fn with_keys(
        config: &SequentialLRConfig,
        groups: &mut [ParamGroup],
        keys: &GroupKeys,
    ) -> Result<Self> {
        let mut children = Vec::with_capacity(config.schedulers.len());
        for c in &config.schedulers {
            children.push(c.build_node(groups, keys)?);
        }
        Self::from_children(children, &config.milestones, config.last_epoch, groups)
    }

    fn from_children(
        mut schedulers: Vec<Box<dyn Node>>,
        milestones: &[i64],
        last_epoch: i64,
        groups: &mut [ParamGroup],
    ) -> Result<Self> {
        check_children("SequentialLR", &schedulers)?;
        if milestones.len() + 1 != schedulers.len() {
            return Err(Error::invalid(format!(
                "Sequential Schedulers expects number of schedulers provided to be one more than \
                 the number of milestone points, but got number of schedulers {} and the number \
                 of milestones to be equal to {}",
                schedulers.len(),
                milestones.len()
            )));
        }
        for g in groups.iter_mut() {
            g.lr = g.initial_lr.ok_or_else(|| key_error("initial_lr"))?;
        }
        for s in schedulers.iter_mut() {
            s.undo();
        }
        let idx = bisect_right(milestones, 0);
        schedulers[idx].initial_step(groups)?;
        let last_lr = schedulers[idx].get_last_lr();
        Ok(SequentialLR {
            schedulers,
            milestones: milestones.to_vec(),
            last_epoch: last_epoch.saturating_add(1),
            last_lr,
        })
    }
}

/// The checks SequentialLR and ChainedScheduler share: at least one child, none of them
/// ReduceLROnPlateau.
pub(crate) fn check_children(class: &str, children: &[Box<dyn Node>]) -> Result<()> {
    if children.is_empty() {
        let what = if class == "ChainedScheduler" {
            "scheduler to be chained"
        } else {
            "scheduler"
        };
        return Err(Error::invalid(format!(
            "{class} expects at least one {what}, but got no scheduler."
        )));
    }
    if let Some(i) = children.iter().position(|s| s.is_plateau()) {
        return Err(Error::invalid(format!(
            "{class} does not support `ReduceLROnPlateau` scheduler as it requires additional \
             kwargs to be specified when calling `step`, but got one at index {i} in the given \
             schedulers sequence."
        )));
    }
    Ok(())
}

/// What PyTorch's inherited `_update_lr` does to a composite: `LRScheduler.get_lr` raises.
pub(crate) fn not_restartable(class: &str) -> Error {
    Error::invalid(format!(
        "NotImplementedError: a {class} cannot be restarted at a milestone of an enclosing \
         SequentialLR (PyTorch's LRScheduler.get_lr is not implemented for it)"
    ))
}

impl LrScheduler for SequentialLR {
    fn step(&mut self, groups: &mut [ParamGroup]) -> Result<()> {
        self.last_epoch = self.last_epoch.saturating_add(1);
        let idx = bisect_right(&self.milestones, self.last_epoch);
        let scheduler = &mut self.schedulers[idx];
        if idx > 0 && self.milestones[idx - 1] == self.last_epoch {
            scheduler.update_lr_at(groups, 0)?;
        } else {
            scheduler.step(groups)?;
        }
        // The child's lrs are the groups' now: copied in place, not through a fresh list.
        base::record_lrs(&mut self.last_lr, groups);
        Ok(())
    }
    fn last_epoch(&self) -> i64 {
        self.last_epoch
    }
    fn get_last_lr(&self) -> Vec<f64> {
        self.last_lr.clone()
    }
}

impl Node for SequentialLR {
    fn class_name(&self) -> &'static str {
        "SequentialLR"
    }
    fn initial_step(&mut self, groups: &mut [ParamGroup]) -> Result<()> {
        self.step(groups)
    }
    fn update_lr_at(&mut self, _groups: &mut [ParamGroup], epoch: i64) -> Result<()> {
        self.last_epoch = epoch;
        Err(not_restartable("SequentialLR"))
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

    fn run(json: &str, steps: usize) -> Result<Vec<f64>> {
        let config: SequentialLRConfig = serde_json::from_str(json)?;
        let mut groups = vec![ParamGroup::with_lr(1.0)];
        let mut s = SequentialLR::new(&config, &mut groups)?;
        let mut out = vec![groups[0].lr];
        for _ in 0..steps {
            s.step(&mut groups)?;
            out.push(groups[0].lr);
        }
        Ok(out)
    }

    #[test]
    fn warmup_then_decay() {
        let lrs = run(
            r#"{"schedulers": [
                {"scheduler": "ConstantLR", "factor": 0.5, "total_iters": 2},
                {"scheduler": "ExponentialLR", "gamma": 0.5}],
               "milestones": [2]}"#,
            4,
        )
        .unwrap();
        // ExponentialLR restarts from its closed form at epoch 0 (= initial lr) at the milestone.
        assert_eq!(lrs, [0.5, 0.5, 1.0, 0.5, 0.25]);
    }

    #[test]
    fn pytorch_messages() {
        let err = |json: &str| {
            run(json, 0)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert_eq!(
            err(r#"{"schedulers": [], "milestones": []}"#),
            "SequentialLR expects at least one scheduler, but got no scheduler."
        );
        assert!(err(
            r#"{"schedulers": [{"scheduler": "ExponentialLR", "gamma": 0.5}], "milestones": [3]}"#
        )
        .starts_with("Sequential Schedulers expects number of schedulers provided"));
        assert!(
            err(r#"{"schedulers": [{"scheduler": "ReduceLROnPlateau"}], "milestones": []}"#)
                .contains("got one at index 0")
        );
    }

    #[test]
    fn nested_composite_at_a_milestone_is_not_implemented() {
        let e = run(
            r#"{"schedulers": [
                {"scheduler": "ExponentialLR", "gamma": 0.5},
                {"scheduler": "ChainedScheduler", "schedulers": [
                    {"scheduler": "ExponentialLR", "gamma": 0.9}]}],
               "milestones": [2]}"#,
            3,
        );
        assert!(e.is_err_and(|e| e.to_string().starts_with("NotImplementedError")));
    }
}
