//! Snapshot ensembles score the mean of their members' softmax outputs: checked against the
//! average computed by hand (in `f64`, from the logits) on a tiny network.

use lrlab::nn::{Activation, Mlp};
use lrlab::snapshots::{average_weights, ensemble_score, softmax_outputs, weight_average_score};

fn softmax(z: &[f64]) -> Vec<f64> {
    let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let e: Vec<f64> = z.iter().map(|v| (v - m).exp()).collect();
    let s: f64 = e.iter().sum();
    e.iter().map(|v| v / s).collect()
}

/// Logits of a 2-input, 3-class linear network `W x + b` (`params` = W row-major, then b).
fn logits(params: &[f32], x: &[f32]) -> Vec<f64> {
    (0..3)
        .map(|c| {
            f64::from(params[6 + c])
                + f64::from(params[2 * c]) * f64::from(x[0])
                + f64::from(params[2 * c + 1]) * f64::from(x[1])
        })
        .collect()
}

#[test]
fn ensemble_accuracy_is_the_hand_computed_softmax_average() {
    let model = Mlp::new(&[2, 3], Activation::Relu).unwrap();
    let snapshots: [[f32; 9]; 3] = [
        [2.0, 0.0, 0.0, 1.0, -1.0, -1.0, 0.0, 0.0, 0.0],
        [0.5, 0.5, 1.5, -0.5, 0.0, 1.0, 0.1, 0.0, -0.1],
        [-1.0, 1.0, 1.0, 1.0, 1.0, -2.0, 0.0, 0.3, 0.0],
    ];
    let x: [f32; 8] = [1.0, 0.0, 0.0, 1.0, 1.0, 1.0, -1.0, 0.5];
    let labels = [0u8, 1, 2, 0];
    let probs: Vec<Vec<f32>> = snapshots
        .iter()
        .map(|p| softmax_outputs(&model, p, &x).unwrap())
        .collect();
    for m in 1..=3 {
        let members = &snapshots[3 - m..];
        let mut correct = 0;
        let mut nll = 0.0;
        for (i, &y) in labels.iter().enumerate() {
            let mut mean = [0.0f64; 3];
            for p in members {
                for (acc, q) in mean
                    .iter_mut()
                    .zip(softmax(&logits(p, &x[2 * i..2 * i + 2])))
                {
                    *acc += q / m as f64;
                }
            }
            let best = (0..3).fold(0, |b, c| if mean[c] > mean[b] { c } else { b });
            correct += usize::from(best == usize::from(y));
            nll -= mean[usize::from(y)].ln();
        }
        let refs: Vec<&[f32]> = probs[3 - m..].iter().map(Vec::as_slice).collect();
        let score = ensemble_score(&refs, &labels, 3).unwrap();
        assert_eq!(score.correct, correct, "last {m}");
        assert_eq!(score.accuracy, correct as f64 / 4.0);
        assert!(
            (score.loss - nll / 4.0).abs() < 1e-6,
            "last {m}: {} vs {}",
            score.loss,
            nll / 4.0
        );
    }
    // The hand-made case where the ensemble beats its members (so the test can fail).
    let alone: Vec<usize> = probs
        .iter()
        .map(|p| ensemble_score(&[p.as_slice()], &labels, 3).unwrap().correct)
        .collect();
    let all: Vec<&[f32]> = probs.iter().map(Vec::as_slice).collect();
    let together = ensemble_score(&all, &labels, 3).unwrap().correct;
    assert!(
        together >= *alone.iter().max().unwrap(),
        "{alone:?} vs {together}"
    );

    // The weight average is another network: the mean of the parameters.
    let refs: Vec<&[f32]> = snapshots.iter().map(|p| p.as_slice()).collect();
    let mean = average_weights(&refs).unwrap();
    assert!((mean[0] - 0.5).abs() < 1e-7 && (mean[8] - (-0.1 / 3.0)).abs() < 1e-7);
    let avg = weight_average_score(&model, &refs, &x, &labels).unwrap();
    let mut right = 0;
    for (i, &y) in labels.iter().enumerate() {
        let z = logits(&mean, &x[2 * i..2 * i + 2]);
        let best = (0..3).fold(0, |b, c| if z[c] > z[b] { c } else { b });
        right += usize::from(best == usize::from(y));
    }
    assert_eq!(avg.correct, right);
}
