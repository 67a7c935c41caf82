//! The Snapshots experiment (Huang et al., 2017, "Snapshot Ensembles: Train 1, get M for
//! free") as a PyTorch script: the cyclic schedule as the lab runs it (Huang's cyclic cosine
//! as a `LambdaLR`, or `CosineAnnealingWarmRestarts`, stepped after every batch), a snapshot
//! at every cycle end, the single-model baseline (`MultiStepLR` by default, stepped after each
//! epoch's validation) from the same initialisation, then every snapshot, the softmax
//! ensemble of the last m snapshots and the network with their averaged weights, scored on the
//! validation set. The shared-plane figure is the Landscape script's business.

use super::common::{header, optimizer_call, scheduler_def, setup_lines};
use crate::snapshots::SnapshotSpec;
use crate::Result;

/// The whole script for `spec`.
///
/// Prints `{"run", "epoch", "train_loss", "val_loss", "val_acc", "lr"}` per epoch of each run,
/// `{"run": "cyclic", "lrs": [...]}` (the lr of every step), `{"snapshot", "iteration",
/// "lr", "loss", "accuracy"}` per snapshot, `{"members", "accuracy", "loss",
/// "weight_average_accuracy", "weight_average_loss"}` per ensemble of the last 1..M, and
/// `{"baseline": {"scheduler", "loss", "accuracy"}}`.
///
/// # Errors
/// A schedule whose cycles do not fit the run (as [`SnapshotSpec::from_json`] reports).
pub fn snapshots_script(spec: &SnapshotSpec) -> Result<String> {
    let train = &spec.train;
    let total = train.total_iterations();
    let per_epoch = train.data.train_size.div_ceil(train.batch_size.max(1));
    let cyclic = spec.snapshots.schedule.scheduler(total, per_epoch)?;
    let ends = spec.snapshots.schedule.cycle_ends(total, per_epoch)?;
    let baseline = spec.snapshots.baseline_for(train.epochs);
    let mut out = header(
        "lrlab snapshot ensemble",
        "lrlab-snapshots.py",
        "The lab trains both runs on the same setup with the same schedules (the cyclic lr\n\
         agrees exactly); torch draws the initial weights and the batch order, so the losses\n\
         differ a little.",
    );
    out.push_str(&setup_lines(train));
    out.push_str(&format!(
        "BATCH_SIZE, EPOCHS = {}, {}\n# The cyclic run's snapshots: after these iterations.\n\
         SNAPSHOT_ITERATIONS = [{}]\n\n\ndef make_optimizer(params):\n    return {}\n\n\n",
        train.batch_size,
        train.epochs,
        ends.iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        optimizer_call(&train.optimizer, "params", None),
    ));
    out.push_str(&scheduler_def("cyclic_scheduler", Some(&cyclic)));
    out.push_str(&scheduler_def("baseline_scheduler", Some(&baseline)));
    out.push_str(TRAIN_AND_SCORE);
    out.push_str(&format!(
        "print(json.dumps({{\"baseline\": {{\"scheduler\": {:?}, \"loss\": base_loss, \
         \"accuracy\": base_acc}}}}))\n",
        baseline.name()
    ));
    Ok(out)
}

const TRAIN_AND_SCORE: &str = "
def train(run, make_scheduler, per_iteration):
    \"\"\"Trains from SEED's initialisation; returns the model, the lr of every step and the
    snapshots (parameter copies after SNAPSHOT_ITERATIONS, per-iteration runs only).\"\"\"
    torch.manual_seed(SEED)
    order_generator = torch.Generator().manual_seed(SEED)
    model = make_model()
    optimizer = make_optimizer(model.parameters())
    scheduler = make_scheduler(optimizer)
    lrs, snapshots, it = [], [], 0
    for epoch in range(1, EPOCHS + 1):
        model.train()
        order = torch.randperm(len(x_train), generator=order_generator)
        total = 0.0
        for start in range(0, len(x_train), BATCH_SIZE):
            batch = order[start:start + BATCH_SIZE]
            optimizer.zero_grad()
            loss = loss_fn(model(x_train[batch]), y_train[batch])
            loss.backward()
            lrs.append(optimizer.param_groups[0][\"lr\"])
            optimizer.step()
            it += 1
            total += loss.item() * len(batch)
            if per_iteration:
                scheduler.step()
            if per_iteration and it in SNAPSHOT_ITERATIONS:
                snapshots.append((it, epoch, lrs[-1],
                                  {k: v.clone() for k, v in model.state_dict().items()}))
        val_loss, val_acc = evaluate(model)
        print(json.dumps({\"run\": run, \"epoch\": epoch, \"train_loss\": total / len(x_train),
                          \"val_loss\": val_loss, \"val_acc\": val_acc,
                          \"lr\": optimizer.param_groups[0][\"lr\"]}))
        if not per_iteration:
            scheduler.step()
        model.train()
    return model, lrs, snapshots


def probabilities(model, state):
    model.load_state_dict(state)
    model.eval()
    with torch.no_grad():
        return torch.softmax(model(x_val), 1)


def score(probs):
    \"\"\"Accuracy and negative log-likelihood of (averaged) softmax outputs.\"\"\"
    accuracy = (probs.argmax(1) == y_val).float().mean().item()
    nll = -torch.log(probs[torch.arange(len(y_val)), y_val].clamp_min(1e-30)).mean().item()
    return accuracy, nll


model, lrs, snapshots = train(\"cyclic\", cyclic_scheduler, True)
print(json.dumps({\"run\": \"cyclic\", \"lrs\": lrs}))
outputs = []
for number, (it, epoch, lr, state) in enumerate(snapshots, 1):
    outputs.append(probabilities(model, state))
    accuracy, loss = score(outputs[-1])
    print(json.dumps({\"snapshot\": number, \"iteration\": it, \"epoch\": epoch, \"lr\": lr,
                      \"loss\": loss, \"accuracy\": accuracy}))
for members in range(1, len(snapshots) + 1):
    accuracy, loss = score(torch.stack(outputs[-members:]).mean(0))
    states = [s[3] for s in snapshots[-members:]]
    average = {k: torch.stack([s[k] for s in states]).mean(0) for k in states[0]}
    model.load_state_dict(average)
    wa_loss, wa_acc = evaluate(model)
    print(json.dumps({\"members\": members, \"accuracy\": accuracy, \"loss\": loss,
                      \"weight_average_accuracy\": wa_acc, \"weight_average_loss\": wa_loss}))

baseline, _, _ = train(\"baseline\", baseline_scheduler, False)
base_loss, base_acc = evaluate(baseline)
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huangs_schedule_is_a_lambda_lr_stepped_per_batch_and_the_baseline_per_epoch() {
        let spec = SnapshotSpec::from_json(
            r#"{"epochs": 4, "snapshots": {"schedule": {"kind": "cyclic_cosine", "cycles": 2}}}"#,
        )
        .unwrap();
        let s = snapshots_script(&spec).unwrap();
        assert!(s.contains("SNAPSHOT_ITERATIONS = [500, 1000]"));
        assert!(s.contains("def cyclic_scheduler(optimizer):\n    scheduler = lr_scheduler.LambdaLR(optimizer, lr_lambda=lambda epoch: 0.5 * (math.cos(math.pi"));
        assert!(s.contains("lr_scheduler.MultiStepLR(optimizer, milestones=[2, 3])"));
        assert!(s.contains("torch.optim.SGD(params, lr=0.2"));
        assert!(s.contains("\"scheduler\": \"MultiStepLR\""));
        let validate = s.find("val_loss, val_acc = evaluate(model)").unwrap();
        let step = s
            .find("        if not per_iteration:\n            scheduler.step()")
            .unwrap();
        assert!(validate < step, "train, validate, scheduler.step()");
    }

    #[test]
    fn warm_restarts_are_sgdr_in_iterations() {
        let spec = SnapshotSpec::from_json(r#"{"epochs": 3, "data": {"train_size": 640}, "snapshots": {"schedule": {"kind": "warm_restarts", "T_0": 1, "T_mult": 2}}}"#).unwrap();
        let s = snapshots_script(&spec).unwrap();
        assert!(s.contains("CosineAnnealingWarmRestarts(optimizer, T_0=20, T_mult=2"));
        assert!(s.contains("SNAPSHOT_ITERATIONS = [20, 60]"));
    }
}
