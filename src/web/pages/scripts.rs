//! Every experiment's exports for the page: its JSON configuration (parsed and written out in
//! full, as the CLI or the panel reads it back) and its PyTorch script (see `crate::pyscript`).

use serde::Serialize;
use wasm_bindgen::prelude::*;

#[cfg(feature = "panels-experiments")]
use crate::landscape::LandscapeSpec;
#[cfg(feature = "panels-experiments")]
use crate::lrfind::{LrFindSpec, LrSearchSpec};
#[cfg(feature = "panels-experiments")]
use crate::pyscript::{
    landscape_script, range_test_script, search_script, snapshots_script, tip_script, TipSpec,
};
#[cfg(feature = "panels-train")]
use crate::pyscript::{playground_script, PlaygroundSpec};
#[cfg(feature = "panels-experiments")]
use crate::snapshots::SnapshotSpec;
use crate::web::convert::to_js;
use crate::{Error, Result};

/// The two files of an experiment.
#[derive(Serialize)]
struct Export {
    /// The configuration, pretty-printed.
    config: String,
    /// The script.
    script: String,
}

fn export<T: Serialize>(spec: &T, script: String) -> Result<Export> {
    Ok(Export {
        config: format!("{}\n", serde_json::to_string_pretty(spec)?),
        script,
    })
}

/// The experiments whose exports this module holds: the Playground's with the Train panel's
/// module, the others with the experiments' (the default build has all).
const KINDS: &[&str] = &[
    #[cfg(feature = "panels-experiments")]
    "lr-find",
    #[cfg(feature = "panels-experiments")]
    "lr-search",
    #[cfg(feature = "panels-train")]
    "playground",
    #[cfg(feature = "panels-experiments")]
    "tips",
    #[cfg(feature = "panels-experiments")]
    "landscape",
    #[cfg(feature = "panels-experiments")]
    "snapshots",
];

fn build(kind: &str, spec: &str) -> Result<Export> {
    match kind {
        #[cfg(feature = "panels-experiments")]
        "lr-find" => {
            let s = LrFindSpec::from_json(spec)?;
            export(&s, range_test_script(&s))
        }
        #[cfg(feature = "panels-experiments")]
        "lr-search" => {
            let s = LrSearchSpec::from_json(spec)?;
            export(&s, search_script(&s))
        }
        #[cfg(feature = "panels-train")]
        "playground" => {
            let s = PlaygroundSpec::from_json(spec)?;
            export(&s, playground_script(&s))
        }
        #[cfg(feature = "panels-experiments")]
        "tips" => {
            let s = TipSpec::from_json(spec)?;
            let script = tip_script(&s)?;
            export(&s, script)
        }
        #[cfg(feature = "panels-experiments")]
        "landscape" => {
            let s = LandscapeSpec::from_json(spec)?;
            export(&s, landscape_script(&s))
        }
        #[cfg(feature = "panels-experiments")]
        "snapshots" => {
            let s = SnapshotSpec::from_json(spec)?;
            let script = snapshots_script(&s)?;
            export(&s, script)
        }
        _ => Err(Error::Config(format!(
            "unknown experiment {kind:?}: expected {}",
            one_of(KINDS)
        ))),
    }
}

/// `"a, b or c"`.
fn one_of(kinds: &[&str]) -> String {
    match kinds.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// `{config, script}` for experiment `kind` (`"lr-find"`, `"lr-search"`, `"playground"`,
/// `"tips"`, `"landscape"`, `"snapshots"`) and its spec (JSON text, as the panel runs it).
///
/// # Errors
/// A `JsError` with the core's message for an unknown kind or a spec its reader refuses.
#[wasm_bindgen]
pub fn experiment_export(kind: &str, spec: &str) -> std::result::Result<JsValue, JsError> {
    to_js(&build(kind, spec)?)
}
