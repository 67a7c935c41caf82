//! The IDX format of LeCun's MNIST files (also Fashion-MNIST, KMNIST): a big-endian header
//! `00 00 08 D` (unsigned bytes, `D` dimensions), then `D` 32-bit sizes, then the bytes.
//! Images are IDX3 (`0x00000803`, `n x rows x cols`), labels IDX1 (`0x00000801`, `n`).
//! Files may be gzipped (detected by the `1f 8b` magic) or raw.
//!
//! Everything is checked before the data is used, and sizes are checked before anything large
//! is allocated, so a wrong or hostile file yields a clear [`Error::Data`] and nothing else.

use std::io::Read;

use flate2::read::MultiGzDecoder;

use crate::{Error, Result};

const IMAGES_MAGIC: u32 = 0x0000_0803;
const LABELS_MAGIC: u32 = 0x0000_0801;
/// Largest image payload accepted: 256 MiB of pixels (over 340,000 MNIST digits), 1 GiB as f32.
const MAX_PIXELS: usize = 256 << 20;
/// Number of classes every label must fall in.
pub const CLASSES: usize = 10;

/// A labelled image set: `images` holds `len() x rows*cols` pixels in `0..=1` (`byte / 255`),
/// row-major, one image after another.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// Pixels scaled to `0..=1`, image after image.
    pub images: Vec<f32>,
    /// One class in `0..10` per image.
    pub labels: Vec<u8>,
    /// Image height.
    pub rows: usize,
    /// Image width.
    pub cols: usize,
}

/// An image file and its label file as stored, one byte per pixel: what the page keeps to
/// preview the digits and choose the split (a quarter of the memory of a [`Dataset`], and no
/// pass over every pixel to scale it). [`RawDataset::into_dataset`] gives the dataset that trains.
#[derive(Debug, Clone, PartialEq)]
pub struct RawDataset {
    /// The pixels' bytes, image after image.
    pub pixels: Vec<u8>,
    /// One class in `0..10` per image.
    pub labels: Vec<u8>,
    /// Image height.
    pub rows: usize,
    /// Image width.
    pub cols: usize,
}

impl RawDataset {
    /// Parses an image file and a label file (each IDX, gzipped or raw).
    ///
    /// # Errors
    /// [`Error::Data`] naming the file and the problem: bad gzip, wrong magic (including a label
    /// file given as images or the reverse), zero or oversized dimensions, a payload shorter or
    /// longer than the header announces, a label outside `0..10`, or image and label counts
    /// that differ.
    pub fn from_idx(images: &[u8], labels: &[u8]) -> Result<RawDataset> {
        let (dims, pixels) = read_idx(images, "images", IMAGES_MAGIC)?;
        let (label_dims, label_bytes) = read_idx(labels, "labels", LABELS_MAGIC)?;
        let (n, rows, cols) = (dims[0], dims[1], dims[2]);
        if label_dims[0] != n {
            return Err(Error::Data(format!(
                "the image file holds {n} images but the label file {} labels",
                label_dims[0]
            )));
        }
        if let Some(i) = label_bytes.iter().position(|&y| usize::from(y) >= CLASSES) {
            return Err(Error::Data(format!(
                "labels: label {} at index {i} is not a class 0..{}",
                label_bytes[i],
                CLASSES - 1
            )));
        }
        Ok(RawDataset {
            pixels,
            labels: label_bytes,
            rows,
            cols,
        })
    }

    /// Number of images.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True when there are no images.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The bytes of image `i`, or `None` past the end.
    pub fn image(&self, i: usize) -> Option<&[u8]> {
        let p = self.rows * self.cols;
        self.pixels.get(i * p..(i + 1) * p)
    }

    /// The dataset that trains: every pixel scaled to `byte / 255`.
    pub fn into_dataset(self) -> Dataset {
        // A byte has 256 values: dividing each once and looking the pixels up gives the same
        // bits as dividing every pixel (a division per value instead of per pixel).
        let scaled: [f32; 256] = std::array::from_fn(|b| b as f32 / 255.0);
        Dataset {
            images: self
                .pixels
                .iter()
                .map(|&b| scaled[usize::from(b)])
                .collect(),
            labels: self.labels,
            rows: self.rows,
            cols: self.cols,
        }
    }
}

/// What choosing a split needs of a pool of images: their labels and their size.
pub trait Labelled {
    /// One class per image.
    fn labels(&self) -> &[u8];
    /// Image height and width.
    fn image_size(&self) -> (usize, usize);
}

impl Labelled for Dataset {
    fn labels(&self) -> &[u8] {
        &self.labels
    }
    fn image_size(&self) -> (usize, usize) {
        (self.rows, self.cols)
    }
}

impl Labelled for RawDataset {
    fn labels(&self) -> &[u8] {
        &self.labels
    }
    fn image_size(&self) -> (usize, usize) {
        (self.rows, self.cols)
    }
}

/// How many of `labels` fall in each class, indexed by class.
pub fn class_counts(labels: &[u8]) -> [usize; CLASSES] {
    let mut counts = [0; CLASSES];
    for &y in labels {
        counts[usize::from(y) % CLASSES] += 1;
    }
    counts
}

impl Dataset {
    /// Parses an image file and a label file (each IDX, gzipped or raw) into a dataset.
    ///
    /// # Errors
    /// As [`RawDataset::from_idx`].
    pub fn from_idx(images: &[u8], labels: &[u8]) -> Result<Dataset> {
        RawDataset::from_idx(images, labels).map(RawDataset::into_dataset)
    }

    /// Number of images.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True when there are no images.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Pixels per image (`rows * cols`), the network's input size.
    pub fn pixels(&self) -> usize {
        self.rows * self.cols
    }

    /// The pixels of image `i`, or `None` past the end.
    pub fn image(&self, i: usize) -> Option<&[f32]> {
        let p = self.pixels();
        self.images.get(i * p..(i + 1) * p)
    }

    /// A new dataset of the images at `indices`, in that order.
    ///
    /// # Errors
    /// [`Error::Data`] if an index is out of range.
    pub fn select(&self, indices: &[usize]) -> Result<Dataset> {
        let p = self.pixels();
        let mut images = Vec::with_capacity(indices.len() * p);
        let mut labels = Vec::with_capacity(indices.len());
        for &i in indices {
            let img = self.image(i).ok_or_else(|| {
                Error::Data(format!(
                    "index {i} is out of range for {} images",
                    self.len()
                ))
            })?;
            images.extend_from_slice(img);
            labels.push(self.labels[i]);
        }
        Ok(Dataset {
            images,
            labels,
            rows: self.rows,
            cols: self.cols,
        })
    }

    /// How many images of each class, indexed by class.
    pub fn class_counts(&self) -> [usize; CLASSES] {
        class_counts(&self.labels)
    }
}

/// Reads one IDX file: checks magic, dimensions and payload size; returns `[n, rows, cols]`
/// (or `[n]`) and the raw payload bytes.
fn read_idx(bytes: &[u8], what: &str, magic: u32) -> Result<(Vec<usize>, Vec<u8>)> {
    let gzipped = bytes.starts_with(&[0x1f, 0x8b]);
    let mut reader: Box<dyn Read + '_> = if gzipped {
        Box::new(MultiGzDecoder::new(bytes))
    } else {
        Box::new(bytes)
    };
    let bad_read =
        |e: std::io::Error| Error::Data(format!("{what}: cannot decompress the gzip file: {e}"));

    let mut head = [0u8; 4];
    read_full(&mut reader, &mut head)
        .map_err(bad_read)?
        .then_some(())
        .ok_or_else(|| {
            Error::Data(format!(
                "{what}: the file is too short to be an IDX file ({} bytes)",
                bytes.len()
            ))
        })?;
    let found = u32::from_be_bytes(head);
    if found != magic {
        let hint = match (found >> 16, (found >> 8) & 0xff) {
            _ if found == IMAGES_MAGIC => " (this is an image file)".to_string(),
            _ if found == LABELS_MAGIC => " (this is a label file)".to_string(),
            (0, 0x08) => format!(" (an IDX file with {} dimensions)", found & 0xff),
            (0, t) => {
                format!(" (an IDX file of type 0x{t:02x}; only unsigned bytes, 0x08, are read)")
            }
            _ => " (not an IDX file)".to_string(),
        };
        return Err(Error::Data(format!(
            "{what}: magic number 0x{found:08x}{hint}, expected 0x{magic:08x}"
        )));
    }

    let ndims = (magic & 0xff) as usize;
    let mut dim_bytes = vec![0u8; 4 * ndims];
    if !read_full(&mut reader, &mut dim_bytes).map_err(bad_read)? {
        return Err(Error::Data(format!(
            "{what}: the header ends before its {ndims} dimensions"
        )));
    }
    let dims: Vec<usize> = dim_bytes
        .chunks_exact(4)
        .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]) as usize)
        .collect();
    if let Some(pos) = dims.iter().position(|&d| d == 0) {
        return Err(Error::Data(format!(
            "{what}: dimension {pos} of the header is 0 ({dims:?})"
        )));
    }
    let size = dims
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .filter(|&s| s <= MAX_PIXELS);
    let Some(size) = size else {
        return Err(Error::Data(format!(
            "{what}: the header announces {dims:?} values, more than the {MAX_PIXELS} this lab accepts"
        )));
    };

    let mut payload = Vec::with_capacity(size);
    reader
        .by_ref()
        .take(size as u64 + 1)
        .read_to_end(&mut payload)
        .map_err(bad_read)?;
    if payload.len() < size {
        return Err(Error::Data(format!(
            "{what}: the header announces {dims:?} = {size} bytes but the file holds {} (truncated?)",
            payload.len()
        )));
    }
    if payload.len() > size {
        return Err(Error::Data(format!(
            "{what}: the file holds more than the {size} bytes its header {dims:?} announces"
        )));
    }
    Ok((dims, payload))
}

/// Fills `buf` completely; `Ok(false)` if the stream ends first.
fn read_full(reader: &mut impl Read, buf: &mut [u8]) -> std::io::Result<bool> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => return Ok(false),
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{write::GzEncoder, Compression};
    use std::io::Write;

    fn idx(magic: u32, dims: &[u32], payload: &[u8]) -> Vec<u8> {
        let mut v = magic.to_be_bytes().to_vec();
        dims.iter()
            .for_each(|d| v.extend_from_slice(&d.to_be_bytes()));
        v.extend_from_slice(payload);
        v
    }

    fn gz(raw: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::default());
        e.write_all(raw).unwrap();
        e.finish().unwrap()
    }

    fn tiny() -> (Vec<u8>, Vec<u8>) {
        // Three 2x3 images with pixel values 0, 51, ..., 255 and labels 7, 0, 9.
        let pixels: Vec<u8> = (0..18).map(|i| (i % 6) as u8 * 51).collect();
        (
            idx(IMAGES_MAGIC, &[3, 2, 3], &pixels),
            idx(LABELS_MAGIC, &[3], &[7, 0, 9]),
        )
    }

    fn data_err(images: &[u8], labels: &[u8]) -> String {
        match Dataset::from_idx(images, labels) {
            Err(Error::Data(m)) => m,
            other => panic!("expected a data error, got {other:?}"),
        }
    }

    #[test]
    fn parses_raw_and_gzipped_alike() {
        let (im, lb) = tiny();
        let raw = Dataset::from_idx(&im, &lb).unwrap();
        assert_eq!((raw.len(), raw.rows, raw.cols, raw.pixels()), (3, 2, 3, 6));
        assert_eq!(raw.labels, vec![7, 0, 9]);
        assert_eq!(raw.image(1).unwrap(), &[0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(raw.image(3), None);
        assert_eq!(Dataset::from_idx(&gz(&im), &gz(&lb)).unwrap(), raw);
        assert_eq!(Dataset::from_idx(&gz(&im), &lb).unwrap(), raw);
    }

    #[test]
    fn every_byte_scales_to_byte_over_255() {
        let bytes: Vec<u8> = (0..=255).collect();
        let d = Dataset::from_idx(
            &idx(IMAGES_MAGIC, &[1, 16, 16], &bytes),
            &idx(LABELS_MAGIC, &[1], &[3]),
        )
        .unwrap();
        for (&b, v) in bytes.iter().zip(&d.images) {
            assert_eq!(v.to_bits(), (f32::from(b) / 255.0).to_bits(), "byte {b}");
        }
    }

    #[test]
    fn rejects_swapped_and_foreign_files() {
        let (im, lb) = tiny();
        let m = data_err(&lb, &im);
        assert!(
            m.starts_with("images: magic number 0x00000801 (this is a label file)"),
            "{m}"
        );
        let m = data_err(b"PK\x03\x04 not an idx file", &lb);
        assert!(
            m.contains("magic number 0x504b0304 (not an IDX file), expected 0x00000803"),
            "{m}"
        );
        assert!(data_err(&[0, 0], &lb).contains("too short"));
        let floats = idx(0x0000_0d03, &[1, 1, 1], &[0, 0, 0, 0]);
        assert!(data_err(&floats, &lb).contains("type 0x0d; only unsigned bytes"));
        let m = data_err(&idx(0x0000_0802, &[1, 1], &[0]), &lb);
        assert!(m.contains("(an IDX file with 2 dimensions)"), "{m}");
    }

    #[test]
    fn rejects_counts_that_disagree_with_the_payload() {
        let (im, lb) = tiny();
        let m = data_err(&im[..im.len() - 1], &lb);
        assert!(
            m.contains("= 18 bytes but the file holds 17 (truncated?)"),
            "{m}"
        );
        let mut longer = im.clone();
        longer.push(0);
        assert!(data_err(&longer, &lb).contains("more than the 18 bytes"));
        let m = data_err(&im, &idx(LABELS_MAGIC, &[2], &[1, 2]));
        assert_eq!(
            m,
            "the image file holds 3 images but the label file 2 labels"
        );
        assert!(data_err(&im[..10], &lb).contains("header ends"));
    }

    #[test]
    fn rejects_bad_labels_and_dimensions() {
        let (im, _) = tiny();
        let m = data_err(&im, &idx(LABELS_MAGIC, &[3], &[1, 10, 2]));
        assert_eq!(m, "labels: label 10 at index 1 is not a class 0..9");
        let zero = idx(IMAGES_MAGIC, &[3, 0, 3], &[]);
        assert!(data_err(&zero, &[]).contains("dimension 1 of the header is 0"));
    }

    #[test]
    fn refuses_gigantic_headers_before_allocating() {
        // Claims 4 billion 65535x65535 images in a 16-byte file: must fail fast, not allocate.
        let huge = idx(IMAGES_MAGIC, &[u32::MAX, 65_535, 65_535], &[]);
        assert!(data_err(&huge, &[]).contains("more than the"));
        let big = idx(IMAGES_MAGIC, &[1_000_000, 28, 28], &[]);
        assert!(data_err(&gz(&big), &[]).contains("more than the"));
    }

    #[test]
    fn corrupt_gzip_is_a_clear_error() {
        let (im, lb) = tiny();
        let mut g = gz(&im);
        let mid = g.len() / 2;
        g[mid..].iter_mut().for_each(|b| *b ^= 0x5a);
        let m = data_err(&g, &lb);
        assert!(m.starts_with("images:"), "{m}");
    }

    #[test]
    fn select_copies_in_order_and_checks_range() {
        let (im, lb) = tiny();
        let d = Dataset::from_idx(&im, &lb).unwrap();
        let s = d.select(&[2, 0]).unwrap();
        assert_eq!(s.labels, vec![9, 7]);
        assert_eq!(s.image(0), d.image(2));
        assert!(d.select(&[3]).is_err());
        assert_eq!(d.class_counts()[7], 1);
    }
}
