//! The training script the page exports runs under real PyTorch and learns: one epoch on a
//! small subset of the bundled digits reaches well above chance. Skipped (with a note) on a
//! machine without torch, such as CI; the script's shape is tested in src/train/pytorch_script.rs.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

use lrlab::train::{pytorch_script, TrainConfig};

fn torch_available() -> bool {
    Command::new("python3")
        .args(["-c", "import torch"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn the_exported_script_trains_under_pytorch() {
    if !torch_available() {
        eprintln!("note: torch is not installed; the exported script was not run");
        return;
    }
    let config = TrainConfig::from_json(
        r#"{"data": {"train_size": 1000, "val_size": 300}, "epochs": 2, "batch_size": 32,
            "optimizer": {"optimizer": "SGD", "lr": 0.1, "momentum": 0.9},
            "schedule": {"scheduler": "StepLR", "step_size": 1, "gamma": 0.5}}"#,
    )
    .expect("a valid config");
    let dir = std::env::temp_dir().join(format!("lrlab-script-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("train_lrlab.py");
    std::fs::write(&path, pytorch_script(&config)).expect("script written");
    let out = Command::new("python3")
        .arg(&path)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    let epochs: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(epochs.len(), 2);
    let acc = epochs[1]["val_acc"].as_f64().expect("val_acc");
    assert!(acc > 0.7, "two epochs of SGD reach more than 70%: {acc}");
    assert_eq!(epochs[0]["lr"].as_f64(), Some(0.1));
    assert_eq!(
        epochs[1]["lr"].as_f64(),
        Some(0.05),
        "StepLR stepped after the first epoch"
    );
}
