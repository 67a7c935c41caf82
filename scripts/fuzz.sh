#!/usr/bin/env bash
# `make fuzz`: fuzzes the parsers of untrusted input (IDX files, lr_lambda expressions, the
# schedule JSON that links and the CLI carry) for FUZZ_SECONDS each with cargo-fuzz, growing
# fuzz/corpus/ (commit what it adds). Needs the nightly toolchain and cargo-fuzz; installs
# cargo-fuzz when missing. Prints one line per target: executions, seconds, crashes.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${FUZZ_SECONDS:-60}
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz
status=0
for target in idx expr schedule_json; do
  log=$(mktemp)
  if cargo +nightly fuzz run "$target" -- -max_total_time="$seconds" >"$log" 2>&1; then crashes=0; else crashes=1; status=1; fi
  runs=$(grep -oE 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)
  echo "fuzz $target: ${runs:-no summary} ; crashes: $crashes"
  [ "$crashes" = 0 ] || tail -40 "$log"
  rm -f "$log"
done
exit $status
