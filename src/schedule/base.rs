//! What every PyTorch scheduler shares: `LRScheduler`'s state and step protocol (`_initial_step`,
//! `step`, `_update_lr(epoch)`), the hooks SequentialLR and ChainedScheduler call on their
//! children, and the bits of Python arithmetic whose errors PyTorch users see.

use std::sync::{Arc, Mutex, PoisonError};

use super::pyops::key_error;
use crate::pyfmt::py_float;
use crate::{Error, ParamGroup, Result};

use super::LrScheduler;

/// The lrs of a step, one per param group, inline for up to four groups: PyTorch's `get_lr()`
/// returns a list, and a `Vec` here would allocate on every scheduler step of a training loop.
pub(crate) type Lrs = smallvec::SmallVec<[f64; 4]>;

/// `LRScheduler`'s attributes: `last_epoch`, `base_lrs`, `_step_count`, `_is_initial`, `_last_lr`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Base {
    pub last_epoch: i64,
    pub base_lrs: Vec<f64>,
    pub step_count: i64,
    pub is_initial: bool,
    pub last_lr: Vec<f64>,
}

impl Base {
    /// `LRScheduler.__init__` up to, not including, the initial step: a fresh run
    /// (`last_epoch == -1`) records `initial_lr` in every group that lacks it; any other
    /// `last_epoch` means resuming, which requires `initial_lr` to be there already.
    pub fn new(groups: &mut [ParamGroup], last_epoch: i64) -> Result<Base> {
        if last_epoch == -1 {
            for g in groups.iter_mut() {
                g.initial_lr.get_or_insert(g.lr);
            }
        } else if let Some(i) = groups.iter().position(|g| g.initial_lr.is_none()) {
            return Err(key_error(&format!(
                "param 'initial_lr' is not specified in param_groups[{i}] when resuming scheduler \
                 with last_epoch >= 0.\nThis typically happens when:\n1. You're trying to resume \
                 training from a checkpoint but haven't properly loaded the optimizer state\n2. \
                 You're using last_epoch >= 0 for a fresh training run (not recommended)"
            )));
        }
        Ok(Base {
            last_epoch,
            base_lrs: groups
                .iter()
                .map(|g| g.initial_lr.unwrap_or(g.lr))
                .collect(),
            step_count: 0,
            is_initial: false,
            last_lr: lrs(groups).to_vec(),
        })
    }
}

/// A scheduler written, as in PyTorch, as `get_lr` (and optionally `_get_closed_form_lr`)
/// over the shared [`Base`] state; [`chainable_scheduler!`] derives the rest.
pub(crate) trait Chainable: Send {
    fn base(&self) -> &Base;
    fn base_mut(&mut self) -> &mut Base;
    /// `get_lr()`: the next lrs, from `last_epoch` and (for the chainable forms) the groups' lrs.
    /// CyclicLR and OneCycleLR also set the groups' momentum here, as PyTorch does.
    fn get_lr(&self, groups: &mut [ParamGroup]) -> Result<Lrs>;
    /// `_get_closed_form_lr()`, for the schedulers that have one (used by SequentialLR's
    /// `_update_lr(0)` at a milestone).
    fn closed_form_lr(&self, groups: &[ParamGroup]) -> Option<Result<Lrs>> {
        let _ = groups;
        None
    }
}

/// `LRScheduler.step()`.
pub(crate) fn step<C: Chainable + ?Sized>(s: &mut C, groups: &mut [ParamGroup]) -> Result<()> {
    let b = s.base_mut();
    b.step_count = b.step_count.saturating_add(1);
    update_lr(s, groups, None)
}

/// `LRScheduler._update_lr(epoch)`: `None` advances by one with `get_lr`, `Some(e)` jumps to `e`
/// with the closed form where there is one.
pub(crate) fn update_lr<C: Chainable + ?Sized>(
    s: &mut C,
    groups: &mut [ParamGroup],
    epoch: Option<i64>,
) -> Result<()> {
    let values = match epoch {
        None => {
            let b = s.base_mut();
            b.last_epoch = b.last_epoch.saturating_add(1);
            s.get_lr(groups)?
        }
        Some(e) => {
            s.base_mut().last_epoch = e;
            match s.closed_form_lr(groups) {
                Some(values) => values?,
                None => s.get_lr(groups)?,
            }
        }
    };
    set_lrs(groups, &values);
    record_lrs(&mut s.base_mut().last_lr, groups);
    Ok(())
}

/// `LRScheduler._initial_step()`.
pub(crate) fn initial_step<C: Chainable + ?Sized>(
    s: &mut C,
    groups: &mut [ParamGroup],
) -> Result<()> {
    s.base_mut().step_count = 0;
    s.base_mut().is_initial = true;
    let result = step(s, groups);
    s.base_mut().is_initial = false;
    result
}

/// What SequentialLR and ChainedScheduler need from their children, beyond [`LrScheduler`].
pub(crate) trait Node: LrScheduler {
    /// PyTorch's class name, for messages.
    fn class_name(&self) -> &'static str;
    /// `_initial_step()`.
    fn initial_step(&mut self, groups: &mut [ParamGroup]) -> Result<()>;
    /// `_update_lr(epoch)`, which SequentialLR calls with 0 when it switches to this child.
    fn update_lr_at(&mut self, groups: &mut [ParamGroup], epoch: i64) -> Result<()>;
    /// SequentialLR's `recursive_undo`: leaves step their `last_epoch` back by one, composites
    /// pass it on to their children.
    fn undo(&mut self);
    /// Whether this is ReduceLROnPlateau, which composites refuse.
    fn is_plateau(&self) -> bool {
        false
    }
}

/// Implements [`LrScheduler`] and [`Node`] for a [`Chainable`] scheduler.
macro_rules! chainable_scheduler {
    ($t:ty, $name:literal) => {
        impl $crate::schedule::LrScheduler for $t {
            fn step(&mut self, groups: &mut [$crate::ParamGroup]) -> $crate::Result<()> {
                $crate::schedule::base::step(self, groups)
            }
            fn last_epoch(&self) -> i64 {
                $crate::schedule::base::Chainable::base(self).last_epoch
            }
            fn get_last_lr(&self) -> Vec<f64> {
                $crate::schedule::base::Chainable::base(self)
                    .last_lr
                    .clone()
            }
        }
        impl $crate::schedule::base::Node for $t {
            fn class_name(&self) -> &'static str {
                $name
            }
            fn initial_step(&mut self, groups: &mut [$crate::ParamGroup]) -> $crate::Result<()> {
                $crate::schedule::base::initial_step(self, groups)
            }
            fn update_lr_at(
                &mut self,
                groups: &mut [$crate::ParamGroup],
                epoch: i64,
            ) -> $crate::Result<()> {
                $crate::schedule::base::update_lr(self, groups, Some(epoch))
            }
            fn undo(&mut self) {
                let b = $crate::schedule::base::Chainable::base_mut(self);
                b.last_epoch = b.last_epoch.saturating_sub(1);
            }
        }
    };
}
pub(crate) use chainable_scheduler;

/// The group keys that OneCycleLR and CyclicLR store in `optimizer.param_groups` beyond
/// [`ParamGroup`]'s fields. OneCycleLR reads them back at every step, so a later OneCycleLR or
/// CyclicLR on the same optimizer changes an earlier one's curve, exactly as in PyTorch; every
/// scheduler built on one set of groups therefore shares one table.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct ExtraKeys {
    pub max_lr: Option<f64>,
    pub min_lr: Option<f64>,
    pub max_momentum: Option<f64>,
    pub base_momentum: Option<f64>,
}

/// One [`ExtraKeys`] per group, shared by the schedulers built on those groups.
#[derive(Debug, Clone, Default)]
pub(crate) struct GroupKeys(Arc<Mutex<Vec<ExtraKeys>>>);

impl GroupKeys {
    pub fn new(n_groups: usize) -> Self {
        GroupKeys(Arc::new(Mutex::new(vec![ExtraKeys::default(); n_groups])))
    }

    /// Runs `f` on the table (the lock is never held across user code, so it cannot be
    /// poisoned by a panic of ours; if it were, the data would still be valid).
    pub fn with<T>(&self, f: impl FnOnce(&mut Vec<ExtraKeys>) -> T) -> T {
        let mut guard = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut guard)
    }
}

/// The groups' current lrs (`_param_groups_val_list(optimizer, "lr")`).
pub(crate) fn lrs(groups: &[ParamGroup]) -> Lrs {
    groups.iter().map(|g| g.lr).collect()
}

/// Writes the groups' lrs into `last_lr`, reusing its storage.
pub(crate) fn record_lrs(last_lr: &mut Vec<f64>, groups: &[ParamGroup]) {
    last_lr.clear();
    last_lr.extend(groups.iter().map(|g| g.lr));
}

fn set_lrs(groups: &mut [ParamGroup], values: &[f64]) {
    for (g, &lr) in groups.iter_mut().zip(values) {
        g.lr = lr;
    }
}

/// Whether the optimizer has `momentum` or `betas` (CyclicLR and OneCycleLR's check), and
/// whether to cycle `betas[0]` rather than `momentum`.
pub(crate) fn momentum_support(groups: &[ParamGroup]) -> Result<bool> {
    let use_beta1 = groups.iter().any(|g| g.betas.is_some());
    if !use_beta1 && !groups.iter().any(|g| g.momentum.is_some()) {
        return Err(Error::invalid(
            "optimizer must support momentum or beta1 with `cycle_momentum` option enabled",
        ));
    }
    Ok(use_beta1)
}

/// `group["betas"] = (m, *group["betas"][1:])` or `group["momentum"] = m`.
pub(crate) fn set_momentum(group: &mut ParamGroup, use_beta1: bool, m: f64) -> Result<()> {
    if use_beta1 {
        let (_, beta2) = group.betas.ok_or_else(|| key_error("betas"))?;
        group.betas = Some((m, beta2));
    } else {
        group.momentum = Some(m);
    }
    Ok(())
}

/// The momentum (or beta1) a group is using, as the CLI reports it.
pub fn group_momentum(group: &ParamGroup) -> Option<f64> {
    group.betas.map(|b| b.0).or(group.momentum)
}

/// Rejects NaN and infinities, which JSON cannot carry and PyTorch would silently propagate
/// into NaN learning rates.
pub(crate) fn finite(name: &str, x: f64) -> Result<f64> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(Error::invalid(format!(
            "Expected a finite number for {name}, but got {}",
            py_float(x)
        )))
    }
}

/// serde default for `last_epoch`.
pub(crate) fn minus_one() -> i64 {
    -1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resuming_requires_initial_lr() {
        let mut groups = vec![ParamGroup::with_lr(0.1)];
        let err = Base::new(&mut groups, 3).err().map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.starts_with("\"param 'initial_lr' is not specified")));
        let base = Base::new(&mut groups, -1);
        assert_eq!(base.map(|b| b.base_lrs), Ok(vec![0.1]));
        assert_eq!(groups[0].initial_lr, Some(0.1));
    }
}
