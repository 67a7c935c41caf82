//! The training loop allocates nothing once it runs: a counting global allocator watches
//! iterations after a warm-up, the way the page's worker drives a run (chunks of iterations,
//! then `forget_iteration_history` once the chunk's values are sent), across epoch ends
//! (validation, the epoch record), for every optimizer.
//!
//! Scheduler steps too, stepped per iteration and per epoch: their `get_lr` lists are inline
//! (`Lrs`, up to four param groups) and `last_lr` is rewritten in place. Counting happens per
//! thread, so the harness's parallel tests do not disturb it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use lrlab::data::Dataset;
use lrlab::train::{TrainConfig, Trainer};

struct Counting;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn note() {
    // `try_with`: the allocator also runs while a thread's locals are torn down.
    if COUNTING.try_with(Cell::get).unwrap_or(false) {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
    }
}

// SAFETY: every call is forwarded unchanged to the system allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note();
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note();
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made on this thread by `f`.
fn allocations_in(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    COUNTING.with(|c| c.set(true));
    f();
    COUNTING.with(|c| c.set(false));
    ALLOCATIONS.with(Cell::get) - before
}

fn bundled() -> Dataset {
    const IMAGES: &[u8] = include_bytes!("../www/data/mnist-10k-images-idx3-ubyte.gz");
    const LABELS: &[u8] = include_bytes!("../www/data/mnist-10k-labels-idx1-ubyte.gz");
    Dataset::from_idx(IMAGES, LABELS).expect("bundled data parses")
}

fn trainer(config: &str, pool: &Dataset) -> Trainer {
    TrainConfig::from_json(config)
        .and_then(|c| c.build(pool, None))
        .expect("valid config")
}

/// Runs `chunks` chunks of `chunk` iterations as the worker does; returns the allocations.
fn worker_chunks(t: &mut Trainer, chunks: usize, chunk: usize) -> usize {
    allocations_in(|| {
        for _ in 0..chunks {
            t.run(chunk).expect("the run goes on");
            t.forget_iteration_history();
        }
    })
}

#[test]
fn training_iterations_allocate_nothing_after_warm_up() {
    let pool = bundled();
    // 320 training digits in batches of 32: ten iterations per epoch, so the counted chunks
    // cross several epoch ends (validation, the epoch record, per-epoch scheduler steps).
    let runs = [
        r#"{"data": {"train_size": 320, "val_size": 100}, "epochs": 9}"#,
        r#"{"data": {"train_size": 320, "val_size": 100}, "epochs": 9, "batch_size": 30,
            "optimizer": {"optimizer": "SGD", "lr": 0.05, "momentum": 0.9, "nesterov": true}}"#,
        r#"{"data": {"train_size": 320, "val_size": 100}, "epochs": 9,
            "model": {"hidden": [32, 16], "activation": "tanh"},
            "optimizer": {"optimizer": "RMSprop", "lr": 0.001, "momentum": 0.5, "centered": true}}"#,
        r#"{"data": {"train_size": 320, "val_size": 100}, "epochs": 9,
            "model": {"activation": "sigmoid"},
            "optimizer": {"optimizer": "AdamW", "lr": 0.003, "amsgrad": true}}"#,
        r#"{"data": {"train_size": 320, "val_size": 100}, "epochs": 9,
            "optimizer": {"optimizer": "Adagrad", "lr": 0.01}}"#,
        r#"{"data": {"train_size": 320, "val_size": 100}, "epochs": 9,
            "optimizer": {"optimizer": "Adadelta"}}"#,
    ];
    for config in runs {
        let mut t = trainer(config, &pool);
        // Warm-up: buffers made on first use (an optimizer's state) may be allocated here.
        worker_chunks(&mut t, 3, 7);
        let before = t.iteration();
        let allocations = worker_chunks(&mut t, 8, 7);
        assert_eq!(t.iteration(), before + 56, "{config}");
        assert!(t.epoch() >= 6, "the counted chunks crossed epoch ends");
        assert_eq!(allocations, 0, "{config}: allocations in 56 iterations");
    }
}

#[test]
fn scheduler_steps_allocate_nothing_after_warm_up() {
    let pool = bundled();
    let data = r#""data": {"train_size": 320, "val_size": 100}, "epochs": 12"#;
    let schedules = [
        (
            r#"{"scheduler": "StepLR", "step_size": 2, "gamma": 0.5}"#,
            "epoch",
        ),
        (
            r#"{"scheduler": "MultiStepLR", "milestones": [3, 6], "gamma": 0.1}"#,
            "epoch",
        ),
        (
            r#"{"scheduler": "ExponentialLR", "gamma": 0.9}"#,
            "iteration",
        ),
        (
            r#"{"scheduler": "CosineAnnealingLR", "T_max": 40}"#,
            "iteration",
        ),
        (
            r#"{"scheduler": "CosineAnnealingWarmRestarts", "T_0": 7, "T_mult": 2}"#,
            "iteration",
        ),
        (
            r#"{"scheduler": "PolynomialLR", "total_iters": 200, "power": 2.0}"#,
            "iteration",
        ),
        (
            r#"{"scheduler": "LinearLR", "start_factor": 0.1, "total_iters": 30}"#,
            "iteration",
        ),
        (
            r#"{"scheduler": "CyclicLR", "base_lr": 0.01, "max_lr": 0.1, "step_size_up": 9}"#,
            "auto",
        ),
        (
            r#"{"scheduler": "OneCycleLR", "max_lr": 0.1, "total_steps": 200}"#,
            "auto",
        ),
        (
            r#"{"scheduler": "ReduceLROnPlateau", "patience": 0, "factor": 0.5}"#,
            "epoch",
        ),
        (
            r#"{"scheduler": "SequentialLR", "milestones": [20], "schedulers": [
            {"scheduler": "LinearLR", "start_factor": 0.1, "total_iters": 20},
            {"scheduler": "CosineAnnealingLR", "T_max": 100}]}"#,
            "iteration",
        ),
    ];
    for (schedule, step) in schedules {
        let config = format!(r#"{{{data}, "schedule": {schedule}, "schedule_step": "{step}"}}"#);
        let mut t = trainer(&config, &pool);
        worker_chunks(&mut t, 3, 7);
        let allocations = worker_chunks(&mut t, 8, 7);
        assert!(t.epoch() >= 6, "the counted chunks crossed epoch ends");
        assert_eq!(
            allocations, 0,
            "{schedule} stepped per {step}: allocations in 56 iterations"
        );
    }
}

#[test]
fn a_whole_epoch_without_forgetting_allocates_nothing() {
    let pool = bundled();
    // The command line keeps the whole history: one epoch's series are reserved up front.
    let mut t = trainer(
        r#"{"data": {"train_size": 640, "val_size": 100}, "epochs": 2}"#,
        &pool,
    );
    t.run(1).expect("first iteration");
    let allocations = allocations_in(|| {
        t.run(18).expect("the epoch goes on");
    });
    assert_eq!(t.iteration(), 19);
    assert_eq!(allocations, 0, "allocations within the first epoch");
}

#[test]
fn the_counter_sees_allocations() {
    let n = allocations_in(|| {
        let v: Vec<u64> = std::hint::black_box(vec![1, 2, 3]);
        drop(v);
    });
    assert_eq!(n, 1, "a Vec is one allocation");
}
