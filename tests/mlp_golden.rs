//! The MLP's loss, logits and every gradient against real PyTorch (tests/pytorch/gen_mlp.py wrote
//! tests/pytorch/mlp.json): 784-16-10 and 784-16-12-10 with each activation, on eight real
//! digits, agreeing to 1e-5.

use lrlab::nn::{Activation, MlpConfig};
use serde::Deserialize;

#[derive(Deserialize)]
struct Golden {
    batch: Batch,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Batch {
    pixels: Vec<u8>,
    labels: Vec<u8>,
}

#[derive(Deserialize)]
struct Case {
    hidden: Vec<usize>,
    activation: Activation,
    shifts: Vec<i32>,
    loss: f64,
    logits: Vec<f32>,
    grads: Vec<Vec<f32>>,
}

fn golden() -> Golden {
    let text = include_str!("pytorch/mlp.json");
    serde_json::from_str(text).expect("tests/pytorch/mlp.json parses")
}

/// The generator's parameter rule, exact in f32: `k * 2^-shift` with `k` in -999..=999.
fn rule_params(lens: &[usize], shifts: &[i32]) -> Vec<f32> {
    let mut params = Vec::new();
    for (t, (&len, &shift)) in lens.iter().zip(shifts).enumerate() {
        for i in 0..len as i64 {
            let k = (i * 7919 + t as i64 * 104_729) % 1999 - 999;
            params.push(k as f32 * 2f32.powi(-shift));
        }
    }
    params
}

fn close(got: f64, want: f64) -> bool {
    (got - want).abs() <= 1e-5 * want.abs().max(1.0)
}

#[test]
fn loss_logits_and_gradients_match_pytorch() {
    let g = golden();
    let x: Vec<f32> = g
        .batch
        .pixels
        .iter()
        .map(|&b| f32::from(b) / 255.0)
        .collect();
    let rows = g.batch.labels.len();
    assert_eq!(g.cases.len(), 6);
    for case in &g.cases {
        let name = format!("{:?} {:?}", case.hidden, case.activation);
        let cfg = MlpConfig {
            hidden: case.hidden.clone(),
            activation: case.activation,
        };
        let net = cfg.build(784, 10).expect("valid network");
        let lens = net.tensor_lens();
        assert_eq!(lens.len(), case.grads.len(), "{name}: tensor count");
        let params = rule_params(&lens, &case.shifts);
        let mut ws = net.workspace(rows);

        let logits = net.forward(&params, &x, &mut ws).expect("forward").to_vec();
        assert_eq!(logits.len(), case.logits.len());
        for (i, (&a, &b)) in logits.iter().zip(&case.logits).enumerate() {
            assert!(
                close(f64::from(a), f64::from(b)),
                "{name}: logit {i}: {a} vs {b}"
            );
        }

        let mut grad = vec![f32::NAN; net.num_params()];
        let loss = net
            .loss_and_grad(&params, &x, &g.batch.labels, &mut grad, &mut ws)
            .expect("backward");
        assert!(
            close(loss, case.loss),
            "{name}: loss {loss} vs {}",
            case.loss
        );

        let mut offset = 0;
        for (t, want) in case.grads.iter().enumerate() {
            assert_eq!(want.len(), lens[t], "{name}: tensor {t} length");
            for (i, &w) in want.iter().enumerate() {
                let got = grad[offset + i];
                assert!(
                    close(f64::from(got), f64::from(w)),
                    "{name}: grad tensor {t}[{i}]: {got} vs {w}"
                );
            }
            offset += lens[t];
        }
        assert!(
            grad.iter().any(|&v| v != 0.0),
            "{name}: gradients are not all zero"
        );
    }
}
