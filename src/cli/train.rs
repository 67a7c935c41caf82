//! `lrlab train FILE|-`: runs a [`TrainConfig`] natively and prints one JSON line per epoch,
//! `{"epoch", "train_loss", "val_loss", "val_acc", "lr"}`, as soon as the epoch ends.
//!
//! The data is the bundled 10k MNIST digits (embedded in the binary) unless the config names
//! IDX files (`data.train_images`, `data.train_labels`, optionally `data.test_images`,
//! `data.test_labels`).

use super::data::load_data;
use crate::train::TrainConfig;
use crate::{Error, Result};

/// Runs the subcommand on one JSON spec. Every epoch line but the last is printed as soon as
/// the epoch ends (a long run shows progress); the last is returned for the caller to print.
///
/// # Errors
/// A bad configuration or data file, an optimizer or scheduler PyTorch would reject, or a
/// diverging run; epoch lines printed before the error stay printed.
pub fn run(input: &str) -> Result<String> {
    let mut pending: Option<String> = None;
    let result = train(input, &mut |line| {
        if let Some(previous) = pending.replace(line) {
            println!("{previous}");
        }
    });
    match result {
        Ok(()) => pending.ok_or_else(|| Error::Config("the run completed no epoch".into())),
        Err(e) => {
            if let Some(line) = pending {
                println!("{line}");
            }
            Err(e)
        }
    }
}

/// Trains as configured by `input`, calling `on_epoch` with each epoch's JSON line.
///
/// # Errors
/// As [`run`].
pub fn train(input: &str, on_epoch: &mut dyn FnMut(String)) -> Result<()> {
    let config = TrainConfig::from_json(input)?;
    config.validate()?;
    let (pool, test) = load_data(&config.data)?;
    let mut trainer = config.build(&pool, test.as_ref())?;
    while !trainer.is_done() {
        let seen = trainer.epoch();
        // One epoch per call: each call ends exactly at an epoch boundary.
        trainer.run(trainer.iterations_per_epoch())?;
        for record in &trainer.history().epochs[seen..] {
            on_epoch(serde_json::to_string(record)?);
        }
    }
    Ok(())
}
