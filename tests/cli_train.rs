//! The `lrlab train FILE|-` contract: one JSON line per epoch on stdout; bad input gives a
//! non-zero exit status and the message on stderr.

use std::process::Output;

#[path = "support/cli.rs"]
mod cli;
use cli::{lrlab, text};

fn lrlab_train(args: &[&str], stdin: &str) -> Output {
    lrlab(&[&["train"], args].concat(), stdin)
}

const FAST: &str = r#"{"data": {"train_size": 600, "val_size": 300}, "model": {"hidden": [32]},
    "optimizer": {"optimizer": "SGD", "lr": 0.1, "momentum": 0.9}, "batch_size": 50, "epochs": 2}"#;

#[test]
fn prints_one_json_line_per_epoch() {
    let out = lrlab_train(&["-"], FAST);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    for (k, line) in lines.iter().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        assert_eq!(v["epoch"], k + 1);
        for key in ["train_loss", "val_loss", "val_acc", "lr"] {
            assert!(v[key].is_number(), "{key} in {line}");
        }
        assert_eq!(v["lr"], 0.1);
        assert!(v["val_acc"].as_f64().is_some_and(|a| a > 0.5), "{line}");
    }
    // Same config, same numbers.
    assert_eq!(text(&lrlab_train(&["-"], FAST).stdout), stdout);
}

#[test]
fn reads_a_file_and_idx_paths_from_the_config() {
    let dir = std::env::temp_dir().join(format!("lrlab-cli-train-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    // 40 4x4 images: class c lights row c.
    let n = 40u32;
    let mut images = [0x0803u32, n, 4, 4]
        .iter()
        .flat_map(|v| v.to_be_bytes())
        .collect::<Vec<u8>>();
    let mut labels = [0x0801u32, n]
        .iter()
        .flat_map(|v| v.to_be_bytes())
        .collect::<Vec<u8>>();
    for i in 0..n {
        let c = (i % 4) as usize;
        images.extend((0..16).map(|p| if p / 4 == c { 255u8 } else { 0 }));
        labels.push(c as u8);
    }
    let (im, lb) = (dir.join("im.idx"), dir.join("lb.idx"));
    std::fs::write(&im, &images).expect("write images");
    std::fs::write(&lb, &labels).expect("write labels");
    let config = format!(
        r#"{{"data": {{"train_size": 30, "val_size": 10, "train_images": "{}", "train_labels": "{}"}},
            "optimizer": {{"optimizer": "SGD", "lr": 0.5}}, "batch_size": 10, "epochs": 3}}"#,
        im.display(),
        lb.display()
    );
    let spec = dir.join("spec.json");
    std::fs::write(&spec, &config).expect("write spec");
    let out = lrlab_train(&[spec.to_str().expect("utf-8 path")], "");
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert_eq!(text(&out.stdout).lines().count(), 3);

    // A label file where the images should be: the parser's message, naming the files.
    let swapped = config.replacen(&im.display().to_string(), &lb.display().to_string(), 1);
    let out = lrlab_train(&["-"], &swapped);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("images: magic number 0x00000801 (this is a label file)"),
        "{err}"
    );
    assert!(err.contains("lb.idx"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn invalid_configs_fail_with_a_message_and_no_output() {
    let cases = [
        (
            r#"{"batch_size": 0}"#,
            "batch_size and epochs must be at least 1",
        ),
        (
            r#"{"optimizer": {"optimizer": "SGD", "lr": -0.1}}"#,
            "Invalid learning rate: -0.1",
        ),
        (
            r#"{"epochs": 1, "learning_rate": 0.1}"#,
            "unknown field `learning_rate`",
        ),
        (
            r#"{"data": {"train_size": 9000}}"#,
            "train_size 9000 + val_size 2000 = 11000 exceeds",
        ),
        (
            r#"{"model": {"hidden": [0]}}"#,
            "layer sizes must be positive",
        ),
        (
            r#"{"data": {"train_images": "/nonexistent/x.gz", "train_labels": "/nonexistent/y.gz"}}"#,
            "cannot read /nonexistent/x.gz",
        ),
        ("not json", "invalid configuration"),
    ];
    for (config, message) in cases {
        let out = lrlab_train(&["-"], config);
        assert_eq!(out.status.code(), Some(1), "{config}");
        assert!(
            text(&out.stderr).contains(message),
            "{config}: stderr {}",
            text(&out.stderr)
        );
        assert!(
            out.stdout.is_empty(),
            "{config}: stdout {}",
            text(&out.stdout)
        );
    }
}

#[test]
fn a_diverging_run_stops_and_says_where() {
    let config = r#"{"data": {"train_size": 200, "val_size": 100},
        "optimizer": {"optimizer": "SGD", "lr": 1e30}, "batch_size": 50, "epochs": 3}"#;
    let out = lrlab_train(&["-"], config);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.starts_with("diverged at iteration "), "{err}");
    assert!(err.contains(", lr = 1"), "{err}");
}
