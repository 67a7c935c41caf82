//! A tip experiment's results as CSV: the tuning grid's rows, then one row per compared run.

use super::experiment::ExperimentReport;
use crate::pyfmt::py_float;

/// The header of [`report_csv`].
pub const REPORT_CSV_HEADER: &str =
    "part,label,lr,batch_size,train_loss,val_loss,val_acc,diverged_at";

/// `report` as CSV: a header, the search's points (`part` = `tuning`) and the compared runs
/// (`part` = `run`); empty fields where a diverged run has no value, numbers as Python
/// prints them. Labels are quoted (they contain commas).
pub fn report_csv(report: &ExperimentReport) -> String {
    let opt = |v: Option<f64>| v.map(py_float).unwrap_or_default();
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut out = format!("{REPORT_CSV_HEADER}\n");
    let batch = report.arms.first().map(|a| a.batch_size);
    for p in &report.tuning {
        out.push_str(&format!(
            "tuning,{},{},{},{},{},{},{}\n",
            quote(&format!("lr = {}", py_float(p.lr))),
            py_float(p.lr),
            batch.map(|b| b.to_string()).unwrap_or_default(),
            opt(p.train_loss),
            opt(p.val_loss),
            opt(p.val_acc),
            p.diverged_at.map(|i| i.to_string()).unwrap_or_default(),
        ));
    }
    for a in &report.arms {
        out.push_str(&format!(
            "run,{},{},{},{},{},{},{}\n",
            quote(&a.label),
            py_float(a.lr),
            a.batch_size,
            opt(a.train_loss),
            opt(a.val_loss),
            opt(a.val_acc),
            a.diverged_at.map(|i| i.to_string()).unwrap_or_default(),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lrfind::{ArmResult, GridPoint, Stage, Tip};

    #[test]
    fn tuning_rows_then_runs_with_blanks_for_divergence() {
        let run = |label: &str, val: Option<f64>| ArmResult {
            label: label.into(),
            lr: 0.1,
            batch_size: 32,
            loss: vec![1.0],
            lrs: vec![0.1],
            epochs: Vec::new(),
            train_loss: val,
            val_loss: val,
            val_acc: val.map(|_| 0.5),
            diverged_at: val.is_none().then_some(7),
        };
        let report = ExperimentReport {
            tip: Tip::AdamVsSgd,
            title: "t",
            explanation: "e",
            budget_samples: 0,
            tuning: vec![GridPoint {
                stage: Stage::Coarse,
                lr: 1e-6,
                train_loss: Some(2.0),
                val_loss: Some(2.25),
                val_acc: Some(0.1),
                diverged_at: None,
            }],
            tuned_lr: Some(1e-6),
            arms: vec![run("Adam, lr = 0.001", Some(0.25)), run("SGD \"x\"", None)],
            heatmap: None,
        };
        let csv = report_csv(&report);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], REPORT_CSV_HEADER);
        assert_eq!(lines[1], "tuning,\"lr = 1e-06\",1e-06,32,2.0,2.25,0.1,");
        assert_eq!(lines[2], "run,\"Adam, lr = 0.001\",0.1,32,0.25,0.25,0.5,");
        assert_eq!(lines[3], "run,\"SGD \"\"x\"\"\",0.1,32,,,,7");
        assert_eq!(lines.len(), 4);
    }
}
