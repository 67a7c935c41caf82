//! Small data and models for the module's tests.

use rand::RngCore;

use crate::data::{seeded_rng, Dataset};
use crate::nn::{Activation, Mlp};
use crate::optim::{Optimizer, OptimizerConfig};

/// Four classes of 2x2 images: class `c` lights pixel `c`, plus noise.
pub(crate) fn blobs(n: usize, seed: u64) -> Dataset {
    let mut rng = seeded_rng(seed, 99);
    let mut images = Vec::with_capacity(n * 4);
    let mut labels = Vec::with_capacity(n);
    for i in 0..n {
        let c = i % 4;
        for p in 0..4 {
            let noise = (rng.next_u32() >> 8) as f32 / (1 << 24) as f32 * 0.3;
            images.push(if p == c { 1.0 - noise } else { noise });
        }
        labels.push(c as u8);
    }
    Dataset {
        images,
        labels,
        rows: 2,
        cols: 2,
    }
}

/// A 4-8-10 tanh network, its seeded parameters and the optimizer `json` over them.
pub(crate) fn model(json: &str) -> (Mlp, Vec<f32>, Box<dyn Optimizer>) {
    let model = Mlp::new(&[4, 8, 10], Activation::Tanh).unwrap();
    let params = model.init_params(&mut seeded_rng(1, 2));
    let optimizer = serde_json::from_str::<OptimizerConfig>(json)
        .unwrap()
        .build(&model.tensor_lens(), None)
        .unwrap();
    (model, params, optimizer)
}
