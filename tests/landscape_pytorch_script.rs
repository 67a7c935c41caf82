//! The Landscape's exported script runs under real PyTorch: it records the path, finds the
//! PCA plane by SVD (the path then ends at the origin, the first two components explain a
//! share of the variance), and evaluates the loss over a grid of the plane, whose centre is
//! the trained network itself. Skipped (with a note) without torch.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/torch.rs"]
mod torch;

use lrlab::landscape::LandscapeSpec;
use lrlab::pyscript::landscape_script;
use serde_json::Value;
use torch::{num, run_script};

#[test]
fn the_pca_plane_and_its_grid_under_pytorch() {
    let spec = LandscapeSpec::from_json(
        r#"{"data": {"train_size": 640, "val_size": 300}, "model": {"hidden": [32]},
            "optimizer": {"optimizer": "SGD", "lr": 0.1, "momentum": 0.9}, "epochs": 2,
            "schedule": {"scheduler": "StepLR", "step_size": 1, "gamma": 0.5},
            "landscape": {"trajectory": {"every": 4},
                          "grid": {"size": 41, "extent": {"x": [-3, 3], "y": [-3, 3]}}}}"#,
    )
    .expect("a valid spec");
    // A 9 x 9 grid instead of the exported 41 x 41: its centre node is the origin.
    let Some(lines) = run_script("landscape.py", &landscape_script(&spec), &["--grid", "9"]) else {
        return;
    };
    let epochs: Vec<&Value> = lines.iter().filter(|l| l.get("epoch").is_some()).collect();
    assert_eq!(epochs.len(), 2);
    assert_eq!(
        num(epochs[1], "lr"),
        0.05,
        "StepLR stepped after the first validation"
    );
    let plane = lines
        .iter()
        .find(|l| l.get("plane").is_some())
        .expect("the plane");
    assert_eq!(plane["plane"], "pca");
    let ratio: Vec<f64> = plane["explained_variance_ratio"]
        .as_array()
        .expect("ratios")
        .iter()
        .map(|r| r.as_f64().expect("a ratio"))
        .collect();
    assert!(
        ratio[0] >= ratio[1] && ratio[1] > 0.0 && ratio[0] + ratio[1] <= 1.0 + 1e-9,
        "{ratio:?}"
    );
    let path = plane["path"].as_array().expect("the path");
    // Every 4 iterations of 20 per epoch, the start, the epoch ends: 1 + 2 * 5 points.
    assert_eq!(path.len(), 11);
    assert_eq!(path[10][0].as_f64(), Some(0.0));
    assert!(path[0][0].as_f64().expect("a") <= 0.0 && path[0][1].as_f64().expect("b") <= 0.0);
    let rows: Vec<&Value> = lines.iter().filter(|l| l.get("row").is_some()).collect();
    assert_eq!(rows.len(), 9);
    let centre = rows[4]["loss"][4].as_f64().expect("the centre's loss");
    let final_val = num(epochs[1], "val_loss");
    assert!(
        (centre - final_val).abs() < 1e-4,
        "the grid's centre is the trained network: {centre} vs {final_val}"
    );
    let corner = rows[0]["loss"][0].as_f64().expect("a corner");
    assert!(
        corner > centre,
        "far from the minimum the loss is higher: {corner} vs {centre}"
    );
    let min = lines.last().expect("the minimum");
    assert!(num(min, "min_loss") <= centre);
    eprintln!(
        "landscape under torch: explained {ratio:?}, centre {centre:.4}, corner {corner:.4}, {min}"
    );
}
