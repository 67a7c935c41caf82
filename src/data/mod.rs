//! Datasets: IDX parsing (gzipped or raw) and seeded training/validation subsets.
//!
//! The bundled data is 10,000 real MNIST digits in `www/data/` (see its README); the page
//! fetches those files and the CLI embeds them.

mod idx;
mod subset;

pub use idx::{class_counts, Dataset, Labelled, RawDataset, CLASSES};
pub use subset::{seeded_rng, DataConfig, Split, SplitIndices};
