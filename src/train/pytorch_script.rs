//! A runnable PyTorch script for a [`TrainConfig`]: the same data files and subset sizes, the
//! same network, optimizer (every keyword) and scheduler, stepped where the lab steps it, in
//! the lecture's order (train an epoch, validate, `scheduler.step()`), printing one JSON line
//! per epoch like `lrlab train` does.
//!
//! The script draws its initial weights, subset and batch order from torch's own generator,
//! so its numbers follow the lab's closely but not bit for bit.

use super::config::TrainConfig;
use crate::pyscript::common::{
    data_lines, header, model_expr, optimizer_call, IDX_READER, IMPORTS,
};
use crate::schedule::scheduler_code;

/// The whole script for `config` (which should be valid: `TrainConfig::validate`).
pub fn pytorch_script(config: &TrainConfig) -> String {
    let mut out = header(
        "lrlab training run",
        "train_lrlab.py",
        "The lab's own run uses the same data, sizes and settings; torch draws the initial\n\
         weights, the subset and the batch order, so the numbers differ a little.",
    );
    out.push_str(IMPORTS);
    out.push_str(IDX_READER);
    out.push('\n');
    out.push_str(&data_lines(config));
    out.push_str(&format!("model = {}\n", model_expr(config, 0)));
    out.push_str(&format!(
        "optimizer = {}\n",
        optimizer_call(&config.optimizer, "model.parameters()", None)
    ));
    let per_iteration = config.schedule_per_iteration();
    let metric = config.schedule.as_ref().is_some_and(|s| s.needs_metric());
    if let Some(schedule) = &config.schedule {
        out.push_str(&scheduler_code(schedule));
        out.push('\n');
    }
    out.push_str(&format!(
        "loss_fn = nn.CrossEntropyLoss()\nbatch_size, epochs = {}, {}\n\n",
        config.batch_size, config.epochs
    ));
    out.push_str("for epoch in range(1, epochs + 1):\n    model.train()\n");
    out.push_str("    order = torch.randperm(len(x_train), generator=generator)\n");
    out.push_str("    total = 0.0\n    for start in range(0, len(x_train), batch_size):\n");
    out.push_str("        batch = order[start:start + batch_size]\n");
    out.push_str("        optimizer.zero_grad()\n");
    out.push_str("        loss = loss_fn(model(x_train[batch]), y_train[batch])\n");
    out.push_str("        loss.backward()\n        optimizer.step()\n");
    out.push_str("        total += loss.item() * len(batch)\n");
    if config.schedule.is_some() && per_iteration {
        out.push_str(if metric {
            "        scheduler.step(loss.item())\n"
        } else {
            "        scheduler.step()\n"
        });
    }
    out.push_str("    model.eval()\n    with torch.no_grad():\n");
    out.push_str(
        "        logits = model(x_val)\n        val_loss = loss_fn(logits, y_val).item()\n",
    );
    out.push_str("        val_acc = (logits.argmax(1) == y_val).float().mean().item()\n");
    out.push_str("    lr = optimizer.param_groups[0][\"lr\"]\n");
    out.push_str(
        "    print(json.dumps({\"epoch\": epoch, \"train_loss\": total / len(x_train), \\
         \"val_loss\": val_loss, \"val_acc\": val_acc, \"lr\": lr}))\n",
    );
    if config.schedule.is_some() && !per_iteration {
        out.push_str(if metric {
            "    scheduler.step(val_loss)\n"
        } else {
            "    scheduler.step()\n"
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_make_an_adam_script_in_the_lectures_order() {
        let script = pytorch_script(&TrainConfig::default());
        assert!(script.contains(
            "torch.optim.Adam(model.parameters(), lr=0.002, amsgrad=False, betas=(0.9, 0.999)"
        ));
        assert!(script.contains("nn.Linear(784, 128),\n    nn.ReLU(),\n    nn.Linear(128, 10)"));
        assert!(script.contains("train_size, val_size = 8000, 2000"));
        assert!(script.contains("batch_size, epochs = 32, 5"));
        assert!(!script.contains("scheduler."), "no schedule, no scheduler");
        let (train, validate) = (script.find("optimizer.step()"), script.find("model.eval()"));
        assert!(train < validate);
    }

    #[test]
    fn per_epoch_schedules_step_after_validation_and_plateaus_get_the_val_loss() {
        let config = TrainConfig::from_json(
            r#"{"optimizer": {"optimizer": "SGD", "lr": 0.1, "momentum": 0.9},
                "schedule": {"scheduler": "ReduceLROnPlateau", "patience": 1}}"#,
        )
        .unwrap();
        let script = pytorch_script(&config);
        assert!(script.contains("scheduler = lr_scheduler.ReduceLROnPlateau(optimizer"));
        let validate = script.find("model.eval()").unwrap();
        let step = script.find("    scheduler.step(val_loss)").unwrap();
        assert!(step > validate);
        assert!(script.contains("momentum=0.9"));
    }

    #[test]
    fn per_iteration_schedules_step_after_each_optimizer_step() {
        let config = TrainConfig::from_json(
            r#"{"schedule": {"scheduler": "OneCycleLR", "max_lr": 0.01, "total_steps": 1250},
                "model": {"hidden": [64, 32], "activation": "tanh"}}"#,
        )
        .unwrap();
        let script = pytorch_script(&config);
        assert!(script.contains("        optimizer.step()\n        total += loss.item() * len(batch)\n        scheduler.step()\n"));
        assert!(script.contains("nn.Linear(784, 64),\n    nn.Tanh(),\n    nn.Linear(64, 32)"));
    }
}
