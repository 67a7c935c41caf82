//! The landscape's grid: its value at the plane's origin is the trained model's loss there, and
//! the fast path (first layer from three precomputed products) agrees with evaluating the
//! network directly at every grid point.

use std::sync::Arc;

use lrlab::data::Dataset;
use lrlab::landscape::{LandscapeRun, LandscapeSpec};

fn blobs(n: usize) -> Dataset {
    let mut images = Vec::with_capacity(n * 16);
    let mut labels = Vec::with_capacity(n);
    for i in 0..n {
        let c = i % 4;
        for p in 0..16 {
            let ripple = ((i * 5 + p * 11) % 13) as f32 / 13.0 * 0.5;
            images.push(if p % 4 == c { 1.0 - ripple } else { ripple });
        }
        labels.push(c as u8);
    }
    Dataset {
        images,
        labels,
        rows: 4,
        cols: 4,
    }
}

fn finished(landscape: &str) -> LandscapeRun {
    let spec = LandscapeSpec::from_json(&format!(
        r#"{{"data": {{"train_size": 100, "val_size": 70}}, "model": {{"hidden": [10, 6]}},
            "optimizer": {{"optimizer": "Adam", "lr": 0.02}}, "batch_size": 20, "epochs": 3,
            "landscape": {landscape}}}"#
    ))
    .unwrap();
    let mut run = LandscapeRun::new(&spec, Arc::new(blobs(250)), None).unwrap();
    while !run.is_done() {
        run.run(13).unwrap();
    }
    run
}

#[test]
fn the_grid_at_the_origin_is_the_models_loss() {
    let run = finished(
        r#"{"plane": {"kind": "random", "seed": 1},
            "grid": {"size": 7, "coarse": 3, "extent": {"x": [-0.6, 0.6], "y": [-0.3, 0.3]}}}"#,
    );
    let report = run.report().unwrap();
    assert_eq!((report.axes.x[3], report.axes.y[3]), (0.0, 0.0));
    let trainer = run.recorded().trainer();
    let val = trainer.val_set();
    let mut ws = trainer.model().workspace(64);
    let direct = trainer
        .model()
        .evaluate(trainer.params(), &val.images, &val.labels, &mut ws, None)
        .unwrap();
    // The logits at the origin are the same bits; only the loss's exponentials differ: the
    // grid takes them in f32 (src/landscape/fast_loss.rs), so the two agree to f32 precision.
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * b;
    assert!(
        close(report.loss[3][3], direct.loss),
        "{} vs {}",
        report.loss[3][3],
        direct.loss
    );
    assert_eq!(report.accuracy[3][3], direct.accuracy);
    let last_epoch = trainer.history().epochs.last().unwrap();
    assert!(close(report.loss[3][3], last_epoch.val_loss));
    // Away from the origin the loss differs (the plane is not flat).
    assert_ne!(report.loss[0][0], report.loss[3][3]);
}

#[test]
fn the_fast_grid_agrees_with_direct_evaluation_everywhere() {
    let run = finished(
        r#"{"plane": {"kind": "pca"}, "grid": {"size": 5, "coarse": 3, "eval_size": 50}}"#,
    );
    let view = run.view().unwrap();
    let grid = view.grid().full();
    let model = run.recorded().trainer().model();
    let val = run.recorded().trainer().val_set();
    let (x, y) = (&val.images[..50 * 16], &val.labels[..50]);
    let mut ws = model.workspace(50);
    for (j, &b) in grid.y.iter().enumerate() {
        for (i, &a) in grid.x.iter().enumerate() {
            let theta = view.plane().point(a, b);
            let direct = model.evaluate(&theta, x, y, &mut ws, None).unwrap();
            let fast = grid.loss[j * 5 + i];
            assert!(
                (fast - direct.loss).abs() <= 1e-5 * direct.loss.max(1.0),
                "({a}, {b}): {fast} vs {}",
                direct.loss
            );
            assert_eq!(grid.accuracy[j * 5 + i], direct.accuracy, "({a}, {b})");
        }
    }
    // The fitted extent holds the whole path.
    let path = &view.paths()[0];
    let (xs, ys) = (&grid.x, &grid.y);
    assert!(path
        .iter()
        .all(|p| p.x >= xs[0] && p.x <= xs[4] && p.y >= ys[0] && p.y <= ys[4]));
    // The coarse grid's values were reused on the full grid's nodes.
    let coarse = view.grid().coarse().unwrap();
    assert_eq!(coarse.loss[4], grid.loss[12]);
}
