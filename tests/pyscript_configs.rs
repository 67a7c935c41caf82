//! Every experiment's exported configuration reads back through the reader the CLI (or the
//! panel) uses, field for field, and the LR Finder's two configurations run through
//! `lrlab lr-find` as exported (the range test and the coarse-to-fine search), the Playground's
//! through `lrlab playground` and a tip card's through `lrlab tips`.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/cli.rs"]
mod cli;

use cli::{lrlab, text};
use lrlab::landscape::LandscapeSpec;
use lrlab::lrfind::{LrFindSpec, LrSearchSpec};
use lrlab::pyscript::{
    landscape_script, playground_script, range_test_script, search_script, snapshots_script,
    tip_script, PlaygroundSpec, TipSpec,
};
use lrlab::snapshots::SnapshotSpec;
use serde_json::Value;

const SMALL: &str = r#""data": {"train_size": 320, "val_size": 100}, "model": {"hidden": [16]},
    "optimizer": {"optimizer": "SGD", "lr": 0.1, "momentum": 0.9}, "batch_size": 32"#;

/// What the page's "Export config (JSON)" writes: the parsed spec, pretty-printed.
fn exported<T: serde::Serialize>(spec: &T) -> String {
    serde_json::to_string_pretty(spec).expect("serialisable")
}

#[test]
fn every_exported_config_reads_back_unchanged() {
    let lr = LrFindSpec::from_json(&format!(
        r#"{{{SMALL}, "lr_find": {{"num_iter": 30, "seeds": [1, 2]}}}}"#
    ))
    .unwrap();
    assert_eq!(LrFindSpec::from_json(&exported(&lr)).unwrap(), lr);
    let search =
        LrSearchSpec::from_json(&format!(r#"{{{SMALL}, "search": {{"lrs": [0.1, 0.01]}}}}"#))
            .unwrap();
    assert_eq!(LrSearchSpec::from_json(&exported(&search)).unwrap(), search);
    let pg = PlaygroundSpec::from_json(
        r#"{"surface": "two_basins", "start": null, "paths": [{"name": "1: SGD", "color": 0,
            "optimizer": {"optimizer": "SGD", "lr": 0.05}, "schedule": null, "steps": 100}]}"#,
    )
    .unwrap();
    assert_eq!(PlaygroundSpec::from_json(&exported(&pg)).unwrap(), pg);
    for tip in [
        "adam_vs_sgd",
        "decay_after_constant",
        "batch_size_grid",
        "warmup",
    ] {
        let spec = TipSpec::from_json(&format!(r#"{{{SMALL}, "tip": "{tip}"}}"#)).unwrap();
        assert_eq!(TipSpec::from_json(&exported(&spec)).unwrap(), spec, "{tip}");
        let script = tip_script(&spec).unwrap();
        assert!(script.contains("for arm in ARMS:"), "{tip}");
    }
    let land = LandscapeSpec::from_json(&format!(
        r#"{{{SMALL}, "landscape": {{"plane": {{"kind": "random", "seed": 3}}}}}}"#
    ))
    .unwrap();
    assert_eq!(LandscapeSpec::from_json(&exported(&land)).unwrap(), land);
    let snap = SnapshotSpec::from_json(
        r#"{"epochs": 6, "snapshots": {"schedule": {"kind": "warm_restarts", "T_0": 2}}}"#,
    )
    .unwrap();
    assert_eq!(SnapshotSpec::from_json(&exported(&snap)).unwrap(), snap);
    // Defaults give scripts too.
    for script in [
        range_test_script(&LrFindSpec::default()),
        search_script(&LrSearchSpec::default()),
        playground_script(&pg),
        landscape_script(&LandscapeSpec::default()),
        snapshots_script(&SnapshotSpec::default()).unwrap(),
    ] {
        assert!(script.starts_with("\"\"\"lrlab "));
        assert!(script.contains("json.dumps"));
    }
}

#[test]
fn the_exported_lr_finder_configs_run_through_the_cli() {
    let range =
        LrFindSpec::from_json(&format!(r#"{{{SMALL}, "lr_find": {{"num_iter": 30}}}}"#)).unwrap();
    let out = lrlab(&["lr-find", "-"], &exported(&range));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["lrs"].as_array().map(Vec::len), Some(30));

    let search = LrSearchSpec::from_json(&format!(
        r#"{{{SMALL}, "search": {{"lrs": [1, 0.1, 0.001], "budget": {{"iterations": 10}}, "refine_points": 3}}}}"#
    ))
    .unwrap();
    let out = lrlab(&["lr-find", "-"], &exported(&search));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let points = v["points"].as_array().expect("points");
    assert_eq!(
        points.len(),
        6,
        "3 coarse + 3 fine (the centre reused): {v}"
    );
    assert_eq!(points[0]["stage"], "coarse");
    assert_eq!(points[5]["stage"], "fine");
    assert!(v["best"]["lr"].is_f64());
}

#[test]
fn the_exported_playground_and_tip_configs_run_through_the_cli() {
    let pg = PlaygroundSpec::from_json(
        r#"{"surface": "quadratic", "start": [-2.5, 1.5], "paths": [
            {"name": "1: SGD", "color": 0, "optimizer": {"optimizer": "SGD", "lr": 0.1}, "steps": 50},
            {"name": "2: too fast", "color": 1, "optimizer": {"optimizer": "SGD", "lr": 0.25}, "steps": 200}]}"#,
    )
    .unwrap();
    let out = lrlab(&["playground", "-"], &exported(&pg));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["paths"][0]["points"].as_array().map(Vec::len), Some(51));
    assert_eq!(v["paths"][0]["stop"]["reason"], "completed");
    assert_eq!(v["paths"][1]["stop"]["reason"], "left_box");
    let bad = lrlab(
        &["playground", "-"],
        r#"{"surface": "quadratic", "paths": [{"name": "a", "optimizer": {"optimizer": "SGD", "lr": -1}, "steps": 5}]}"#,
    );
    assert!(
        text(&bad.stderr).contains("Invalid learning rate: -1"),
        "{}",
        text(&bad.stderr)
    );

    let tip = TipSpec::from_json(&format!(r#"{{{SMALL}, "tip": "warmup"}}"#)).unwrap();
    let out = lrlab(&["tips", "-"], &exported(&tip));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["tip"], "warmup");
    assert_eq!(v["arms"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["arms"][1]["lrs"].as_array().map(Vec::len), Some(200));
}

#[test]
fn bad_cli_inputs_fail_with_a_message() {
    for (cmd, spec, message) in [
        ("lr-find", r#"{"search": {"lrs": []}}"#, "at least one lr"),
        (
            "lr-find",
            r#"{"search": {"budget": {"epochs": 0}}}"#,
            "must not be zero",
        ),
        (
            "playground",
            r#"{"surface": "quadratic", "paths": []}"#,
            "1 to 8 paths",
        ),
        ("tips", r#"{"tip": "nap"}"#, "unknown variant"),
        ("tips", "{}", "needs \"tip\""),
    ] {
        let out = lrlab(&[cmd, "-"], spec);
        assert!(!out.status.success(), "{cmd} {spec}");
        assert!(out.stdout.is_empty());
        assert!(
            text(&out.stderr).contains(message),
            "{cmd} {spec}: {}",
            text(&out.stderr)
        );
    }
}
