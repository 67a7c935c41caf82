//! `lrlab`: native command line for the lab's computations.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(lrlab::cli::main(std::env::args().skip(1).collect()));
}

// The browser build has no command line; this keeps `cargo test --target wasm32-unknown-unknown`
// (which builds every target) compiling.
#[cfg(target_arch = "wasm32")]
fn main() {}
