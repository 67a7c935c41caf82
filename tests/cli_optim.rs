//! The `lrlab optim FILE|-` contract: JSON spec in, `{"params": [[...], ...]}` out; invalid
//! settings exit non-zero with PyTorch's message on stderr.

use std::process::Output;

#[path = "support/cli.rs"]
mod cli;
use cli::lrlab;

fn params(out: &Output) -> Vec<Vec<f64>> {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    serde_json::from_value(json["params"].clone()).expect("params is a list of rows")
}

#[test]
fn replays_gradients_from_stdin() {
    let spec = r#"{"optimizer": "SGD", "lr": 0.5, "momentum": 0.5,
                   "params": [1.0, -2.0], "grads": [[1.0, 2.0], [1.0, 2.0], [0.0, 0.0]]}"#;
    let rows = params(&lrlab(&["optim", "-"], spec));
    // b = g, then b = 0.5 b + g = 1.5 g, then b = 0.75 g: θ moves by 0.5 b each step.
    assert_eq!(
        rows,
        vec![vec![0.5, -3.0], vec![-0.25, -4.5], vec![-0.625, -5.25]]
    );
}

#[test]
fn runs_the_issue_example_with_its_schedule() {
    let spec = r#"{"optimizer": "Adam", "lr": 0.01, "betas": [0.9, 0.999], "amsgrad": true,
                   "params": [0.5, -1.2, 3.0], "grads": [[0.1, 0.2, -0.3], [0.0, -0.5, 0.25]],
                   "schedule": {"scheduler": "OneCycleLR", "max_lr": 0.05, "total_steps": 40}}"#;
    let rows = params(&lrlab(&["optim", "-"], spec));
    // torch 2.15:
    //   p = torch.nn.Parameter(torch.tensor([0.5, -1.2, 3.0]))
    //   opt = torch.optim.Adam([p], lr=0.01, betas=(0.9, 0.999), amsgrad=True, foreach=False)
    //   s = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.05, total_steps=40)
    //   for g in grads: p.grad = torch.tensor(g); opt.step(); s.step(); print(p.tolist())
    let pytorch = [
        [0.49799999594688416, -1.2020000219345093, 3.002000093460083],
        [0.4960346221923828, -1.200726866722107, 3.002129077911377],
    ];
    assert_eq!(rows.len(), 2);
    for (got, want) in rows.iter().zip(pytorch) {
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() <= 1e-6 * w.abs(), "{got:?} vs {want:?}");
        }
    }
}

#[test]
fn reads_a_file_with_tensors_and_groups() {
    let spec = r#"{"optimizer": "Adam", "lr": 0.1, "weight_decay": 0.5,
                   "params": [1.0, 1.0, 1.0], "grads": [[0.0, 0.0, 0.0]], "tensors": [2, 1],
                   "param_groups": [{"params": [0]}, {"params": [1], "weight_decay": 0}]}"#;
    let path = std::env::temp_dir().join(format!("lrlab-cli-optim-{}.json", std::process::id()));
    std::fs::write(&path, spec).expect("temp file is writable");
    let out = lrlab(&["optim", path.to_str().expect("utf-8 temp path")], "");
    std::fs::remove_file(&path).ok();
    let rows = params(&out);
    // Coupled decay turns the zero gradient into 0.5θ, and Adam's first step moves by lr;
    // the second group has no decay and a zero gradient, so it stays put.
    assert_eq!(rows.len(), 1);
    for (got, want) in rows[0].iter().zip([0.9, 0.9, 1.0]) {
        assert!((got - want).abs() < 1e-6, "{:?}", rows[0]);
    }
}

#[test]
fn invalid_settings_print_pytorchs_message() {
    let cases = [
        (
            r#"{"optimizer": "SGD", "lr": -0.1, "params": [1], "grads": [[1]]}"#,
            "Invalid learning rate: -0.1",
        ),
        (
            r#"{"optimizer": "Adam", "betas": [0.9, 1.0], "params": [1], "grads": [[1]]}"#,
            "Invalid beta parameter at index 1: 1.0",
        ),
        (
            r#"{"optimizer": "SGD", "nesterov": true, "params": [1], "grads": [[1]]}"#,
            "Nesterov momentum requires a momentum and zero dampening",
        ),
    ];
    for (spec, message) in cases {
        let out = lrlab(&["optim", "-"], spec);
        assert_eq!(out.status.code(), Some(1), "{spec}");
        assert!(out.stdout.is_empty(), "{spec}");
        assert_eq!(String::from_utf8_lossy(&out.stderr).trim(), message);
    }
}

#[test]
fn malformed_specs_fail_with_a_reason() {
    let cases = [
        ("not json", "invalid configuration"),
        (
            r#"{"optimizer": "Lion", "params": [], "grads": []}"#,
            "Lion",
        ),
        (
            r#"{"optimizer": "SGD", "momentun": 0.9, "params": [], "grads": []}"#,
            "momentun",
        ),
        (
            r#"{"optimizer": "SGD", "params": [1, 2], "grads": [[1]]}"#,
            "expected 2 gradients",
        ),
    ];
    for (spec, needle) in cases {
        let out = lrlab(&["optim", "-"], spec);
        assert_eq!(out.status.code(), Some(1), "{spec}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(needle), "{spec}: {stderr}");
    }
    let out = lrlab(&["optim", "/nonexistent/spec.json"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent/spec.json"));
}
