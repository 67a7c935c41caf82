//! A runnable PyTorch script that reproduces what [`super::simulate()`] computes for a spec.

use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;

use super::expr::Expr;
use super::pyops::py_repr_str;
use super::{ExponentialDecay, OptimizerName, ScheduleSpec, SchedulerConfig, TimeBasedDecay};
use crate::pyfmt::py_float;

/// A complete Python script that, run with torch, prints what [`super::simulate()`] returns for
/// `spec`: the lr list (and the momentum list when it cycles), one per line.
///
/// TimeBasedDecay and ExponentialDecay become the MultiplicativeLR and LambdaLR that define
/// them; `lr_lambda` expressions become Python lambdas over `math`. An invalid spec still gives
/// a script (which then raises what PyTorch raises).
pub fn pytorch_snippet(spec: &ScheduleSpec) -> String {
    let mut body = Vec::new();
    let mut names = 0;
    let top = scheduler_lines(&spec.scheduler, &mut body, &mut names, true);
    let mut out = String::new();
    let text = body.join("\n");
    if text.contains("math.") {
        out.push_str("import math\n\n");
    }
    out.push_str("import torch\nfrom torch.optim import lr_scheduler\n\n");
    out.push_str("param = torch.nn.Parameter(torch.zeros(1))\n");
    out.push_str(&format!("optimizer = {}\n", optimizer_line(spec)));
    out.push_str(&text);
    out.push('\n');
    debug_assert_eq!(top, "scheduler");
    let momentum = spec.scheduler.cycles_momentum();
    let key = if matches!(
        spec.optimizer.name,
        OptimizerName::Adam | OptimizerName::AdamW
    ) {
        "group[\"betas\"][0]"
    } else {
        "group[\"momentum\"]"
    };
    if spec.scheduler.needs_metric() {
        let metrics: Vec<String> = spec.metrics.iter().map(|m| py_float(*m)).collect();
        out.push_str(&format!("metrics = [{}]\n", metrics.join(", ")));
    }
    out.push_str("\ngroup = optimizer.param_groups[0]\nlrs = [group[\"lr\"]]\n");
    if momentum {
        out.push_str(&format!("momenta = [{key}]\n"));
    }
    out.push_str(&format!("for step in range({}):\n", spec.steps));
    out.push_str("    optimizer.step()\n");
    if spec.scheduler.needs_metric() {
        out.push_str("    scheduler.step(metrics[step])\n");
    } else {
        out.push_str("    scheduler.step()\n");
    }
    out.push_str("    lrs.append(group[\"lr\"])\n");
    if momentum {
        out.push_str(&format!("    momenta.append({key})\n"));
    }
    out.push_str("print(lrs)\n");
    if momentum {
        out.push_str("print(momenta)\n");
    }
    out
}

fn optimizer_line(spec: &ScheduleSpec) -> String {
    let o = &spec.optimizer;
    let mut args = vec!["[param]".to_string(), format!("lr={}", py_float(spec.lr))];
    if let Some(m) = o.momentum {
        args.push(format!("momentum={}", py_float(m)));
    }
    if let Some((b1, b2)) = o.betas {
        args.push(format!("betas=({}, {})", py_float(b1), py_float(b2)));
    }
    format!("torch.optim.{}({})", o.name.as_str(), args.join(", "))
}

/// Python lines that build `config` as `scheduler` on an existing `optimizer` (children
/// first, as `s1`, `s2`, ...), for scripts that embed a schedule (the training script).
pub fn scheduler_code(config: &SchedulerConfig) -> String {
    let mut lines = Vec::new();
    let mut names = 0;
    scheduler_lines(config, &mut lines, &mut names, true);
    lines.join("\n")
}

/// A value of a config as a Python literal (`True`, `None`, `1e-08`, `(0.9, 0.999)` for pairs).
pub fn python_value(v: &Value) -> String {
    python_literal(v)
}

/// Emits the lines that build `config` (children first) and returns its variable's name.
fn scheduler_lines(
    config: &SchedulerConfig,
    lines: &mut Vec<String>,
    names: &mut usize,
    top: bool,
) -> String {
    let var = if top {
        "scheduler".to_string()
    } else {
        *names += 1;
        format!("s{names}")
    };
    let mut children = Vec::new();
    if let SchedulerConfig::SequentialLR(c) = config {
        for child in &c.schedulers {
            children.push(scheduler_lines(child, lines, names, false));
        }
    }
    if let SchedulerConfig::ChainedScheduler(c) = config {
        for child in &c.schedulers {
            children.push(scheduler_lines(child, lines, names, false));
        }
    }
    let (class, mut args) = match config {
        SchedulerConfig::TimeBasedDecay(c) => {
            let lambda = TimeBasedDecay::lambda(c.decay)
                .unwrap_or_else(|_| format!("1 / (1 + {} * (epoch - 1))", py_float(c.decay)));
            lines.push(format!(
                "# TimeBasedDecay(decay={}): lr[n+1] = lr[n] / (1 + decay * n)",
                py_float(c.decay)
            ));
            let mut args = vec![format!("lr_lambda=lambda epoch: {}", python_expr(&lambda))];
            if c.last_epoch != -1 {
                args.push(format!("last_epoch={}", c.last_epoch));
            }
            ("MultiplicativeLR", args)
        }
        SchedulerConfig::ExponentialDecay(c) => {
            let lambda = ExponentialDecay::lambda(c.decay)
                .unwrap_or_else(|_| format!("exp(-{} * epoch)", py_float(c.decay)));
            lines.push(format!(
                "# ExponentialDecay(decay={}): lr[n] = lr[0] * exp(-decay * n)",
                py_float(c.decay)
            ));
            let mut args = vec![format!("lr_lambda=lambda epoch: {}", python_expr(&lambda))];
            if c.last_epoch != -1 {
                args.push(format!("last_epoch={}", c.last_epoch));
            }
            ("LambdaLR", args)
        }
        _ => (config.name(), keyword_args(config)),
    };
    let call = match config {
        SchedulerConfig::ChainedScheduler(_) => {
            format!("lr_scheduler.ChainedScheduler([{}])", children.join(", "))
        }
        _ => {
            if !children.is_empty() {
                args.insert(0, format!("schedulers=[{}]", children.join(", ")));
            }
            args.insert(0, "optimizer".into());
            format!("lr_scheduler.{class}({})", args.join(", "))
        }
    };
    lines.push(format!("{var} = {call}"));
    var
}

/// The keywords that differ from PyTorch's defaults (and the required ones), in the order
/// PyTorch's signature lists them.
fn keyword_args(config: &SchedulerConfig) -> Vec<String> {
    let Ok(json) = serde_json::to_string_pretty(config) else {
        return Vec::new();
    };
    let Ok(Ordered(fields)) = serde_json::from_str::<Ordered>(&json) else {
        return Vec::new();
    };
    let full: serde_json::Map<String, Value> = fields.iter().cloned().collect();
    let mut args = Vec::new();
    for (key, value) in &fields {
        if key == "scheduler" || key == "schedulers" {
            continue;
        }
        let mut without = full.clone();
        without.remove(key);
        let default = crate::json::from_value::<SchedulerConfig>(Value::Object(without))
            .ok()
            .and_then(|c| crate::json::to_value(c).ok())
            .and_then(|v| v.get(key).cloned());
        if default.as_ref() == Some(value) {
            continue;
        }
        let literal = if key == "lr_lambda" {
            format!(
                "lambda epoch: {}",
                python_expr(value.as_str().unwrap_or(""))
            )
        } else {
            python_literal(value)
        };
        args.push(format!("{key}={literal}"));
    }
    args
}

/// An `lr_lambda` in Python; a text that does not parse is passed on as written.
fn python_expr(src: &str) -> String {
    Expr::parse(src).map_or_else(|_| src.to_string(), |e| e.to_python())
}

fn python_literal(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Number(n) => match n.as_i64() {
            Some(i) if !n.is_f64() => i.to_string(),
            _ => py_float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => py_repr_str(s),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(python_literal).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(_) => v.to_string(),
    }
}

/// A JSON object's entries in their written order (serde_json's map sorts them).
struct Ordered(Vec<(String, Value)>);

impl<'de> serde::Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    out.push(entry);
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snippet(json: &str) -> String {
        pytorch_snippet(&ScheduleSpec::from_json(json).unwrap())
    }

    #[test]
    fn step_lr_snippet() {
        let s =
            snippet(r#"{"scheduler":"StepLR","lr":0.1,"step_size":30,"gamma":0.1,"steps":100}"#);
        assert_eq!(
            s,
            "import torch\nfrom torch.optim import lr_scheduler\n\n\
             param = torch.nn.Parameter(torch.zeros(1))\n\
             optimizer = torch.optim.SGD([param], lr=0.1)\n\
             scheduler = lr_scheduler.StepLR(optimizer, step_size=30)\n\n\
             group = optimizer.param_groups[0]\nlrs = [group[\"lr\"]]\n\
             for step in range(100):\n    optimizer.step()\n    scheduler.step()\n\
             \x20   lrs.append(group[\"lr\"])\nprint(lrs)\n"
        );
    }

    #[test]
    fn keywords_are_python_literals_in_signature_order() {
        let s = snippet(
            r#"{"scheduler":"OneCycleLR","lr":0.1,"optimizer":{"name":"Adam","betas":[0.9,0.99]},
                "max_lr":1,"total_steps":20,"pct_start":0.25,"anneal_strategy":"linear",
                "three_phase":true,"steps":20}"#,
        );
        assert!(
            s.contains("torch.optim.Adam([param], lr=0.1, betas=(0.9, 0.99))"),
            "{s}"
        );
        assert!(
            s.contains(
                "lr_scheduler.OneCycleLR(optimizer, max_lr=1.0, total_steps=20, pct_start=0.25, \
                 anneal_strategy='linear', three_phase=True)"
            ),
            "{s}"
        );
        assert!(s.contains("momenta = [group[\"betas\"][0]]"), "{s}");
        assert!(s.ends_with("print(lrs)\nprint(momenta)\n"), "{s}");
    }

    #[test]
    fn composites_build_children_first() {
        let s = snippet(
            r#"{"scheduler":"SequentialLR","lr":0.1,"milestones":[5],"steps":10,"schedulers":[
                {"scheduler":"LinearLR","start_factor":0.1},
                {"scheduler":"ChainedScheduler","schedulers":[
                    {"scheduler":"ExponentialDecay","decay":0.1},
                    {"scheduler":"LambdaLR","lr_lambda":"max(0.1, 1 - epoch/10)"}]}]}"#,
        );
        let expected = [
            "s1 = lr_scheduler.LinearLR(optimizer, start_factor=0.1)",
            "s3 = lr_scheduler.LambdaLR(optimizer, lr_lambda=lambda epoch: math.exp(-0.1 * epoch))",
            "s4 = lr_scheduler.LambdaLR(optimizer, lr_lambda=lambda epoch: max(0.1, 1 - epoch / 10))",
            "s2 = lr_scheduler.ChainedScheduler([s3, s4])",
            "scheduler = lr_scheduler.SequentialLR(optimizer, schedulers=[s1, s2], milestones=[5])",
        ];
        let mut at = 0;
        for line in expected {
            let found = s[at..].find(line);
            assert!(found.is_some(), "missing or out of order: {line}\n{s}");
            at += found.unwrap_or(0);
        }
        assert!(s.starts_with("import math\n"));
    }

    #[test]
    fn plateau_snippet_feeds_the_metrics() {
        let s = snippet(
            r#"{"scheduler":"ReduceLROnPlateau","lr":0.1,"patience":0,"mode":"max","steps":2,
                "metrics":[1.0,0.5]}"#,
        );
        assert!(
            s.contains("ReduceLROnPlateau(optimizer, mode='max', patience=0)"),
            "{s}"
        );
        assert!(s.contains("metrics = [1.0, 0.5]\n"));
        assert!(s.contains("    scheduler.step(metrics[step])\n"));
    }
}
