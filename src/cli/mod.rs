//! The native `lrlab` command line: each subcommand reads one JSON spec (a file or `-` for
//! stdin) and prints JSON on stdout; errors go to stderr with a non-zero exit status.

mod data;
mod landscape;
mod lr_find;
mod optim;
mod playground;
mod plot;
mod plot_charts;
mod raster;
mod schedule;
mod snapshots;
mod tips;
mod train;

use std::io::Read;

use crate::{Error, Result};

const USAGE: &str = "usage: lrlab <schedule|optim|train|lr-find|landscape|snapshots|playground|tips> FILE|-, or lrlab plot FILE|- (--svg OUT | --png OUT)";

/// Runs the command line; returns the process exit status.
pub fn main(args: Vec<String>) -> i32 {
    match run(&args) {
        Ok(out) => {
            println!("{out}");
            0
        }
        Err(e) => {
            eprintln!("{e}");
            1
        }
    }
}

fn run(args: &[String]) -> Result<String> {
    if let [cmd, rest @ ..] = args {
        if cmd == "plot" {
            return plot::run(rest);
        }
    }
    let (cmd, path) = match args {
        [cmd, path] => (cmd.as_str(), path.as_str()),
        _ => return Err(Error::Config(USAGE.into())),
    };
    let input = read_input(path)?;
    match cmd {
        "schedule" => schedule::run(&input),
        "optim" => optim::run(&input),
        "train" => train::run(&input),
        "lr-find" => lr_find::run(&input),
        "landscape" => landscape::run(&input),
        "snapshots" => snapshots::run(&input),
        "playground" => playground::run(&input),
        "tips" => tips::run(&input),
        _ => Err(Error::Config(format!("unknown command '{cmd}'; {USAGE}"))),
    }
}

/// Reads the whole spec from `path`, or from stdin when `path` is `-`.
pub fn read_input(path: &str) -> Result<String> {
    let mut s = String::new();
    if path == "-" {
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| Error::Io(format!("cannot read stdin: {e}")))?;
    } else {
        s = std::fs::read_to_string(path)
            .map_err(|e| Error::Io(format!("cannot read {path}: {e}")))?;
    }
    Ok(s)
}
