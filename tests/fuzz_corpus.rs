//! Replays the committed fuzz corpus (fuzz/corpus/<target>/*) through the same checks the
//! cargo-fuzz targets run, so every input that ever mattered stays covered on stable Rust in
//! `make test`. `make fuzz` grows the corpus.

use std::fs;
use std::path::Path;

#[path = "../fuzz/checks/expr.rs"]
mod expr;
#[path = "../fuzz/checks/idx.rs"]
mod idx;
#[path = "../fuzz/checks/schedule_json.rs"]
mod schedule_json;

/// Feeds every file of `fuzz/corpus/<target>` to `check`; returns how many there were.
fn replay(target: &str, check: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut count = 0;
    for entry in fs::read_dir(&dir).expect("the corpus directory exists") {
        let path = entry.expect("a readable entry").path();
        check(&fs::read(&path).expect("a readable corpus file"));
        count += 1;
    }
    count
}

#[test]
fn idx_corpus_parses_or_is_refused() {
    assert!(replay("idx", idx::check) >= 7);
}

#[test]
fn expression_corpus_parses_or_is_refused() {
    assert!(replay("expr", expr::check) >= 15);
}

#[test]
fn schedule_json_corpus_simulates_or_is_refused() {
    assert!(replay("schedule_json", schedule_json::check) >= 17);
}
