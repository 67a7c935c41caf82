//! The JSON the Landscape panel exports and `lrlab landscape` reads: a training configuration
//! (the Train panel's keys) plus `"landscape"`: how to record the path, which plane, which grid.
//!
//! ```json
//! {"optimizer": {"optimizer": "SGD", "lr": 0.1, "momentum": 0.9}, "epochs": 3,
//!  "landscape": {"trajectory": {"every": 10, "budget_mb": 40},
//!                "plane": {"kind": "pca"},
//!                "grid": {"size": 41, "coarse": 11, "extent": null, "margin": 0.25}}}
//! ```
//! Planes: `{"kind": "pca"}`, `{"kind": "random", "seed": 0}`,
//! `{"kind": "points", "points": [0, 10, -1]}` (path indices; negative ones count from the end).

use serde::{Deserialize, Serialize};

use super::grid::GridConfig;
use super::trajectory::TrajectoryConfig;
use crate::train::TrainConfig;
use crate::{Error, Result};

/// Which plane to look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum PlaneSpec {
    /// PCA of the path (Li et al. §7).
    Pca {},
    /// Two filter-normalised random directions (Li et al. §4), drawn from `seed`.
    Random {
        /// Seed of the directions.
        #[serde(default)]
        seed: u64,
    },
    /// Through three recorded points, by index into the path (negative: from the end).
    Points {
        /// The three indices; the first is the origin.
        points: [i64; 3],
    },
}

impl Default for PlaneSpec {
    /// PCA: the only plane the path lies (nearly) in.
    fn default() -> Self {
        PlaneSpec::Pca {}
    }
}

impl PlaneSpec {
    /// Resolves Python-style indices into a path of `len` points.
    ///
    /// # Errors
    /// [`Error::Config`] for an index outside the path or a repeated point.
    pub fn resolve(points: [i64; 3], len: usize) -> Result<[usize; 3]> {
        let n = i64::try_from(len).unwrap_or(i64::MAX);
        let mut out = [0usize; 3];
        for (o, &p) in out.iter_mut().zip(&points) {
            let k = if p < 0 { n + p } else { p };
            if !(0..n).contains(&k) {
                return Err(Error::Config(format!(
                    "plane point {p} is outside the path's {len} points"
                )));
            }
            *o = usize::try_from(k).unwrap_or(0);
        }
        if out[0] == out[1] || out[1] == out[2] || out[0] == out[2] {
            return Err(Error::Config(format!(
                "the plane's three points must differ, got {points:?} (path indices {out:?})"
            )));
        }
        Ok(out)
    }
}

/// The landscape settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LandscapeConfig {
    /// Recording of the path.
    pub trajectory: TrajectoryConfig,
    /// The plane.
    pub plane: PlaneSpec,
    /// The grid.
    pub grid: GridConfig,
}

impl LandscapeConfig {
    /// Checks what can be checked before training.
    ///
    /// # Errors
    /// Those of [`GridConfig::validate`], and a zero sampling interval or a budget that is not
    /// a positive number.
    pub fn validate(&self) -> Result<()> {
        self.grid.validate()?;
        self.trajectory.capacity(1).map(|_| ())
    }
}

/// A training setup and the landscape to draw of it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LandscapeSpec {
    /// The setup (every key of a [`TrainConfig`]).
    #[serde(flatten)]
    pub train: TrainConfig,
    /// `"landscape"`.
    pub landscape: LandscapeConfig,
}

impl LandscapeSpec {
    /// Parses `{...TrainConfig keys..., "landscape": {...}}`; `{}` is the Train panel's
    /// default run seen in its PCA plane.
    ///
    /// # Errors
    /// [`Error::Config`] for malformed JSON, a value that is not an object, unknown keys or
    /// wrong types, and settings either part's `validate` rejects.
    pub fn from_json(text: &str) -> Result<LandscapeSpec> {
        let mut value: serde_json::Value = serde_json::from_str(text)?;
        let object = value
            .as_object_mut()
            .ok_or_else(|| Error::Config("a landscape spec must be a JSON object".into()))?;
        let landscape = match object.remove("landscape") {
            Some(v) => crate::json::from_value(v)?,
            None => LandscapeConfig::default(),
        };
        let train: TrainConfig = crate::json::from_value(value)?;
        landscape.validate()?;
        train.validate()?;
        Ok(LandscapeSpec { train, landscape })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_defaults() {
        let spec = LandscapeSpec::from_json(
            r#"{"epochs": 2, "landscape": {"plane": {"kind": "random", "seed": 4},
                "grid": {"size": 21, "coarse": 6, "extent": {"x": [-1, 1], "y": [-2, 2]}}}}"#,
        )
        .unwrap();
        assert_eq!(spec.train.epochs, 2);
        assert_eq!(spec.landscape.plane, PlaneSpec::Random { seed: 4 });
        let json = serde_json::to_value(&spec).unwrap();
        assert_eq!(json["landscape"]["grid"]["size"], 21);
        assert_eq!(LandscapeSpec::from_json(&json.to_string()).unwrap(), spec);
        let d = LandscapeSpec::from_json("{}").unwrap();
        assert_eq!(d, LandscapeSpec::default());
        assert_eq!(d.landscape.plane, PlaneSpec::Pca {});
        let points = r#"{"landscape": {"plane": {"kind": "points", "points": [0, 3, -1]}}}"#;
        assert!(LandscapeSpec::from_json(points).is_ok());
    }

    #[test]
    fn mistakes_are_errors() {
        for bad in [
            r#"{"landscape": {"plane": {"kind": "hessian"}}}"#,
            r#"{"landscape": {"grid": {"size": 1}}}"#,
            r#"{"landscape": {"grid": {"siz": 11}}}"#,
            r#"{"landscape": {"trajectory": {"every": 0}}}"#,
            r#"{"landscape": {"plane": {"kind": "pca", "seed": 1}}}"#,
            r#"{"epochs": 0}"#,
            "[]",
        ] {
            assert!(LandscapeSpec::from_json(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn indices_count_from_either_end() {
        assert_eq!(PlaneSpec::resolve([0, 2, -1], 5).unwrap(), [0, 2, 4]);
        assert!(PlaneSpec::resolve([0, 5, 1], 5).is_err());
        assert!(PlaneSpec::resolve([0, -5, 1], 5).is_err());
        assert!(PlaneSpec::resolve([4, -1, 1], 5).is_err());
    }
}
