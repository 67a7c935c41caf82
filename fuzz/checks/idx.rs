//! The IDX parser on arbitrary bytes: the first byte picks where the input splits into an
//! image file and a label file. It may refuse anything; whatever it accepts must be coherent.

use lrlab::data::Dataset;

/// Parses `data` as an (images, labels) pair and checks what comes back.
pub fn check(data: &[u8]) {
    let Some((&split, rest)) = data.split_first() else {
        return;
    };
    let at = usize::from(split).min(rest.len());
    let (images, labels) = rest.split_at(at);
    for (im, lb) in [(images, labels), (labels, images)] {
        if let Ok(set) = Dataset::from_idx(im, lb) {
            assert_eq!(set.images.len(), set.len() * set.rows * set.cols);
            assert_eq!(set.labels.len(), set.len());
            assert!(set
                .labels
                .iter()
                .all(|&y| usize::from(y) < lrlab::data::CLASSES));
            assert!(set.images.iter().all(|p| (0.0..=1.0).contains(p)));
        }
    }
}
