//! The JSON the LR Finder panel exports and `lrlab lr-find` reads: a training configuration
//! (the Train panel's, same keys) plus the range test's settings under `"lr_find"`, or the
//! coarse-to-fine search's under `"search"`.

use serde::{Deserialize, Serialize};

use super::search::SearchConfig;
use super::sweep::RangeTestConfig;
use crate::train::TrainConfig;
use crate::{Error, Result};

/// A training setup and a range test to run on it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LrFindSpec {
    /// The setup (every key of a [`TrainConfig`]).
    #[serde(flatten)]
    pub train: TrainConfig,
    /// The range test (`"lr_find"`; fastai's defaults when absent).
    pub lr_find: RangeTestConfig,
}

impl LrFindSpec {
    /// Parses `{...TrainConfig keys..., "lr_find": {...}}`; `{}` is the lab's default setup
    /// with fastai's range test.
    ///
    /// # Errors
    /// [`Error::Config`] for malformed JSON, a value that is not an object, unknown keys (in
    /// either part) or values of the wrong type, and settings [`RangeTestConfig::validate`]
    /// or [`TrainConfig::validate`] reject.
    pub fn from_json(text: &str) -> Result<LrFindSpec> {
        let mut value: serde_json::Value = serde_json::from_str(text)?;
        let object = value
            .as_object_mut()
            .ok_or_else(|| Error::Config("an lr-find spec must be a JSON object".into()))?;
        let lr_find = match object.remove("lr_find") {
            Some(v) => crate::json::from_value(v)?,
            None => RangeTestConfig::default(),
        };
        let train: TrainConfig = crate::json::from_value(value)?;
        let spec = LrFindSpec { train, lr_find };
        spec.lr_find.validate()?;
        spec.train.validate()?;
        Ok(spec)
    }
}

/// A training setup and a coarse-to-fine search to run on it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LrSearchSpec {
    /// The setup (every key of a [`TrainConfig`]); the search replaces its optimizer's lr.
    #[serde(flatten)]
    pub train: TrainConfig,
    /// The search (`"search"`).
    pub search: SearchConfig,
}

impl LrSearchSpec {
    /// Parses `{...TrainConfig keys..., "search": {...}}`; `{"search": {}}` is the lecture's
    /// grid on the lab's default setup.
    ///
    /// # Errors
    /// [`Error::Config`] for malformed JSON, a value that is not an object, a missing
    /// `"search"`, unknown keys or values of the wrong type, and settings
    /// [`SearchConfig::validate`] or [`TrainConfig::validate`] reject.
    pub fn from_json(text: &str) -> Result<LrSearchSpec> {
        let mut value: serde_json::Value = serde_json::from_str(text)?;
        let object = value
            .as_object_mut()
            .ok_or_else(|| Error::Config("an lr-find search spec must be a JSON object".into()))?;
        let search = match object.remove("search") {
            Some(v) => crate::json::from_value(v)?,
            None => {
                return Err(Error::Config(
                    "a search spec needs \"search\": {...} (the grid, budget and refinement)"
                        .into(),
                ))
            }
        };
        let train: TrainConfig = crate::json::from_value(value)?;
        let spec = LrSearchSpec { train, search };
        spec.search.validate()?;
        spec.train.validate()?;
        Ok(spec)
    }
}

/// What the LR Finder panel gives its search worker and checks first: the Train panel's setup
/// and the search, `{"train": {...}, "search": {...}}` (the search's defaults when absent).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchSetup {
    /// The setup; the search replaces its optimizer's lr.
    pub train: TrainConfig,
    /// The search.
    #[serde(default)]
    pub search: SearchConfig,
}

impl SearchSetup {
    /// Parses the JSON and checks both parts as far as they can be checked without data.
    ///
    /// # Errors
    /// [`Error::Config`] for malformed JSON, unknown keys or values of the wrong type, and
    /// settings [`SearchConfig::validate`], [`TrainConfig::validate`] or the optimizer reject.
    pub fn from_json(text: &str) -> Result<SearchSetup> {
        let setup: SearchSetup = serde_json::from_str(text)?;
        setup.search.validate()?;
        setup.train.validate()?;
        setup.train.optimizer.validate()?;
        Ok(setup)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lrfind::SweepMode;

    #[test]
    fn round_trips_through_the_flat_shape() {
        let text = r#"{"batch_size": 32, "optimizer": {"optimizer": "SGD", "momentum": 0.9},
                       "lr_find": {"num_iter": 50, "mode": "linear", "end_lr": 1}}"#;
        let spec = LrFindSpec::from_json(text).unwrap();
        assert_eq!(spec.train.batch_size, 32);
        assert_eq!(
            (spec.lr_find.num_iter, spec.lr_find.mode),
            (50, SweepMode::Linear)
        );
        let json = serde_json::to_value(&spec).unwrap();
        assert_eq!(json["batch_size"], 32);
        assert_eq!(json["lr_find"]["num_iter"], 50);
        let back = LrFindSpec::from_json(&json.to_string()).unwrap();
        assert_eq!(back, spec);
        assert_eq!(LrFindSpec::from_json("{}").unwrap(), LrFindSpec::default());
    }

    #[test]
    fn typos_anywhere_are_errors() {
        for bad in [
            r#"{"batchsize": 3}"#,
            r#"{"lr_find": {"start": 1e-5}}"#,
            r#"{"lr_find": {"end_lr": 1e-9}}"#,
            r#"{"epochs": 0}"#,
            "[1, 2]",
            "{",
        ] {
            assert!(
                matches!(LrFindSpec::from_json(bad), Err(Error::Config(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn search_specs_round_trip_and_need_their_search() {
        let text =
            r#"{"batch_size": 64, "search": {"lrs": [0.1, 0.01], "budget": {"iterations": 30}}}"#;
        let spec = LrSearchSpec::from_json(text).unwrap();
        assert_eq!((spec.train.batch_size, spec.search.lrs.len()), (64, 2));
        let json = serde_json::to_string(&spec).unwrap();
        assert_eq!(LrSearchSpec::from_json(&json).unwrap(), spec);
        for bad in [
            "{}",
            r#"{"search": {"lrs": []}}"#,
            r#"{"search": {"grid": [1]}}"#,
            r#"{"search": {}, "lr_find": {}}"#,
            "[]",
        ] {
            assert!(
                matches!(LrSearchSpec::from_json(bad), Err(Error::Config(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn search_setup_reads_both_parts_and_checks_them() {
        let setup = SearchSetup::from_json(r#"{"train": {"batch_size": 16}}"#).unwrap();
        assert_eq!(setup.train.batch_size, 16);
        assert_eq!(setup.search, SearchConfig::default());
        let setup =
            SearchSetup::from_json(r#"{"train": {}, "search": {"lrs": [0.1, 0.01]}}"#).unwrap();
        assert_eq!(setup.search.lrs, [0.1, 0.01]);
        for (bad, says) in [
            (r#"{"train": {}, "serch": {}}"#, "serch"),
            (r#"{"search": {}}"#, "train"),
            (r#"{"train": {}, "search": {"lrs": []}}"#, "at least one lr"),
            (r#"{"train": {}, "search": {"lrs": [-1]}}"#, "positive"),
            (r#"{"train": {"epochs": 0}}"#, "epochs"),
            (
                r#"{"train": {"optimizer": {"optimizer": "SGD", "momentum": -1}}}"#,
                "momentum",
            ),
        ] {
            let e = SearchSetup::from_json(bad).unwrap_err().to_string();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }
}
