//! The Landscape and Snapshots panels' boundary, in headless Chromium: the worker-facing
//! `LandscapeJob` and `SnapshotJob` built from a spec and the bundled IDX bytes, run in chunks
//! through every phase, their reports' shapes, what cancelling keeps, refusals, the plan the
//! form shows, and the landscape chart drawn on a canvas.
//! Run with `cargo test --release --target wasm32-unknown-unknown --test web_landscape`.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, JSON};
use lrlab::web::{self, LandscapeJob, SnapshotJob};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlCanvasElement;

#[path = "support/browser.rs"]
mod browser;
use browser::{canvas, get, message, number, parse_svg, pixels, text};

wasm_bindgen_test_configure!(run_in_browser);

const IMAGES: &[u8] = include_bytes!("../www/data/mnist-10k-images-idx3-ubyte.gz");
const LABELS: &[u8] = include_bytes!("../www/data/mnist-10k-labels-idx1-ubyte.gz");

/// 320 training digits (10 batches per epoch), 200 validation, a narrow net, a 9 x 9 grid.
const SMALL: &str = r#"{"data": {"train_size": 320, "val_size": 200}, "model": {"hidden": [16]},
    "epochs": 2, "optimizer": {"optimizer": "SGD", "lr": 0.1, "momentum": 0.9},
    "landscape": {"trajectory": {"every": 2}, "grid": {"size": 9, "coarse": 5}}}"#;

const SMALL_SNAPSHOTS: &str = r#"{"data": {"train_size": 320, "val_size": 200},
    "model": {"hidden": [16]}, "epochs": 4,
    "snapshots": {"schedule": {"kind": "cyclic_cosine", "cycles": 2},
                  "trajectory": {"every": 5, "budget_mb": 5},
                  "figure": {"grid": {"size": 7, "coarse": 4}}}}"#;

fn array(object: &JsValue, key: &str) -> Array {
    get(object, key).dyn_into::<Array>().unwrap_or_default()
}

/// Pixels neither white nor grey: the contours' colours.
fn colored(canvas: &HtmlCanvasElement) -> usize {
    pixels(canvas)
        .chunks(4)
        .filter(|px| px[0].abs_diff(px[1]) > 30 || px[1].abs_diff(px[2]) > 30)
        .count()
}

#[wasm_bindgen_test]
fn a_landscape_runs_in_chunks_coarse_grid_first() {
    let mut job = LandscapeJob::new(SMALL, IMAGES, LABELS, None, None).expect("plans");
    assert!(
        job.report().expect("report").is_null(),
        "no grid before training"
    );
    let mut phases: Vec<String> = Vec::new();
    let mut coarse_side = None;
    let mut calls = 0;
    while !job.is_done() {
        let p = job.run(7).expect("runs");
        calls += 1;
        let phase = text(&p, "phase");
        if phases.last() != Some(&phase) {
            phases.push(phase);
        }
        let grid = get(&p, "grid");
        if coarse_side.is_none() && !grid.is_null() && get(&grid, "coarse_ready").is_truthy() {
            let r = job.report().expect("report");
            coarse_side = Some(array(&get(&r, "axes"), "x").length());
        }
    }
    assert_eq!(phases, ["training", "plane", "grid", "done"]);
    // 20 iterations, the plane, 25 coarse and 56 more full-grid points, at most 7 per call.
    assert!(calls >= 16, "the work came in chunks ({calls} calls)");
    assert_eq!(coarse_side, Some(5), "the coarse grid is reported first");
    let r = job.report().expect("report");
    let axes = get(&r, "axes");
    assert_eq!(array(&axes, "x").length(), 9);
    let loss = array(&r, "loss");
    assert_eq!(loss.length(), 9);
    assert_eq!(Array::from(&loss.get(0)).length(), 9);
    let path = array(&r, "path");
    // 20 iterations recorded every 2, plus the start (epoch ends coincide with samples).
    assert_eq!(path.length(), 11);
    let last = path.get(path.length() - 1);
    assert!(
        number(&last, "x").abs() < 1e-6 && number(&last, "y").abs() < 1e-6,
        "PCA origin is the final point"
    );
    let plane = get(&r, "plane");
    assert_eq!(text(&plane, "kind"), "pca");
    let ev = array(&plane, "explained_variance");
    assert_eq!(ev.length(), 2);
    let share = ev.get(0).as_f64().unwrap_or(0.0) + ev.get(1).as_f64().unwrap_or(0.0);
    assert!(share > 0.5 && share <= 1.0 + 1e-9, "{share}");
    let error = get(&plane, "projection_error");
    assert!(number(&error, "max_relative") >= number(&error, "mean_relative"));
}

#[wasm_bindgen_test]
fn the_plan_counts_parameters_points_and_grid() {
    let p = web::landscape_plan("{}").expect("plans the defaults");
    assert_eq!(number(&p, "params"), 101_770.0);
    assert_eq!(number(&p, "bytes_per_point"), 407_080.0);
    assert_eq!(number(&p, "capacity"), 98.0);
    assert_eq!(number(&p, "grid_points"), (41 * 41 + 11 * 11) as f64);
    assert_eq!(number(&p, "eval_size"), 2000.0);
    // 5 epochs of 250 iterations, every 10: 126 points + 5 epoch ends > 98: thinned.
    assert!(get(&p, "thinned").is_truthy());
    let small = web::landscape_plan(SMALL).expect("plans");
    assert!(!get(&small, "thinned").is_truthy());
    for (bad, says) in [
        (r#"{"landscape": {"grid": {"size": 1}}}"#, "grid.size"),
        (
            r#"{"landscape": {"trajectory": {"budget_mb": 0.5}}}"#,
            "budget_mb",
        ),
        (
            r#"{"landscape": {"grid": {"eval_size": 5000}}}"#,
            "eval_size",
        ),
        (
            r#"{"landscape": {"plane": {"kind": "hessian"}}}"#,
            "hessian",
        ),
    ] {
        let e = web::landscape_plan(bad).expect_err(bad);
        assert!(message(e).contains(says), "{bad}");
    }
}

#[wasm_bindgen_test]
fn refusals_and_a_cancelled_run() {
    for bad in ["[]", r#"{"epochs": 0}"#] {
        assert!(
            LandscapeJob::new(bad, IMAGES, LABELS, None, None).is_err(),
            "{bad}"
        );
    }
    let e = LandscapeJob::new(SMALL, &IMAGES[..100], LABELS, None, None)
        .err()
        .expect("bad data");
    assert!(!message(e).is_empty());
    // The worker cancels by dropping the job between chunks: what was done is still reported.
    let mut job = LandscapeJob::new(SMALL, IMAGES, LABELS, None, None).expect("plans");
    while job.report().expect("report").is_null() {
        job.run(5).expect("runs");
    }
    assert!(!job.is_done(), "stopped after the coarse grid");
    let r = job.report().expect("report");
    assert_eq!(array(&get(&r, "axes"), "x").length(), 5);
    let p = job.progress().expect("progress");
    assert_eq!(text(&p, "phase"), "grid");
    drop(job);
}

#[wasm_bindgen_test]
fn a_snapshot_experiment_reports_scores_lrs_and_the_figure() {
    let checked = web::check_snapshots(SMALL_SNAPSHOTS).expect("checks");
    let ends: Vec<f64> = array(&checked, "cycle_ends")
        .iter()
        .filter_map(|v| v.as_f64())
        .collect();
    assert_eq!(ends, [20.0, 40.0]);
    assert_eq!(text(&get(&checked, "baseline"), "scheduler"), "MultiStepLR");
    let mut job = SnapshotJob::new(SMALL_SNAPSHOTS, IMAGES, LABELS, None, None).expect("plans");
    let mut phases: Vec<String> = Vec::new();
    while !job.is_done() {
        let p = job.run(9).expect("runs");
        let phase = text(&p, "phase");
        if phases.last() != Some(&phase) {
            phases.push(phase);
        }
    }
    assert_eq!(
        phases,
        ["cyclic", "baseline", "evaluate", "plane", "grid", "done"]
    );
    let r = job.report().expect("report");
    assert_eq!(array(&r, "snapshots").length(), 2);
    let ensembles = array(&r, "ensembles");
    assert_eq!(ensembles.length(), 2);
    let one = ensembles.get(0);
    let first_alone = array(&r, "snapshots").get(1);
    assert_eq!(
        number(&one, "accuracy"),
        number(&first_alone, "accuracy"),
        "the last 1 is the last snapshot"
    );
    assert_eq!(array(&r, "cyclic_lrs").length(), 40);
    assert_eq!(array(&r, "baseline_lrs").length(), 40);
    assert_eq!(number(&r, "iterations_per_epoch"), 10.0);
    let base = get(&r, "baseline");
    assert_eq!(text(&base, "scheduler"), "MultiStepLR");
    let figure = get(&r, "figure");
    assert_eq!(array(&get(&figure, "axes"), "x").length(), 7);
    assert!(array(&figure, "cyclic_path").length() > 3);
    assert!(array(&figure, "baseline_path").length() > 3);
    let e = web::check_snapshots(r#"{"schedule": {"scheduler": "StepLR", "step_size": 1}}"#)
        .expect_err("refused");
    assert!(message(e).contains("snapshots.schedule"));
}

#[wasm_bindgen_test]
fn the_landscape_chart_draws_and_reports_its_layout() {
    let chart = JSON::parse(
        r#"{"x": [-1, 0, 1], "y": [-1, 0, 1], "values": [3, 2, 3, 2, 1, 2, 3, 2, null],
            "path": [{"x": -0.8, "y": 0.8, "lr": 0.1}, {"x": 0, "y": 0, "lr": 0.01, "epoch_end": true}],
            "metric": "loss", "log": true}"#,
    )
    .expect("JSON");
    let c = canvas(480, 400);
    let layout = web::draw_landscape(c.clone(), chart).expect("draws");
    let plot = get(&layout, "plot");
    assert!(number(&plot, "right") > number(&plot, "left") + 100.0);
    assert!(
        number(&plot, "top") > 10.0,
        "the lr legend is above the plot"
    );
    assert_eq!(number(&get(&layout, "x"), "min"), -1.0);
    assert!(colored(&c) > 20_000, "the contours fill the plot");
    let bad = JSON::parse(r#"{"x": [0, 1], "y": [0, 1], "values": [1]}"#).expect("JSON");
    let e = web::draw_landscape(canvas(100, 100), bad).expect_err("refused");
    assert!(message(e).contains("nx * ny"));
}

const PICTURE: &str = r#"{"x": [-1, 0, 1], "y": [-1, 0, 1], "values": [3, 2, 3, 2, 1, 2, 3, 2, 3],
    "path": [{"x": -0.8, "y": 0.8, "lr": 0.1}, {"x": 0, "y": 0, "lr": 0.01, "epoch_end": true}],
    "metric": "loss", "log": false}"#;

#[wasm_bindgen_test]
fn the_landscape_svg_twin_is_vectors_and_runs_of_rectangles() {
    let chart = JSON::parse(PICTURE).expect("JSON");
    let on_canvas = web::draw_landscape(canvas(480, 400), chart.clone()).expect("draws");
    let out = web::draw_landscape_svg(480, 400, chart.clone()).expect("draws");
    let svg = text(&out, "svg");
    assert_eq!(parse_svg(&svg), ("svg".to_string(), 0));
    assert!(svg.contains("validation loss"), "the colour bar's title");
    let rects = svg.matches("<rect").count();
    // One per run of equal pixels, far fewer than one per pixel of the ~350 x 330 plot.
    assert!(rects > 100 && rects < 40_000, "{rects} rectangles");
    assert_eq!(
        number(&get(&out, "plot"), "left"),
        number(&get(&on_canvas, "plot"), "left")
    );
    assert!(web::draw_landscape_svg(480, 20_000, chart).is_err());
}

#[wasm_bindgen_test]
fn the_snapshots_figure_one_draws_both_pictures_titled() {
    let pair = JSON::parse(&format!(
        r#"{{"left": {PICTURE}, "right": {PICTURE}, "left_title": "Standard schedule",
            "right_title": "Cyclic schedule"}}"#
    ))
    .expect("JSON");
    let c = canvas(900, 420);
    let layout = web::draw_landscape_pair(c.clone(), pair.clone()).expect("draws");
    let (left, right) = (get(&layout, "left"), get(&layout, "right"));
    assert!(
        number(&get(&right, "plot"), "left") > number(&get(&left, "plot"), "right"),
        "side by side on a wide canvas"
    );
    assert!(colored(&c) > 40_000, "both pictures have contours");
    let svg = text(
        &web::draw_landscape_pair_svg(900, 420, pair).expect("draws"),
        "svg",
    );
    assert_eq!(parse_svg(&svg).1, 0);
    assert!(svg.contains("Standard schedule") && svg.contains("Cyclic schedule"));
    let mismatched = JSON::parse(&format!(
        r#"{{"left": {PICTURE}, "right": {}}}"#,
        PICTURE.replace(r#""log": false"#, r#""log": false, "pixel_ratio": 2"#)
    ))
    .expect("JSON");
    let e = web::draw_landscape_pair(canvas(400, 300), mismatched).expect_err("refused");
    assert!(message(e).contains("same theme"));
}
