//! The Train panel's boundary, in headless Chromium: the worker-facing `Training` built from a
//! config and the bundled IDX bytes, run in chunks, its updates appended to a `RunBook` and
//! drawn on canvases, the digit data and its preview, and every refusal crossing into
//! JavaScript as an `Error` with the core's (or PyTorch's) message.
//! Run with `cargo test --release --target wasm32-unknown-unknown --test web_train`.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Float32Array, Float64Array, Uint32Array, Uint8Array};
use lrlab::charts::ChartLayout;
use lrlab::web::{self, DigitData, RunBook, Training};
use wasm_bindgen::{JsCast, JsError, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

#[path = "support/browser.rs"]
mod browser;
use browser::{canvas, get, ink, js, message, number, parse_svg, text};

wasm_bindgen_test_configure!(run_in_browser);

const IMAGES: &[u8] = include_bytes!("../www/data/mnist-10k-images-idx3-ubyte.gz");
const LABELS: &[u8] = include_bytes!("../www/data/mnist-10k-labels-idx1-ubyte.gz");

/// A small, quick run: 600 training and 200 validation digits, batches of 50 (12 per epoch).
const SMALL: &str = r#"{"data": {"train_size": 600, "val_size": 200}, "batch_size": 50, "epochs": 2,
  "model": {"hidden": [32]}, "optimizer": {"optimizer": "SGD", "lr": 0.1, "momentum": 0.9},
  "schedule": {"scheduler": "StepLR", "step_size": 1, "gamma": 0.5}}"#;

fn training(config: &str) -> Result<Training, JsError> {
    Training::new(config, IMAGES, LABELS, None, None)
}

#[wasm_bindgen_test]
fn a_run_trains_in_chunks_and_hands_over_typed_arrays() {
    let mut t = training(SMALL).expect("builds");
    let summary = t.summary().expect("summary");
    assert_eq!(number(&summary, "iterations_per_epoch"), 12.0);
    assert_eq!(number(&summary, "total_iterations"), 24.0);
    assert_eq!(number(&summary, "train_size"), 600.0);
    let layers: Vec<String> =
        serde_wasm_bindgen::from_value(get(&summary, "layers")).expect("names");
    assert_eq!(layers, vec!["layer 1: 784→32", "layer 2: 32→10"]);

    let p = t.run(5).expect("runs");
    assert_eq!(
        (number(&p, "iterations"), number(&p, "iteration")),
        (5.0, 5.0)
    );
    let u = t.take_updates().expect("updates");
    assert_eq!(number(&u, "first_iteration"), 1.0);
    let loss: Float32Array = get(&u, "loss").dyn_into().expect("Float32Array");
    let lr: Float64Array = get(&u, "lr").dyn_into().expect("Float64Array");
    let momentum: Float64Array = get(&u, "momentum").dyn_into().expect("Float64Array");
    assert_eq!((loss.length(), lr.length(), momentum.length()), (5, 5, 5));
    assert!(loss.to_vec().iter().all(|l| l.is_finite() && *l > 0.0));
    assert_eq!(lr.to_vec(), vec![0.1; 5]);
    assert_eq!(momentum.get_index(0), 0.9);
    let ratios: Array = get(&u, "update_ratio").dyn_into().expect("an array");
    assert_eq!(ratios.length(), 2);
    assert_eq!(Array::from(&get(&u, "epochs")).length(), 0);

    // The rest of the first epoch: its record and the StepLR halving arrive with the chunk.
    let p = t.run(100).expect("runs");
    assert_eq!(number(&p, "iterations"), 19.0, "to the end of the run");
    assert_eq!(get(&p, "done").as_bool(), Some(true));
    let u = t.take_updates().expect("updates");
    assert_eq!(number(&u, "first_iteration"), 6.0);
    let lr: Float64Array = get(&u, "lr").dyn_into().expect("lr");
    assert_eq!(lr.get_index(6), 0.1, "iteration 12, the last of epoch 1");
    assert_eq!(lr.get_index(7), 0.05, "StepLR stepped after validation");
    let epochs = Array::from(&get(&u, "epochs"));
    assert_eq!(epochs.length(), 2);
    let acc = number(&epochs.get(1), "val_acc");
    assert!(acc > 0.6 && acc <= 1.0, "learns something: {acc}");
    let again = t.take_updates().expect("nothing new");
    assert_eq!(Float32Array::from(get(&again, "loss")).length(), 0);

    let confusion: Uint32Array = t.confusion();
    assert_eq!(confusion.length(), 100);
    assert_eq!(confusion.to_vec().iter().sum::<u32>(), 200);
    let g = t.gallery(10, false).expect("gallery");
    let pixels: Uint8Array = get(&g, "pixels").dyn_into().expect("bytes");
    assert_eq!(pixels.length(), 10 * 784);
    assert!(pixels.to_vec().contains(&255), "ink in the digits");
    let mistakes = t.gallery(500, true).expect("mistakes");
    let label = Uint8Array::from(get(&mistakes, "label")).to_vec();
    let predicted = Uint8Array::from(get(&mistakes, "predicted")).to_vec();
    assert!(label.iter().zip(&predicted).all(|(l, p)| l != p));
    let wrong = 200 - (0..10).map(|c| confusion.get_index(c * 11)).sum::<u32>();
    assert_eq!(label.len() as u32, wrong);
}

#[wasm_bindgen_test]
fn refusals_are_errors_with_the_cores_message() {
    let bad_lr = SMALL.replace("\"lr\": 0.1", "\"lr\": -0.1");
    assert_eq!(
        message(training(&bad_lr).err().expect("refused")),
        "Invalid learning rate: -0.1"
    );
    let typo = message(training(r#"{"epoch": 3}"#).err().expect("refused"));
    assert!(typo.contains("unknown field `epoch`"), "{typo}");
    let swapped = message(
        Training::new("{}", LABELS, IMAGES, None, None)
            .err()
            .expect("refused"),
    );
    assert!(
        swapped.contains("magic number 0x00000801 (this is a label file)"),
        "{swapped}"
    );
    let too_many = message(
        training(r#"{"data": {"train_size": 9000, "val_size": 2000}}"#)
            .err()
            .expect("refused"),
    );
    assert_eq!(
        too_many,
        "invalid data: train_size 9000 + val_size 2000 = 11000 exceeds the 10000 images available"
    );
    let half = Training::new("{}", IMAGES, LABELS, Some(IMAGES.into()), None);
    assert!(message(half.err().expect("refused")).contains("together"));

    assert_eq!(
        message(
            web::check_train_config(
                r#"{"optimizer": {"optimizer": "SGD", "nesterov": true}}"#,
                784
            )
            .expect_err("refused")
        ),
        "Nesterov momentum requires a momentum and zero dampening"
    );
    let cycle = r#"{"schedule": {"scheduler": "OneCycleLR", "max_lr": 0.1}}"#;
    assert!(
        message(web::check_train_config(cycle, 784).expect_err("refused")).contains("total_steps")
    );
    assert!(web::check_train_config("{}", 784).is_ok());
    assert!(web::check_train_config(r#"{"model": {"hidden": [0]}}"#, 784).is_err());
}

#[wasm_bindgen_test]
fn a_diverging_run_stops_and_says_where() {
    let wild = SMALL.replace("\"lr\": 0.1", "\"lr\": 1e12");
    let mut t = training(&wild).expect("builds");
    assert!(t.failure().expect("failure").is_null());
    let e = message(t.run(1000).expect_err("diverges"));
    assert!(e.starts_with("diverged at iteration "), "{e}");
    let f = t.failure().expect("failure");
    assert_eq!(get(&f, "kind").as_string().as_deref(), Some("diverged"));
    assert_eq!(number(&f, "lr"), 1e12);
    let at = number(&f, "iteration");
    assert!(
        at >= 2.0 && e.contains(&format!("iteration {at}")),
        "{e} vs {at}"
    );
    let u = t.take_updates().expect("updates");
    assert_eq!(
        f64::from(Float32Array::from(get(&u, "loss")).length()),
        at - 1.0,
        "the finite losses before it"
    );
    assert!(t.run(1).is_err(), "a diverged run stays stopped");
}

#[wasm_bindgen_test]
fn the_run_book_collects_updates_and_draws_them() {
    let mut t = training(SMALL).expect("builds");
    let mut book = RunBook::new();
    let layers = js(r#"["layer 1: 784→32", "layer 2: 32→10"]"#);
    let id = book.add("SGD", 1, 12, layers).expect("added");
    t.run(7).expect("runs");
    book.append(id, t.take_updates().expect("u"))
        .expect("appends");
    t.run(100).expect("runs");
    let second = t.take_updates().expect("u");
    book.append(id, second.clone()).expect("appends");
    assert_eq!(book.iterations(id), 24);
    let again = message(book.append(id, second).expect_err("out of order"));
    assert!(
        again.contains("starts at iteration 8 but the run has 24"),
        "{again}"
    );

    let r = book.reading(id, 13, 0.9).expect("reading");
    assert_eq!(number(&r, "lr"), 0.05);
    assert!((number(&r, "epoch") - 13.0 / 12.0).abs() < 1e-12);
    assert!(book.reading(id, 25, 0.9).expect("reading").is_null());
    assert_eq!(
        book.series(id, "ratio1", 0.0, 0).expect("ratio").length(),
        24
    );
    assert!(book.series(id, "nope", 0.0, 0).is_err());
    assert_eq!(book.series(id, "lr", 0.0, 2).expect("lr").length(), 12);
    assert_eq!(book.stride(id), 1);
    let epochs = Array::from(&book.epochs(id).expect("epochs"));
    assert_eq!(epochs.length(), 2);

    let view = js(r#"{"x_unit": "epochs", "smoothing": 0.6}"#);
    for draw in 0..4 {
        let c = canvas(640, 400);
        let layout = match draw {
            0 => book.draw_loss(c.clone(), &[id], view.clone()),
            1 => book.draw_epochs(c.clone(), &[id], view.clone()),
            2 => book.draw_lr(c.clone(), &[id], view.clone()),
            _ => book.draw_update_ratio(c.clone(), Some(id), view.clone()),
        }
        .expect("draws");
        let layout: ChartLayout = serde_wasm_bindgen::from_value(layout).expect("layout");
        assert!(
            layout.plot.left > 0 && layout.plot.right < 640,
            "chart {draw}: {layout:?}"
        );
        assert!(ink(&c) > 1500, "chart {draw} has ink");
    }
    assert!(message(
        book.draw_loss(canvas(100, 100), &[id + 1], view.clone())
            .expect_err("unknown run")
    )
    .contains("no run"));
    let bad_view = js(r#"{"smoothing": 1.5}"#);
    assert!(message(
        book.draw_loss(canvas(100, 100), &[id], bad_view)
            .expect_err("refused")
    )
    .contains("smoothing"));

    let c = canvas(400, 400);
    web::draw_confusion(c.clone(), &t.confusion().to_vec(), JsValue::UNDEFINED).expect("draws");
    assert!(ink(&c) > 3000, "the matrix has ink");
    assert!(web::draw_confusion(canvas(50, 50), &[1, 2, 3], JsValue::UNDEFINED).is_err());
    let out = web::draw_confusion_svg(400, 400, &t.confusion().to_vec(), JsValue::UNDEFINED)
        .expect("draws");
    let svg = text(&out, "svg");
    assert_eq!(parse_svg(&svg), ("svg".to_string(), 0));
    assert!(svg.matches("<rect").count() >= 100, "a cell per class pair");
    assert!(web::draw_confusion_svg(400, 0, &t.confusion().to_vec(), JsValue::UNDEFINED).is_err());
    book.remove(id);
    assert_eq!(book.iterations(id), 0);
}

#[wasm_bindgen_test]
fn digit_data_is_checked_and_previews_the_subset() {
    assert_eq!(web::idx_kind(IMAGES).expect("kind"), "images");
    assert_eq!(web::idx_kind(LABELS).expect("kind"), "labels");
    assert!(
        message(web::idx_kind(b"PK\x03\x04zip").expect_err("refused"))
            .contains("magic number 0x504b0304")
    );
    assert!(web::idx_kind(&[0x1f, 0x8b, 0, 0]).is_err(), "a broken gzip");

    let mut data = DigitData::new(IMAGES, LABELS).expect("parses");
    let d = data.describe().expect("describe");
    assert_eq!((number(&d, "count"), number(&d, "rows")), (10_000.0, 28.0));
    let p = data
        .preview(
            js(r#"{"train_size": 100, "val_size": 50, "balanced": true}"#),
            12,
        )
        .expect("preview");
    assert_eq!(number(&p, "train_size"), 100.0);
    let counts: Vec<usize> =
        serde_wasm_bindgen::from_value(get(&p, "class_counts")).expect("counts");
    assert_eq!(counts, vec![10; 10], "class-balanced");
    assert_eq!(Uint8Array::from(get(&p, "pixels")).length(), 12 * 784);
    let err = message(
        data.preview(js(r#"{"train_size": 20000}"#), 4)
            .expect_err("too many"),
    );
    assert!(err.contains("exceeds the 10000 images available"), "{err}");

    let truncated = &IMAGES[..IMAGES.len() / 2];
    assert!(DigitData::new(truncated, LABELS).is_err());
    // A label file is no test image file, and the data stays as it was.
    assert!(data.set_test(LABELS, LABELS).is_err());
    assert!(get(&data.describe().expect("d"), "test_count").is_null());
    assert_eq!(data.class_counts().length(), 10);
}

#[wasm_bindgen_test]
fn defaults_and_export_speak_the_clis_json() {
    let d = web::train_defaults().expect("defaults");
    assert_eq!(number(&d, "batch_size"), 32.0);
    assert_eq!(number(&d, "epochs"), 5.0);
    let sgd = web::optimizer_defaults("SGD").expect("SGD");
    assert_eq!(number(&sgd, "lr"), 0.001);
    assert_eq!(get(&sgd, "nesterov").as_bool(), Some(false));
    let adam = web::optimizer_defaults("Adam").expect("Adam");
    assert_eq!(Array::from(&get(&adam, "betas")).length(), 2);
    assert!(
        message(web::optimizer_defaults("Lion").expect_err("unknown"))
            .contains("unknown optimizer")
    );
    let text = web::export_train_config(SMALL).expect("exports");
    assert!(text.contains("\"batch_size\": 50") && text.contains("\"schedule_step\": \"auto\""));
    let back = web::export_train_config(&text).expect("reads its own export");
    assert_eq!(back, text);
}
