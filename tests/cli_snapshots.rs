//! The `lrlab snapshots FILE|-` contract: a training configuration plus `"snapshots"` in,
//! per-snapshot, ensemble and baseline scores (and the shared-plane figure) out.

use serde_json::Value;

#[path = "support/cli.rs"]
mod cli;
use cli::{lrlab, text};

const SMALL: &str = r#"{"data": {"train_size": 640, "val_size": 300}, "model": {"hidden": [32]},
    "epochs": 4, "snapshots": {"schedule": {"kind": "cyclic_cosine", "cycles": 4},
    "figure": {"grid": {"size": 7, "coarse": 4}}}}"#;

#[test]
fn prints_snapshots_ensembles_baseline_and_figure() {
    let out = lrlab(&["snapshots", "-"], SMALL);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(v["schedule"]["kind"], "cyclic_cosine");
    assert_eq!(v["eval_size"], 300);
    let snaps = v["snapshots"].as_array().unwrap();
    let its: Vec<u64> = snaps
        .iter()
        .map(|s| s["iteration"].as_u64().unwrap())
        .collect();
    assert_eq!(its, vec![20, 40, 60, 80], "a snapshot at each cycle end");
    for s in snaps {
        let (acc, lr) = (s["accuracy"].as_f64().unwrap(), s["lr"].as_f64().unwrap());
        assert!(acc > 0.5 && acc <= 1.0, "{s}");
        assert!(lr < 0.2 * 0.01, "the lr has annealed at a cycle end: {s}");
    }
    let ens = v["ensembles"].as_array().unwrap();
    assert_eq!(ens.len(), 4);
    for (m, e) in ens.iter().enumerate() {
        assert_eq!(e["members"].as_u64(), Some(m as u64 + 1));
        for key in ["accuracy", "weight_average_accuracy"] {
            assert!(
                e[key].as_f64().is_some_and(|a| (0.0..=1.0).contains(&a)),
                "{e}"
            );
        }
    }
    assert_eq!(
        ens[0]["accuracy"], snaps[3]["accuracy"],
        "one member is the last snapshot"
    );
    let b = &v["baseline"];
    assert_eq!(b["scheduler"], "MultiStepLR");
    assert!(b["accuracy"].as_f64().is_some_and(|a| a > 0.5), "{b}");
    let f = &v["figure"];
    assert_eq!(f["axes"]["x"].as_array().map(Vec::len), Some(7));
    assert_eq!(f["loss"].as_array().map(Vec::len), Some(7));
    assert_eq!(f["plane"]["kind"], "pca");
    let cyclic = f["cyclic_path"].as_array().unwrap();
    let marked = cyclic.iter().filter(|p| !p["snapshot"].is_null()).count();
    assert_eq!(marked, 4);
    assert_eq!(
        f["baseline_path"][0]["x"], cyclic[0]["x"],
        "both runs start together"
    );
    assert_eq!(
        text(&lrlab(&["snapshots", "-"], SMALL).stdout),
        text(&out.stdout)
    );
}

#[test]
fn warm_restarts_without_figure_from_a_file() {
    let path = std::env::temp_dir().join(format!("lrlab-snapshots-{}.json", std::process::id()));
    std::fs::write(
        &path,
        r#"{"data": {"train_size": 320, "val_size": 100}, "model": {"hidden": [16]}, "epochs": 3,
            "snapshots": {"schedule": {"kind": "warm_restarts", "T_0": 1, "T_mult": 2},
                          "baseline": {"scheduler": "StepLR", "step_size": 1, "gamma": 0.5},
                          "figure": null}}"#,
    )
    .unwrap();
    let out = lrlab(&["snapshots", path.to_str().unwrap()], "");
    std::fs::remove_file(&path).ok();
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let its: Vec<u64> = v["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["iteration"].as_u64().unwrap())
        .collect();
    assert_eq!(its, vec![10, 30], "periods of 1 and 2 epochs of 10 batches");
    assert_eq!(v["baseline"]["scheduler"], "StepLR");
    assert!(v["figure"].is_null());
}

#[test]
fn bad_specs_fail_with_a_message() {
    for (spec, needle) in [
        (
            r#"{"schedule": {"scheduler": "StepLR", "step_size": 1}}"#,
            "sets the schedule itself",
        ),
        (
            r#"{"snapshots": {"schedule": {"kind": "cyclic_cosine", "cycles": 0}}}"#,
            "cycles must be between 1",
        ),
        (
            r#"{"snapshots": {"schedule": {"kind": "warm_restarts", "T_0": 50}}}"#,
            "no warm-restart period ends",
        ),
        (
            r#"{"snapshots": {"ensemble": 3}}"#,
            "unknown field `ensemble`",
        ),
    ] {
        let out = lrlab(&["snapshots", "-"], spec);
        assert_eq!(out.status.code(), Some(1), "{spec}");
        assert!(out.stdout.is_empty(), "{spec}");
        let err = text(&out.stderr);
        assert!(err.contains(needle), "{spec}: {err}");
    }
}
