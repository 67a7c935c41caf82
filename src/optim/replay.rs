//! Replaying given gradients through an optimizer and, optionally, a scheduler: what
//! `lrlab optim` runs and what the PyTorch golden fixtures check.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{OptimizerConfig, ParamGroupSpec};
use crate::schedule::SchedulerConfig;
use crate::{Error, Result};

/// A replay spec: the optimizer's keywords flattened at the top level, as PyTorch's
/// constructor takes them, plus the data.
///
/// ```json
/// {"optimizer": "SGD", "lr": 0.1, "momentum": 0.9,
///  "params": [0.5, -1.2, 3.0], "grads": [[0.1, 0.2, -0.3], [0.0, -0.5, 0.25]],
///  "tensors": [2, 1], "param_groups": [{"params": [0]}, {"params": [1], "lr": 0.01}],
///  "schedule": {"scheduler": "CyclicLR", "base_lr": 0.01, "max_lr": 0.1}}
/// ```
///
/// `tensors` (the tensors' lengths, default one tensor over all of `params`), `param_groups`
/// (default one group over every tensor; missing keys take the optimizer's keywords) and
/// `schedule` (a scheduler's keywords without the optimizer; it acts on the groups' lr and,
/// for CyclicLR and OneCycleLR, momentum or beta1) are optional.
#[derive(Debug, Clone, PartialEq)]
pub struct Replay {
    /// The optimizer and its keywords.
    pub optimizer: OptimizerConfig,
    /// Initial parameters, all tensors end to end.
    pub params: Vec<f32>,
    /// One gradient row (same layout as `params`) per step.
    pub grads: Vec<Vec<f32>>,
    /// Lengths of the tensors in `params`.
    pub tensors: Vec<usize>,
    /// Parameter groups; `None` for one group over all tensors.
    pub param_groups: Option<Vec<ParamGroupSpec>>,
    /// The scheduler stepped after every optimizer step.
    pub schedule: Option<SchedulerConfig>,
}

/// The keys of a replay spec that are not optimizer keywords.
const DATA_KEYS: [&str; 5] = ["params", "grads", "tensors", "param_groups", "schedule"];

impl Replay {
    /// Parses a replay spec.
    ///
    /// # Errors
    /// [`Error::Config`] for JSON that is not an object, misses `optimizer`, `params` or
    /// `grads`, has a value of the wrong type or an unknown keyword.
    pub fn from_json(input: &str) -> Result<Self> {
        let Value::Object(mut spec) = serde_json::from_str::<Value>(input)? else {
            return Err(Error::Config("the spec must be a JSON object".into()));
        };
        let mut data = Map::new();
        for key in DATA_KEYS {
            if let Some(v) = spec.remove(key) {
                data.insert(key.to_owned(), v);
            }
        }
        let optimizer: OptimizerConfig = crate::json::from_value(Value::Object(spec))?;
        let field = |key: &str| -> Result<Value> {
            data.get(key)
                .cloned()
                .ok_or_else(|| Error::Config(format!("missing field `{key}`")))
        };
        let params: Vec<f32> = crate::json::from_value(field("params")?)?;
        let grads: Vec<Vec<f32>> = crate::json::from_value(field("grads")?)?;
        let tensors = optional(&data, "tensors")?.unwrap_or_else(|| vec![params.len()]);
        Ok(Replay {
            optimizer,
            params,
            grads,
            tensors,
            param_groups: optional(&data, "param_groups")?,
            schedule: optional(&data, "schedule")?,
        })
    }

    /// Builds the optimizer, then the scheduler on its groups (PyTorch's order: the
    /// scheduler's constructor already sets the first lr), and for each gradient row runs
    /// `optimizer.step()` then `scheduler.step()`. Returns the parameters after every step.
    ///
    /// # Errors
    /// The optimizer's and scheduler's errors (PyTorch's messages), and [`Error::Config`] when
    /// `tensors` does not add up to `params` or a row has the wrong length.
    pub fn run(&self) -> Result<Vec<Vec<f32>>> {
        let total: usize = self.tensors.iter().sum();
        if total != self.params.len() {
            return Err(Error::Config(format!(
                "`tensors` add up to {total} values but `params` has {}",
                self.params.len()
            )));
        }
        let defaults = self.optimizer.param_group();
        let groups = self
            .param_groups
            .as_ref()
            .map(|specs| specs.iter().map(|s| s.resolve(&defaults)).collect());
        let mut optimizer = self.optimizer.build(&self.tensors, groups)?;
        let mut scheduler = match &self.schedule {
            Some(s) => Some(s.build(optimizer.param_groups_mut())?),
            None => None,
        };
        let mut params = self.params.clone();
        let mut out = Vec::with_capacity(self.grads.len());
        for row in &self.grads {
            optimizer.step(&mut params, row)?;
            if let Some(s) = scheduler.as_mut() {
                s.step(optimizer.param_groups_mut())?;
            }
            out.push(params.clone());
        }
        Ok(out)
    }
}

/// `data[key]` parsed, if present.
fn optional<T: DeserializeOwned>(data: &Map<String, Value>, key: &str) -> Result<Option<T>> {
    Ok(match data.get(key) {
        Some(v) => Some(crate::json::from_value(v.clone())?),
        None => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_keywords_from_data() {
        let r = Replay::from_json(
            r#"{"optimizer": "SGD", "lr": 0.5, "params": [1, 2, 3], "grads": [[1, 1, 1]],
                "tensors": [2, 1], "param_groups": [{"params": [0]}, {"params": [1], "lr": 0}]}"#,
        )
        .unwrap();
        assert_eq!(r.optimizer.lr(), 0.5);
        assert_eq!(r.tensors, vec![2, 1]);
        assert_eq!(r.run().unwrap(), vec![vec![0.5, 1.5, 3.0]]);
    }

    #[test]
    fn one_row_of_output_per_gradient_row() {
        let r = Replay::from_json(
            r#"{"optimizer": "SGD", "lr": 1, "params": [0], "grads": [[1], [2], [-4]]}"#,
        )
        .unwrap();
        assert_eq!(r.tensors, vec![1]);
        assert_eq!(r.run().unwrap(), vec![vec![-1.0], vec![-3.0], vec![1.0]]);
    }

    #[test]
    fn the_schedule_sets_lr_before_the_first_step_and_after_each() {
        let r = Replay::from_json(
            r#"{"optimizer": "SGD", "lr": 1, "params": [0], "grads": [[1], [1], [1]],
                "schedule": {"scheduler": "StepLR", "step_size": 1, "gamma": 0.5}}"#,
        )
        .unwrap();
        assert_eq!(r.run().unwrap(), vec![vec![-1.0], vec![-1.5], vec![-1.75]]);
    }

    #[test]
    fn cyclic_momentum_needs_an_optimizer_with_momentum() {
        let r = Replay::from_json(
            r#"{"optimizer": "Adagrad", "params": [0], "grads": [[1]],
                "schedule": {"scheduler": "CyclicLR", "base_lr": 0.1, "max_lr": 1}}"#,
        )
        .unwrap();
        let err = r.run().unwrap_err().to_string();
        assert!(err.contains("momentum"), "{err}");
    }

    #[test]
    fn malformed_specs_are_config_errors() {
        let err = |json: &str| Replay::from_json(json).map(|_| ()).unwrap_err();
        assert!(matches!(err("[1]"), Error::Config(_)));
        assert!(err(r#"{"optimizer": "SGD", "grads": []}"#)
            .to_string()
            .contains("missing field `params`"));
        assert!(err(r#"{"params": [], "grads": []}"#)
            .to_string()
            .contains("optimizer"));
        assert!(
            err(r#"{"optimizer": "SGD", "lrr": 1, "params": [], "grads": []}"#)
                .to_string()
                .contains("lrr")
        );
        let r = Replay::from_json(
            r#"{"optimizer": "SGD", "params": [1, 2], "grads": [[1]], "tensors": [3]}"#,
        )
        .unwrap();
        assert!(matches!(r.run().unwrap_err(), Error::Config(_)));
    }

    #[test]
    fn invalid_keywords_report_pytorchs_message() {
        let r =
            Replay::from_json(r#"{"optimizer": "SGD", "lr": -0.1, "params": [1], "grads": []}"#)
                .unwrap();
        assert_eq!(
            r.run().unwrap_err().to_string(),
            "Invalid learning rate: -0.1"
        );
    }
}
