//! The Playground panel's boundary, in headless Chromium: the `Playground` handle runs paths
//! through the real optimizers, refuses bad keywords with PyTorch's message while keeping its
//! paths, draws the contours as one bitmap and the paths on a transparent layer.
//! Run with `cargo test --release --target wasm32-unknown-unknown --test web_playground`.
#![cfg(target_arch = "wasm32")]

use js_sys::Array;
use lrlab::web::{self, Playground};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

#[path = "support/browser.rs"]
mod browser;
use browser::{canvas, get, js, number, pixels};

wasm_bindgen_test_configure!(run_in_browser);

const VIEW: &str =
    r#"{"theme": "light", "pixel_ratio": 1, "text_scale": 1, "log": true, "levels": 16}"#;

const TWO_PATHS: &str = r#"{"surface": "quadratic", "start": null, "paths": [
  {"name": "too large", "color": 1, "optimizer": {"optimizer": "SGD", "lr": 0.22},
   "schedule": null, "steps": 100},
  {"name": "decay", "color": 0, "optimizer": {"optimizer": "SGD", "lr": 0.2},
   "schedule": {"scheduler": "StepLR", "step_size": 20, "gamma": 0.5}, "steps": 100}]}"#;

#[wasm_bindgen_test]
fn paths_run_and_report_why_they_stopped() {
    let mut pg = Playground::new();
    let out: Array = pg
        .run(js(TWO_PATHS))
        .expect("runs")
        .dyn_into()
        .expect("array");
    assert_eq!(out.length(), 2);
    let large = out.get(0);
    assert!(get(&large, "error").is_null());
    assert_eq!(
        get(&get(&large, "stop"), "reason").as_string().as_deref(),
        Some("left_box")
    );
    let message = get(&large, "message").as_string().unwrap_or_default();
    assert!(message.starts_with("diverged"), "{message}");
    assert_eq!(number(&out.get(1), "steps"), 100.0);
    assert_eq!(pg.longest(), 100);
    assert_eq!(pg.planned(), 100);
    // The decayed path's lr halves after 20 steps; the start is the bowl's default.
    let p = pg.point(1, 20).expect("a point");
    assert_eq!(number(&p, "lr"), 0.1);
    let p0 = pg.point(1, 0).expect("a point");
    assert_eq!((number(&p0, "x"), number(&p0, "y")), (-2.5, 1.5));
    let past = pg.point(0, 1000).expect("a point");
    // y grows 1.2-fold per step from 1.5 and leaves the escape box (|y| > 100) at step 24.
    assert_eq!(
        number(&past, "step"),
        24.0,
        "clamped to the diverged path's end"
    );
    assert!(pg.point(5, 0).expect("null").is_null());
    assert_eq!(pg.points(1).length(), 101 * 4);
}

#[wasm_bindgen_test]
fn a_refused_keyword_keeps_the_previous_paths() {
    let mut pg = Playground::new();
    pg.run(js(TWO_PATHS)).expect("runs");
    let bad = r#"{"surface": "beale", "start": [1, 1], "paths": [
      {"name": "ok", "color": 0, "optimizer": {"optimizer": "Adam", "lr": 0.1}, "schedule": null, "steps": 10},
      {"name": "bad", "color": 1, "optimizer": {"optimizer": "SGD", "lr": -0.1}, "schedule": null, "steps": 10}]}"#;
    let out: Array = pg.run(js(bad)).expect("answers").dyn_into().expect("array");
    assert!(get(&out.get(0), "error").is_null());
    let error = get(&out.get(1), "error").as_string().unwrap_or_default();
    assert_eq!(error, "Invalid learning rate: -0.1");
    assert_eq!(pg.longest(), 100, "the two earlier paths are kept");
    let malformed = r#"{"surface": "nowhere", "start": null, "paths": []}"#;
    assert!(pg.run(js(malformed)).is_err());
    let too_many = format!(
        r#"{{"surface": "quadratic", "start": null, "paths": [{}]}}"#,
        [r#"{"name": "p", "color": 0, "optimizer": {"optimizer": "SGD"}, "schedule": null, "steps": 5}"#; 9].join(",")
    );
    assert!(pg.run(js(&too_many)).is_err());
}

#[wasm_bindgen_test]
fn draws_contours_then_paths_on_a_clear_layer() {
    let mut pg = Playground::new();
    pg.run(js(TWO_PATHS)).expect("runs");
    let layer = canvas(480, 360);
    assert!(
        pg.draw_paths(layer.clone(), 10, JsValue::NULL, js(VIEW))
            .is_err(),
        "paths need the contours' layout first"
    );
    let base = canvas(480, 360);
    let layout = pg.draw_surface(base.clone(), js(VIEW)).expect("draws");
    let plot = get(&layout, "plot");
    let (left, right) = (number(&plot, "left"), number(&plot, "right"));
    let (top, bottom) = (number(&plot, "top"), number(&plot, "bottom"));
    assert!(left > 0.0 && right < 480.0 && top >= 0.0 && bottom < 360.0);
    // Equal aspect on the 6 x 4 bowl.
    assert!(((right - left) / (bottom - top) - 1.5).abs() < 0.02);
    let data = pixels(&base);
    let at = |x: f64, y: f64| {
        let i = ((y as usize) * 480 + x as usize) * 4;
        (data[i], data[i + 1], data[i + 2])
    };
    let centre = at((left + right) / 2.0 + 3.0, (top + bottom) / 2.0 + 3.0);
    let corner = at(left + 3.0, top + 3.0);
    assert_ne!(
        centre, corner,
        "the floor and the corner lie in different bands"
    );
    assert_ne!(centre, (255, 255, 255), "the bitmap was put on the canvas");

    pg.draw_paths(layer.clone(), 100, js("[0, 0]"), js(VIEW))
        .expect("draws");
    let drawn = pixels(&layer).chunks(4).filter(|p| p[3] > 0).count();
    assert!(drawn > 500, "paths, start and cursor: {drawn}");
    let empty = canvas(480, 360);
    pg.draw_paths(empty.clone(), 0, JsValue::NULL, js(VIEW))
        .expect("draws");
    let start_only = pixels(&empty).chunks(4).filter(|p| p[3] > 0).count();
    assert!(start_only < drawn / 2, "{start_only} vs {drawn}");

    let strip = canvas(480, 200);
    let lr = pg
        .draw_lr(strip, 30, js(r#"{"theme": "dark"}"#))
        .expect("draws");
    assert_eq!(number(&get(&lr, "x"), "max"), 100.0);
    assert!(pg
        .draw_surface(canvas(100, 100), js(r#"{"levels": 1}"#))
        .is_err());
}

#[wasm_bindgen_test]
fn surfaces_and_presets_reach_the_page() {
    let surfaces: Array = web::playground_surfaces()
        .expect("list")
        .dyn_into()
        .expect("array");
    assert_eq!(surfaces.length(), 6);
    assert_eq!(
        get(&surfaces.get(5), "id").as_string().as_deref(),
        Some("two_basins")
    );
    let presets: Array = web::playground_presets()
        .expect("list")
        .dyn_into()
        .expect("array");
    assert_eq!(presets.length(), 4);
    let large = presets.get(1);
    assert_eq!(get(&large, "id").as_string().as_deref(), Some("too_large"));
    assert_eq!(number(&get(&get(&large, "spec"), "optimizer"), "lr"), 0.22);
}
