//! `lrlab plot` on the charts that carry their data (the JSON downloads of the Tips,
//! Landscape and Snapshots charts and of the Train panel's confusion matrix): drawn to SVG and
//! PNG without running the experiment again; a figure it cannot read is refused by name.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{json, Value};

#[path = "support/cli.rs"]
mod cli;
use cli::{lrlab, text};

fn temp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "lrlab-cli-plot-charts-{name}-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// `lrlab plot - --svg OUT` of `figure`; the SVG text (checked to parse, with its size).
fn svg_of(figure: &Value, size: (f32, f32)) -> String {
    let dir = temp("svg");
    let out = dir.join(format!(
        "{}.svg",
        figure["figure"]["figure"].as_str().unwrap_or("x")
    ));
    let run = lrlab(
        &["plot", "-", "--svg", out.to_str().unwrap()],
        &figure.to_string(),
    );
    assert!(run.status.success(), "stderr: {}", text(&run.stderr));
    let svg = std::fs::read_to_string(&out).expect("SVG written");
    let tree = resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).expect("parses");
    assert_eq!((tree.size().width(), tree.size().height()), size);
    svg
}

/// A chart download as the page's JSON button writes it, around `figure`.
fn download(title: &str, figure: Value) -> Value {
    json!({"lrlab": "chart", "title": title, "caption": title, "columns": ["x"], "rows": [[1]], "figure": figure})
}

fn curves() -> Value {
    let run = |name: &str, color: usize, scale: f64| {
        json!({"name": name, "color": color, "iterations_per_epoch": 25,
            "loss": (0..75).map(|i| scale * 2.3 / (1.0 + i as f64 / 10.0)).collect::<Vec<_>>(),
            "lrs": (0..75).map(|i| if i < 50 { 0.1 } else { 0.01 }).collect::<Vec<_>>(),
            "epochs": [{"epoch": 1, "train_loss": 1.2, "val_loss": 1.0, "val_acc": 0.7, "lr": 0.1}]})
    };
    json!({"figure": "tip-curves", "chart": {"kind": "loss",
        "runs": [run("SGD, tuned lr", 0, 1.0), run("Adam, lr=0.001", 1, 0.7)],
        "x_unit": "iterations", "log_y": false, "smoothing": 0.8, "show_raw": true,
        "pixel_ratio": 2, "theme": "light"}})
}

#[test]
fn tip_curves_bars_and_heatmap_from_a_download() {
    let svg = svg_of(&download("Step 2", curves()), (800.0, 500.0));
    assert!(svg.contains("SGD, tuned lr") && svg.contains("Adam, lr=0.001"));
    let bars = json!({"figure": "tip-bars", "chart": {"bars": [
        {"label": "SGD", "value": 0.91, "color": 0, "best": false},
        {"label": "Adam", "value": 0.95, "color": 1, "best": true}],
        "y_title": "validation accuracy (%)", "percent": true, "mode": "points"}});
    let svg = svg_of(&bars, (800.0, 500.0));
    assert!(svg.contains("validation accuracy") && svg.contains("Adam"));
    let heat = json!({"figure": "tip-heatmap", "chart": {"rows": ["32", "128"], "cols": ["0.01", "0.1", "1"],
        "values": [0.6, 0.4, null, 0.9, 0.5, 0.45], "diverged": [false, false, true, false, false, false],
        "best": [false, true, false, false, false, true], "x_title": "learning rate", "y_title": "batch size",
        "value_title": "validation loss"}});
    let svg = svg_of(&heat, (800.0, 500.0));
    assert!(svg.contains("batch size") && svg.contains("128"));
}

#[test]
fn confusion_matrix_at_its_default_square_size() {
    let counts: Vec<u32> = (0..100)
        .map(|k| if k % 11 == 0 { 90 } else { k % 3 })
        .collect();
    let svg = svg_of(
        &json!({"figure": "confusion", "chart": {"counts": counts}}),
        (600.0, 600.0),
    );
    // Each diagonal cell's count is written in it: ten cells of 90.
    assert_eq!(svg.matches(">\n90\n</text>").count(), 10, "diagonal counts");
}

/// The shared plane of a real (tiny) `lrlab snapshots` run, as the page's Figure 1 export
/// builds it from the report: one grid, both paths, one lr colour range.
#[test]
fn snapshots_figure_one_from_a_real_report_as_png_and_svg() {
    const SPEC: &str = r#"{"data": {"train_size": 640, "val_size": 300}, "model": {"hidden": [32]},
        "epochs": 4, "snapshots": {"schedule": {"kind": "cyclic_cosine", "cycles": 4},
        "figure": {"grid": {"size": 9, "coarse": 0}}}}"#;
    let run = lrlab(&["snapshots", "-"], SPEC);
    assert!(run.status.success(), "stderr: {}", text(&run.stderr));
    let report: Value = serde_json::from_slice(&run.stdout).expect("JSON");
    let f = &report["figure"];
    let flat: Vec<Value> = f["loss"]
        .as_array()
        .expect("rows")
        .iter()
        .flat_map(|row| row.as_array().expect("a row").clone())
        .collect();
    assert_eq!(flat.len(), 81);
    let picture = |path: &Value| {
        json!({"x": f["axes"]["x"], "y": f["axes"]["y"], "values": flat, "path": path,
            "metric": "loss", "log": true, "lr_range": [0.0001, 0.2], "levels": 16})
    };
    let pair = json!({"figure": "landscape-pair", "chart": {
        "left": picture(&f["baseline_path"]), "right": picture(&f["cyclic_path"]),
        "left_title": "Standard schedule: one minimum",
        "right_title": "Cyclic schedule: snapshots at several minima"}});
    let svg = svg_of(&pair, (1200.0, 560.0));
    assert!(svg.contains("Standard schedule") && svg.contains("snapshots at several minima"));
    // The contours are runs of rectangles, not one per pixel: a slide-sized file.
    assert!(svg.len() < 4_000_000, "{} bytes", svg.len());

    let dir = temp("pair-png");
    let out = dir.join("pair.png");
    let run = lrlab(
        &[
            "plot",
            "-",
            "--png",
            out.to_str().unwrap(),
            "--width",
            "900",
            "--height",
            "420",
        ],
        &pair.to_string(),
    );
    assert!(run.status.success(), "stderr: {}", text(&run.stderr));
    assert!(
        text(&run.stdout).contains("PNG 1800x840"),
        "{}",
        text(&run.stdout)
    );
    let png = resvg::tiny_skia::Pixmap::load_png(&out).expect("decodes");
    let colours: std::collections::HashSet<_> = png
        .pixels()
        .iter()
        .map(|p| (p.red(), p.green(), p.blue()))
        .collect();
    assert!(
        colours.len() > 50,
        "contours drawn: {} colours",
        colours.len()
    );
}

#[test]
fn a_landscape_alone_and_bad_figures_refused_with_a_message() {
    let n = 11;
    let axis: Vec<f64> = (0..n).map(|i| -1.0 + 0.2 * i as f64).collect();
    let values: Vec<f64> = (0..n * n)
        .map(|k| 0.2 + axis[k % n].powi(2) + 2.0 * axis[k / n].powi(2))
        .collect();
    let path: Vec<Value> = (0..8)
        .map(|i| json!({"x": 0.9 - 0.12 * i as f64, "y": 0.6 - 0.08 * i as f64, "lr": 0.1 / (1 + i) as f64, "epoch_end": i % 4 == 3}))
        .collect();
    let chart = json!({"x": axis, "y": axis, "values": values, "path": path, "metric": "loss", "log": false});
    let svg = svg_of(
        &json!({"figure": "landscape", "chart": chart}),
        (800.0, 640.0),
    );
    assert!(svg.contains("validation loss"), "the colour bar's title");

    let mut short = chart.clone();
    short["values"].as_array_mut().unwrap().pop();
    for (bad, says) in [
        (json!({"figure": "landscape", "chart": short}), "values"),
        (json!({"figure": "pie", "chart": {}}), "landscape-pair"),
        (
            json!({"figure": "tip-bars", "chart": {"bars": "many"}}),
            "bars",
        ),
    ] {
        let dir = temp("bad");
        let out = dir.join("x.svg");
        let run = lrlab(
            &["plot", "-", "--svg", out.to_str().unwrap()],
            &bad.to_string(),
        );
        assert!(!run.status.success(), "{bad}");
        assert!(
            text(&run.stderr).contains(says),
            "{bad}: {}",
            text(&run.stderr)
        );
    }
}
