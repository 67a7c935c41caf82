//! Native timings of the landscape pipeline on the bundled digits: training with the path
//! recorded, choosing the PCA plane, the coarse 11x11 and the full 41x41 grid over 2,000
//! held-out images. A measurement, not a test:
//! cargo run --release --example landscape_timing [-- plane]   (plane: pca | random)
//!
//! Prints one JSON object; run it on an idle machine (the grid is compute-bound).

use std::sync::Arc;
use std::time::Instant;

use lrlab::data::Dataset;
use lrlab::landscape::{GridStage, LandscapePhase, LandscapeRun, LandscapeSpec};

fn bundled() -> Dataset {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/");
    let read = |name: &str| std::fs::read(format!("{dir}{name}")).expect("bundled data");
    Dataset::from_idx(
        &read("mnist-10k-images-idx3-ubyte.gz"),
        &read("mnist-10k-labels-idx1-ubyte.gz"),
    )
    .expect("bundled data parses")
}

fn main() {
    let plane = std::env::args().nth(1).unwrap_or_else(|| "pca".into());
    let spec = LandscapeSpec::from_json(&format!(
        r#"{{"landscape": {{"plane": {{"kind": "{plane}"}}}}}}"#
    ))
    .expect("spec");
    let pool = Arc::new(bundled());
    let mut run = LandscapeRun::new(&spec, pool, None).expect("run");
    let t = Instant::now();
    while run.progress().phase == LandscapePhase::Training {
        run.run(250).expect("training");
    }
    let training = t.elapsed().as_secs_f64();
    let t = Instant::now();
    run.run(0).expect("plane");
    let plane_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut coarse = None;
    while !run.is_done() {
        let p = run.run(11).expect("grid");
        if coarse.is_none() && p.grid.is_some_and(|g| g.coarse_ready) {
            coarse = Some(t.elapsed().as_secs_f64());
        }
        if p.grid.is_some_and(|g| g.stage == GridStage::Done) {
            break;
        }
    }
    let full = t.elapsed().as_secs_f64();
    let report = run.report().expect("report");
    let origin = report.path.last().map(|p| (p.x, p.y));
    println!(
        "{}",
        serde_json::json!({
            "plane": plane,
            "path_points": report.path.len(),
            "training_s": training,
            "plane_s": plane_s,
            "coarse_11x11_s": coarse,
            "full_41x41_s": full,
            "explained_variance": report.plane.explained_variance,
            "projection_error": report.plane.projection_error,
            "final_point": origin,
            "final_val_loss": run.recorded().trainer().history().epochs.last().map(|e| e.val_loss),
        })
    );
}
