//! The `lrlab landscape FILE|-` contract: a training configuration plus `"landscape"` in,
//! `{"axes", "loss", "accuracy", "path", "plane"}` out; bad input gives a non-zero exit status
//! and the message on stderr.

use serde_json::Value;

#[path = "support/cli.rs"]
mod cli;
use cli::{lrlab, text};

/// A small MNIST run so the test is quick in debug builds.
const SMALL: &str = r#"{"data": {"train_size": 640, "val_size": 200}, "model": {"hidden": [32]},
    "optimizer": {"optimizer": "SGD", "lr": 0.1, "momentum": 0.9}, "batch_size": 32, "epochs": 2,
    "landscape": {"trajectory": {"every": 5}, "grid": {"size": 9, "coarse": 5}}}"#;

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|x| x.as_f64().expect("a number"))
        .collect()
}

#[test]
fn prints_the_grid_the_path_and_the_plane() {
    let out = lrlab(&["landscape", "-"], SMALL);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("stdout is one JSON object");
    let (x, y) = (numbers(&v["axes"]["x"]), numbers(&v["axes"]["y"]));
    assert_eq!((x.len(), y.len()), (9, 9));
    assert!(x.windows(2).all(|w| w[1] > w[0]) && y.windows(2).all(|w| w[1] > w[0]));
    let loss: Vec<Vec<f64>> = v["loss"].as_array().unwrap().iter().map(numbers).collect();
    let acc: Vec<Vec<f64>> = v["accuracy"]
        .as_array()
        .unwrap()
        .iter()
        .map(numbers)
        .collect();
    assert_eq!((loss.len(), loss[0].len(), acc.len()), (9, 9, 9));
    assert!(acc.iter().flatten().all(|a| (0.0..=1.0).contains(a)));
    let path = v["path"].as_array().unwrap();
    // Every 5 of 40 iterations, with the start: 9 points, the epoch ends among them.
    assert_eq!(path.len(), 9);
    let first = &path[0];
    assert_eq!(
        (first["iteration"].as_u64(), first["epoch"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(first["lr"].as_f64(), Some(0.1));
    let last = path.last().unwrap();
    assert_eq!(
        (last["x"].as_f64(), last["y"].as_f64()),
        (Some(0.0), Some(0.0))
    );
    assert_eq!(last["epoch_end"], Value::Bool(true));
    for p in path {
        let (px, py) = (p["x"].as_f64().unwrap(), p["y"].as_f64().unwrap());
        assert!(px >= x[0] && px <= x[8] && py >= y[0] && py <= y[8], "{p}");
    }
    // The landscape is lowest near the end of training, not at the start.
    let start_x = first["x"].as_f64().unwrap();
    let start_y = first["y"].as_f64().unwrap();
    let near = |xs: &[f64], t: f64| {
        xs.iter()
            .enumerate()
            .min_by(|a, b| (a.1 - t).abs().total_cmp(&(b.1 - t).abs()))
            .map(|(i, _)| i)
            .unwrap()
    };
    let (si, sj) = (near(&x, start_x), near(&y, start_y));
    let (oi, oj) = (near(&x, 0.0), near(&y, 0.0));
    assert!(
        loss[oj][oi] < loss[sj][si],
        "{} vs {}",
        loss[oj][oi],
        loss[sj][si]
    );
    let plane = &v["plane"];
    assert_eq!(plane["kind"], "pca");
    let ev = numbers(&plane["explained_variance"]);
    assert!(ev.len() == 2 && ev[0] >= ev[1] && ev[0] > 0.3, "{ev:?}");
    let pe = &plane["projection_error"];
    for key in ["mean", "max", "mean_relative", "max_relative"] {
        assert!(pe[key].as_f64().is_some_and(|e| e >= 0.0), "{key}: {pe}");
    }
    assert!(pe["max_relative"].as_f64().unwrap() <= 1.0);
    // Same spec, same numbers.
    assert_eq!(
        text(&lrlab(&["landscape", "-"], SMALL).stdout),
        text(&out.stdout)
    );
}

#[test]
fn a_random_plane_from_a_file_has_no_explained_variance() {
    let path = std::env::temp_dir().join(format!("lrlab-landscape-{}.json", std::process::id()));
    let spec = SMALL.replace(r#""epochs": 2"#, r#""epochs": 1"#).replace(
        r#""grid": {"#,
        r#""plane": {"kind": "random", "seed": 2}, "grid": {"#,
    );
    std::fs::write(&path, spec).unwrap();
    let out = lrlab(&["landscape", path.to_str().unwrap()], "");
    std::fs::remove_file(&path).ok();
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["plane"]["kind"], "random");
    assert!(v["plane"]["explained_variance"].is_null());
    assert_eq!(numbers(&v["axes"]["x"]).first(), Some(&-1.0));
}

#[test]
fn bad_specs_fail_with_a_message() {
    for (spec, needle) in [
        (r#"{"landscape": {"grid": {"size": 500}}}"#, "grid.size"),
        (
            r#"{"landscape": {"plane": {"kind": "hessian"}}}"#,
            "unknown variant `hessian`",
        ),
        (
            r#"{"landscape": {"trajectory": {"budget_mb": 0.1}}}"#,
            "at least 3",
        ),
        (
            r#"{"data": {"val_size": 100}, "landscape": {"grid": {"eval_size": 500}}}"#,
            "exceeds the 100 validation images",
        ),
        (
            r#"{"optimizer": {"optimizer": "SGD", "lr": -1}}"#,
            "Invalid learning rate: -1.0",
        ),
    ] {
        let out = lrlab(&["landscape", "-"], spec);
        assert_eq!(out.status.code(), Some(1), "{spec}");
        assert!(out.stdout.is_empty(), "{spec}");
        let err = text(&out.stderr);
        assert!(err.contains(needle), "{spec}: {err}");
    }
}
