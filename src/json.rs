//! serde_json's `from_value` and `to_value`, through JSON text.
//!
//! Each way of reading or writing a type compiles the type's whole serde code once more in the
//! WebAssembly module: `serde_json::from_value` is a second decoder next to `from_str` (and an
//! internally tagged enum such as `SchedulerConfig` repeats all its variants for it),
//! `serde_json::to_value` a third encoder next to the pretty and compact writers. The specs are
//! read as a [`Value`] first (to take keys such as `"lr_find"` apart) and then typed, so going
//! through text instead keeps one decoder and one encoder per type; the results are the same
//! (`float_roundtrip` reads back every number exactly) and the cost, a few hundred bytes of
//! text per configuration, is nothing next to a training run.

use serde::de::{DeserializeOwned, Error as _};
use serde::Serialize;
use serde_json::Value;

/// `serde_json::from_value`: `T` from a [`Value`], with the same error messages (no line or
/// column: the text is this module's, not the user's).
///
/// # Errors
/// What serde reports for a value `T` refuses (missing or unknown fields, wrong types).
pub fn from_value<T: DeserializeOwned>(value: Value) -> serde_json::Result<T> {
    serde_json::from_str(&value.to_string()).map_err(|e| serde_json::Error::custom(reason(&e)))
}

/// serde's complaint without serde_json's position, for text the user never saw (made here
/// from a [`Value`], or by `JSON.stringify` in the page).
pub fn reason(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    match full.strip_suffix(&position) {
        Some(reason) => reason.to_owned(),
        None => full,
    }
}

/// `serde_json::to_value`: `value` as a [`Value`].
///
/// # Errors
/// If `value` cannot be written as JSON (a map with non-string keys).
pub fn to_value<T: Serialize>(value: T) -> serde_json::Result<Value> {
    serde_json::from_str(&serde_json::to_string_pretty(&value)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::SchedulerConfig;
    use crate::train::TrainConfig;

    #[test]
    fn round_trips_match_serde_json() {
        let config = TrainConfig::default();
        let value = to_value(&config).unwrap();
        assert_eq!(value, serde_json::to_value(&config).unwrap());
        let back: TrainConfig = from_value(value).unwrap();
        assert_eq!(back, config);
        for x in [0.1, 1e-300, 2.0f64.powi(60) + 1.0, -0.0, f64::MAX] {
            let v: f64 = from_value(to_value(x).unwrap()).unwrap();
            assert_eq!(v.to_bits(), x.to_bits(), "{x:e}");
        }
        let big: u64 = from_value(Value::from(u64::MAX)).unwrap();
        assert_eq!(big, u64::MAX);
    }

    #[test]
    fn errors_read_as_serde_jsons_without_a_position() {
        let typo = serde_json::json!({"scheduler": "StepLR", "step_size": 3, "gama": 0.5});
        let ours = from_value::<SchedulerConfig>(typo.clone()).unwrap_err();
        let theirs = serde_json::from_value::<SchedulerConfig>(typo).unwrap_err();
        assert_eq!(ours.to_string(), theirs.to_string());
        assert!(ours.to_string().contains("gama"), "{ours}");
        let wrong = serde_json::json!({"scheduler": "StepLR", "step_size": "3"});
        let ours = from_value::<SchedulerConfig>(wrong.clone()).unwrap_err();
        let theirs = serde_json::from_value::<SchedulerConfig>(wrong).unwrap_err();
        assert_eq!(ours.to_string(), theirs.to_string());
        assert!(!ours.to_string().contains("line"), "{ours}");
    }
}
