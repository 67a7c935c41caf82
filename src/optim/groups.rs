//! The flat buffer's tensor layout and `optimizer.param_groups`, checked as PyTorch's
//! `Optimizer.__init__` and `add_param_group` check them.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::{Error, ParamGroup, Result};

/// Where each tensor lives in the flat parameter buffer.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Layout {
    /// `offsets[t]..offsets[t + 1]` is tensor `t`; one more entry than there are tensors.
    offsets: Vec<usize>,
}

impl Layout {
    /// The layout of tensors of lengths `tensor_lens` laid end to end.
    ///
    /// # Errors
    /// "optimizer got an empty parameter list" when there is no tensor.
    pub(super) fn new(tensor_lens: &[usize]) -> Result<Self> {
        if tensor_lens.is_empty() {
            return Err(Error::invalid("optimizer got an empty parameter list"));
        }
        let mut offsets = Vec::with_capacity(tensor_lens.len() + 1);
        let mut end = 0usize;
        offsets.push(end);
        for &len in tensor_lens {
            end = end
                .checked_add(len)
                .ok_or_else(|| Error::Config("tensor lengths overflow".into()))?;
            offsets.push(end);
        }
        Ok(Layout { offsets })
    }

    /// Number of tensors.
    pub(super) fn tensors(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Length of tensor `t`.
    pub(super) fn len(&self, t: usize) -> usize {
        self.offsets[t + 1] - self.offsets[t]
    }

    /// The elements of tensor `t` in the flat buffer.
    ///
    /// # Errors
    /// [`Error::Config`] when there is no tensor `t`, which only happens when a caller edited
    /// a group's `params` through `param_groups_mut`.
    pub(super) fn range(&self, t: usize) -> Result<Range<usize>> {
        match (self.offsets.get(t), self.offsets.get(t + 1)) {
            (Some(&start), Some(&end)) => Ok(start..end),
            _ => Err(Error::Config(format!(
                "a parameter group lists tensor {t}, but there are only {} tensors",
                self.tensors()
            ))),
        }
    }

    /// Checks, before a step touches anything, that `params` and `grads` both cover the
    /// whole layout and that every group lists existing tensors (`param_groups_mut` may have
    /// changed them).
    ///
    /// # Errors
    /// [`Error::Config`] naming the expected and actual lengths, or the missing tensor.
    pub(super) fn check(&self, params: &[f32], grads: &[f32], groups: &[ParamGroup]) -> Result<()> {
        let total = self.offsets[self.tensors()];
        for (what, len) in [("parameters", params.len()), ("gradients", grads.len())] {
            if len != total {
                return Err(Error::Config(format!(
                    "expected {total} {what} (the tensors' total length), got {len}"
                )));
            }
        }
        for group in groups {
            for &t in &group.params {
                self.range(t)?;
            }
        }
        Ok(())
    }
}

/// The groups an optimizer will own: one group over every tensor when `groups` is `None`,
/// otherwise `groups` with each entry normalised by `normalise` (PyTorch's `setdefault` of the
/// optimizer's defaults, and removal of keys the optimizer does not have).
///
/// # Errors
/// "optimizer got an empty parameter list" for an empty list of groups, "some parameters appear
/// in more than one parameter group", "optimizer contains a parameter group with duplicate
/// parameters" (only a warning in PyTorch, where the tensor would then be stepped twice), and
/// [`Error::Config`] for a tensor index outside the layout.
pub(super) fn resolve(
    layout: &Layout,
    groups: Option<Vec<ParamGroup>>,
    default: ParamGroup,
    mut normalise: impl FnMut(ParamGroup) -> Result<ParamGroup>,
) -> Result<Vec<ParamGroup>> {
    let Some(groups) = groups else {
        let params = (0..layout.tensors()).collect();
        return Ok(vec![ParamGroup { params, ..default }]);
    };
    if groups.is_empty() {
        return Err(Error::invalid("optimizer got an empty parameter list"));
    }
    let mut owner: Vec<Option<usize>> = vec![None; layout.tensors()];
    let mut out = Vec::with_capacity(groups.len());
    for (g, group) in groups.into_iter().enumerate() {
        for &t in &group.params {
            let slot = owner.get_mut(t).ok_or_else(|| {
                Error::Config(format!(
                    "parameter group {g} lists tensor {t}, but there are only {} tensors",
                    layout.tensors()
                ))
            })?;
            match *slot {
                Some(h) if h == g => {
                    return Err(Error::invalid(
                        "optimizer contains a parameter group with duplicate parameters",
                    ))
                }
                Some(_) => {
                    return Err(Error::invalid(
                        "some parameters appear in more than one parameter group",
                    ))
                }
                None => *slot = Some(g),
            }
        }
        out.push(normalise(group)?);
    }
    Ok(out)
}

/// A parameter group as a user writes it: the tensor indices and whichever of the scheduled
/// hyperparameters differ from the optimizer's keywords, e.g. `{"params": [1], "weight_decay":
/// 0}` to exempt biases from decay (PyTorch's per-group dicts).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamGroupSpec {
    /// Indices of the tensors in this group.
    pub params: Vec<usize>,
    /// `lr` for this group; the optimizer's `lr` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lr: Option<f64>,
    /// `momentum` for this group (SGD, RMSprop); the optimizer's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub momentum: Option<f64>,
    /// `betas` for this group (Adam, AdamW); the optimizer's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub betas: Option<(f64, f64)>,
    /// `weight_decay` for this group; the optimizer's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight_decay: Option<f64>,
}

impl ParamGroupSpec {
    /// The group, with every absent key taken from `defaults` (`OptimizerConfig::param_group`).
    pub fn resolve(&self, defaults: &ParamGroup) -> ParamGroup {
        ParamGroup {
            params: self.params.clone(),
            lr: self.lr.unwrap_or(defaults.lr),
            initial_lr: None,
            momentum: self.momentum.or(defaults.momentum),
            betas: self.betas.or(defaults.betas),
            weight_decay: self.weight_decay.unwrap_or(defaults.weight_decay),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keep(g: ParamGroup) -> Result<ParamGroup> {
        Ok(g)
    }

    #[test]
    fn layout_places_tensors_end_to_end() {
        let layout = Layout::new(&[2, 0, 3]).unwrap();
        assert_eq!(layout.tensors(), 3);
        assert_eq!(layout.range(0), Ok(0..2));
        assert_eq!(layout.range(1), Ok(2..2));
        assert_eq!(layout.range(2), Ok(2..5));
        assert!(layout.range(3).is_err());
        assert_eq!(layout.len(2), 3);
        assert!(layout.check(&[0.0; 5], &[0.0; 5], &[]).is_ok());
        let stale = ParamGroup {
            params: vec![3],
            ..ParamGroup::with_lr(0.1)
        };
        assert!(layout.check(&[0.0; 5], &[0.0; 5], &[stale]).is_err());
        let err = layout.check(&[0.0; 5], &[0.0; 4], &[]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid configuration: expected 5 gradients (the tensors' total length), got 4"
        );
    }

    #[test]
    fn no_tensor_is_pytorchs_empty_parameter_list() {
        let err = Layout::new(&[]).unwrap_err();
        assert_eq!(err, Error::invalid("optimizer got an empty parameter list"));
        let layout = Layout::new(&[1]).unwrap();
        let err = resolve(&layout, Some(vec![]), ParamGroup::with_lr(0.1), keep).unwrap_err();
        assert_eq!(err, Error::invalid("optimizer got an empty parameter list"));
    }

    #[test]
    fn default_group_holds_every_tensor() {
        let layout = Layout::new(&[4, 1, 2]).unwrap();
        let groups = resolve(&layout, None, ParamGroup::with_lr(0.1), keep).unwrap();
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].params, vec![0, 1, 2]);
        assert_eq!(groups[0].lr, 0.1);
    }

    #[test]
    fn groups_must_not_share_or_repeat_tensors() {
        let layout = Layout::new(&[1, 1, 1]).unwrap();
        let group = |params: Vec<usize>| ParamGroup {
            params,
            ..ParamGroup::with_lr(0.1)
        };
        let shared = Some(vec![group(vec![0, 1]), group(vec![1, 2])]);
        let err = resolve(&layout, shared, ParamGroup::with_lr(0.1), keep).unwrap_err();
        assert_eq!(
            err,
            Error::invalid("some parameters appear in more than one parameter group")
        );
        let repeated = Some(vec![group(vec![0, 0])]);
        let err = resolve(&layout, repeated, ParamGroup::with_lr(0.1), keep).unwrap_err();
        assert!(err.to_string().contains("duplicate parameters"), "{err}");
        let outside = Some(vec![group(vec![3])]);
        let err = resolve(&layout, outside, ParamGroup::with_lr(0.1), keep).unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err}");
        let partial = Some(vec![group(vec![2]), group(vec![])]);
        let groups = resolve(&layout, partial, ParamGroup::with_lr(0.1), keep).unwrap();
        assert_eq!(groups.len(), 2);
    }

    #[test]
    fn spec_falls_back_to_the_optimizers_keywords() {
        let defaults = ParamGroup {
            momentum: Some(0.9),
            weight_decay: 1e-4,
            ..ParamGroup::with_lr(0.1)
        };
        let spec: ParamGroupSpec =
            serde_json::from_str(r#"{"params": [1], "weight_decay": 0}"#).unwrap();
        let group = spec.resolve(&defaults);
        assert_eq!(group.params, vec![1]);
        assert_eq!(group.lr, 0.1);
        assert_eq!(group.momentum, Some(0.9));
        assert_eq!(group.weight_decay, 0.0);
        assert!(serde_json::from_str::<ParamGroupSpec>(r#"{"params": [], "lrr": 1}"#).is_err());
    }
}
