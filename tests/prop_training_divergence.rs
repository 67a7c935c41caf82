//! Property: training turns finite inputs into finite numbers or reports divergence. Whatever
//! valid optimizer settings a student picks (lr from 1e-6 to 1e3, any momentum, decay or
//! variant), a run either finishes with every loss and parameter finite, or stops with
//! `Error::Diverged`: never a silent NaN curve.
#![cfg(not(target_arch = "wasm32"))]

use lrlab::data::Dataset;
use lrlab::optim::OptimizerConfig;
use lrlab::train::TrainConfig;
use lrlab::Error;
use proptest::prelude::*;

/// 60 random 4x4 "digits" with labels, enough for a few tiny batches.
fn tiny_pool(seed: u64) -> Dataset {
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as u32
    };
    let n = 60;
    let images = (0..n * 16).map(|_| (next() % 256) as f32 / 255.0).collect();
    let labels = (0..n).map(|_| (next() % 10) as u8).collect();
    Dataset {
        images,
        labels,
        rows: 4,
        cols: 4,
    }
}

/// Every optimizer with valid settings drawn across their whole documented ranges.
fn optimizer() -> impl Strategy<Value = serde_json::Value> {
    let lr = (-6.0f64..3.0).prop_map(|e| 10f64.powf(e));
    let unit = 0.0f64..0.999;
    let wd = prop_oneof![Just(0.0), 1e-5f64..1.0];
    let eps = (-10.0f64..-3.0).prop_map(|e| 10f64.powf(e));
    prop_oneof![
        (
            lr.clone(),
            unit.clone(),
            wd.clone(),
            any::<bool>(),
            any::<bool>()
        )
            .prop_map(
                |(lr, m, wd, nesterov, maximize)| serde_json::json!({"optimizer": "SGD", "lr": lr,
                "momentum": m, "weight_decay": wd, "nesterov": nesterov && m > 0.0,
                "maximize": maximize})
            ),
        (
            lr.clone(),
            unit.clone(),
            wd.clone(),
            eps.clone(),
            any::<bool>()
        )
            .prop_map(
                |(lr, lr_decay, wd, eps, maximize)| serde_json::json!({"optimizer": "Adagrad",
                "lr": lr, "lr_decay": lr_decay, "weight_decay": wd, "eps": eps,
                "maximize": maximize})
            ),
        (lr.clone(), unit.clone(), wd.clone(), eps.clone()).prop_map(|(lr, rho, wd, eps)| {
            serde_json::json!({"optimizer": "Adadelta", "lr": lr, "rho": rho,
                "weight_decay": wd, "eps": eps})
        }),
        (
            lr.clone(),
            unit.clone(),
            unit.clone(),
            wd.clone(),
            eps.clone(),
            any::<bool>()
        )
            .prop_map(|(lr, alpha, m, wd, eps, centered)| serde_json::json!({
                "optimizer": "RMSprop", "lr": lr, "alpha": alpha, "momentum": m,
                "weight_decay": wd, "eps": eps, "centered": centered})),
        (
            lr.clone(),
            unit.clone(),
            unit.clone(),
            wd.clone(),
            eps.clone(),
            any::<bool>()
        )
            .prop_map(|(lr, b1, b2, wd, eps, amsgrad)| serde_json::json!({
                "optimizer": "Adam", "lr": lr, "betas": [b1, b2], "weight_decay": wd,
                "eps": eps, "amsgrad": amsgrad})),
        (lr, unit.clone(), unit, wd, eps, any::<bool>()).prop_map(
            |(lr, b1, b2, wd, eps, amsgrad)| serde_json::json!({"optimizer": "AdamW",
                "lr": lr, "betas": [b1, b2], "weight_decay": wd, "eps": eps,
                "amsgrad": amsgrad})
        ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_run_is_finite_or_reports_divergence(opt in optimizer(), seed in 0u64..1000, batch in 1usize..12) {
        let optimizer: OptimizerConfig = serde_json::from_value(opt.clone()).expect("valid settings");
        let mut config = TrainConfig { optimizer, batch_size: batch, epochs: 3, seed, ..TrainConfig::default() };
        config.model.hidden = vec![8];
        config.data.train_size = 40;
        config.data.val_size = 20;
        config.data.balanced = false;
        let pool = tiny_pool(seed);
        let mut trainer = config.build(&pool, None).expect("a valid configuration builds");
        match trainer.run(usize::MAX) {
            Ok(_) => {
                let h = trainer.history();
                prop_assert!(h.loss.iter().all(|l| l.is_finite()), "{opt}: a loss is not finite");
                prop_assert!(h.epochs.iter().all(|e| e.val_loss.is_finite()), "{opt}");
                prop_assert!(trainer.params().iter().all(|p| p.is_finite()), "{opt}: parameters");
            }
            Err(Error::Diverged { iteration, lr }) => {
                prop_assert!(iteration >= 1);
                prop_assert!(lr > 0.0);
            }
            Err(other) => prop_assert!(false, "{opt}: unexpected error {other}"),
        }
    }
}
