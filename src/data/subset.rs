//! Choosing the training and validation digits: sizes, a seeded shuffle, optional
//! class-balanced sampling of the training set.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_pcg::Pcg64;
use serde::{Deserialize, Serialize};

use super::idx::{class_counts, Dataset, Labelled, CLASSES};
use crate::{Error, Result};

/// Stream of [`seeded_rng`] used for the split, distinct from the trainer's streams.
const SPLIT_STREAM: u64 = 0x5eed_da7a_5b17_0001;

/// The lab's one random generator: PCG-64 (`rand_pcg::Pcg64`), seeded from `seed` and a
/// per-purpose `stream` constant, so each purpose (split, initialisation, batch order) gets an
/// independent sequence and every target produces the same numbers.
pub fn seeded_rng(seed: u64, stream: u64) -> Pcg64 {
    Pcg64::seed_from_u64(seed ^ stream)
}

/// Which digits to train and validate on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DataConfig {
    /// Training images (default 8000).
    pub train_size: usize,
    /// Validation images (default 2000), from the test files when given, else from the images
    /// left over after the training set is drawn.
    pub val_size: usize,
    /// Shuffle before drawing (default true); `false` takes the files' first images in order.
    pub shuffle: bool,
    /// Draw the training set with equal counts per class (default false).
    pub balanced: bool,
    /// Seed of the shuffle (default 0), separate from the training seed so that the same
    /// digits can be trained with different initialisations.
    pub seed: u64,
    /// IDX image file to draw training (and, without test files, validation) images from; the
    /// bundled 10k MNIST digits when absent. Read by the CLI; the page loads files itself.
    pub train_images: Option<String>,
    /// IDX label file matching `train_images`.
    pub train_labels: Option<String>,
    /// IDX image file to draw validation images from (e.g. `t10k-images-idx3-ubyte.gz`).
    pub test_images: Option<String>,
    /// IDX label file matching `test_images`.
    pub test_labels: Option<String>,
}

impl Default for DataConfig {
    fn default() -> Self {
        DataConfig {
            train_size: 8000,
            val_size: 2000,
            shuffle: true,
            balanced: false,
            seed: 0,
            train_images: None,
            train_labels: None,
            test_images: None,
            test_labels: None,
        }
    }
}

/// The chosen training and validation sets, with where each image came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    /// Training images.
    pub train: Dataset,
    /// Validation images.
    pub val: Dataset,
    /// Index of each training image in the training pool.
    pub train_indices: Vec<usize>,
    /// Index of each validation image in its pool (the test pool when there is one).
    pub val_indices: Vec<usize>,
}

/// The images a split takes: training indices into the training pool, validation indices into
/// the test pool when there is one, else into the training pool.
#[derive(Debug, Clone, PartialEq)]
pub struct SplitIndices {
    /// Index of each training image in the training pool, in training order.
    pub train: Vec<usize>,
    /// Index of each validation image in its pool.
    pub val: Vec<usize>,
}

impl DataConfig {
    /// Checks the settings that do not depend on the data.
    ///
    /// # Errors
    /// [`Error::Config`] for a zero size or an image file given without its label file.
    pub fn validate(&self) -> Result<()> {
        if self.train_size == 0 || self.val_size == 0 {
            return Err(Error::Config(format!(
                "train_size and val_size must be at least 1, got {} and {}",
                self.train_size, self.val_size
            )));
        }
        for (images, labels, which) in [
            (&self.train_images, &self.train_labels, "train"),
            (&self.test_images, &self.test_labels, "test"),
        ] {
            if images.is_some() != labels.is_some() {
                return Err(Error::Config(format!(
                    "{which}_images and {which}_labels must be given together"
                )));
            }
        }
        if self.test_images.is_some() && self.train_images.is_none() {
            return Err(Error::Config(
                "test_images needs train_images as well".into(),
            ));
        }
        Ok(())
    }

    /// Draws the training set from `pool` and the validation set from `test` (or from what is
    /// left of `pool`).
    ///
    /// # Errors
    /// As [`DataConfig::validate`]; [`Error::Data`] when the pools hold too few images (or too
    /// few of one class for balanced sampling), or `test` has another image size than `pool`.
    pub fn split(&self, pool: &Dataset, test: Option<&Dataset>) -> Result<Split> {
        let SplitIndices { train, val } = self.split_indices(pool, test)?;
        let val_pool = test.unwrap_or(pool);
        Ok(Split {
            train: pool.select(&train)?,
            val: val_pool.select(&val)?,
            train_indices: train,
            val_indices: val,
        })
    }

    /// Which images [`DataConfig::split`] takes, without copying them: what the page's preview
    /// needs (a few digits and the class counts), where the copies were most of its time.
    ///
    /// # Errors
    /// As [`DataConfig::split`].
    pub fn split_indices<P: Labelled>(&self, pool: &P, test: Option<&P>) -> Result<SplitIndices> {
        self.validate()?;
        let mut rng = seeded_rng(self.seed, SPLIT_STREAM);
        let pool_len = pool.labels().len();
        let mut order: Vec<usize> = (0..pool_len).collect();
        if self.shuffle {
            order.shuffle(&mut rng);
        }
        let needed = if test.is_some() {
            self.train_size
        } else {
            self.train_size + self.val_size
        };
        if needed > pool_len {
            let what = if test.is_some() {
                format!("train_size {}", self.train_size)
            } else {
                format!(
                    "train_size {} + val_size {} = {needed}",
                    self.train_size, self.val_size
                )
            };
            return Err(Error::Data(format!(
                "{what} exceeds the {pool_len} images available"
            )));
        }
        let (train_indices, rest) = if self.balanced {
            balanced_draw(pool.labels(), &order, self.train_size)?
        } else {
            let rest = order.split_off(self.train_size);
            (order, rest)
        };
        let val = match test {
            Some(t) => {
                let ((t_rows, t_cols), (rows, cols)) = (t.image_size(), pool.image_size());
                if (t_rows, t_cols) != (rows, cols) {
                    return Err(Error::Data(format!(
                        "test images are {t_rows}x{t_cols} but training images {rows}x{cols}"
                    )));
                }
                let t_len = t.labels().len();
                if self.val_size > t_len {
                    return Err(Error::Data(format!(
                        "val_size {} exceeds the {t_len} test images available",
                        self.val_size
                    )));
                }
                let mut v: Vec<usize> = (0..t_len).collect();
                if self.shuffle {
                    v.shuffle(&mut rng);
                }
                v.truncate(self.val_size);
                v
            }
            None => rest[..self.val_size].to_vec(),
        };
        Ok(SplitIndices {
            train: train_indices,
            val,
        })
    }
}

/// Takes `size / 10` images of each class (the first `size % 10` classes one more), each the
/// earliest of its class in `order`; returns them in `order`'s order, and the rest likewise.
fn balanced_draw(labels: &[u8], order: &[usize], size: usize) -> Result<(Vec<usize>, Vec<usize>)> {
    let counts = class_counts(labels);
    let quota = |c: usize| size / CLASSES + usize::from(c < size % CLASSES);
    if let Some(c) = (0..CLASSES).find(|&c| counts[c] < quota(c)) {
        return Err(Error::Data(format!(
            "class-balanced sampling needs {} images of class {c} for training but the data has {}",
            quota(c),
            counts[c]
        )));
    }
    let mut taken = [0usize; CLASSES];
    let (mut train, mut rest) = (Vec::with_capacity(size), Vec::new());
    for &i in order {
        let c = usize::from(labels[i]);
        if taken[c] < quota(c) {
            taken[c] += 1;
            train.push(i);
        } else {
            rest.push(i);
        }
    }
    Ok((train, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` one-pixel images; image `i` has label `labels(i)` and pixel value `i / n`.
    fn pool(n: usize, labels: impl Fn(usize) -> u8) -> Dataset {
        Dataset {
            images: (0..n).map(|i| i as f32 / n as f32).collect(),
            labels: (0..n).map(labels).collect(),
            rows: 1,
            cols: 1,
        }
    }

    fn cfg(train: usize, val: usize) -> DataConfig {
        DataConfig {
            train_size: train,
            val_size: val,
            ..DataConfig::default()
        }
    }

    #[test]
    fn defaults_are_the_labs() {
        let d: DataConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(d, DataConfig::default());
        assert_eq!(
            (d.train_size, d.val_size, d.shuffle, d.balanced, d.seed),
            (8000, 2000, true, false, 0)
        );
        assert!(serde_json::from_str::<DataConfig>(r#"{"trainsize": 5}"#).is_err());
    }

    #[test]
    fn split_is_disjoint_seeded_and_consistent() {
        let p = pool(100, |i| (i % 10) as u8);
        let s = cfg(60, 30).split(&p, None).unwrap();
        assert_eq!((s.train.len(), s.val.len()), (60, 30));
        let mut all: Vec<usize> = s
            .train_indices
            .iter()
            .chain(&s.val_indices)
            .copied()
            .collect();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), 90);
        for (k, &i) in s.train_indices.iter().enumerate() {
            assert_eq!(s.train.labels[k], p.labels[i]);
            assert_eq!(s.train.image(k), p.image(i));
        }
        assert_eq!(cfg(60, 30).split(&p, None).unwrap(), s);
        let other = DataConfig {
            seed: 1,
            ..cfg(60, 30)
        }
        .split(&p, None)
        .unwrap();
        assert_ne!(other.train_indices, s.train_indices);
        assert_ne!(s.train_indices, (0..60).collect::<Vec<_>>(), "shuffled");
    }

    #[test]
    fn no_shuffle_takes_the_first_images() {
        let p = pool(20, |i| (i % 10) as u8);
        let s = DataConfig {
            shuffle: false,
            ..cfg(5, 3)
        }
        .split(&p, None)
        .unwrap();
        assert_eq!(s.train_indices, vec![0, 1, 2, 3, 4]);
        assert_eq!(s.val_indices, vec![5, 6, 7]);
    }

    #[test]
    fn balanced_sampling_gives_equal_class_counts() {
        // Class 0 is 40% of the pool; a plain draw would over-represent it.
        let p = pool(1000, |i| if i % 5 < 2 { 0 } else { (i % 9 + 1) as u8 });
        let s = DataConfig {
            balanced: true,
            ..cfg(203, 100)
        }
        .split(&p, None)
        .unwrap();
        let counts = s.train.class_counts();
        assert_eq!(counts, [21, 21, 21, 20, 20, 20, 20, 20, 20, 20]);
        assert!(s.val_indices.iter().all(|i| !s.train_indices.contains(i)));
        let few = pool(100, |i| {
            if i % 10 == 3 && i > 20 {
                4
            } else {
                (i % 10) as u8
            }
        });
        let err = DataConfig {
            balanced: true,
            ..cfg(50, 10)
        }
        .split(&few, None);
        assert_eq!(
            err,
            Err(Error::Data(
                "class-balanced sampling needs 5 images of class 3 for training but the data has 2"
                    .into()
            ))
        );
    }

    #[test]
    fn validation_comes_from_the_test_pool_when_given() {
        let p = pool(50, |i| (i % 10) as u8);
        let t = pool(30, |i| (i % 10) as u8);
        let s = cfg(50, 20).split(&p, Some(&t)).unwrap();
        assert_eq!((s.train.len(), s.val.len()), (50, 20));
        assert!(s.val_indices.iter().all(|&i| i < 30));
        for (k, &i) in s.val_indices.iter().enumerate() {
            assert_eq!(s.val.image(k), t.image(i));
        }
        let wide = Dataset {
            rows: 1,
            cols: 2,
            images: vec![0.0; 60],
            labels: vec![0; 30],
        };
        assert!(
            matches!(cfg(50, 20).split(&p, Some(&wide)), Err(Error::Data(m)) if m.contains("1x2"))
        );
        assert!(cfg(50, 31).split(&p, Some(&t)).is_err());
    }

    #[test]
    fn split_indices_are_the_splits_without_the_copies() {
        let p = pool(200, |i| if i % 3 == 0 { 0 } else { (i % 10) as u8 });
        let t = pool(40, |i| (i % 10) as u8);
        let balanced = DataConfig {
            balanced: true,
            seed: 9,
            ..cfg(50, 30)
        };
        let unshuffled = DataConfig {
            shuffle: false,
            ..cfg(20, 10)
        };
        for (config, test) in [
            (cfg(60, 30), None),
            (cfg(60, 30), Some(&t)),
            (balanced.clone(), None),
            (balanced, Some(&t)),
            (unshuffled, None),
        ] {
            let s = config.split(&p, test).unwrap();
            let i = config.split_indices(&p, test).unwrap();
            assert_eq!((i.train, i.val), (s.train_indices, s.val_indices));
        }
        let too_many = cfg(150, 60);
        assert_eq!(
            too_many.split_indices(&p, None).unwrap_err().to_string(),
            too_many.split(&p, None).unwrap_err().to_string()
        );
    }

    #[test]
    fn sizes_and_files_are_checked() {
        let p = pool(100, |i| (i % 10) as u8);
        assert_eq!(
            cfg(80, 30).split(&p, None),
            Err(Error::Data(
                "train_size 80 + val_size 30 = 110 exceeds the 100 images available".into()
            ))
        );
        assert!(matches!(cfg(0, 10).validate(), Err(Error::Config(_))));
        let half = DataConfig {
            train_images: Some("a".into()),
            ..DataConfig::default()
        };
        assert!(matches!(half.validate(), Err(Error::Config(m)) if m.contains("together")));
    }

    #[test]
    fn seeded_rng_streams_differ_and_repeat() {
        use rand::RngCore;
        let a = seeded_rng(7, 1).next_u64();
        assert_eq!(a, seeded_rng(7, 1).next_u64());
        assert_ne!(a, seeded_rng(7, 2).next_u64());
    }
}
