//! `optimizer.state_dict()`: a snapshot of an optimizer that can be restored later (the LR
//! finder restores the model and optimizer after its sweep) or serialised.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Error, ParamGroup, Result};

/// PyTorch's `optimizer.state_dict()`: the parameter groups and the state of every tensor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptimizerState {
    /// `state_dict()["param_groups"]`.
    pub param_groups: Vec<ParamGroup>,
    /// `state_dict()["state"]`, one entry per tensor in layout order (empty for a tensor the
    /// optimizer keeps nothing for, e.g. SGD without momentum).
    pub state: Vec<TensorState>,
}

/// One tensor's state, with PyTorch's key names: `step` and buffers such as `momentum_buffer`,
/// `exp_avg`, `exp_avg_sq`, `max_exp_avg_sq`, `sum`, `square_avg`, `acc_delta`, `grad_avg`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TensorState {
    /// `state["step"]`, a float32 tensor in PyTorch (so it stops counting at 2^24).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<f32>,
    /// The buffers, by PyTorch's names.
    #[serde(flatten)]
    pub buffers: BTreeMap<String, Vec<f32>>,
}

impl TensorState {
    /// A state with a step count and no buffer yet.
    pub(super) fn with_step(step: f32) -> Self {
        TensorState {
            step: Some(step),
            buffers: BTreeMap::new(),
        }
    }

    /// Adds buffer `name`.
    pub(super) fn with(mut self, name: &str, values: &[f32]) -> Self {
        self.buffers.insert(name.to_owned(), values.to_vec());
        self
    }

    /// Buffer `name`, which may be absent but must have `len` values when present.
    pub(super) fn optional(&self, name: &str, len: usize) -> Result<Option<&[f32]>> {
        match self.buffers.get(name) {
            None => Ok(None),
            Some(v) if v.len() == len => Ok(Some(v)),
            Some(v) => Err(Error::invalid(format!(
                "loaded state dict has a '{name}' of {} values for a tensor of {len}",
                v.len()
            ))),
        }
    }

    /// Buffer `name`, which must be present with `len` values.
    pub(super) fn required(&self, name: &str, len: usize) -> Result<&[f32]> {
        self.optional(name, len)?.ok_or_else(|| {
            Error::invalid(format!("loaded state dict has no '{name}' for a tensor"))
        })
    }

    /// `state["step"]`, which must be present.
    pub(super) fn required_step(&self) -> Result<f32> {
        self.step
            .ok_or_else(|| Error::invalid("loaded state dict has no 'step' for a tensor"))
    }
}

/// Checks that `loaded` was taken from an optimizer with the same groups over the same
/// `tensors` tensors as `current`, as `Optimizer.load_state_dict` does.
///
/// # Errors
/// See [`check_groups`], and a mismatch in the number of tensors.
pub(super) fn check_shape(
    current: &[ParamGroup],
    tensors: usize,
    loaded: &OptimizerState,
) -> Result<()> {
    check_groups(current, &loaded.param_groups)?;
    if loaded.state.len() != tensors {
        return Err(Error::invalid(format!(
            "loaded state dict has state for {} tensors, the optimizer has {tensors}",
            loaded.state.len()
        )));
    }
    Ok(())
}

/// Checks that `loaded` groups hold the same tensors as `current`.
///
/// # Errors
/// PyTorch's "loaded state dict has a different number of parameter groups" and "loaded state
/// dict contains a parameter group that doesn't match the size of optimizer's group" (here the
/// tensor indices must match, not only their number).
pub(super) fn check_groups(current: &[ParamGroup], loaded: &[ParamGroup]) -> Result<()> {
    if current.len() != loaded.len() {
        return Err(Error::invalid(
            "loaded state dict has a different number of parameter groups",
        ));
    }
    for (mine, theirs) in current.iter().zip(loaded) {
        if mine.params != theirs.params {
            return Err(Error::invalid(
                "loaded state dict contains a parameter group that doesn't match the size of \
                 optimizer's group",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::optim::Optimizer;

    /// Steps `opt` (over `n` values in all) once, snapshots it through JSON, steps twice, restores
    /// the snapshot and steps twice again: both runs must agree bit for bit.
    pub(in crate::optim) fn assert_restores(mut opt: Box<dyn Optimizer>, n: usize) {
        let grads = |k: usize| -> Vec<f32> {
            (0..n)
                .map(|i| ((i * 7 + k * 3) % 5) as f32 * 0.5 - 0.9)
                .collect()
        };
        let mut p: Vec<f32> = (0..n).map(|i| i as f32 * 0.5 - 0.3).collect();
        opt.step(&mut p, &grads(0)).unwrap();
        let snapshot = opt.state_dict();
        let json = serde_json::to_string(&snapshot).unwrap();
        let at_snapshot = p.clone();
        for k in 1..3 {
            opt.step(&mut p, &grads(k)).unwrap();
        }
        assert_ne!(opt.state_dict(), snapshot, "stepping must change the state");
        let mismatched = OptimizerState {
            state: Vec::new(),
            ..snapshot.clone()
        };
        let before = opt.state_dict();
        assert!(opt.load_state_dict(&mismatched).is_err());
        assert_eq!(
            opt.state_dict(),
            before,
            "a failed load must change nothing"
        );
        opt.load_state_dict(&serde_json::from_str(&json).unwrap())
            .unwrap();
        assert_eq!(opt.state_dict(), snapshot);
        let mut q = at_snapshot;
        for k in 1..3 {
            opt.step(&mut q, &grads(k)).unwrap();
        }
        assert_eq!(q, p);
    }

    #[test]
    fn buffers_are_checked_by_name_and_length() {
        let s = TensorState::with_step(3.0).with("exp_avg", &[1.0, 2.0]);
        assert_eq!(s.required("exp_avg", 2).unwrap(), &[1.0, 2.0]);
        assert!(s.required("exp_avg", 3).is_err());
        assert!(s.required("exp_avg_sq", 2).is_err());
        assert_eq!(s.optional("exp_avg_sq", 2).unwrap(), None);
        assert_eq!(s.required_step().unwrap(), 3.0);
        assert!(TensorState::default().required_step().is_err());
    }

    #[test]
    fn serialises_with_pytorchs_keys() {
        let s = TensorState::with_step(1.0).with("momentum_buffer", &[0.5]);
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, r#"{"step":1.0,"momentum_buffer":[0.5]}"#);
        assert_eq!(serde_json::from_str::<TensorState>(&json).unwrap(), s);
    }

    #[test]
    fn shape_must_match() {
        let group = |params: Vec<usize>| ParamGroup {
            params,
            ..ParamGroup::with_lr(0.1)
        };
        let mine = vec![group(vec![0]), group(vec![1])];
        let snapshot = |groups: Vec<ParamGroup>, tensors: usize| OptimizerState {
            param_groups: groups,
            state: vec![TensorState::default(); tensors],
        };
        assert!(check_shape(&mine, 2, &snapshot(mine.clone(), 2)).is_ok());
        let err = check_shape(&mine, 2, &snapshot(vec![group(vec![0, 1])], 2)).unwrap_err();
        assert!(err
            .to_string()
            .contains("different number of parameter groups"));
        let swapped = vec![group(vec![1]), group(vec![0])];
        let err = check_shape(&mine, 2, &snapshot(swapped, 2)).unwrap_err();
        assert!(err.to_string().contains("doesn't match the size"));
        assert!(check_shape(&mine, 2, &snapshot(mine.clone(), 3)).is_err());
    }
}
