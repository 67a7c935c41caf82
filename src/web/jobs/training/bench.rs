//! The benchmark page's side of `make bench`: the same workloads `examples/bench` times
//! natively (see [`crate::bench`]), and the training digits for the TensorFlow.js comparison,
//! so that both engines learn from exactly the same images. JavaScript reads the clock.

use crate::bench::{
    mul_add_chains, simulate_all, train_config, KernelBench, KERNEL_SHAPES, PEAK_FLOPS_PER_ITER,
};
use crate::data::Dataset;
use crate::web::convert::set;
use js_sys::{Array, Float32Array, Object, Uint8Array};
use wasm_bindgen::prelude::*;

/// The benchmark's training configuration at `batch_size` as TrainConfig JSON, for
/// `new Training(json, images, labels)`.
///
/// # Errors
/// A `JsError` for a zero batch size.
#[wasm_bindgen]
pub fn bench_train_config(batch_size: usize) -> Result<String, JsError> {
    let config = train_config(batch_size)?;
    Ok(serde_json::to_string_pretty(&config)?)
}

/// The training digits the benchmark configuration draws from the IDX files:
/// `{x: Float32Array (images × 784, 0..1), y: Uint8Array, size, pixels}`.
///
/// # Errors
/// A `JsError` for unreadable IDX files or too few images.
#[wasm_bindgen]
pub fn bench_train_set(images: &[u8], labels: &[u8]) -> Result<Object, JsError> {
    let config = train_config(32)?;
    let pool = Dataset::from_idx(images, labels)?;
    let train = config.data.split(&pool, None)?.train;
    let out = Object::new();
    set(&out, "x", &Float32Array::from(train.images.as_slice()))?;
    set(&out, "y", &Uint8Array::from(train.labels.as_slice()))?;
    set(&out, "size", &JsValue::from(train.len()))?;
    set(&out, "pixels", &JsValue::from(train.pixels()))?;
    Ok(out)
}

/// Runs `iters` iterations of the SIMD128 multiply + add chains ([`crate::bench::mul_add_chains`],
/// [`bench_peak_flops_per_iter`] operations each) with factor `x`; returns their sum.
#[wasm_bindgen]
pub fn bench_peak(iters: usize, x: f32) -> f32 {
    mul_add_chains(iters, x)
}

/// Floating-point operations per iteration of [`bench_peak`].
#[wasm_bindgen]
pub fn bench_peak_flops_per_iter() -> usize {
    PEAK_FLOPS_PER_ITER
}

/// Simulates every scheduler for `steps` steps; returns how many values came out.
///
/// # Errors
/// A `JsError` for zero steps.
#[wasm_bindgen]
pub fn bench_schedules(steps: usize) -> Result<usize, JsError> {
    Ok(simulate_all(steps)?)
}

/// The names of the kernel shapes [`BenchKernel::new`] takes by index.
#[wasm_bindgen]
pub fn bench_kernel_names() -> Array {
    KERNEL_SHAPES
        .iter()
        .map(|(name, _, _)| JsValue::from_str(name))
        .collect()
}

/// One matrix product of the training step with its operands, repeated on demand.
#[wasm_bindgen]
pub struct BenchKernel {
    inner: KernelBench,
}

#[wasm_bindgen]
impl BenchKernel {
    /// The product at `index` in [`bench_kernel_names`].
    ///
    /// # Errors
    /// A `JsError` for an index past the list.
    #[wasm_bindgen(constructor)]
    pub fn new(index: usize) -> Result<BenchKernel, JsError> {
        let (_, op, dims) = KERNEL_SHAPES
            .get(index)
            .ok_or_else(|| JsError::new(&format!("no kernel shape {index}")))?;
        Ok(BenchKernel {
            inner: KernelBench::new(*op, *dims)?,
        })
    }

    /// Runs the product `reps` times; returns one element of the result.
    pub fn run(&mut self, reps: usize) -> f32 {
        self.inner.run(reps)
    }

    /// Floating-point operations of one product.
    pub fn flops(&self) -> f64 {
        self.inner.flops()
    }
}

/// The landscape workload ([`crate::bench::LandscapeBench`]): a trained default run with its
/// plane chosen; JavaScript times [`BenchLandscape::step`] calls.
#[wasm_bindgen]
pub struct BenchLandscape {
    inner: crate::bench::LandscapeBench,
}

#[wasm_bindgen]
impl BenchLandscape {
    /// Trains the benchmark's one-epoch run on the IDX files' digits and chooses its plane
    /// (seconds: setup, not timed).
    ///
    /// # Errors
    /// A `JsError` for unreadable IDX files or too few images.
    #[wasm_bindgen(constructor)]
    pub fn new(images: &[u8], labels: &[u8]) -> Result<BenchLandscape, JsError> {
        let pool = std::sync::Arc::new(Dataset::from_idx(images, labels)?);
        Ok(BenchLandscape {
            inner: crate::bench::LandscapeBench::new(pool)?,
        })
    }

    /// Evaluates up to `points` more grid points; returns whether the coarse picture is
    /// complete (bit 0) and whether the whole grid is (bit 1).
    ///
    /// # Errors
    /// Never in practice (the run is trained).
    pub fn step(&mut self, points: usize) -> Result<u32, JsError> {
        let p = self.inner.step(points)?;
        Ok(u32::from(p.coarse_ready) | (u32::from(self.inner.is_done()) << 1))
    }

    /// Grid points of both passes.
    ///
    /// # Errors
    /// Never in practice.
    pub fn total(&self) -> Result<usize, JsError> {
        Ok(self.inner.status()?.total)
    }

    /// Validation digits each point is scored on.
    pub fn samples(&self) -> usize {
        self.inner.samples()
    }
}
