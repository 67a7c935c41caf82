//! Range tests on the Train panel's setup: from a [`TrainConfig`] (a fresh network, as the
//! run would start) or from a running [`Trainer`] (the network and optimizer as they are now).

use super::range_test::RangeTest;
use super::sweep::RangeTestConfig;
use crate::data::Dataset;
use crate::train::{TrainConfig, Trainer};
use crate::Result;

impl RangeTest {
    /// A test on the network, optimizer and training set `train` would start with: the same
    /// split, initialisation (from `train.seed`) and optimizer keywords; its schedule is not
    /// used (the sweep sets the lr). Mini-batches of `train.batch_size`, in an order seeded by
    /// `train.seed`.
    ///
    /// # Errors
    /// Those of [`TrainConfig::build`] and [`RangeTest::new`].
    pub fn from_config(
        config: RangeTestConfig,
        train: &TrainConfig,
        pool: &Dataset,
        test: Option<&Dataset>,
    ) -> Result<RangeTest> {
        let plain = TrainConfig {
            schedule: None,
            ..train.clone()
        };
        let trainer = plain.build(pool, test)?;
        RangeTest::from_trainer(config, &trainer, train)
    }

    /// A test on a copy of `trainer`'s network at its current parameters, with a copy of its
    /// optimizer in its current state (rebuilt from `train.optimizer` and loaded with the
    /// trainer's `state_dict`), on its training set. The trainer itself is not touched.
    ///
    /// # Errors
    /// Those of [`RangeTest::new`], and an optimizer state that does not load (when `train`
    /// is not the configuration `trainer` was built from).
    pub fn from_trainer(
        config: RangeTestConfig,
        trainer: &Trainer,
        train: &TrainConfig,
    ) -> Result<RangeTest> {
        let model = trainer.model().clone();
        let mut optimizer = train.optimizer.build(&model.tensor_lens(), None)?;
        optimizer.load_state_dict(&trainer.optimizer().state_dict())?;
        RangeTest::new(
            config,
            (model, trainer.params().to_vec(), optimizer),
            trainer.train_set().clone(),
            train.batch_size,
            train.seed,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lrfind::fixtures::blobs;

    fn small() -> TrainConfig {
        let mut c = TrainConfig::from_json(
            r#"{"optimizer": {"optimizer": "SGD", "lr": 0.1, "momentum": 0.9},
                "batch_size": 16, "epochs": 2}"#,
        )
        .unwrap();
        c.data.train_size = 80;
        c.data.val_size = 40;
        c.model.hidden = vec![8];
        c
    }

    #[test]
    fn a_fresh_test_starts_where_the_run_would() {
        let pool = blobs(200, 5);
        let c = small();
        let t = RangeTest::from_config(RangeTestConfig::default(), &c, &pool, None).unwrap();
        let trainer = c.build(&pool, None).unwrap();
        assert_eq!(t.params(), trainer.params());
        assert_eq!(t.optimizer().state_dict(), trainer.optimizer().state_dict());
    }

    #[test]
    fn a_test_mid_run_leaves_the_trainer_and_its_own_copy_as_they_were() {
        let pool = blobs(200, 5);
        let c = small();
        let mut trainer = c.build(&pool, None).unwrap();
        trainer.run(7).unwrap();
        let (params, state) = (trainer.params().to_vec(), trainer.optimizer().state_dict());
        let config = RangeTestConfig {
            num_iter: 30,
            ..RangeTestConfig::default()
        };
        let mut t = RangeTest::from_trainer(config, &trainer, &c).unwrap();
        assert_eq!(t.optimizer().state_dict(), state, "momentum buffers copied");
        t.run(usize::MAX).unwrap();
        assert_eq!(t.params(), &params[..]);
        assert_eq!(t.optimizer().state_dict(), state);
        let mut untouched = c.build(&pool, None).unwrap();
        untouched.run(7).unwrap();
        trainer.run(usize::MAX).unwrap();
        untouched.run(usize::MAX).unwrap();
        assert_eq!(trainer.history(), untouched.history());
        let adam = TrainConfig::from_json(r#"{"optimizer": {"optimizer": "Adam"}}"#).unwrap();
        assert!(
            RangeTest::from_trainer(RangeTestConfig::default(), &trainer, &adam).is_err(),
            "an SGD state does not load into Adam"
        );
    }
}
