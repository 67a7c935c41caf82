//! After a range test the model and optimizer are exactly as before: the parameters bit for
//! bit, the optimizer's state as `state_dict()` reports it, and training continued from them
//! is the same as if no test had run. On real MNIST digits, with stateful optimizers.

use lrlab::data::Dataset;
use lrlab::lrfind::{RangeTest, RangeTestConfig, StopReason};
use lrlab::train::TrainConfig;

fn mnist() -> Dataset {
    Dataset::from_idx(
        include_bytes!("../www/data/mnist-10k-images-idx3-ubyte.gz"),
        include_bytes!("../www/data/mnist-10k-labels-idx1-ubyte.gz"),
    )
    .expect("the bundled digits parse")
}

fn config(optimizer: &str) -> TrainConfig {
    TrainConfig::from_json(&format!(
        r#"{{"data": {{"train_size": 512, "val_size": 128}}, "model": {{"hidden": [24]}},
            "optimizer": {optimizer}, "batch_size": 32, "epochs": 2}}"#
    ))
    .unwrap()
}

fn bits(v: &[f32]) -> Vec<u32> {
    v.iter().map(|x| x.to_bits()).collect()
}

#[test]
fn a_range_test_mid_run_changes_nothing() {
    let pool = mnist();
    for optimizer in [
        r#"{"optimizer": "Adam", "lr": 0.001}"#,
        r#"{"optimizer": "SGD", "lr": 0.05, "momentum": 0.9, "nesterov": true}"#,
        r#"{"optimizer": "RMSprop", "lr": 0.001, "momentum": 0.5, "centered": true}"#,
    ] {
        let c = config(optimizer);
        let mut trainer = c.build(&pool, None).unwrap();
        trainer.run(5).unwrap();
        let params = trainer.params().to_vec();
        let state = trainer.optimizer().state_dict();

        // A sweep far into divergence, so that the restore has a lot to undo.
        let sweep = RangeTestConfig {
            num_iter: 60,
            end_lr: 100.0,
            ..RangeTestConfig::default()
        };
        let mut test = RangeTest::from_trainer(sweep, &trainer, &c).unwrap();
        let mut chunks = 0;
        while !test.run(16).unwrap().done {
            chunks += 1;
            if chunks == 1 {
                assert_ne!(bits(test.params()), bits(&params), "{optimizer}: it trains");
            }
        }
        assert!(test.stop().is_some_and(|s| s != StopReason::Cancelled));
        let (_, restored, optimizer_after) = test.into_parts().unwrap();
        assert_eq!(bits(&restored), bits(&params), "{optimizer}");
        assert_eq!(optimizer_after.state_dict(), state, "{optimizer}");
        assert_eq!(
            bits(trainer.params()),
            bits(&params),
            "the trainer is not touched"
        );

        // Continuing is the same as continuing a run that never saw a range test.
        let mut untouched = c.build(&pool, None).unwrap();
        untouched.run(5).unwrap();
        trainer.run(20).unwrap();
        untouched.run(20).unwrap();
        assert_eq!(
            bits(trainer.params()),
            bits(untouched.params()),
            "{optimizer}"
        );
    }
}

#[test]
fn a_fresh_range_test_restores_the_initial_network() {
    let pool = mnist();
    let c = config(r#"{"optimizer": "AdamW", "lr": 0.001}"#);
    let sweep = RangeTestConfig {
        num_iter: 40,
        ..RangeTestConfig::default()
    };
    let mut test = RangeTest::from_config(sweep, &c, &pool, None).unwrap();
    let initial = bits(test.params());
    let initial_state = test.optimizer().state_dict();
    test.run(usize::MAX).unwrap();
    assert_eq!(test.losses().len(), test.lrs().len());
    assert_eq!(bits(test.params()), initial);
    assert_eq!(test.optimizer().state_dict(), initial_state);
    let (_, params, _) = test.into_parts().unwrap();
    assert_eq!(bits(&params), bits(c.build(&pool, None).unwrap().params()));
}
