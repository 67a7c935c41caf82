//! The playground runs the lab's real optimizers: on the bowl `f = (x² + 10y²)/2`, whose
//! gradient is `(x, 10y)`, plain SGD and heavy-ball momentum have closed-form trajectories, and
//! the recorded paths (computed in `f32` by `crate::optim`) must follow them.

use lrlab::playground::{run_path, PathSpec, PathStop, Surface};

/// Curvature of each coordinate of the bowl.
const CURVATURE: [f64; 2] = [1.0, 10.0];

fn path(optimizer: &str, steps: usize) -> Vec<[f64; 2]> {
    let spec: PathSpec = serde_json::from_str(&format!(
        r#"{{"surface": "quadratic", "start": [-2.5, 1.5], "steps": {steps},
            "optimizer": {optimizer}}}"#
    ))
    .unwrap();
    let p = run_path(&spec).unwrap();
    assert_eq!(p.stop, PathStop::Completed);
    assert_eq!(p.points.len(), steps + 1);
    for q in &p.points {
        assert_eq!(q.loss, Surface::Quadratic.value(q.x, q.y));
    }
    p.points.iter().map(|q| [q.x, q.y]).collect()
}

/// PyTorch's momentum, `v ← μv + g` (with `v = g` at the first step), `p ← p − lr·v`, on
/// `f = a p²/2` is the linear recurrence `p_(k+1) = (1 + μ − lr·a) p_k − μ p_(k−1)` from
/// `p_1 = (1 − lr·a) p_0`; solved through the roots of `r² − (1 + μ − lr·a) r + μ = 0`.
/// With `μ = 0` it is plain SGD, `p_k = (1 − lr·a)^k p_0`.
fn heavy_ball(p0: f64, a: f64, lr: f64, mu: f64, k: usize) -> f64 {
    let p1 = (1.0 - lr * a) * p0;
    if k == 0 {
        return p0;
    }
    let trace = 1.0 + mu - lr * a;
    let disc = trace * trace - 4.0 * mu;
    let k = k as i32;
    if mu == 0.0 {
        p0 * (1.0 - lr * a).powi(k)
    } else if disc > 0.0 {
        let (r1, r2) = ((trace + disc.sqrt()) / 2.0, (trace - disc.sqrt()) / 2.0);
        let c1 = (p1 - r2 * p0) / (r1 - r2);
        let c2 = p0 - c1;
        c1 * r1.powi(k) + c2 * r2.powi(k)
    } else {
        // Complex roots ρe^(±iθ) with ρ = √μ.
        let rho = mu.sqrt();
        let theta = (trace / (2.0 * rho)).acos();
        let b = (p1 / rho - p0 * theta.cos()) / theta.sin();
        rho.powi(k) * (p0 * (f64::from(k) * theta).cos() + b * (f64::from(k) * theta).sin())
    }
}

fn assert_follows(optimizer: &str, lr: f64, mu: f64, steps: usize) {
    let got = path(optimizer, steps);
    let start = [-2.5, 1.5];
    for (k, point) in got.iter().enumerate() {
        for c in 0..2 {
            let want = heavy_ball(start[c], CURVATURE[c], lr, mu, k);
            // f32 arithmetic in the optimizer: a few ulps per step of a value of order 1.
            assert!(
                (point[c] - want).abs() < 2e-5,
                "{optimizer} step {k} coordinate {c}: {} vs closed form {want}",
                point[c]
            );
        }
    }
}

#[test]
fn sgd_follows_the_geometric_sequence() {
    assert_follows(r#"{"optimizer": "SGD", "lr": 0.05}"#, 0.05, 0.0, 200);
    assert_follows(r#"{"optimizer": "SGD", "lr": 0.19}"#, 0.19, 0.0, 100);
}

#[test]
fn momentum_follows_the_heavy_ball_recurrence() {
    // Underdamped in both directions (complex roots): the path spirals in.
    assert_follows(
        r#"{"optimizer": "SGD", "lr": 0.05, "momentum": 0.9}"#,
        0.05,
        0.9,
        300,
    );
    // Overdamped along x (real roots), underdamped along y.
    assert_follows(
        r#"{"optimizer": "SGD", "lr": 0.01, "momentum": 0.5}"#,
        0.01,
        0.5,
        300,
    );
}

#[test]
fn closed_form_is_what_the_recurrence_says() {
    // Guards the reference itself: iterate the recurrence in f64 and compare.
    for (lr, mu) in [(0.05, 0.9), (0.01, 0.5), (0.19, 0.0), (0.02, 0.3)] {
        for a in CURVATURE {
            let (mut p, mut v) = (1.0f64, 0.0f64);
            for k in 0..100 {
                assert!(
                    (p - heavy_ball(1.0, a, lr, mu, k)).abs() < 1e-9,
                    "{lr} {mu} {a} {k}"
                );
                v = if k == 0 { a * p } else { mu * v + a * p };
                p -= lr * v;
            }
        }
    }
}
