//! The Tips panel's boundary, in headless Chromium: the worker-facing `TipExperiment` built
//! from a setup and the bundled IDX bytes, run in chunks through its search and comparison,
//! cancelled, its report's shape, and the tips' charts drawn on canvases.
//! Run with `cargo test --release --target wasm32-unknown-unknown --test web_tips`.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Float32Array, Reflect};
use lrlab::web::{self, TipExperiment};
use wasm_bindgen::{JsCast, JsError, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

#[path = "support/browser.rs"]
mod browser;
use browser::{canvas, get, ink, js, message, number, parse_svg, text};

wasm_bindgen_test_configure!(run_in_browser);

const IMAGES: &[u8] = include_bytes!("../www/data/mnist-10k-images-idx3-ubyte.gz");
const LABELS: &[u8] = include_bytes!("../www/data/mnist-10k-labels-idx1-ubyte.gz");

/// A small setup: 320 training and 200 validation digits, batch 32 (10 per epoch), a narrow net.
const SMALL: &str = r#"{"data": {"train_size": 320, "val_size": 200}, "model": {"hidden": [16]}}"#;

fn experiment(tip: &str, config: &str) -> Result<TipExperiment, JsError> {
    TipExperiment::new(tip, config, IMAGES, LABELS, None, None)
}

fn len(object: &JsValue, key: &str) -> u32 {
    get(object, key)
        .dyn_into::<Array>()
        .map_or(0, |a| a.length())
}

#[wasm_bindgen_test]
fn the_search_then_the_comparison_run_in_chunks() {
    let mut e = experiment("adam_vs_sgd", SMALL).expect("plans");
    let mut phases = Vec::new();
    let mut last_done = 0.0;
    let mut live_seen = false;
    loop {
        let p = e.run(7).expect("runs");
        assert!(number(&p, "iterations") <= 7.0);
        let done = number(&p, "done_iterations");
        assert!(done >= last_done, "progress never goes back");
        last_done = done;
        // Six one-epoch searches and two three-epoch runs of 10 iterations each.
        assert_eq!(number(&p, "planned_iterations"), 120.0);
        phases.push(text(&p, "phase"));
        if get(&p, "done").as_bool() == Some(true) {
            assert_eq!(done, 120.0);
            break;
        }
        let live = e.live().expect("live");
        if !live.is_null() {
            live_seen = true;
            let loss: Float32Array = get(&live, "loss").dyn_into().expect("typed loss");
            assert_eq!(f64::from(loss.length()), number(&p, "iteration"));
            assert_eq!(text(&live, "label"), text(&p, "label"));
        }
    }
    assert!(live_seen);
    assert!(phases.contains(&"tuning".to_string()) && phases.contains(&"comparing".to_string()));
    assert!(e.is_done() && e.live().expect("live").is_null());
    let r = e.report().expect("report");
    assert_eq!(text(&r, "tip"), "adam_vs_sgd");
    assert_eq!((len(&r, "tuning"), len(&r, "arms")), (6, 2));
    let tuned = number(&r, "tuned_lr");
    let sgd = Array::from(&get(&r, "arms")).get(1);
    assert_eq!(number(&sgd, "lr"), tuned);
    assert_eq!(len(&sgd, "loss"), 30);
    assert!(
        text(&r, "finding").contains("After three epochs"),
        "{}",
        text(&r, "finding")
    );
    let csv = e.csv();
    assert!(
        csv.starts_with("part,label,lr,batch_size") && csv.lines().count() == 9,
        "{csv}"
    );
    assert!(e.report_json().expect("json").contains("\"finding\""));
}

#[wasm_bindgen_test]
fn cancel_keeps_what_finished_and_stops() {
    let mut e = experiment("batch_size_grid", SMALL).expect("plans");
    // 20 iterations of batch 16 finish the first cell (320 / 16) and start the second.
    while len(&e.report().expect("report"), "arms") < 1 {
        e.run(25).expect("runs");
    }
    e.cancel();
    assert!(e.is_done());
    let p = e.run(100).expect("runs after cancel");
    assert_eq!(
        (number(&p, "iterations"), get(&p, "done").as_bool()),
        (0.0, Some(true))
    );
    let r = e.report().expect("report");
    assert_eq!(len(&r, "arms"), 1);
    let heatmap = get(&r, "heatmap");
    assert_eq!(len(&heatmap, "values"), 15);
    assert_eq!(len(&r, "best_lr_per_batch"), 3);
}

#[wasm_bindgen_test]
fn refusals_are_errors_with_a_message() {
    let bad_tip = experiment("lr_decay", SMALL).err().expect("refused");
    assert!(message(bad_tip).contains("unknown tip \"lr_decay\""));
    let bad_config = experiment("warmup", r#"{"batchsize": 3}"#)
        .err()
        .expect("refused");
    assert!(message(bad_config).contains("batchsize"));
    let too_big = experiment("warmup", r#"{"data": {"train_size": 20000}}"#)
        .err()
        .expect("refused");
    assert!(!message(too_big).is_empty());
    let catalogue = web::tip_catalogue("{}").expect("catalogue");
    let tips = Array::from(&catalogue);
    assert_eq!(tips.length(), 4);
    let warmup = tips.get(3);
    assert_eq!(text(&warmup, "tip"), "warmup");
    assert_eq!(number(&warmup, "budget_samples"), 12_800.0);
    assert_eq!(number(&warmup, "runs"), 2.0);
    assert!(web::tip_catalogue("{").is_err());
}

#[wasm_bindgen_test]
fn the_tips_charts_draw_on_canvases() {
    let mut e = experiment("warmup", SMALL).expect("plans");
    while !e.is_done() {
        e.run(50).expect("runs");
    }
    let r = e.report().expect("report");
    let arms = Array::from(&get(&r, "arms"));
    assert_eq!(arms.length(), 2);
    let runs = Array::new();
    for (k, arm) in arms.iter().enumerate() {
        let run = js(&format!(
            r#"{{"name": "run {k}", "color": {k}, "iterations_per_epoch": 10}}"#
        ));
        Reflect::set(&run, &"loss".into(), &get(&arm, "loss")).expect("set");
        Reflect::set(&run, &"lrs".into(), &get(&arm, "lrs")).expect("set");
        runs.push(&run);
    }
    for kind in ["loss", "lr"] {
        let data = js(&format!(
            r#"{{"kind": "{kind}", "smoothing": 0, "show_raw": false}}"#
        ));
        Reflect::set(&data, &"runs".into(), &runs).expect("set");
        let c = canvas(640, 400);
        let layout = web::draw_tip_curves(c.clone(), data).expect("draws");
        assert_eq!(number(&get(&layout, "x"), "max"), 200.0, "{kind}");
        assert!(ink(&c) > 2000, "{kind} has ink");
    }
    let bars = js(r#"{"bars": [{"label": "Adam", "value": 0.91, "color": 0},
        {"label": "SGD", "value": null, "diverged": true, "color": 1}],
        "percent": true, "mode": "points", "y_title": "accuracy"}"#);
    let c = canvas(400, 300);
    let layout = web::draw_tip_bars(c.clone(), bars).expect("draws");
    assert_eq!(number(&get(&layout, "x"), "max"), 1.5);
    assert!(ink(&c) > 500);
    let heat = js(r#"{"rows": ["16", "256"], "cols": ["0.1", "1.0"],
        "values": [0.3, null, 0.8, 0.4], "diverged": [false, true, false, false],
        "best": [true, false, false, true], "x_title": "lr", "y_title": "batch",
        "value_title": "loss"}"#);
    let c = canvas(500, 300);
    let layout = web::draw_tip_heatmap(c.clone(), heat).expect("draws");
    assert_eq!(number(&get(&layout, "y"), "max"), 1.5);
    assert!(ink(&c) > 5000, "filled cells");
    let bad = js(r#"{"rows": ["16"], "cols": ["0.1"], "values": []}"#);
    let error = web::draw_tip_heatmap(canvas(100, 100), bad).expect_err("refused");
    assert!(message(error).contains("needs 1 values"));
}

#[wasm_bindgen_test]
fn the_tips_charts_svg_twins_draw_the_same_charts() {
    let data = js(r#"{"kind": "loss", "smoothing": 0.5, "runs": [
        {"name": "SGD tuned", "color": 0, "iterations_per_epoch": 5,
         "loss": [2.3, 2.0, 1.8, 1.5, 1.4, 1.2, 1.1, 1.0], "lrs": [0.1, 0.1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01]},
        {"name": "Adam", "color": 1, "iterations_per_epoch": 5,
         "loss": [2.3, 1.7, 1.3, 1.0, 0.9, 0.8, 0.7, 0.7], "lrs": [0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001]}]}"#);
    let on_canvas = web::draw_tip_curves(canvas(640, 400), data.clone()).expect("draws");
    let out = web::draw_tip_curves_svg(640, 400, data).expect("draws");
    let svg = text(&out, "svg");
    assert_eq!(parse_svg(&svg), ("svg".to_string(), 0));
    assert!(
        svg.contains("SGD tuned") && svg.contains("Adam"),
        "legend text"
    );
    assert_eq!(
        number(&get(&out, "x"), "max"),
        number(&get(&on_canvas, "x"), "max"),
        "one drawing code, one layout"
    );

    let bars = js(r#"{"bars": [{"label": "E1", "value": 0.9, "color": 4},
        {"label": "B", "value": 0.88, "color": 1, "best": false}], "percent": true,
        "mode": "points", "y_title": "validation accuracy (%)"}"#);
    let svg = text(
        &web::draw_tip_bars_svg(400, 300, bars).expect("draws"),
        "svg",
    );
    assert_eq!(parse_svg(&svg).1, 0);
    assert!(svg.contains("validation accuracy (%)") && svg.contains("E1"));

    let heat = js(r#"{"rows": ["16", "256"], "cols": ["0.1", "1.0"],
        "values": [0.3, null, 0.8, 0.4], "diverged": [false, true, false, false],
        "best": [true, false, false, true], "x_title": "learning rate", "y_title": "batch size",
        "value_title": "loss"}"#);
    let svg = text(
        &web::draw_tip_heatmap_svg(500, 300, heat.clone()).expect("draws"),
        "svg",
    );
    assert_eq!(parse_svg(&svg).1, 0);
    assert!(svg.contains("batch size") && svg.contains("256"));
    assert!(
        message(web::draw_tip_heatmap_svg(0, 300, heat).expect_err("refused")).contains("width")
    );
    let bad = js(r#"{"rows": ["16"], "cols": ["0.1"], "values": []}"#);
    assert!(
        message(web::draw_tip_heatmap_svg(100, 100, bad).expect_err("refused"))
            .contains("needs 1 values")
    );
}
