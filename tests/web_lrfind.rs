//! The LR Finder's boundary, in headless Chromium: the worker-facing `RangeFinder` and
//! `GridSearch` built from a spec and the bundled IDX bytes and run in chunks, the page's
//! `LrFindCurves` fed their snapshots and drawn on a canvas, and refusals crossing into
//! JavaScript as an `Error` with the core's message.
//! Run with `cargo test --release --target wasm32-unknown-unknown --test web_lrfind`.
#![cfg(target_arch = "wasm32")]

use js_sys::Array;
use lrlab::web::{self, GridSearch, LrFindCurves, RangeFinder};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlCanvasElement;

#[path = "support/browser.rs"]
mod browser;
use browser::{canvas, get, js, message, pixels};

wasm_bindgen_test_configure!(run_in_browser);

const IMAGES: &[u8] = include_bytes!("../www/data/mnist-10k-images-idx3-ubyte.gz");
const LABELS: &[u8] = include_bytes!("../www/data/mnist-10k-labels-idx1-ubyte.gz");

/// A small setup: 600 training digits in batches of 30, a 32-unit hidden layer, SGD.
const SMALL: &str = r#""data": {"train_size": 600, "val_size": 200}, "batch_size": 30,
  "model": {"hidden": [32]}, "optimizer": {"optimizer": "SGD", "lr": 0.05, "momentum": 0.9}"#;

fn spec(lr_find: &str) -> String {
    format!("{{{SMALL}, \"lr_find\": {lr_find}}}")
}

fn ink(canvas: &HtmlCanvasElement) -> usize {
    pixels(canvas)
        .chunks(4)
        .filter(|p| u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2]) < 600)
        .count()
}

#[wasm_bindgen_test]
fn a_range_test_in_chunks_finishes_restores_the_model_and_draws() {
    let mut finder = RangeFinder::new(
        &spec(r#"{"num_iter": 40, "start_lr": 1e-5, "end_lr": 10, "seeds": [0, 1]}"#),
        IMAGES,
        LABELS,
        None,
        None,
    )
    .expect("builds");
    let summary = finder.summary().expect("summary");
    assert_eq!(
        get(&summary, "parameters").as_f64(),
        Some(784.0 * 32.0 + 32.0 + 330.0)
    );
    let mut chunks = 0;
    loop {
        let p = finder.run(7).expect("runs");
        chunks += 1;
        assert!(get(&p, "iterations").as_f64().unwrap_or(99.0) <= 7.0);
        if get(&p, "done").as_bool() == Some(true) {
            break;
        }
        let partial = finder.snapshot().expect("snapshot");
        assert!(!get(&partial, "current").is_null(), "a run is in progress");
    }
    assert!(chunks >= 4, "{chunks}");
    let snapshot = finder.snapshot().expect("snapshot");
    let runs: Array = get(&snapshot, "runs").dyn_into().expect("runs");
    assert_eq!(runs.length(), 2);
    for run in runs.iter() {
        assert_eq!(
            get(&run, "restored").as_bool(),
            Some(true),
            "model restored"
        );
    }
    assert!(get(&snapshot, "current").is_null());

    let mut curves = LrFindCurves::new(js(r#"{"num_iter": 40, "start_lr": 1e-5, "end_lr": 10}"#))
        .expect("curves");
    curves.set_runs(snapshot).expect("accepts the snapshot");
    assert!(curves.len() > 5);
    let analysis = curves.analysis().expect("analysis");
    let marks: Array = get(&analysis, "marks").dyn_into().expect("marks");
    assert!(marks.length() >= 3, "suggestions found");
    let first = marks.get(0);
    assert!(
        get(&first, "explanation")
            .as_string()
            .unwrap_or_default()
            .len()
            > 100
    );
    let c = canvas(640, 400);
    let layout = curves.draw(c.clone(), JsValue::NULL).expect("draws");
    assert!(ink(&c) > 2000, "the curve is drawn");
    assert!(get(&layout, "per_decade").as_f64().unwrap_or(0.0) > 0.0);
    let reading = curves.reading(1e-3).expect("reading");
    assert_eq!(
        get(&reading, "raw").dyn_into::<Array>().map(|a| a.length()),
        Ok(2)
    );
    curves
        .set_smoothing(js(r#"{"beta": 0.5, "skip_start": 0, "skip_end": 0}"#))
        .expect("new smoothing");
    let kept = get(&curves.analysis().expect("analysis"), "kept");
    assert_eq!(get(&kept, "start").as_f64(), Some(0.0));
    let bad = curves
        .set_smoothing(js(r#"{"beta": 1.5}"#))
        .err()
        .map(message);
    assert!(bad.unwrap_or_default().contains("beta must be in [0, 1)"));
    assert_eq!(
        curves.column("lr").expect("lrs").length() as usize,
        curves.len()
    );
    assert!(curves.column("nope").is_err());
}

#[wasm_bindgen_test]
fn cancelling_keeps_the_finished_runs() {
    let mut finder = RangeFinder::new(
        &spec(r#"{"num_iter": 30, "seeds": [3, 4]}"#),
        IMAGES,
        LABELS,
        None,
        None,
    )
    .expect("builds");
    finder.run(35).expect("runs");
    finder.cancel();
    let snapshot = finder.snapshot().expect("snapshot");
    let runs: Array = get(&snapshot, "runs").dyn_into().expect("runs");
    assert_eq!(runs.length(), 1);
    assert!(get(&snapshot, "current").is_null());
}

#[wasm_bindgen_test]
fn bad_settings_are_refused_with_the_cores_message() {
    let reversed = RangeFinder::new(
        &spec(r#"{"start_lr": 1, "end_lr": 0.1}"#),
        IMAGES,
        LABELS,
        None,
        None,
    );
    let text = reversed.err().map(message).unwrap_or_default();
    assert!(text.contains("0 < start_lr < end_lr"), "{text}");
    let typo = RangeFinder::new(&spec(r#"{"num_iters": 5}"#), IMAGES, LABELS, None, None);
    assert!(typo
        .err()
        .map(message)
        .unwrap_or_default()
        .contains("num_iters"));
    let garbage = RangeFinder::new(&spec("{}"), b"not idx", LABELS, None, None);
    assert!(garbage.is_err());
    assert!(web::check_lr_find(r#"{"lr_find": {"diverge_factor": 1}}"#).is_err());
    assert!(web::check_lr_find(r#"{"lr_find": {"num_iter": 50}}"#).is_ok());
    let schedule = web::lr_find_schedule("CyclicLR", 1e-3, 1e-1, 500).expect("cyclic");
    assert_eq!(get(&schedule, "step_size_up").as_f64(), Some(500.0));
    let refused = web::lr_find_schedule("CyclicLR", 0.1, 0.01, 5)
        .err()
        .map(message);
    assert!(refused.unwrap_or_default().contains("must not exceed"));
    assert!(web::lr_find_schedule("StepLR", 0.1, 0.2, 5).is_err());
}

#[wasm_bindgen_test]
fn a_grid_search_runs_coarse_then_fine_and_exports_csv() {
    let text = format!(
        r#"{{"train": {{{SMALL}}}, "search": {{"lrs": [1e30, 0.1, 1e-4], "budget": {{"iterations": 10}}, "refine_points": 2}}}}"#
    );
    let mut search = GridSearch::new(&text, IMAGES, LABELS, None, None).expect("builds");
    let mut stages = Vec::new();
    loop {
        let p = search.run(6).expect("runs");
        stages.push(get(&p, "stage").as_string().unwrap_or_default());
        if get(&p, "done").as_bool() == Some(true) {
            break;
        }
        assert!(get(&p, "label")
            .as_string()
            .unwrap_or_default()
            .starts_with("lr = "));
    }
    assert!(stages.contains(&"coarse".to_string()) && stages.contains(&"fine".to_string()));
    let table = search.table().expect("table");
    assert_eq!(table.dyn_ref::<Array>().map(Array::length), Some(5));
    let first = table.dyn_ref::<Array>().map(|a| a.get(0)).expect("a row");
    assert!(
        get(&first, "diverged_at").as_f64().is_some(),
        "SGD at lr 10 diverges"
    );
    assert!(!search.best().expect("best").is_null());
    let csv = web::search_csv(table.clone()).expect("csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "stage,lr,train_loss,val_loss,val_acc,diverged_at");
    assert_eq!(lines.len(), 6);
    let diverged: Vec<&str> = lines[1].split(',').collect();
    assert_eq!((diverged[0], diverged[1]), ("coarse", "1e+30"));
    assert_eq!(
        &diverged[2..5],
        &["", "", ""],
        "a diverged run has no values"
    );
    let c = canvas(640, 420);
    let layout = web::draw_search_chart(c.clone(), table, Some(0.1), JsValue::NULL).expect("draws");
    assert!(ink(&c) > 2000);
    assert!(!get(&layout, "metric_panel").is_null());
    let bad = GridSearch::new(
        &format!(r#"{{"train": {{{SMALL}}}, "search": {{"lrs": []}}}}"#),
        IMAGES,
        LABELS,
        None,
        None,
    );
    assert!(bad
        .err()
        .map(message)
        .unwrap_or_default()
        .contains("at least one lr"));
}
