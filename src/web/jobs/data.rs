//! The digits every job is given: the IDX bytes the page sends its worker, parsed in Rust.

use crate::data::Dataset;
use crate::{Error, Result};

/// The training pool and optional test pool a job's constructor gets from the page as IDX
/// bytes (every worker's job: training, range test, grid search, tips, landscape, snapshots).
///
/// # Errors
/// The parser's messages, or test files given by halves.
pub(crate) fn datasets(
    images: &[u8],
    labels: &[u8],
    test_images: Option<Box<[u8]>>,
    test_labels: Option<Box<[u8]>>,
) -> Result<(Dataset, Option<Dataset>)> {
    let pool = Dataset::from_idx(images, labels)?;
    let test = match (test_images, test_labels) {
        (Some(i), Some(l)) => Some(Dataset::from_idx(&i, &l)?),
        (None, None) => None,
        _ => {
            return Err(Error::Config(
                "test images and test labels must be given together".into(),
            ))
        }
    };
    Ok((pool, test))
}
