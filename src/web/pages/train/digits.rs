//! The digits the Train panel offers, parsed and checked in Rust before the page accepts them:
//! the bundled MNIST files or the user's own IDX files (a bad file gets the parser's message and
//! changes nothing), which file is which, and the preview of the training subset a data
//! configuration draws.

use crate::data::{class_counts, DataConfig, RawDataset, CLASSES};
use crate::web::convert::{from_js, set, to_js, ImageDims};
use crate::Error;
use flate2::read::MultiGzDecoder;
use js_sys::{Uint32Array, Uint8Array};
use serde::Serialize;
use std::io::Read;
use wasm_bindgen::prelude::*;

/// Magic numbers of IDX image (3-d unsigned bytes) and label (1-d) files.
const IMAGES_MAGIC: u32 = 0x0000_0803;
const LABELS_MAGIC: u32 = 0x0000_0801;

/// Says whether `bytes` (gzipped or raw) start like an IDX image file (`"images"`) or label
/// file (`"labels"`), so dropped files can be paired whatever their names. Only the header is
/// read; [`DigitData`] checks the rest.
///
/// # Errors
/// A `JsError` for anything else: "not an IDX file (magic number 0x...)" or a broken gzip.
#[wasm_bindgen]
pub fn idx_kind(bytes: &[u8]) -> std::result::Result<String, JsError> {
    let mut head = [0u8; 4];
    let read = if bytes.starts_with(&[0x1f, 0x8b]) {
        MultiGzDecoder::new(bytes).read_exact(&mut head)
    } else {
        { bytes }.read_exact(&mut head)
    };
    read.map_err(|e| Error::Data(format!("not an IDX file: cannot read its header ({e})")))?;
    match u32::from_be_bytes(head) {
        IMAGES_MAGIC => Ok("images".into()),
        LABELS_MAGIC => Ok("labels".into()),
        other => Err(Error::Data(format!(
            "not an IDX image or label file (magic number 0x{other:08x}, expected 0x{IMAGES_MAGIC:08x} or 0x{LABELS_MAGIC:08x})"
        ))
        .into()),
    }
}

/// What the panel shows about a source of digits.
#[derive(Serialize)]
struct Description {
    count: usize,
    rows: usize,
    cols: usize,
    class_counts: [usize; CLASSES],
    test_count: Option<usize>,
}

/// The subset a data configuration draws, for the preview grid.
#[derive(Serialize)]
struct PreviewHead {
    train_size: usize,
    val_size: usize,
    class_counts: [usize; CLASSES],
    rows: usize,
    cols: usize,
}

/// A training pool of digits and an optional test pool, parsed from IDX files and kept as
/// bytes: the page previews them and checks splits; the worker that trains parses its own copy.
#[wasm_bindgen]
pub struct DigitData {
    pool: RawDataset,
    test: Option<RawDataset>,
}

#[wasm_bindgen]
impl DigitData {
    /// Parses an image and a label file (IDX, gzipped or raw).
    ///
    /// # Errors
    /// A `JsError` with the parser's message naming the file and the problem (wrong magic,
    /// truncated payload, mismatched counts, oversized header, label outside 0..9).
    #[wasm_bindgen(constructor)]
    pub fn new(images: &[u8], labels: &[u8]) -> std::result::Result<DigitData, JsError> {
        Ok(DigitData {
            pool: RawDataset::from_idx(images, labels)?,
            test: None,
        })
    }

    /// Adds a test pool to validate on (e.g. `t10k-*` files); on error nothing changes.
    ///
    /// # Errors
    /// The parser's messages, or images of another size than the training pool's.
    pub fn set_test(&mut self, images: &[u8], labels: &[u8]) -> std::result::Result<(), JsError> {
        let test = RawDataset::from_idx(images, labels)?;
        if (test.rows, test.cols) != (self.pool.rows, self.pool.cols) {
            return Err(Error::Data(format!(
                "the test images are {}x{} but the training images {}x{}",
                test.rows, test.cols, self.pool.rows, self.pool.cols
            ))
            .into());
        }
        self.test = Some(test);
        Ok(())
    }

    /// `{count, rows, cols, class_counts, test_count}`.
    ///
    /// # Errors
    /// Never in practice (serialising numbers).
    pub fn describe(&self) -> std::result::Result<JsValue, JsError> {
        to_js(&Description {
            count: self.pool.len(),
            rows: self.pool.rows,
            cols: self.pool.cols,
            class_counts: class_counts(&self.pool.labels),
            test_count: self.test.as_ref().map(RawDataset::len),
        })
    }

    /// The training subset `config` (a `DataConfig` object) draws: `{train_size, val_size,
    /// class_counts, rows, cols, labels: Uint8Array, pixels: Uint8Array}` with the first
    /// `count` training digits.
    ///
    /// # Errors
    /// The split's message when the pool cannot supply the sizes asked (or not enough of a
    /// class for balanced sampling), or a malformed config.
    pub fn preview(&self, config: JsValue, count: usize) -> std::result::Result<JsValue, JsError> {
        let config: DataConfig = from_js(config, "data")?;
        // The indices only: copying the whole subset was most of the preview's time.
        let split = config.split_indices(&self.pool, self.test.as_ref())?;
        let pool = &self.pool;
        let labels: Vec<u8> = split.train.iter().map(|&i| pool.labels[i]).collect();
        let out = to_js(&PreviewHead {
            train_size: split.train.len(),
            val_size: split.val.len(),
            class_counts: class_counts(&labels),
            rows: pool.rows,
            cols: pool.cols,
        })?;
        let shown = &split.train[..count.min(split.train.len())];
        set(
            &out,
            "labels",
            &Uint8Array::from(&labels[..shown.len()]).into(),
        )?;
        let pixels: Vec<u8> = shown
            .iter()
            .flat_map(|&i| pool.image(i).unwrap_or_default().iter().copied())
            .collect();
        set(&out, "pixels", &Uint8Array::from(pixels.as_slice()).into())?;
        Ok(out)
    }

    /// Class counts of the training pool, indexed by class.
    pub fn class_counts(&self) -> Uint32Array {
        let counts: Vec<u32> = class_counts(&self.pool.labels)
            .iter()
            .map(|&c| c as u32)
            .collect();
        Uint32Array::from(counts.as_slice())
    }

    /// Image size of the pool.
    ///
    /// # Errors
    /// Never in practice (serialising numbers).
    pub fn dims(&self) -> std::result::Result<JsValue, JsError> {
        to_js(&ImageDims {
            rows: self.pool.rows,
            cols: self.pool.cols,
        })
    }
}
