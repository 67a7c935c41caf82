//! Native timings of the landscape pipeline on the bundled digits: training with the path
//! recorded, choosing the PCA plane, the coarse 11x11 and the full 41x41 grid over 2,000
//! held-out images. A measurement, not a test:
//! cargo run --release --example landscape_timing [-- plane]   (plane: pca | random)
//! cargo run --release --example landscape_timing -- snapshots ['{"snapshots": ...}']
//! (the snapshot experiment, by default the default one: both runs, scores and the Figure-1
//! grid, with its accuracies)
//!
//! Prints one JSON object: wall-clock seconds (`_s`) and, because a shared machine's load
//! inflates those, this thread's CPU seconds (`_cpu_s`, from /proc/thread-self/schedstat).

use std::sync::Arc;
use std::time::Instant;

use lrlab::data::Dataset;
use lrlab::landscape::{GridStage, LandscapePhase, LandscapeRun, LandscapeSpec};
use lrlab::snapshots::{SnapshotExperiment, SnapshotPhase, SnapshotSpec};

fn bundled() -> Dataset {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/");
    let read = |name: &str| std::fs::read(format!("{dir}{name}")).expect("bundled data");
    Dataset::from_idx(
        &read("mnist-10k-images-idx3-ubyte.gz"),
        &read("mnist-10k-labels-idx1-ubyte.gz"),
    )
    .expect("bundled data parses")
}

/// CPU time of this thread so far, in seconds (Linux; 0 elsewhere).
fn cpu() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns * 1e-9)
}

/// The default snapshot experiment: phase timings and every score.
fn snapshots(pool: Arc<Dataset>, json: &str) {
    let spec = SnapshotSpec::from_json(json).expect("snapshot spec");
    let mut x = SnapshotExperiment::new(&spec, pool, None).expect("experiment");
    let mut timings = serde_json::Map::new();
    let (start, start_cpu) = (Instant::now(), cpu());
    while !x.is_done() {
        let phase = x.progress().phase;
        let (t, c) = (Instant::now(), cpu());
        while x.progress().phase == phase && phase != SnapshotPhase::Done {
            x.run(250).expect("experiment");
        }
        let name = format!("{phase:?}").to_lowercase();
        timings.insert(format!("{name}_s"), t.elapsed().as_secs_f64().into());
        timings.insert(format!("{name}_cpu_s"), (cpu() - c).into());
    }
    timings.insert("total_s".into(), start.elapsed().as_secs_f64().into());
    timings.insert("total_cpu_s".into(), (cpu() - start_cpu).into());
    let mut report = serde_json::to_value(x.report().expect("report")).expect("json");
    if let Some(f) = report.get_mut("figure").and_then(|f| f.as_object_mut()) {
        for key in ["axes", "loss", "accuracy", "cyclic_path", "baseline_path"] {
            f.remove(key);
        }
    }
    println!(
        "{}",
        serde_json::json!({"timings": timings, "report": report})
    );
}

fn main() {
    let plane = std::env::args().nth(1).unwrap_or_else(|| "pca".into());
    if plane == "snapshots" {
        let json = std::env::args().nth(2).unwrap_or_else(|| "{}".into());
        return snapshots(Arc::new(bundled()), &json);
    }
    let spec = LandscapeSpec::from_json(&format!(
        r#"{{"landscape": {{"plane": {{"kind": "{plane}"}}}}}}"#
    ))
    .expect("spec");
    let pool = Arc::new(bundled());
    let mut run = LandscapeRun::new(&spec, pool, None).expect("run");
    let (t, c) = (Instant::now(), cpu());
    while run.progress().phase == LandscapePhase::Training {
        run.run(250).expect("training");
    }
    let training = (t.elapsed().as_secs_f64(), cpu() - c);
    let (t, c) = (Instant::now(), cpu());
    run.run(0).expect("plane");
    let plane_s = (t.elapsed().as_secs_f64(), cpu() - c);
    let (t, c) = (Instant::now(), cpu());
    let mut coarse = None;
    while !run.is_done() {
        let p = run.run(41).expect("grid");
        if coarse.is_none() && p.grid.is_some_and(|g| g.coarse_ready) {
            coarse = Some((t.elapsed().as_secs_f64(), cpu() - c));
        }
        if p.grid.is_some_and(|g| g.stage == GridStage::Done) {
            break;
        }
    }
    let full = (t.elapsed().as_secs_f64(), cpu() - c);
    let report = run.report().expect("report");
    let origin = report.path.last().map(|p| (p.x, p.y));
    println!(
        "{}",
        serde_json::json!({
            "plane": plane,
            "path_points": report.path.len(),
            "training_s": training.0,
            "training_cpu_s": training.1,
            "plane_s": plane_s.0,
            "plane_cpu_s": plane_s.1,
            "coarse_11x11_s": coarse.map(|c| c.0),
            "coarse_11x11_cpu_s": coarse.map(|c| c.1),
            "full_41x41_s": full.0,
            "full_41x41_cpu_s": full.1,
            "explained_variance": report.plane.explained_variance,
            "projection_error": report.plane.projection_error,
            "final_point": origin,
            "final_val_loss": run.recorded().trainer().history().epochs.last().map(|e| e.val_loss),
        })
    );
}
