//! The JSON a link, the page or `lrlab schedule` hands the core, on arbitrary text: refused
//! with an error, or simulated without a panic. Long simulations are cut short to keep each
//! run fast; the size limit itself is tested elsewhere.

use lrlab::schedule::{simulate, ScheduleSpec};

/// Steps simulated at most per input.
const MAX_FUZZ_STEPS: usize = 2_000;

/// Parses `data` as a schedule spec and simulates it.
pub fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(mut spec) = ScheduleSpec::from_json(&text) {
        spec.steps = spec.steps.min(MAX_FUZZ_STEPS);
        if let Ok(curve) = simulate(&spec) {
            assert_eq!(curve.lr.len(), spec.steps + 1);
        }
    }
}
