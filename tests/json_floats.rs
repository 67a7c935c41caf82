//! Numbers in JSON configs are read exactly: serde_json's default float parser can be one ulp
//! off for 16-17 significant digits (the shortest form of many doubles, e.g. an lr a slider
//! produced), which would break the PyTorch-exact schedules and optimizers; the crate enables
//! its `float_roundtrip` feature, which parses as Python's `float()` does (correctly rounded).

use lrlab::data::seeded_rng;
use rand::RngCore;

#[test]
fn json_numbers_parse_to_the_nearest_double() {
    let mut rng = seeded_rng(17, 17);
    for _ in 0..200_000 {
        // Doubles spread over the magnitudes configs use (1e-9 .. 1e3).
        let mantissa = rng.next_u64() >> 12;
        let exponent = 1023 - 30 + (rng.next_u32() % 40) as u64;
        let x = f64::from_bits((exponent << 52) | mantissa);
        let text = format!("{x}");
        let parsed: f64 = serde_json::from_str(&text).expect("a JSON number");
        assert_eq!(parsed.to_bits(), x.to_bits(), "{text}");
    }
}
