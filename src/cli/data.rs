//! The data a CLI run trains on: the bundled 10k MNIST digits (embedded in the binary, so the
//! CLI works from any directory) unless the config names IDX files.

use crate::data::{DataConfig, Dataset};
use crate::{Error, Result};

const BUNDLED_IMAGES: &[u8] = include_bytes!("../../www/data/mnist-10k-images-idx3-ubyte.gz");
const BUNDLED_LABELS: &[u8] = include_bytes!("../../www/data/mnist-10k-labels-idx1-ubyte.gz");

/// The training pool and the optional test pool the config asks for.
pub(super) fn load_data(cfg: &DataConfig) -> Result<(Dataset, Option<Dataset>)> {
    let read =
        |path: &str| std::fs::read(path).map_err(|e| Error::Io(format!("cannot read {path}: {e}")));
    let load = |images: &str, labels: &str| {
        Dataset::from_idx(&read(images)?, &read(labels)?).map_err(|e| match e {
            Error::Data(m) => Error::Data(format!("{m} (files {images}, {labels})")),
            other => other,
        })
    };
    let pool = match (&cfg.train_images, &cfg.train_labels) {
        (Some(images), Some(labels)) => load(images, labels)?,
        _ => Dataset::from_idx(BUNDLED_IMAGES, BUNDLED_LABELS)?,
    };
    let test = match (&cfg.test_images, &cfg.test_labels) {
        (Some(images), Some(labels)) => Some(load(images, labels)?),
        _ => None,
    };
    Ok((pool, test))
}
