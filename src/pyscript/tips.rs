//! A tip card's experiment ([`crate::lrfind::Tip`]) as JSON and as a PyTorch script: the lr
//! search it needs first (one short run per lr, the best by validation loss), then the runs
//! it compares, built from the same [`Tip::arms`] the lab runs (Adam against tuned SGD; the
//! tuned lr constant, with StepLR and with cosine annealing; the batch size x lr grid; Adam
//! with and without a LinearLR warm-up chained by SequentialLR).

use serde::Serialize;

use super::common::{header, optimizer_call, py_str, scheduler_def, setup_lines, BEST, SHORT_RUN};
use super::lr_find::py_bool;
use crate::lrfind::{Tip, HEATMAP_BATCHES, HEATMAP_LRS};
use crate::pyfmt::py_float;
use crate::train::TrainConfig;
use crate::{Error, Result};

/// Stands in for the tuned lr while the arms are written out, then becomes the Python
/// variable `tuned_lr` (a value no grid contains).
const TUNED: f64 = 0.000_123_456_789_012_345_6;

/// What a tip card exports: the setup (the Train panel's keys) and `"tip"`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TipSpec {
    /// The setup (each tip sets its own optimizers and schedules).
    #[serde(flatten)]
    pub train: TrainConfig,
    /// Which tip.
    pub tip: Tip,
}

impl TipSpec {
    /// Parses `{...TrainConfig keys..., "tip": "warmup"}`.
    ///
    /// # Errors
    /// [`Error::Config`] for malformed JSON, a value that is not an object, a missing or
    /// unknown tip, unknown keys, and settings [`TrainConfig::validate`] rejects.
    pub fn from_json(text: &str) -> Result<TipSpec> {
        let mut value: serde_json::Value = serde_json::from_str(text)?;
        let object = value
            .as_object_mut()
            .ok_or_else(|| Error::Config("a tip spec must be a JSON object".into()))?;
        let tip = object.remove("tip").ok_or_else(|| {
            Error::Config(
                "a tip spec needs \"tip\": adam_vs_sgd, decay_after_constant, batch_size_grid \
                 or warmup"
                    .into(),
            )
        })?;
        let tip: Tip = crate::json::from_value(tip)?;
        let train: TrainConfig = crate::json::from_value(value)?;
        train.validate()?;
        Ok(TipSpec { train, tip })
    }
}

/// The file name stem of a tip (`adam_vs_sgd`).
pub fn tip_slug(tip: Tip) -> String {
    crate::json::to_value(tip)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The whole script for `spec`. Prints `{"phase": "tuning", ...point}` per lr of the search,
/// `{"phase": "tuned", "lr"}`, `{"phase": "compare", ...run}` per compared run (label, lr,
/// batch size, iterations, train and validation loss, accuracy, `diverged_at`), and for the
/// batch-size grid `{"heatmap": {"batch_sizes", "lrs", "values"}}` (validation losses, `null`
/// where a run diverged).
pub fn tip_script(spec: &TipSpec) -> Result<String> {
    let (tip, base) = (spec.tip, &spec.train);
    let slug = tip_slug(tip);
    let mut out = header(
        &format!("lrlab tip \"{}\"", tip.title()),
        &format!("lrlab-tips-{}.py", slug.replace('_', "-")),
        "The lab runs the same search and the same runs on the same setup; torch draws the\n\
         initial weights and the batch order, so the numbers differ a little.",
    );
    out.push_str(&setup_lines(base));
    out.push_str(SHORT_RUN);
    out.push_str(BEST);
    out.push_str("# Tuning: one short run per lr, the best by validation loss.\n");
    match tip.tuning(base) {
        Some((config, search)) => {
            let iterations = search
                .budget
                .iterations(config.data.train_size, config.batch_size);
            out.push_str(&format!(
                "TUNING_LRS = [{}]\ntuning = []\nfor lr in TUNING_LRS:\n\
                 \x20   point = short_run(f\"lr = {{lr!r}}\", lr, {}, {iterations},\n\
                 \x20                     lambda params, lr=lr: {}, lambda optimizer: None)\n\
                 \x20   tuning.append(point)\n\
                 \x20   print(json.dumps(dict(point, phase=\"tuning\")))\n\
                 chosen = best(tuning, \"val_loss\")\n\
                 tuned_lr = chosen[\"lr\"] if chosen else {}\n\
                 print(json.dumps({{\"phase\": \"tuned\", \"lr\": tuned_lr}}))\n\n",
                search
                    .lrs
                    .iter()
                    .map(|&lr| py_float(lr))
                    .collect::<Vec<_>>()
                    .join(", "),
                config.batch_size,
                optimizer_call(&config.optimizer, "params", Some("lr")),
                py_float(config.optimizer.lr()),
            ));
        }
        None => out.push_str("# (this tip needs none)\n\n"),
    }
    let arms = tip.arms(base, Some(TUNED))?;
    let tuned_text = py_float(TUNED);
    for (k, arm) in arms.iter().enumerate() {
        out.push_str(&scheduler_def(
            &format!("scheduler_{k}"),
            arm.config.schedule.as_ref(),
        ));
    }
    out.push_str(
        "\n# The compared runs: label, lr, batch size, iterations, optimizer, scheduler,\n\
                  # stepped per iteration, given the loss.\nARMS = [\n",
    );
    for (k, arm) in arms.iter().enumerate() {
        let c = &arm.config;
        let tuned = c.optimizer.lr() == TUNED;
        let label = if arm.label.contains(&tuned_text) {
            format!(
                "f{}",
                py_str(&arm.label.replace(&tuned_text, "{tuned_lr!r}"))
            )
        } else {
            py_str(&arm.label)
        };
        let lr = if tuned {
            "tuned_lr".to_string()
        } else {
            py_float(c.optimizer.lr())
        };
        out.push_str(&format!(
            "    ({label}, {lr}, {}, {}, lambda params: {}, scheduler_{k}, {}, {}),\n",
            c.batch_size,
            arm.budget.iterations(c.data.train_size, c.batch_size),
            optimizer_call(&c.optimizer, "params", tuned.then_some("tuned_lr")),
            py_bool(c.schedule_per_iteration()),
            py_bool(c.schedule.as_ref().is_some_and(|s| s.needs_metric())),
        ));
    }
    out.push_str(
        "]\n\nresults = []\nfor arm in ARMS:\n    result = short_run(*arm)\n\
         \x20   results.append(result)\n\
         \x20   print(json.dumps(dict(result, phase=\"compare\")))\n",
    );
    if tip == Tip::BatchSizeGrid {
        out.push_str(&format!(
            "\nBATCHES, LRS = [{}], [{}]\n\
             cells = {{(r[\"batch_size\"], r[\"lr\"]): r[\"val_loss\"] for r in results}}\n\
             print(json.dumps({{\"heatmap\": {{\"batch_sizes\": BATCHES, \"lrs\": LRS,\n\
             \x20   \"values\": [cells.get((b, lr)) for b in BATCHES for lr in LRS]}}}}))\n",
            HEATMAP_BATCHES.map(|b| b.to_string()).join(", "),
            HEATMAP_LRS.map(py_float).join(", "),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(tip: &str) -> String {
        let spec = TipSpec::from_json(&format!(r#"{{"tip": "{tip}", "batch_size": 64}}"#)).unwrap();
        tip_script(&spec).unwrap()
    }

    #[test]
    fn adam_against_sgd_tunes_sgd_then_compares_at_the_tuned_lr() {
        let s = script("adam_vs_sgd");
        assert!(s.contains("TUNING_LRS = [1.0, 0.3, 0.1, 0.03, 0.01, 0.003]"));
        assert!(s.contains("lambda params, lr=lr: torch.optim.SGD(params, lr=lr"));
        assert!(s.contains("('Adam, lr = 0.001 (baseline)', 0.001, 64, 375"));
        assert!(s.contains("(f'SGD + momentum 0.9, tuned lr = {tuned_lr!r}', tuned_lr, 64, 375"));
        assert!(s.contains("torch.optim.SGD(params, lr=tuned_lr, dampening=0.0"));
        assert!(!s.contains(&py_float(TUNED)));
    }

    #[test]
    fn warmup_chains_linear_lr_and_steps_per_iteration() {
        let s = script("warmup");
        assert!(s.contains("# (this tip needs none)"));
        assert!(s.contains("LinearLR(optimizer, start_factor=0.01"));
        assert!(s.contains("lr_scheduler.SequentialLR(optimizer"));
        assert!(s.contains("scheduler_1, True, False),"));
        assert!(s.contains("scheduler_0, False, False),"));
    }

    #[test]
    fn the_grid_prints_its_heatmap_and_decay_steps_per_epoch() {
        let s = script("batch_size_grid");
        assert!(s.contains("BATCHES, LRS = [16, 64, 256], [1.0, 0.3, 0.1, 0.03, 0.01]"));
        assert_eq!(s.matches("lambda params: torch.optim.SGD").count(), 15);
        let d = script("decay_after_constant");
        assert!(d.contains("lr_scheduler.StepLR(optimizer, step_size=2)"));
        assert!(d.contains("CosineAnnealingLR(optimizer, T_max=375"));
    }

    #[test]
    fn specs_round_trip_and_need_a_known_tip() {
        let spec = TipSpec::from_json(r#"{"tip": "warmup", "seed": 4}"#).unwrap();
        let json = serde_json::to_string(&spec).unwrap();
        assert_eq!(TipSpec::from_json(&json).unwrap(), spec);
        for bad in [
            "{}",
            r#"{"tip": "nap"}"#,
            r#"{"tip": "warmup", "epochz": 1}"#,
            "[]",
        ] {
            assert!(TipSpec::from_json(bad).is_err(), "{bad}");
        }
    }
}
