//! The lab's default run (`{}`: 8000/2000 split of the bundled digits, 784-128-10 ReLU, Adam
//! lr 2e-3, batch 32, 5 epochs, seed 0) learns MNIST: at least 93% validation accuracy after
//! 5 epochs (it ends at 93.45%). Release builds only (`make test`): a few seconds there.
//!
//! Why these defaults: with PyTorch's own Adam default (lr 1e-3) and batch 64, real PyTorch
//! (tests/pytorch/train_baseline.py: torch 2.15, three random 8000/2000 splits) ends at 92.35%,
//! 92.70% and 92.75%, and lrlab at 92.0% (seed 0): short of the lab's 93%. Adam at lr 2e-3 with
//! batch 32 ends at 93.45% (seed 0) and 94.15% (seed 1); SGD(lr=0.1, momentum=0.9) at 94.1%.

use lrlab::data::Dataset;
use lrlab::train::TrainConfig;

const IMAGES: &[u8] = include_bytes!("../www/data/mnist-10k-images-idx3-ubyte.gz");
const LABELS: &[u8] = include_bytes!("../www/data/mnist-10k-labels-idx1-ubyte.gz");

fn bundled() -> Dataset {
    Dataset::from_idx(IMAGES, LABELS).expect("bundled data parses")
}

/// FNV-1a over the bits of a run's final parameters and whole history.
fn fingerprint(config: &str, pool: &Dataset) -> u64 {
    let mut trainer = TrainConfig::from_json(config)
        .and_then(|c| c.build(pool, None))
        .expect("valid config");
    trainer.run(usize::MAX).expect("the run completes");
    let h = trainer.history();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bits: u64| hash = (hash ^ bits).wrapping_mul(0x0000_0100_0000_01b3);
    trainer
        .params()
        .iter()
        .for_each(|v| eat(u64::from(v.to_bits())));
    h.loss.iter().for_each(|v| eat(u64::from(v.to_bits())));
    h.lr.iter()
        .chain(&h.momentum)
        .for_each(|v| eat(v.to_bits()));
    h.update_ratio
        .iter()
        .flatten()
        .for_each(|v| eat(u64::from(v.to_bits())));
    for e in &h.epochs {
        [e.train_loss, e.val_loss, e.val_acc, e.lr]
            .iter()
            .for_each(|v| eat(v.to_bits()));
    }
    hash
}

/// Same seed, same numbers, natively and in wasm (`cargo test --target wasm32-unknown-unknown
/// --test train_converges` runs this in Node): every bit of three small runs is pinned.
///
/// If a change alters the numerics on purpose (kernel blocking, an optimizer's rounding),
/// update the constants here: they are the same for every target by construction. A
/// difference between targets means a platform-dependent operation has crept into training:
/// schedules take cos/pow from the portable `libm` crate for that reason (std's `f64::cos`
/// comes from the platform's math library and differs by an ulp between glibc and wasm).
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn same_seed_same_numbers_on_every_target() {
    let pool = bundled();
    let runs = [
        r#"{"data": {"train_size": 600, "val_size": 200}, "epochs": 2, "batch_size": 32,
            "model": {"hidden": [32, 16], "activation": "tanh"}}"#,
        r#"{"data": {"train_size": 600, "val_size": 200}, "epochs": 3, "batch_size": 50,
            "model": {"activation": "sigmoid"},
            "optimizer": {"optimizer": "SGD", "lr": 0.1, "momentum": 0.9, "nesterov": true},
            "schedule": {"scheduler": "StepLR", "step_size": 1, "gamma": 0.5}}"#,
        r#"{"data": {"train_size": 600, "val_size": 200, "balanced": true, "seed": 7}, "epochs": 2,
            "batch_size": 64, "seed": 3, "optimizer": {"optimizer": "RMSprop", "lr": 0.001}}"#,
        r#"{"data": {"train_size": 600, "val_size": 200}, "epochs": 2, "batch_size": 40,
            "optimizer": {"optimizer": "SGD", "lr": 0.05, "momentum": 0.9},
            "schedule": {"scheduler": "OneCycleLR", "max_lr": 0.2, "total_steps": 30}}"#,
        r#"{"data": {"train_size": 600, "val_size": 200}, "epochs": 3, "batch_size": 64,
            "optimizer": {"optimizer": "AdamW", "lr": 0.003},
            "schedule": {"scheduler": "CosineAnnealingWarmRestarts", "T_0": 2}}"#,
    ];
    let got: Vec<String> = runs
        .iter()
        .map(|r| format!("{:016x}", fingerprint(r, &pool)))
        .collect();
    assert_eq!(
        got,
        [
            "2bf0c8255fcac818",
            "2ebd5c9652cdd8cb",
            "eda34b19babadb52",
            "b0b6542e724e4807",
            "45bf84400a4a44fa"
        ]
    );
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "4.5 minutes unoptimized; `make test` (optimised, profile test-opt) runs it in seconds"
)]
fn defaults_learn_mnist_in_five_epochs() {
    let pool = bundled();
    assert_eq!((pool.len(), pool.rows, pool.cols), (10_000, 28, 28));
    let config = TrainConfig::from_json("{}").expect("{} is a valid config");
    assert_eq!(config, TrainConfig::default());
    let mut trainer = config.build(&pool, None).expect("default trainer");
    let progress = trainer.run(usize::MAX).expect("training does not fail");
    assert!(progress.done);
    assert_eq!(progress.iteration, 5 * 250);
    let h = trainer.history();
    assert_eq!(h.epochs.len(), 5);
    for e in &h.epochs {
        eprintln!("{}", serde_json::to_string(e).unwrap_or_default());
    }
    let last = h.epochs[4];
    assert!(
        last.val_acc >= 0.93,
        "validation accuracy {} < 0.93",
        last.val_acc
    );
    assert!(last.train_loss < h.epochs[0].train_loss);
    assert!(
        h.epochs.iter().all(|e| e.lr == 2e-3),
        "no schedule: constant lr"
    );
    assert_eq!(h.momentum.first(), Some(&0.9), "Adam's beta1 is recorded");
    // The cs231n rule of thumb: Adam at 2e-3 moves each weight matrix by roughly 1e-3 of its norm.
    let ratio = h.update_ratio[0][h.iterations() - 1];
    assert!((1e-5..1e-1).contains(&ratio), "update ratio {ratio}");
}

/// The issue's 93% within 5 epochs on the 8000/2000 split, with the lab's defaults but SGD
/// with momentum (the lecture's optimizer) at batch 64: it ends at 94.1%.
#[cfg(not(target_arch = "wasm32"))]
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "4.5 minutes unoptimized; `make test` (optimised, profile test-opt) runs it in seconds"
)]
fn sgd_with_momentum_reaches_93_percent_in_five_epochs() {
    let config =
        r#"{"optimizer": {"optimizer": "SGD", "lr": 0.1, "momentum": 0.9}, "batch_size": 64}"#;
    let mut trainer = TrainConfig::from_json(config)
        .and_then(|c| c.build(&bundled(), None))
        .expect("valid config");
    trainer.run(usize::MAX).expect("training does not fail");
    let last = trainer.history().epochs[4];
    assert!(
        last.val_acc >= 0.93,
        "validation accuracy {} < 0.93",
        last.val_acc
    );
}
