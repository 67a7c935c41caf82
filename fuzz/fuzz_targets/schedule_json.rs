#![no_main]
//! cargo-fuzz entry point; the check itself lives in ../checks/schedule_json.rs (shared with the corpus
//! replay test that runs on stable).

#[path = "../checks/schedule_json.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| check::check(data));
