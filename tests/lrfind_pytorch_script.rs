//! The LR Finder's exported scripts run under real PyTorch: the range test sweeps exactly the
//! lab's learning rates, reads the same suggestions off its curve as lrlab does, stops where
//! it should and puts the model back; the search runs its coarse grid, refines around the
//! best and learns. Skipped (with a note) without torch; the scripts' shape is tested in
//! src/pyscript/lr_find.rs.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/torch.rs"]
mod torch;

use lrlab::lrfind::{analyse, LrFindSpec, LrSearchSpec};
use lrlab::pyscript::{range_test_script, search_script};
use serde_json::Value;
use torch::{exact, num, run_script, run_script_lines};

const SMALL: &str = r#""data": {"train_size": 640, "val_size": 200}, "model": {"hidden": [32]},
    "optimizer": {"optimizer": "SGD", "lr": 0.1, "momentum": 0.9}, "batch_size": 32"#;

#[test]
fn the_range_test_script_sweeps_the_labs_lrs_and_reads_the_same_suggestions() {
    let spec = LrFindSpec::from_json(&format!(
        r#"{{{SMALL}, "lr_find": {{"num_iter": 120, "start_lr": 1e-5, "end_lr": 100}}}}"#
    ))
    .expect("a valid spec");
    let Some(raw) = run_script_lines("range_test.py", &range_test_script(&spec), &[]) else {
        return;
    };
    let lines: Vec<Value> = raw
        .iter()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    let (points, summary): (Vec<&Value>, Vec<&Value>) =
        lines.iter().partition(|l| l.get("iteration").is_some());
    let summary = summary[0];
    let lrs: Vec<f64> = raw[..points.len()].iter().map(|l| exact(l, "lr")).collect();
    let losses: Vec<f64> = raw[..points.len()]
        .iter()
        .map(|l| exact(l, "loss"))
        .collect();
    // The lr sequence is the lab's, bit for bit.
    assert_eq!(lrs, spec.lr_find.lrs()[..lrs.len()].to_vec());
    assert!(
        losses[0] > 2.0 && losses[0] < 2.6,
        "starts near ln 10: {}",
        losses[0]
    );
    // An lr of 100 with momentum blows up: the smoothed loss passes 4x its minimum.
    assert_eq!(summary["stop"]["reason"], "diverged", "{summary}");
    assert!(lrs.len() < 120);
    assert_eq!(summary["restored"], true);
    // lrlab's rules on torch's losses give torch's suggestions.
    let a = analyse(&lrs, &losses, 120, &spec.lr_find.smoothing);
    for (i, p) in points.iter().enumerate() {
        let smoothed = exact(&raw[i], "smoothed");
        assert!(
            (smoothed - a.smoothed[i]).abs() <= 1e-12 * a.smoothed[i].abs(),
            "{p}"
        );
    }
    let s = &summary["suggestions"];
    let pairs = [
        ("steepest", a.suggestions.steepest),
        ("min_div_10", a.suggestions.min_div_10),
        ("valley", a.suggestions.valley),
    ];
    for (name, lab) in pairs {
        let lab = lab.unwrap_or_else(|| panic!("lrlab found no {name}"));
        let lr = s[name]["lr"].as_f64().expect("an lr");
        assert!(
            (lr - lab.lr).abs() <= 1e-15 * lab.lr,
            "{name}: {lr} vs {}",
            lab.lr
        );
        assert_eq!(s[name]["index"].as_u64(), Some(lab.index as u64), "{name}");
        assert!(lab.lr > 1e-5 && lab.lr < 100.0, "{name}: {}", lab.lr);
    }
    eprintln!(
        "range test under torch: {} points, stop {}, suggestions {s}",
        lrs.len(),
        summary["stop"]
    );
}

#[test]
fn the_search_script_refines_around_the_best_coarse_lr() {
    let spec = LrSearchSpec::from_json(&format!(
        r#"{{{SMALL}, "search": {{"lrs": [10, 1, 0.1, 0.01, 0.001], "budget": {{"iterations": 40}},
            "refine_points": 3, "refine_decades": 0.5}}}}"#
    ))
    .expect("a valid spec");
    let Some(lines) = run_script("search.py", &search_script(&spec), &[]) else {
        return;
    };
    let coarse: Vec<&Value> = lines.iter().filter(|l| l["stage"] == "coarse").collect();
    let fine: Vec<&Value> = lines.iter().filter(|l| l["stage"] == "fine").collect();
    assert_eq!(coarse.len(), 5);
    assert_eq!(fine.len(), 3);
    let lr10 = coarse[0];
    assert!(
        lr10["diverged_at"].is_u64() || num(lr10, "val_acc") < 0.5,
        "lr 10 with momentum 0.9 fails: {lr10}"
    );
    let best_coarse = coarse
        .iter()
        .filter(|p| p["val_loss"].is_f64())
        .min_by(|a, b| num(a, "val_loss").total_cmp(&num(b, "val_loss")))
        .expect("some run learned");
    let centre = num(best_coarse, "lr");
    let expected = lrlab::lrfind::refine_grid(centre, 0.5, 3);
    for (p, lr) in fine.iter().zip(&expected) {
        assert!((num(p, "lr") - lr).abs() <= 1e-12 * lr, "{p} vs {lr}");
        assert_eq!(p["iterations"].as_u64(), Some(40));
    }
    let best = &lines.last().expect("a summary")["best"];
    assert!(
        num(best, "val_acc") > 0.6,
        "40 steps at a good lr learn: {best}"
    );
    eprintln!("search under torch: best {best}");
}
