//! `lrlab lr-find FILE|-`: runs an LR range test natively on a training configuration plus
//! `"lr_find"` settings ([`LrFindSpec`]) and prints
//! `{"lrs", "losses", "smoothed", "suggestions": {"steepest", "min_div_10", "valley",
//! "cyclic_base_lr", "cyclic_max_lr"}, "stop"}`, with `"band"` (min, median, max of the
//! smoothed losses per lr) when `lr_find.seeds` lists several seeds.
//!
//! With `"search"` instead of `"lr_find"` ([`LrSearchSpec`]) it runs the coarse-to-fine search
//! and prints `{"points": [{"stage", "lr", "train_loss", "val_loss", "val_acc",
//! "diverged_at"}], "best"}`.
//!
//! The data is the bundled 10k MNIST digits unless the config names IDX files, as for
//! `lrlab train`.

use std::sync::Arc;

use serde_json::{json, Value};

use super::data::load_data;
use crate::lrfind::{analyse, LrFindSpec, LrSearchSpec, Search, SeedBand, SeedRun, Suggestion};
use crate::{Error, Result};

/// Runs the subcommand on one JSON spec and returns the JSON to print.
///
/// # Errors
/// A bad spec or data file, or an optimizer PyTorch would reject.
pub fn run(input: &str) -> Result<String> {
    let value: Value = serde_json::from_str(input)?;
    if value.get("search").is_some() {
        return search(input);
    }
    let spec = LrFindSpec::from_json(input)?;
    let (pool, test) = load_data(&spec.train.data)?;
    let mut band = SeedBand::new(
        spec.lr_find.clone(),
        spec.train,
        Arc::new(pool),
        test.map(Arc::new),
    )?;
    band.run(usize::MAX)?;
    let runs = band.runs();
    let first = runs
        .first()
        .ok_or_else(|| Error::Config("the range test recorded nothing".into()))?;
    let mut out = report(first, &spec.lr_find);
    if runs.len() > 1 {
        out["band"] = serde_json::to_value(band.spread(spec.lr_find.smoothing.beta))?;
        out["seeds"] = json!(runs.iter().map(|r| r.seed).collect::<Vec<_>>());
    }
    Ok(out.to_string())
}

/// The coarse-to-fine search of a [`LrSearchSpec`]: every point, then the best.
fn search(input: &str) -> Result<String> {
    let spec = LrSearchSpec::from_json(input)?;
    let (pool, test) = load_data(&spec.train.data)?;
    let mut search = Search::new(spec.search, spec.train, Arc::new(pool), test.map(Arc::new))?;
    while !search.is_done() {
        search.run(usize::MAX)?;
    }
    Ok(json!({"points": search.table(), "best": search.best()}).to_string())
}

/// The contract's object for one run.
fn report(run: &SeedRun, config: &crate::lrfind::RangeTestConfig) -> Value {
    let a = analyse(&run.lrs, &run.losses, config.num_iter, &config.smoothing);
    let lr = |s: Option<Suggestion>| s.map(|s| s.lr);
    let s = a.suggestions;
    json!({
        "lrs": run.lrs,
        "losses": run.losses,
        "smoothed": a.smoothed,
        "suggestions": {
            "steepest": lr(s.steepest),
            "min_div_10": lr(s.min_div_10),
            "valley": lr(s.valley),
            "cyclic_base_lr": lr(s.cyclic.map(|b| b.base)),
            "cyclic_max_lr": lr(s.cyclic.map(|b| b.max)),
        },
        "stop": run.stop,
    })
}
