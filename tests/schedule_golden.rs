//! Every case of tests/pytorch/schedules.json (written by tests/pytorch/gen_schedules.py with
//! real PyTorch) through lrlab's core: each lr and momentum within a relative 1e-9 of torch's on
//! every step, and every error with PyTorch's exact text.

use std::path::PathBuf;

use lrlab::schedule::{simulate, ScheduleSpec};
use lrlab::Error;
use serde::Deserialize;

const TOLERANCE: f64 = 1e-9;

#[derive(Deserialize)]
struct Golden {
    torch: String,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    spec: serde_json::Value,
    expected: Expected,
    /// Where lrlab's message deliberately differs from Python's: the kind of error it gives.
    #[serde(default)]
    rust_error: Option<String>,
}

#[derive(Deserialize)]
struct Expected {
    #[serde(default)]
    lr: Option<Vec<f64>>,
    #[serde(default)]
    momentum: Option<Vec<f64>>,
    #[serde(default)]
    error: Option<String>,
}

fn golden() -> Golden {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/pytorch/schedules.json");
    let text = std::fs::read_to_string(&path).expect("tests/pytorch/schedules.json is committed");
    serde_json::from_str(&text).expect("schedules.json parses")
}

fn rel_err(a: f64, b: f64) -> f64 {
    let scale = a.abs().max(b.abs());
    if scale == 0.0 {
        0.0
    } else {
        (a - b).abs() / scale
    }
}

/// Compares one series; returns its worst relative error or a description of the mismatch.
fn compare(what: &str, got: Option<&[f64]>, want: Option<&[f64]>) -> Result<f64, String> {
    match (got, want) {
        (None, None) => Ok(0.0),
        (Some(g), Some(w)) if g.len() == w.len() => {
            let mut worst = 0.0f64;
            for (k, (a, b)) in g.iter().zip(w).enumerate() {
                let e = rel_err(*a, *b);
                if e.is_nan() || e > TOLERANCE {
                    return Err(format!("{what}[{k}] = {a:e}, torch {b:e} (rel {e:e})"));
                }
                worst = worst.max(e);
            }
            Ok(worst)
        }
        (g, w) => Err(format!(
            "{what}: {} values, torch {}",
            g.map_or("no".into(), |v| v.len().to_string()),
            w.map_or("no".into(), |v| v.len().to_string())
        )),
    }
}

fn check(case: &Case) -> Result<f64, String> {
    let result = serde_json::from_value::<ScheduleSpec>(case.spec.clone())
        .map_err(Error::from)
        .and_then(|spec| simulate(&spec));
    match (&case.expected.error, result) {
        (Some(want), Err(got)) => {
            let ok = match case.rust_error.as_deref() {
                Some("Expression") => matches!(got, Error::Expression(_)),
                Some(kind) => got.to_string().starts_with(kind),
                None => got.to_string() == *want,
            };
            if ok {
                Ok(0.0)
            } else {
                Err(format!("error {got:?}, torch {want:?}"))
            }
        }
        (Some(want), Ok(_)) => Err(format!("succeeded, torch raised {want:?}")),
        (None, Err(got)) => Err(format!("failed with {got:?}")),
        (None, Ok(curve)) => {
            let lr = compare("lr", Some(&curve.lr), case.expected.lr.as_deref())?;
            let m = compare(
                "momentum",
                curve.momentum.as_deref(),
                case.expected.momentum.as_deref(),
            )?;
            Ok(lr.max(m))
        }
    }
}

#[test]
fn every_case_matches_pytorch() {
    let golden = golden();
    let mut failures = Vec::new();
    let (mut worst, mut worst_case, mut values, mut errors) = (0.0f64, String::new(), 0, 0);
    for case in &golden.cases {
        match check(case) {
            Ok(e) => {
                if e > worst {
                    worst = e;
                    worst_case = case.name.clone();
                }
            }
            Err(why) => failures.push(format!("{}: {why}", case.name)),
        }
        if case.expected.error.is_some() {
            errors += 1;
        }
        values += case.expected.lr.as_ref().map_or(0, Vec::len)
            + case.expected.momentum.as_ref().map_or(0, Vec::len);
    }
    println!(
        "{} golden cases from torch {} ({errors} errors, {values} values): worst relative \
         error {worst:.3e} ({worst_case})",
        golden.cases.len(),
        golden.torch,
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from PyTorch:\n{}",
        failures.len(),
        golden.cases.len(),
        failures.join("\n")
    );
}

#[test]
fn fixtures_cover_every_scheduler_and_error() {
    let golden = golden();
    for name in lrlab::schedule::SchedulerConfig::NAMES {
        let ok = golden
            .cases
            .iter()
            .filter(|c| c.spec["scheduler"] == *name && c.expected.lr.is_some())
            .count();
        let failing = golden
            .cases
            .iter()
            .filter(|c| c.spec["scheduler"] == *name && c.expected.error.is_some())
            .count();
        assert!(ok >= 3, "{name}: only {ok} successful cases");
        assert!(failing >= 1, "{name}: no error case");
    }
}

/// Not a check by itself: `gen_schedules.py --snippets` runs this to get lrlab's PyTorch
/// snippet of every successful case (into `$LRLAB_SNIPPETS_OUT/<case index>.py`), then runs
/// each under torch and compares what it prints with the fixture.
#[test]
#[ignore = "tool for tests/pytorch/gen_schedules.py --snippets"]
fn dump_snippets() {
    let dir = std::env::var("LRLAB_SNIPPETS_OUT").expect("LRLAB_SNIPPETS_OUT names a directory");
    let mut written = 0;
    for (i, case) in golden().cases.iter().enumerate() {
        if case.expected.error.is_some() {
            continue;
        }
        let spec: ScheduleSpec =
            serde_json::from_value(case.spec.clone()).expect("successful cases parse");
        let snippet = lrlab::schedule::pytorch_snippet(&spec);
        assert!(snippet.contains("print(lrs)"), "{}", case.name);
        std::fs::write(PathBuf::from(&dir).join(format!("{i}.py")), snippet)
            .expect("snippet written");
        written += 1;
    }
    assert!(written > 0);
}
