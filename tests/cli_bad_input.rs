//! Every CLI command refuses bad JSON the same way: exit status 1, nothing on stdout, one clear
//! line on stderr naming the problem, and never a panic. The table holds the inputs a student
//! might produce: not JSON, the wrong shape, wrong types, unknown names, out-of-range and huge
//! numbers, and values PyTorch itself refuses.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Inputs every command must refuse (none of them is a valid spec of any command).
const COMMON: &[&str] = &[
    "",
    "not json",
    "{",
    "[]",
    "null",
    "42",
    "\"StepLR\"",
    "{\"a\": }",
    "{\"lr\": NaN}",
    "{\"lr\": 1e999}",
];

/// Command-specific refusals, each with a word its message must contain.
const SPECIFIC: &[(&str, &str, &str)] = &[
    (
        "schedule",
        r#"{"lr": 0.1, "steps": 10, "scheduler": "NoSuchLR"}"#,
        "NoSuchLR",
    ),
    (
        "schedule",
        r#"{"lr": -1, "steps": 10, "scheduler": "StepLR", "step_size": 1}"#,
        "learning rate",
    ),
    (
        "schedule",
        r#"{"lr": 0.1, "steps": 10, "scheduler": "StepLR", "step_size": 1.5}"#,
        "1.5",
    ),
    (
        "schedule",
        r#"{"lr": 0.1, "steps": 10, "scheduler": "StepLR", "step_size": "30"}"#,
        "\"30\"",
    ),
    (
        "schedule",
        r#"{"lr": 0.1, "steps": 1000000000000, "scheduler": "StepLR", "step_size": 1}"#,
        "steps",
    ),
    (
        "schedule",
        r#"{"lr": 0.1, "steps": 10, "scheduler": "LambdaLR", "lr_lambda": "__import__('os')"}"#,
        "unexpected character",
    ),
    (
        "schedule",
        r#"{"lr": 0.1, "steps": 10, "scheduler": "LambdaLR", "lr_lambda": "1 / (epoch - epoch)"}"#,
        "division",
    ),
    (
        "schedule",
        r#"{"lr": 0.1, "steps": 10, "scheduler": "LambdaLR", "lr_lambda": "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((epoch))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))"}"#,
        "deeper",
    ),
    (
        "schedule",
        r#"{"lr": 0.1, "steps": 10, "scheduler": "OneCycleLR", "max_lr": 1.0}"#,
        "total_steps",
    ),
    (
        "schedule",
        r#"{"lr": 0.1, "steps": 10, "scheduler": "ExponentialLR", "gamma": 0.9, "last_epoch": 5}"#,
        "initial_lr",
    ),
    (
        "optim",
        r#"{"optimizer": "SGD", "lr": -0.1, "params": [1.0], "grads": [[1.0]]}"#,
        "learning rate",
    ),
    (
        "optim",
        r#"{"optimizer": "Adam", "betas": [1.5, 0.9], "params": [1.0], "grads": [[1.0]]}"#,
        "beta",
    ),
    (
        "optim",
        r#"{"optimizer": "Nope", "params": [1.0], "grads": [[1.0]]}"#,
        "Nope",
    ),
    ("train", r#"{"epochs": 0}"#, "epoch"),
    ("train", r#"{"batch_size": 0}"#, "batch"),
    (
        "train",
        r#"{"optimizer": {"optimizer": "SGD", "lr": -0.1}}"#,
        "learning rate",
    ),
    ("train", r#"{"model": {"hidden": [0]}}"#, "layer sizes"),
    ("train", r#"{"data": {"train_size": 0}}"#, "train_size"),
    (
        "train",
        r#"{"data": {"train_size": 9999999}}"#,
        "train_size",
    ),
    ("train", r#"{"seed": -1}"#, "-1"),
    ("train", r#"{"bogus": 1}"#, "bogus"),
    (
        "train",
        r#"{"data": {"train_images": "/nonexistent/images.gz", "train_labels": "/nonexistent/labels.gz"}}"#,
        "nonexistent",
    ),
    (
        "lr-find",
        r#"{"lr_find": {"start_lr": 10, "end_lr": 1e-7}}"#,
        "end_lr",
    ),
    ("lr-find", r#"{"lr_find": {"num_iter": 0}}"#, "num_iter"),
    ("lr-find", r#"{"lr_find": {"start_lr": -1}}"#, "start_lr"),
    (
        "lr-find",
        r#"{"lr_find": {"diverge_factor": 0.5}}"#,
        "diverge",
    ),
    (
        "landscape",
        r#"{"landscape": {"grid": {"size": 0}}}"#,
        "size",
    ),
    (
        "landscape",
        r#"{"landscape": {"plane": {"kind": "sideways"}}}"#,
        "sideways",
    ),
    (
        "landscape",
        r#"{"landscape": {"trajectory": {"every": 0}}}"#,
        "every",
    ),
    (
        "landscape",
        r#"{"landscape": {"trajectory": {"budget_mb": -1}}}"#,
        "budget",
    ),
    (
        "snapshots",
        r#"{"snapshots": {"schedule": {"kind": "cyclic_cosine", "cycles": 0}}}"#,
        "cycles",
    ),
    (
        "snapshots",
        r#"{"snapshots": {"schedule": {"kind": "warm_restarts", "T_0": 0}}}"#,
        "T_0",
    ),
    (
        "snapshots",
        r#"{"snapshots": {"schedule": {"kind": "lunar"}}}"#,
        "lunar",
    ),
];

const COMMANDS: &[&str] = &[
    "schedule",
    "optim",
    "train",
    "lr-find",
    "landscape",
    "snapshots",
];

/// Runs `lrlab <cmd> -` on `input`; returns (status code, stdout, stderr).
fn lrlab(cmd: &str, input: &str) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lrlab"))
        .args([cmd, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the lrlab binary runs");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input.as_bytes())
        .expect("stdin accepts the input");
    // A refusal is immediate; an input wrongly accepted would start real work: stop it.
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("lrlab runs").is_none() {
        if Instant::now() > deadline {
            child.kill().expect("lrlab stops");
            panic!("lrlab {cmd} accepted {input:?} and ran for a minute");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let out = child.wait_with_output().expect("lrlab finishes");
    let text = |b: Vec<u8>| String::from_utf8(b).expect("UTF-8 output");
    (out.status.code(), text(out.stdout), text(out.stderr))
}

fn assert_refused(cmd: &str, input: &str, word: Option<&str>) {
    let (code, stdout, stderr) = lrlab(cmd, input);
    let shown = format!("lrlab {cmd} on {input:?}: status {code:?}, stderr {stderr:?}");
    assert_eq!(code, Some(1), "{shown}");
    assert!(stdout.is_empty(), "{shown}: stdout {stdout:?}");
    assert!(!stderr.contains("panicked"), "{shown}");
    let line = stderr.trim_end();
    assert!(
        !line.is_empty() && !line.contains('\n'),
        "{shown}: one line expected"
    );
    if let Some(word) = word {
        assert!(
            line.to_lowercase().contains(&word.to_lowercase()),
            "{shown}: should mention {word:?}"
        );
    }
}

#[test]
fn malformed_json_is_refused_by_every_command() {
    for cmd in COMMANDS {
        for input in COMMON {
            assert_refused(cmd, input, None);
        }
    }
}

#[test]
fn invalid_settings_are_refused_with_a_message_naming_them() {
    let failures: Vec<String> = SPECIFIC
        .iter()
        .filter_map(|(cmd, input, word)| {
            std::panic::catch_unwind(|| assert_refused(cmd, input, Some(word)))
                .err()
                .map(|e| {
                    e.downcast_ref::<String>()
                        .cloned()
                        .unwrap_or_else(|| format!("lrlab {cmd} on {input}"))
                })
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_table_covers_every_command() {
    for cmd in COMMANDS {
        assert!(
            SPECIFIC.iter().filter(|(c, _, _)| c == cmd).count() >= 2,
            "{cmd}"
        );
    }
}
