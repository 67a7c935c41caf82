//! The `lrlab lr-find FILE|-` contract: a training configuration plus `"lr_find"` settings in,
//! `{"lrs", "losses", "smoothed", "suggestions": {...}}` out; bad input gives a non-zero exit
//! status and the message on stderr.

use serde_json::Value;

#[path = "support/cli.rs"]
mod cli;
use cli::{lrlab, text};

/// A small MNIST setup so the test runs quickly in debug builds.
const SMALL: &str = r#"{"data": {"train_size": 640, "val_size": 100}, "model": {"hidden": [32]},
    "optimizer": {"optimizer": "SGD", "momentum": 0.9}, "batch_size": 32,
    "lr_find": {"num_iter": 80, "start_lr": 1e-5, "end_lr": 10}}"#;

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|x| x.as_f64().expect("a number"))
        .collect()
}

#[test]
fn prints_the_curve_and_every_suggestion() {
    let out = lrlab(&["lr-find", "-"], SMALL);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("stdout is one JSON object");
    let (lrs, losses, smoothed) = (
        numbers(&v["lrs"]),
        numbers(&v["losses"]),
        numbers(&v["smoothed"]),
    );
    assert!(lrs.len() >= 20 && lrs.len() <= 80, "{}", lrs.len());
    assert_eq!((losses.len(), smoothed.len()), (lrs.len(), lrs.len()));
    assert_eq!(lrs[0], 1e-5);
    assert!(lrs.windows(2).all(|w| w[1] > w[0]));
    // MNIST starts near ln(10) and learns before the lr gets too large.
    assert!((losses[0] - 10f64.ln()).abs() < 0.3, "{}", losses[0]);
    let lowest = smoothed.iter().copied().fold(f64::INFINITY, f64::min);
    assert!(lowest < 0.9 * smoothed[0], "{lowest} vs {}", smoothed[0]);
    let s = &v["suggestions"];
    for key in [
        "steepest",
        "min_div_10",
        "valley",
        "cyclic_base_lr",
        "cyclic_max_lr",
    ] {
        let lr = s[key].as_f64().unwrap_or_else(|| panic!("{key}: {s}"));
        assert!((1e-6..=10.0).contains(&lr), "{key} = {lr}");
    }
    let (base, max) = (s["cyclic_base_lr"].as_f64(), s["cyclic_max_lr"].as_f64());
    assert!(base <= max, "{base:?} {max:?}");
    assert!(v["stop"]["reason"].is_string(), "{}", v["stop"]);
    assert!(v.get("band").is_none());
    // Same spec, same numbers.
    assert_eq!(
        text(&lrlab(&["lr-find", "-"], SMALL).stdout),
        text(&out.stdout)
    );
}

#[test]
fn several_seeds_add_a_band() {
    let spec = SMALL.replace(
        r#""num_iter": 80"#,
        r#""num_iter": 30, "stop_div": false, "seeds": [1, 2, 3]"#,
    );
    let out = lrlab(&["lr-find", "-"], &spec);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["seeds"], serde_json::json!([1, 2, 3]));
    let (min, median, max) = (
        numbers(&v["band"]["min"]),
        numbers(&v["band"]["median"]),
        numbers(&v["band"]["max"]),
    );
    assert_eq!(min.len(), 30);
    for i in 0..30 {
        assert!(min[i] <= median[i] && median[i] <= max[i], "{i}");
    }
    assert!(max[0] > min[0], "different seeds, different curves");
    assert_eq!(numbers(&v["band"]["count"])[29], 3.0);
}

#[test]
fn reads_a_file() {
    let path = std::env::temp_dir().join(format!("lrlab-lr-find-{}.json", std::process::id()));
    std::fs::write(
        &path,
        SMALL.replace(r#""num_iter": 80"#, r#""num_iter": 10"#),
    )
    .unwrap();
    let out = lrlab(&["lr-find", path.to_str().unwrap()], "");
    std::fs::remove_file(&path).ok();
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(numbers(&v["lrs"]).len(), 10);
}

#[test]
fn bad_specs_fail_with_a_message() {
    for (spec, needle) in [
        (r#"{"lr_find": {"end_lr": 1e-9}}"#, "start_lr < end_lr"),
        (r#"{"lr_find": {"iters": 5}}"#, "unknown field `iters`"),
        (
            r#"{"optimizer": {"optimizer": "SGD", "lr": -1}}"#,
            "Invalid learning rate: -1.0",
        ),
        (
            r#"{"optimizer": {"optimizer": "Adam", "betas": [1.5, 0.9]}}"#,
            "Invalid beta",
        ),
    ] {
        let out = lrlab(&["lr-find", "-"], spec);
        assert_eq!(out.status.code(), Some(1), "{spec}");
        assert!(out.stdout.is_empty(), "{spec}");
        let err = text(&out.stderr);
        assert!(err.contains(needle), "{spec}: {err}");
    }
}
