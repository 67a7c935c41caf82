//! The browser boundary, in headless Chromium: drawing through the canvas backend and errors
//! crossing into JavaScript with the core's messages. Run with `make test-wasm`.
#![cfg(target_arch = "wasm32")]

use js_sys::JSON;
use lrlab::charts::ChartLayout;
use lrlab::web;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

#[path = "support/browser.rs"]
mod browser;
use browser::{canvas, js, message, pixels};

wasm_bindgen_test_configure!(run_in_browser);

const STEP_LR: &str = r#"{
  "series": [{"name": "StepLR", "color": 0, "lr": [0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.001]}],
  "markers": [{"step": 3, "label": "milestone", "color": 0}],
  "title": "StepLR"
}"#;

#[wasm_bindgen_test]
fn draws_a_schedule_onto_a_canvas() {
    let c = canvas(640, 400);
    let blank = pixels(&c);
    assert!(blank.iter().all(|b| *b == 0), "a new canvas is transparent");
    let layout = web::draw_schedule_chart(c.clone(), js(STEP_LR)).expect("draws");
    let layout: ChartLayout = serde_wasm_bindgen::from_value(layout).expect("a layout");

    let p = layout.plot;
    assert!(0 < p.left && p.left < p.right && p.right < 640, "{p:?}");
    assert!(0 < p.top && p.top < p.bottom && p.bottom < 400, "{p:?}");
    assert_eq!((layout.x.min, layout.x.max), (0.0, 6.0));
    assert!(layout.y.min == 0.0 && layout.y.max > 0.1 && !layout.y.log);

    // The first stair (lr 0.1 over steps 0..3) is blue (#0072B2) where the layout says it is.
    let data = pixels(&c);
    let x = p.left + ((1.5 / 6.0) * f64::from(p.right - p.left)) as i32;
    let y = p.bottom
        - ((0.1 - layout.y.min) / (layout.y.max - layout.y.min) * f64::from(p.bottom - p.top))
            as i32;
    let near_blue = (-2..=2).any(|dy| {
        let i = (((y + dy) * 640 + x) * 4) as usize;
        let (r, g, b) = (data[i], data[i + 1], data[i + 2]);
        r < 60 && (90..150).contains(&g) && b > 150
    });
    assert!(near_blue, "StepLR's blue line at ({x}, {y})");
    let painted = data.chunks(4).filter(|px| px[0] < 200).count();
    assert!(painted > 2000, "ink on the canvas: {painted} dark pixels");
}

#[wasm_bindgen_test]
fn canvas_text_is_measured_by_the_canvas() {
    use plotters::prelude::*;
    let area = web::MeasuredCanvas::new(canvas(100, 100))
        .expect("backend")
        .into_drawing_area();
    let font = TextStyle::from(("sans-serif", 20.0).into_font());
    let wide = area
        .estimate_text_size("MMMMMMMM", &font)
        .expect("measures");
    let narrow = area.estimate_text_size("iiii", &font).expect("measures");
    assert!(
        wide.0 > 4 * narrow.0,
        "proportional font: {wide:?} vs {narrow:?}"
    );
    assert_eq!(wide.1, 20);
}

#[wasm_bindgen_test]
fn dark_theme_and_pixel_ratio_change_the_drawing() {
    let light = canvas(320, 200);
    web::draw_schedule_chart(light.clone(), js(STEP_LR)).expect("draws");
    let dark = canvas(640, 400);
    let chart = STEP_LR.replacen('{', r#"{"theme": "dark", "pixel_ratio": 2,"#, 1);
    let layout: ChartLayout = serde_wasm_bindgen::from_value(
        web::draw_schedule_chart(dark.clone(), js(&chart)).expect("draws"),
    )
    .expect("layout");
    assert_eq!(layout.pixel_ratio, 2.0);
    let corner = &pixels(&dark)[..4];
    assert_eq!(corner, &[0x16, 0x1B, 0x22, 0xFF], "dark background");
    assert_eq!(
        &pixels(&light)[..4],
        &[0xFF, 0xFF, 0xFF, 0xFF],
        "light background"
    );
}

#[wasm_bindgen_test]
fn bad_chart_settings_come_back_as_errors() {
    let c = canvas(100, 100);
    let err =
        web::draw_schedule_chart(c.clone(), js(r#"{"steps_per_epoch": 0}"#)).expect_err("refused");
    assert_eq!(
        message(err),
        "invalid configuration: steps_per_epoch must be a positive number, got 0"
    );
    let err = web::draw_schedule_chart(c, js(r#"{"series": 3}"#)).expect_err("refused");
    let text = message(err);
    assert!(text.starts_with("invalid configuration: chart: "), "{text}");
    let err = web::draw_schedule_chart(canvas(10, 10), js(r#"{"series": [{"lr": ["a"]}]}"#))
        .expect_err("refused");
    let text = message(err);
    assert!(
        text.contains("invalid type: string \"a\", expected f64"),
        "{text}"
    );
}

#[wasm_bindgen_test]
fn synthetic_loss_is_seeded_and_validated() {
    let a = web::synthetic_loss(js(r#"{"seed": 7}"#), 40)
        .expect("curve")
        .to_vec();
    let b = web::synthetic_loss(js(r#"{"seed": 7}"#), 40)
        .expect("curve")
        .to_vec();
    assert_eq!(a.len(), 40);
    assert_eq!(a, b);
    assert!(a.iter().all(|v| v.is_finite() && *v > 0.0));
    let err = web::synthetic_loss(js(r#"{"noise": -1}"#), 10).expect_err("refused");
    assert_eq!(
        message(err),
        "invalid configuration: noise must be a non-negative number, got -1"
    );
}

#[wasm_bindgen_test]
fn palette_lists_okabe_ito() {
    let palette = JSON::stringify(&web::palette().expect("palette"))
        .map(String::from)
        .unwrap_or_default();
    assert!(
        palette.starts_with(r##"[{"name":"blue","light":"#0072b2","dark":"#0072b2"}"##),
        "{palette}"
    );
    assert!(palette.contains(r##""name":"black","light":"#000000","dark":"#eeeeee""##));
}

#[wasm_bindgen_test]
fn simulates_a_schedule_into_typed_arrays() {
    let out = web::simulate_schedule(js(
        r#"{"scheduler": "StepLR", "lr": 0.1, "step_size": 30, "gamma": 0.1, "steps": 100}"#,
    ))
    .expect("simulates");
    let get = |key: &str| js_sys::Reflect::get(&out, &JsValue::from_str(key)).expect("field");
    let lr: js_sys::Float64Array = get("lr").dyn_into().expect("lr is a Float64Array");
    assert_eq!(lr.length(), 101);
    assert_eq!(lr.get_index(0), 0.1);
    assert!((lr.get_index(100) - 1e-4).abs() < 1e-15);
    assert!(get("momentum").is_null());
    assert_eq!(get("per_iteration").as_bool(), Some(false));
    assert!(get("plateau").is_null());
    let text = |v: JsValue| JSON::stringify(&v).map(String::from).unwrap_or_default();
    assert_eq!(
        text(get("markers")),
        r#"[{"step":30,"label":"× 0.1"},{"step":60,"label":"× 0.1"},{"step":90,"label":"× 0.1"}]"#
    );
    assert!(text(get("card")).contains(r#""name":"StepLR""#));
    let snippet = get("snippet").as_string().unwrap_or_default();
    assert!(
        snippet.contains("lr_scheduler.StepLR(optimizer, step_size=30)"),
        "{snippet}"
    );

    let cyclic = web::simulate_schedule(js(
        r#"{"scheduler": "OneCycleLR", "lr": 0.1, "max_lr": 0.1, "total_steps": 20, "steps": 20,
            "optimizer": {"name": "SGD", "momentum": 0.9}}"#,
    ))
    .expect("simulates");
    let momentum = js_sys::Reflect::get(&cyclic, &JsValue::from_str("momentum")).expect("field");
    let momentum: js_sys::Float64Array = momentum.dyn_into().expect("momentum cycles");
    assert_eq!(momentum.length(), 21);
    assert_eq!(momentum.get_index(0), 0.95);
}

#[wasm_bindgen_test]
fn refused_specs_throw_pytorchs_message() {
    let spec = |json: &str| {
        web::simulate_schedule(js(json))
            .map(|_| ())
            .map_err(message)
    };
    assert_eq!(
        spec(r#"{"scheduler": "CosineAnnealingWarmRestarts", "lr": 0.1, "T_0": 0, "steps": 10}"#),
        Err("Expected positive integer T_0, but got 0".into())
    );
    assert_eq!(
        spec(
            r#"{"scheduler": "OneCycleLR", "lr": 0.1, "max_lr": 0.1, "total_steps": 20, "steps": 21}"#
        ),
        Err("Tried to step 21 times. The specified number of total steps is 20".into())
    );
    assert_eq!(
        spec(r#"{"scheduler": "StepLR", "lr": -0.1, "step_size": 3, "steps": 1}"#),
        Err("Invalid learning rate: -0.1".into())
    );
    let typo =
        spec(r#"{"scheduler": "StepLR", "lr": 0.1, "step_size": 3, "gama": 0.5, "steps": 1}"#);
    assert!(
        matches!(&typo, Err(m) if m.starts_with("invalid configuration: schedule: ") && m.contains("gama")),
        "{typo:?}"
    );
}

#[wasm_bindgen_test]
fn every_scheduler_has_an_example_the_simulator_accepts() {
    let names = web::scheduler_names();
    assert_eq!(names.length(), 17);
    for name in names.iter() {
        let name = name.as_string().expect("a name");
        let example = web::scheduler_example(&name).expect("an example");
        let spec = js_sys::Object::assign(&js_sys::Object::new(), example.unchecked_ref());
        for (key, value) in [
            ("lr", JsValue::from_f64(0.1)),
            ("steps", JsValue::from_f64(50.0)),
        ] {
            js_sys::Reflect::set(&spec, &JsValue::from_str(key), &value).expect("set");
        }
        if name == "ReduceLROnPlateau" {
            let metrics = web::synthetic_loss(JsValue::UNDEFINED, 50).expect("loss");
            js_sys::Reflect::set(&spec, &JsValue::from_str("metrics"), &metrics).expect("set");
        }
        let out = web::simulate_schedule(spec.into());
        assert!(out.is_ok(), "{name}: {:?}", out.err().map(message));
    }
    assert_eq!(
        message(web::scheduler_example("StepRL").expect_err("unknown")),
        "unknown scheduler \"StepRL\""
    );
}

/// Settings (`web::from_js`) are read by serde_json as the CLI reads them: typed arrays count
/// as lists, unknown keys of a strict type are refused, and messages carry no line and column
/// of the JSON text the page never saw. Data (`web::from_js_data`) keep NaN and ±Infinity.
#[wasm_bindgen_test]
fn settings_and_data_cross_with_their_own_decoders() {
    let typed = js_sys::Float64Array::from([0.5, 2.0].as_slice());
    let list: Vec<f64> = web::from_js(typed.into(), "metrics").expect("a typed array is a list");
    assert_eq!(list, [0.5, 2.0]);
    let nested = js(r#"{"beta": 0.9, "skip_start": null, "skip_end": 3}"#);
    let smoothing: lrlab::lrfind::Smoothing = web::from_js(nested, "smoothing").expect("reads");
    assert_eq!(
        (smoothing.beta, smoothing.skip_start, smoothing.skip_end),
        (0.9, None, 3)
    );
    let absent: Option<f64> = web::from_js(JsValue::UNDEFINED, "cursor").expect("undefined");
    assert_eq!(absent, None);

    let typo = js(r#"{"beta": 0.9, "skip_endd": 3}"#);
    let err = web::from_js::<lrlab::lrfind::Smoothing>(typo, "smoothing").expect_err("typo");
    let text = err.to_string();
    assert!(
        text.contains("smoothing: unknown field `skip_endd`"),
        "{text}"
    );
    assert!(!text.contains("line"), "{text}");

    let losses = js_sys::Array::of3(&1.0.into(), &f64::NAN.into(), &f64::INFINITY.into());
    let data: Vec<f64> = web::from_js_data(losses.into(), "losses").expect("reads");
    assert_eq!(data[0], 1.0);
    assert!(data[1].is_nan() && data[2] == f64::INFINITY, "{data:?}");
}

#[wasm_bindgen_test]
fn the_simd128_ceiling_loop_computes_its_chains() {
    // `make bench` times this loop in the page as the kernels' ceiling: 12 chains of
    // `acc + x·y` on 4 lanes, a multiply and an add each.
    assert_eq!(web::bench_peak_flops_per_iter(), 12 * 4 * 2);
    let x = 2.0f32.powi(-10);
    let want = lrlab::bench::mul_add_chains_reference(5, x);
    let got = web::bench_peak(5, x);
    assert!((got - want).abs() <= want * 1e-6, "{got} vs {want}");
}
