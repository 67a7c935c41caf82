//! Every case of `tests/pytorch/optim.json`, made by real PyTorch (float32, foreach=False; see
//! `tests/pytorch/gen_optim.py`), replayed through lrlab's optimizers: the parameters after
//! every step agree to 1e-6 relative (1e-7 absolute near zero), and invalid settings fail with
//! PyTorch's own message.

use lrlab::optim::Replay;
use serde::Deserialize;

#[derive(Deserialize)]
struct Fixture {
    torch: String,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    input: serde_json::Value,
    #[serde(default)]
    expected: Option<Vec<Vec<f64>>>,
    #[serde(default)]
    error: Option<String>,
}

const RELATIVE: f64 = 1e-6;
const ABSOLUTE: f64 = 1e-7;

/// Distance in units in the last place between two finite `f32`s of any sign.
fn ulps(a: f32, b: f32) -> u64 {
    let key = |x: f32| {
        let bits = x.to_bits() as i64;
        if bits < 0 {
            i64::from(i32::MIN) - bits
        } else {
            bits
        }
    };
    key(a).abs_diff(key(b))
}

#[derive(Default)]
struct Tally {
    values: usize,
    exact: usize,
    worst_relative: (f64, String),
    worst_ulps: (u64, String),
}

impl Tally {
    /// Compares one step's parameters; returns a description of the first value out of
    /// tolerance.
    fn row(&mut self, name: &str, step: usize, got: &[f32], want: &[f64]) -> Option<String> {
        if got.len() != want.len() {
            return Some(format!(
                "step {step}: {} values, want {}",
                got.len(),
                want.len()
            ));
        }
        for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
            self.values += 1;
            let diff = (f64::from(g) - w).abs();
            let u = ulps(g, w as f32);
            if u == 0 {
                self.exact += 1;
            }
            if u > self.worst_ulps.0 {
                self.worst_ulps = (u, format!("{name} step {step} [{i}]"));
            }
            let relative = diff / w.abs().max(ABSOLUTE / RELATIVE);
            if relative > self.worst_relative.0 {
                self.worst_relative = (relative, format!("{name} step {step} [{i}]"));
            }
            // Written so that a NaN fails.
            let within = diff <= (RELATIVE * w.abs()).max(ABSOLUTE);
            if !within {
                return Some(format!("step {step} [{i}]: got {g:e}, PyTorch {w:e}"));
            }
        }
        None
    }
}

#[test]
fn optimizers_match_pytorch() {
    let fixture: Fixture =
        serde_json::from_str(include_str!("pytorch/optim.json")).expect("fixture parses");
    assert!(fixture.cases.len() >= 50, "too few cases");
    let mut tally = Tally::default();
    let mut failures = Vec::new();
    let mut errors = 0;
    for case in &fixture.cases {
        let result = Replay::from_json(&case.input.to_string()).and_then(|r| r.run());
        match (&case.expected, &case.error, result) {
            (Some(want), None, Ok(got)) => {
                if got.len() != want.len() {
                    failures.push(format!(
                        "{}: {} steps, want {}",
                        case.name,
                        got.len(),
                        want.len()
                    ));
                    continue;
                }
                for (step, (g, w)) in got.iter().zip(want).enumerate() {
                    if let Some(f) = tally.row(&case.name, step + 1, g, w) {
                        failures.push(format!("{}: {f}", case.name));
                        break;
                    }
                }
            }
            (None, Some(want), Err(e)) => {
                errors += 1;
                if e.to_string() != *want {
                    failures.push(format!("{}: error {e:?}, PyTorch {want:?}", case.name));
                }
            }
            (_, _, Ok(_)) => failures.push(format!("{}: accepted, PyTorch refused", case.name)),
            (_, _, Err(e)) => failures.push(format!("{}: {e}", case.name)),
        }
    }
    println!(
        "{} PyTorch {} cases ({} optimizer runs, {errors} error messages): {} values, {} bit-exact; \
         worst relative error {:.2e} ({}), worst {} ulp ({})",
        fixture.cases.len(),
        fixture.torch,
        fixture.cases.len() - errors,
        tally.values,
        tally.exact,
        tally.worst_relative.0,
        tally.worst_relative.1,
        tally.worst_ulps.0,
        tally.worst_ulps.1,
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
