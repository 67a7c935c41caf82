//! `lrlab schedule FILE|-` as a user runs it: the built binary, a spec in a file or on stdin,
//! JSON on stdout; a spec PyTorch would reject exits non-zero with the message on stderr and
//! nothing on stdout.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn lrlab(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lrlab"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the lrlab binary runs");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin is piped")
            .write_all(text.as_bytes())
            .expect("stdin accepts the spec");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("lrlab finishes")
}

fn temp_spec(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("lrlab-cli-schedule-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("spec written");
    path
}

fn stdout_json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "exit {:?}, stderr {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON object")
}

#[test]
fn issue_example_from_a_file() {
    let path = temp_spec(
        "step.json",
        r#"{"scheduler": "StepLR", "lr": 0.1, "step_size": 30, "gamma": 0.1, "steps": 100}"#,
    );
    let out = lrlab(&["schedule", path.to_str().expect("utf-8 path")], None);
    let v = stdout_json(&out);
    let lr = v["lr"].as_array().expect("lr is an array");
    assert_eq!(lr.len(), 101);
    assert_eq!(lr[0], 0.1);
    assert_eq!(lr[29], 0.1);
    assert!((lr[30].as_f64().unwrap_or(0.0) - 0.01).abs() < 1e-15);
    assert!(
        v.get("momentum").is_none(),
        "StepLR does not cycle momentum"
    );
}

#[test]
fn cyclic_momentum_from_stdin_matches_pytorch() {
    // torch 2.15: CyclicLR(SGD(lr=0.05, momentum=0.9), base_lr=0.001, max_lr=0.1, step_size_up=2)
    let spec = r#"{"scheduler": "CyclicLR", "lr": 0.05, "optimizer": {"name": "SGD", "momentum": 0.9},
                   "base_lr": 0.001, "max_lr": 0.1, "step_size_up": 2, "steps": 4}"#;
    let v = stdout_json(&lrlab(&["schedule", "-"], Some(spec)));
    let lr: Vec<f64> = serde_json::from_value(v["lr"].clone()).expect("lr floats");
    let m: Vec<f64> = serde_json::from_value(v["momentum"].clone()).expect("momentum floats");
    assert_eq!(lr, [0.001, 0.0505, 0.1, 0.0505, 0.001]);
    assert_eq!(m, [0.9, 0.8500000000000001, 0.8, 0.8500000000000001, 0.9]);
}

#[test]
fn golden_cases_through_the_binary() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pytorch/schedules.json");
    let golden: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("fixtures")).expect("json");
    let cases = golden["cases"].as_array().expect("cases");
    for name in [
        "SequentialLR warmup cosine",
        "OneCycleLR Adam",
        "ReduceLROnPlateau cooldown",
        "LambdaLR 0.5 * (1 + cos(pi * epoch / 20))",
    ] {
        let case = cases
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("case {name}"));
        let v = stdout_json(&lrlab(&["schedule", "-"], Some(&case["spec"].to_string())));
        // JSON floats round-trip exactly; lrlab takes cos/pow from the portable libm (so native
        // and wasm agree bit for bit), which can differ from glibc's in the last ulp.
        assert_close(&v["lr"], &case["expected"]["lr"], name);
        match (v.get("momentum"), case["expected"].get("momentum")) {
            (Some(got), Some(want)) => assert_close(got, want, name),
            (got, want) => assert_eq!(got.is_some(), want.is_some(), "{name}: momentum"),
        }
    }
}

/// Same length and every value within 1e-12 relative.
fn assert_close(got: &Value, want: &Value, name: &str) {
    let (got, want) = (
        got.as_array().expect("array"),
        want.as_array().expect("array"),
    );
    assert_eq!(got.len(), want.len(), "{name}: length");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        let (g, w) = (g.as_f64().expect("number"), w.as_f64().expect("number"));
        let err = (g - w).abs() / w.abs().max(1e-300);
        assert!(err <= 1e-12 || g == w, "{name}: step {i}: {g} vs {w}");
    }
}

fn assert_fails(out: &Output, message: &str) {
    assert_eq!(out.status.code(), Some(1), "exit status");
    assert!(
        out.stdout.is_empty(),
        "stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(message), "stderr: {stderr}");
}

#[test]
fn pytorch_errors_exit_1_with_the_message_on_stderr() {
    let spec =
        r#"{"scheduler": "OneCycleLR", "lr": 0.1, "max_lr": 1.0, "total_steps": 20, "steps": 21}"#;
    assert_fails(
        &lrlab(&["schedule", "-"], Some(spec)),
        "Tried to step 21 times. The specified number of total steps is 20",
    );
    let spec = r#"{"scheduler": "CosineAnnealingWarmRestarts", "lr": 0.1, "T_0": 0, "steps": 5}"#;
    let path = temp_spec("cawr.json", spec);
    assert_fails(
        &lrlab(&["schedule", path.to_str().expect("utf-8 path")], None),
        "Expected positive integer T_0, but got 0",
    );
}

#[test]
fn malformed_input_exits_1() {
    assert_fails(
        &lrlab(&["schedule", "-"], Some("{not json")),
        "invalid configuration",
    );
    assert_fails(
        &lrlab(
            &["schedule", "-"],
            Some(r#"{"scheduler": "StepLR", "lr": 0.1, "step_size": 3, "steps": 2, "gama": 1}"#),
        ),
        "unknown field `gama`",
    );
    assert_fails(
        &lrlab(&["schedule", "/nonexistent/spec.json"], None),
        "cannot read /nonexistent/spec.json",
    );
    assert_fails(&lrlab(&["schedule"], None), "usage: lrlab");
}
