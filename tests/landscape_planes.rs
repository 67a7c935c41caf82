//! The planes of Li et al. (2018) on a trained network: the PCA directions are orthonormal and
//! the final point projects to the origin; filter-normalised random rows have the norms of the
//! weight rows they stand for; the plane through three points contains them.

use std::sync::Arc;

use lrlab::data::Dataset;
use lrlab::landscape::{
    choose_plane, plane_through, random_plane, LandscapePhase, LandscapeRun, LandscapeSpec,
    PlaneKind, PlaneSpec,
};
use lrlab::nn::{Activation, Mlp};

/// Four classes of 4x4 images: class `c` lights row `c`, plus a deterministic ripple.
fn blobs(n: usize) -> Dataset {
    let mut images = Vec::with_capacity(n * 16);
    let mut labels = Vec::with_capacity(n);
    for i in 0..n {
        let c = i % 4;
        for p in 0..16 {
            let ripple = ((i * 7 + p * 13) % 17) as f32 / 17.0 * 0.4;
            images.push(if p / 4 == c { 1.0 - ripple } else { ripple });
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

fn trained(plane: &str) -> LandscapeRun {
    let spec = LandscapeSpec::from_json(&format!(
        r#"{{"data": {{"train_size": 120, "val_size": 60}}, "model": {{"hidden": [12]}},
            "optimizer": {{"optimizer": "SGD", "lr": 0.3, "momentum": 0.9}},
            "batch_size": 10, "epochs": 4,
            "landscape": {{"trajectory": {{"every": 2}}, "plane": {plane},
                           "grid": {{"size": 5, "coarse": 3}}}}}}"#
    ))
    .unwrap();
    let mut run = LandscapeRun::new(&spec, Arc::new(blobs(300)), None).unwrap();
    while run.progress().phase == LandscapePhase::Training {
        run.run(5).unwrap();
    }
    run.run(0).unwrap();
    assert_eq!(run.progress().phase, LandscapePhase::Grid);
    run
}

fn dot(a: &[f32], b: &[f32]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(&x, &y)| f64::from(x) * f64::from(y))
        .sum()
}

#[test]
fn pca_directions_are_orthonormal_and_the_final_point_is_the_origin() {
    let run = trained(r#"{"kind": "pca"}"#);
    let view = run.view().unwrap();
    let plane = view.plane();
    assert_eq!(plane.kind, PlaneKind::Pca);
    assert!((dot(&plane.d1, &plane.d1) - 1.0).abs() < 1e-5);
    assert!((dot(&plane.d2, &plane.d2) - 1.0).abs() < 1e-5);
    assert!(dot(&plane.d1, &plane.d2).abs() < 1e-5);
    let final_params = run.recorded().trainer().params();
    assert_eq!(plane.origin, final_params);
    let p = plane.project(final_params).unwrap();
    assert_eq!((p.x, p.y, p.error), (0.0, 0.0, 0.0));
    let path = &view.paths()[0];
    assert_eq!(path.len(), run.recorded().trajectory().len());
    let last = path.last().unwrap();
    assert_eq!((last.x, last.y), (0.0, 0.0));
    assert!(last.epoch_end && last.iteration == 48 && last.epoch == 4);
    let ev = plane.explained_variance.unwrap();
    assert!(
        ev[0] >= ev[1] && ev[1] > 0.0 && ev[0] + ev[1] <= 1.0 + 1e-9,
        "{ev:?}"
    );
    // The start lies at non-positive coordinates (the sign convention).
    assert!(path[0].x <= 0.0 && path[0].y <= 0.0, "{:?}", path[0]);
    // The top two directions hold most of a short SGD path.
    assert!(ev[0] + ev[1] > 0.5, "{ev:?}");
}

#[test]
fn filter_normalised_rows_have_the_weight_rows_norms() {
    let model = Mlp::new(&[16, 12, 8, 4], Activation::Tanh).unwrap();
    let mut theta: Vec<f32> = (0..model.num_params())
        .map(|i| ((i * 37 % 101) as f32 - 50.0) / 40.0)
        .collect();
    // A row of zeros has a zero direction row.
    let l0 = model.layers()[0];
    theta[l0.weight..l0.weight + 16].fill(0.0);
    let plane = random_plane(&model, &theta, 11).unwrap();
    assert_eq!(plane.kind, PlaneKind::Random);
    for d in [&plane.d1, &plane.d2] {
        for layer in model.layers() {
            let (w, b) = (
                layer.weight..layer.bias,
                layer.bias..layer.bias + layer.outputs,
            );
            assert!(d[b].iter().all(|&v| v == 0.0), "bias entries are zero");
            for (row, target) in d[w.clone()]
                .chunks_exact(layer.inputs)
                .zip(theta[w].chunks_exact(layer.inputs))
            {
                let (got, want) = (dot(row, row).sqrt(), dot(target, target).sqrt());
                assert!(
                    (got - want).abs() <= 1e-5 * want.max(1e-30),
                    "{got} vs {want}"
                );
                if want > 0.0 {
                    assert!(row.iter().any(|&v| v != 0.0));
                }
            }
        }
    }
    assert!(
        dot(&plane.d1, &plane.d2).abs() < 0.5 * dot(&plane.d1, &plane.d1),
        "random, not aligned"
    );
}

#[test]
fn random_and_three_point_planes_of_a_real_path() {
    let run = trained(r#"{"kind": "random", "seed": 3}"#);
    let view = run.view().unwrap();
    assert_eq!(view.plane().kind, PlaneKind::Random);
    let g = view.grid().full();
    assert_eq!(
        (g.x[0], g.x[4]),
        (-1.0, 1.0),
        "Li et al.'s [-1, 1] square by default"
    );
    let path = run.recorded().trajectory();
    let model = run.recorded().trainer().model();
    let plane = choose_plane(&PlaneSpec::Points { points: [0, 5, -1] }, model, &[path]).unwrap();
    assert_eq!(plane.kind, PlaneKind::Points);
    for i in [0, 5, path.len() - 1] {
        let p = plane.project(path.params(i).unwrap()).unwrap();
        assert!(p.relative_error < 1e-4, "point {i}: {p:?}");
    }
    let same = plane_through(
        path.params(0).unwrap(),
        path.params(5).unwrap(),
        path.params(path.len() - 1).unwrap(),
    )
    .unwrap();
    assert_eq!(same, plane);
    let outside = PlaneSpec::Points {
        points: [0, 1, 999],
    };
    assert!(choose_plane(&outside, model, &[path]).is_err());
}
