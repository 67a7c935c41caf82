//! The Snapshots experiment's exported script runs under real PyTorch: Huang's cyclic cosine
//! as a LambdaLR gives exactly lrlab's learning rate at every step, a snapshot is taken at
//! every cycle end (where the lr is near zero), the ensembles and the MultiStepLR baseline
//! learn. Skipped (with a note) without torch.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/torch.rs"]
mod torch;

use lrlab::pyscript::snapshots_script;
use lrlab::snapshots::SnapshotSpec;
use lrlab::ParamGroup;
use serde_json::Value;
use torch::{num, run_script_lines};

#[test]
fn the_cyclic_lr_is_lrlabs_and_the_ensembles_learn() {
    let spec = SnapshotSpec::from_json(
        r#"{"data": {"train_size": 640, "val_size": 300}, "model": {"hidden": [32]},
            "epochs": 4, "batch_size": 32,
            "snapshots": {"schedule": {"kind": "cyclic_cosine", "cycles": 4}, "figure": null}}"#,
    )
    .expect("a valid spec");
    let Some(raw) = run_script_lines(
        "snapshots.py",
        &snapshots_script(&spec).expect("a script"),
        &[],
    ) else {
        return;
    };
    let lines: Vec<Value> = raw
        .iter()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    // lrlab's own scheduler, stepped per iteration from lr 0.2.
    let total = spec.train.total_iterations();
    let cyclic = spec
        .snapshots
        .schedule
        .scheduler(total, 20)
        .expect("a schedule");
    let mut groups = [ParamGroup::with_lr(0.2)];
    let mut scheduler = cyclic.build(&mut groups).expect("builds");
    let mut lab = Vec::new();
    for _ in 0..total {
        lab.push(groups[0].lr);
        scheduler.step(&mut groups).expect("steps");
    }
    let k = lines
        .iter()
        .position(|l| l.get("lrs").is_some())
        .expect("the lr line");
    let text = &raw[k];
    let list = &text[text.find('[').expect("a list") + 1..text.rfind(']').expect("a list")];
    let torch: Vec<f64> = list
        .split(", ")
        .map(|x| x.parse().expect("a float"))
        .collect();
    assert_eq!(
        torch, lab,
        "LambdaLR in torch = lrlab's LambdaLR, bit for bit"
    );

    let snapshots: Vec<&Value> = lines
        .iter()
        .filter(|l| l.get("snapshot").is_some())
        .collect();
    assert_eq!(snapshots.len(), 4);
    for (s, end) in snapshots.iter().zip([20, 40, 60, 80]) {
        assert_eq!(s["iteration"].as_u64(), Some(end));
        assert!(
            num(s, "lr") < 0.01,
            "the lr of a cycle's last step is near zero: {s}"
        );
        assert!(num(s, "accuracy") > 0.5, "{s}");
    }
    let ensembles: Vec<&Value> = lines
        .iter()
        .filter(|l| l.get("members").is_some())
        .collect();
    assert_eq!(ensembles.len(), 4);
    let best_single = snapshots
        .iter()
        .map(|s| num(s, "accuracy"))
        .fold(0.0, f64::max);
    assert!(
        num(ensembles[3], "accuracy") >= best_single - 0.05,
        "{}",
        ensembles[3]
    );
    let baseline = &lines.last().expect("the baseline")["baseline"];
    assert_eq!(baseline["scheduler"], "MultiStepLR");
    assert!(num(baseline, "accuracy") > 0.6, "{baseline}");
    eprintln!(
        "snapshots under torch: {} | ensembles {:?} | baseline {baseline}",
        snapshots
            .iter()
            .map(|s| format!("{:.3}", num(s, "accuracy")))
            .collect::<Vec<_>>()
            .join(" "),
        ensembles
            .iter()
            .map(|e| format!("{:.3}", num(e, "accuracy")))
            .collect::<Vec<_>>()
    );
}
