//! `lrlab`: native command line for the lab's computations.
fn main() {
    std::process::exit(lrlab::cli::main(std::env::args().skip(1).collect()));
}
