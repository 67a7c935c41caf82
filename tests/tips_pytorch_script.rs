//! The tip cards' exported scripts run under real PyTorch: Adam against SGD tuned on the
//! lab's grid, and Adam at a high lr with and without a LinearLR warm-up chained by
//! SequentialLR, on a small setup. Skipped (with a note) without torch.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/torch.rs"]
mod torch;

use lrlab::pyscript::{tip_script, TipSpec};
use serde_json::Value;
use torch::{num, run_script};

const SMALL: &str = r#""data": {"train_size": 640, "val_size": 300}, "model": {"hidden": [32]}"#;

fn run(tip: &str) -> Option<Vec<Value>> {
    let spec = TipSpec::from_json(&format!(r#"{{{SMALL}, "tip": "{tip}"}}"#)).expect("a spec");
    run_script(
        &format!("tips_{tip}.py"),
        &tip_script(&spec).expect("a script"),
        &[],
    )
}

fn phase<'a>(lines: &'a [Value], name: &str) -> Vec<&'a Value> {
    lines.iter().filter(|l| l["phase"] == name).collect()
}

#[test]
fn adam_baseline_against_sgd_tuned_on_the_grid() {
    let Some(lines) = run("adam_vs_sgd") else {
        return;
    };
    let tuning = phase(&lines, "tuning");
    assert_eq!(tuning.len(), 6, "six SGD lrs");
    let tuned = num(phase(&lines, "tuned")[0], "lr");
    let best = tuning
        .iter()
        .filter(|p| p["val_loss"].is_f64())
        .min_by(|a, b| num(a, "val_loss").total_cmp(&num(b, "val_loss")))
        .expect("some lr learned");
    assert_eq!(tuned, num(best, "lr"));
    let compare = phase(&lines, "compare");
    assert_eq!(compare.len(), 2);
    assert_eq!(compare[0]["label"], "Adam, lr = 0.001 (baseline)");
    assert_eq!(num(compare[1], "lr"), tuned);
    assert!(compare[1]["label"]
        .as_str()
        .is_some_and(|l| l.ends_with(&format!("{tuned}"))));
    for c in &compare {
        assert_eq!(c["iterations"].as_u64(), Some(60), "3 epochs of 20 batches");
        assert!(
            num(c, "val_acc") > 0.6,
            "three epochs of 640 digits learn: {c}"
        );
    }
    eprintln!(
        "adam_vs_sgd under torch: tuned lr {tuned}; {} | {}",
        compare[0], compare[1]
    );
}

#[test]
fn warmup_tames_the_first_steps_of_a_high_lr() {
    let Some(lines) = run("warmup") else {
        return;
    };
    assert!(phase(&lines, "tuning").is_empty());
    let compare = phase(&lines, "compare");
    assert_eq!(compare.len(), 2);
    let (cold, warm) = (compare[0], compare[1]);
    assert_eq!(cold["iterations"].as_u64(), Some(200));
    assert_eq!(warm["iterations"].as_u64(), Some(200));
    assert!(
        num(warm, "max_loss") < num(cold, "max_loss"),
        "warm-up keeps the loss lower early: {warm} vs {cold}"
    );
    eprintln!(
        "warmup under torch: no warm-up max loss {:.3}, with {:.3}; val_acc {:.3} vs {:.3}",
        num(cold, "max_loss"),
        num(warm, "max_loss"),
        num(cold, "val_acc"),
        num(warm, "val_acc")
    );
}

#[test]
fn the_batch_size_grid_fills_its_heatmap() {
    let Some(lines) = run("batch_size_grid") else {
        return;
    };
    assert_eq!(phase(&lines, "compare").len(), 15);
    let heatmap = &lines.last().expect("the heatmap")["heatmap"];
    let values = heatmap["values"].as_array().expect("values");
    assert_eq!(values.len(), 15);
    let cell = |row: usize, col: usize| values[row * 5 + col].as_f64();
    let best = values
        .iter()
        .filter_map(Value::as_f64)
        .fold(f64::INFINITY, f64::min);
    assert!(best < 1.5, "some cell learns in one epoch: {heatmap}");
    // Large batches at a small lr take few, small steps: hardly below ln 10 = 2.30.
    assert!(cell(2, 4).is_some_and(|v| v > 2.0 && v > best), "{heatmap}");
    eprintln!("batch-size grid under torch: {heatmap}");
}
