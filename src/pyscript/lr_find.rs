//! The LR Finder's two experiments as PyTorch scripts: the range test (Smith 2015; fastai's
//! `lr_find`, torch-lr-finder) with the lr set by hand on every param group before each
//! batch, the bias-corrected smoothed loss, the divergence stop, the model and optimizer put
//! back afterwards and fastai's three suggestions read off the curve exactly as
//! [`crate::lrfind::analyse`] reads them; and the coarse-to-fine search ([`crate::lrfind::Search`]).

use super::common::{header, optimizer_call, py_str, scheduler_def, setup_lines, BEST, SHORT_RUN};
use crate::lrfind::{LrFindSpec, LrSearchSpec, Metric, SweepMode};
use crate::pyfmt::py_float;

/// The range test of `spec` (which should be valid: [`LrFindSpec::from_json`] checks it).
///
/// Prints `{"seed", "iteration", "lr", "loss", "smoothed"}` per recorded batch, then
/// `{"seed", "stop", "suggestions": {"steepest", "min_div_10", "valley"}, "restored"}` per
/// seed.
pub fn range_test_script(spec: &LrFindSpec) -> String {
    let (train, r) = (&spec.train, &spec.lr_find);
    let mut out = header(
        "lrlab LR range test",
        "lrlab-lr-finder-range-test.py",
        "The lab's test sweeps the same learning rates (exactly) on the same setup; torch draws\n\
         the initial weights and the batch order, so the losses differ a little.",
    );
    out.push_str("import copy\n");
    out.push_str(&setup_lines(train));
    let seeds = if r.seeds.is_empty() {
        vec![train.seed]
    } else {
        r.seeds.clone()
    };
    let mode = match r.mode {
        SweepMode::Exponential => "exponential",
        SweepMode::Linear => "linear",
    };
    out.push_str(&format!(
        "START_LR, END_LR, NUM_ITER, MODE = {}, {}, {}, {}\n\
         STOP_DIV, DIVERGE_FACTOR, BETA = {}, {}, {}\n\
         SKIP_START, SKIP_END = {}, {}\nBATCH_SIZE = {}\nSEEDS = [{}]\n\n",
        py_float(r.start_lr),
        py_float(r.end_lr),
        r.num_iter,
        py_str(mode),
        if r.stop_div { "True" } else { "False" },
        py_float(r.diverge_factor),
        py_float(r.smoothing.beta),
        r.smoothing.skip_start.unwrap_or(r.num_iter / 10),
        r.smoothing.skip_end,
        train.batch_size,
        seeds
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    ));
    out.push_str(&format!(
        "\ndef make_optimizer(params):\n    \"\"\"The setup's optimizer; the sweep overwrites \
         its lr before every batch.\"\"\"\n    return {}\n\n",
        optimizer_call(&train.optimizer, "params", None)
    ));
    out.push_str(RANGE_TEST);
    out.push_str(SUGGESTIONS);
    out.push_str(
        "for seed in SEEDS:\n    lrs, losses, stop, restored = range_test(seed)\n\
         \x20   smoothed = ema_smooth(losses, BETA)\n\
         \x20   print(json.dumps({\"seed\": seed, \"stop\": stop, \
         \"suggestions\": suggestions(lrs, smoothed), \"restored\": restored}))\n",
    );
    out
}

/// The sweep, one batch per lr, as fastai and torch-lr-finder run it.
const RANGE_TEST: &str = "def sweep_lr(i):
    \"\"\"The learning rate of iteration i (0-based): START_LR first, END_LR last.\"\"\"
    t = i / max(NUM_ITER - 1, 1)
    if MODE == \"exponential\":
        return START_LR * (END_LR / START_LR) ** t
    return START_LR + (END_LR - START_LR) * t


def range_test(seed):
    \"\"\"One sweep from the network `seed` initialises; the model and optimizer are put back.\"\"\"
    torch.manual_seed(seed)
    model = make_model()
    optimizer = make_optimizer(model.parameters())
    saved_model = copy.deepcopy(model.state_dict())
    saved_optimizer = copy.deepcopy(optimizer.state_dict())
    order_generator = torch.Generator().manual_seed(seed)
    lrs, losses = [], []
    avg, beta_k, best = 0.0, 1.0, math.inf
    stop = {\"reason\": \"completed\"}
    batch_size = min(BATCH_SIZE, len(x_train))
    pos, order = len(x_train), None
    model.train()
    for i in range(NUM_ITER):
        if pos >= len(x_train):
            order, pos = torch.randperm(len(x_train), generator=order_generator), 0
        batch = order[pos:pos + batch_size]
        pos += batch_size
        lr = sweep_lr(i)
        optimizer.zero_grad()
        loss = loss_fn(model(x_train[batch]), y_train[batch])
        value = loss.item()
        if not math.isfinite(value):
            stop = {\"reason\": \"non_finite\", \"iteration\": i + 1, \"lr\": lr}
            break
        for group in optimizer.param_groups:
            group[\"lr\"] = lr
        loss.backward()
        optimizer.step()
        lrs.append(lr)
        losses.append(value)
        avg = BETA * avg + (1 - BETA) * value
        beta_k *= BETA
        smoothed = avg / (1 - beta_k)
        before, best = best, min(best, smoothed)
        print(json.dumps({\"seed\": seed, \"iteration\": i + 1, \"lr\": lr, \"loss\": value,
                          \"smoothed\": smoothed}))
        if STOP_DIV and smoothed > DIVERGE_FACTOR * best:
            stop = {\"reason\": \"diverged\", \"iteration\": i + 1, \"lr\": lr,
                    \"smoothed\": smoothed, \"best\": before}
            break
    model.load_state_dict(saved_model)
    optimizer.load_state_dict(saved_optimizer)
    restored = all(torch.equal(v, saved_model[k]) for k, v in model.state_dict().items())
    return lrs, losses, stop, restored

";

/// fastai's rules on the smoothed, trimmed curve (see `src/lrfind/suggest.rs`).
const SUGGESTIONS: &str = "def ema_smooth(losses, beta):
    \"\"\"The bias-corrected moving average of the losses (fastai's AvgSmoothLoss).\"\"\"
    out, avg, beta_k = [], 0.0, 1.0
    for value in losses:
        avg = beta * avg + (1 - beta) * value
        beta_k *= beta
        out.append(avg / (1 - beta_k))
    return out


def argmin(values):
    best = None
    for i, v in enumerate(values):
        if best is None or v < values[best]:
            best = i
    return best


def steepest(lrs, losses):
    \"\"\"fastai's `steep`: the lr where the loss falls fastest per unit of log lr.\"\"\"
    slopes = []
    for i in range(len(lrs) - 1):
        run = math.log(lrs[i + 1]) - math.log(lrs[i])
        slopes.append((losses[i + 1] - losses[i]) / run if run != 0 else math.inf)
    i = argmin(slopes)
    return None if i is None or not math.isfinite(slopes[i]) else {\"lr\": lrs[i], \"index\": i}


def min_div_10(lrs, losses):
    \"\"\"fastai's `minimum`: the lr of the lowest loss, divided by 10.\"\"\"
    i = argmin(losses)
    return None if i is None else {\"lr\": lrs[i] / 10, \"index\": i}


def valley(lrs, losses):
    \"\"\"fastai's `valley`: half way along the longest decreasing stretch.\"\"\"
    n = len(losses)
    if n == 0:
        return None
    lds, max_start, max_end = [1] * n, 0, 0
    for i in range(1, n):
        for j in range(i):
            if losses[i] < losses[j] and lds[i] < lds[j] + 1:
                lds[i] = lds[j] + 1
            if lds[max_end] < lds[i]:
                max_end, max_start = i, i - lds[i]
    sections = (max_end - max_start) / 3
    i = min(max(max_start + int(sections) + int(sections / 2), 0), n - 1)
    return {\"lr\": lrs[i], \"index\": i}


def suggestions(lrs, smoothed):
    \"\"\"Every rule on the kept window (SKIP_START .. len - SKIP_END), up to the first
    non-finite loss; indices refer to the whole curve.\"\"\"
    end = max(len(smoothed) - SKIP_END, 0)
    start = min(SKIP_START, end)
    finite = end
    for k in range(start, end):
        if not math.isfinite(smoothed[k]):
            finite = k
            break
    window_lrs, window = lrs[start:finite], smoothed[start:finite]
    out = {}
    for name, rule in ((\"steepest\", steepest), (\"min_div_10\", min_div_10), (\"valley\", valley)):
        s = rule(window_lrs, window)
        if s is not None:
            s[\"index\"] += start
        out[name] = s
    return out

";

/// The coarse-to-fine search of `spec`: one short run per lr of the coarse grid, the best by
/// `select`, then a finer log grid around it (points already run are reused).
///
/// Prints `{"stage", "label", "lr", "batch_size", "iterations", "train_loss", "val_loss",
/// "val_acc", "diverged_at"}` per point (the coarse grid in its order, then the fine one
/// sorted by lr), then `{"best": point}`.
pub fn search_script(spec: &LrSearchSpec) -> String {
    let (train, s) = (&spec.train, &spec.search);
    let mut out = header(
        "lrlab coarse-to-fine learning-rate search",
        "lrlab-lr-finder-search.py",
        "The lab runs the same grid with the same budgets on the same setup; torch draws the\n\
         initial weights and the batch order, so the losses differ a little.",
    );
    out.push_str(&setup_lines(train));
    out.push_str(SHORT_RUN);
    out.push_str(BEST);
    let iterations = s.budget.iterations(train.data.train_size, train.batch_size);
    let select = match s.select {
        Metric::ValLoss => "val_loss",
        Metric::TrainLoss => "train_loss",
        Metric::ValAcc => "val_acc",
    };
    out.push_str(&format!(
        "COARSE = [{}]\nBATCH_SIZE, ITERATIONS = {}, {}\n\
         REFINE_POINTS, REFINE_DECADES, SELECT = {}, {}, {}\n\
         PER_ITERATION, METRIC = {}, {}\n\n",
        s.lrs
            .iter()
            .map(|&lr| py_float(lr))
            .collect::<Vec<_>>()
            .join(", "),
        train.batch_size,
        iterations,
        s.refine_points,
        py_float(s.refine_decades),
        py_str(select),
        py_bool(train.schedule_per_iteration()),
        py_bool(train.schedule.as_ref().is_some_and(|c| c.needs_metric())),
    ));
    out.push_str(&format!(
        "\ndef make_optimizer(lr):\n    return lambda params: {}\n\n\n",
        optimizer_call(&train.optimizer, "params", Some("lr"))
    ));
    out.push_str(&scheduler_def("make_scheduler", train.schedule.as_ref()));
    out.push_str(SEARCH);
    out
}

/// The two grids, as [`crate::lrfind::Search`] runs them.
const SEARCH: &str = "
def run_grid(stage, lrs):
    points = []
    for lr in lrs:
        point = short_run(f\"lr = {lr!r}\", lr, BATCH_SIZE, ITERATIONS, make_optimizer(lr),
                          make_scheduler, PER_ITERATION, METRIC)
        point[\"stage\"] = stage
        points.append(point)
    return points


def refine_grid(centre, decades, points):
    \"\"\"`points` lrs evenly spaced in log scale over [centre / 10^decades, centre * 10^decades].\"\"\"
    if points <= 1:
        return [centre] * points
    return [centre * 10 ** (-decades + 2 * decades * k / (points - 1)) for k in range(points)]


coarse = run_grid(\"coarse\", COARSE)
for point in coarse:
    print(json.dumps(point))
centre = best(coarse, SELECT)
fine, fresh = [], []
for lr in refine_grid(centre[\"lr\"], REFINE_DECADES, REFINE_POINTS) if centre else []:
    same = [c for c in coarse if abs(c[\"lr\"] - lr) <= 1e-12 * lr]
    if same:
        fine.append(dict(same[0], stage=\"fine\"))
    else:
        fresh.append(lr)
fine = sorted(fine + run_grid(\"fine\", fresh), key=lambda p: p[\"lr\"])
for point in fine:
    print(json.dumps(point))
print(json.dumps({\"best\": best(coarse + fine, SELECT)}))
";

/// A Python boolean literal.
pub fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_test_sets_the_lr_by_hand_and_reads_three_suggestions() {
        let spec = LrFindSpec::from_json(
            r#"{"optimizer": {"optimizer": "SGD", "lr": 0.1, "momentum": 0.9},
                "lr_find": {"num_iter": 50, "mode": "linear", "end_lr": 1, "seeds": [3, 4]}}"#,
        )
        .unwrap();
        let script = range_test_script(&spec);
        assert!(script.contains("START_LR, END_LR, NUM_ITER, MODE = 1e-07, 1.0, 50, 'linear'"));
        assert!(script.contains("SKIP_START, SKIP_END = 5, 5"));
        assert!(script.contains("SEEDS = [3, 4]"));
        assert!(script.contains("torch.optim.SGD(params, lr=0.1, dampening=0.0"));
        assert!(script.contains("group[\"lr\"] = lr"));
        assert!(!script.contains("LambdaLR"), "the lr is set by hand");
        for rule in ["def steepest", "def min_div_10", "def valley"] {
            assert!(script.contains(rule), "{rule}");
        }
        let set = script.find("group[\"lr\"] = lr").unwrap();
        assert!(set < script.find("optimizer.step()").unwrap());
    }

    #[test]
    fn the_search_runs_the_grid_with_the_lr_as_a_variable() {
        let spec = LrSearchSpec::from_json(
            r#"{"optimizer": {"optimizer": "SGD", "momentum": 0.9}, "batch_size": 50,
                "search": {"lrs": [1, 0.1], "budget": {"iterations": 40}, "refine_points": 3,
                           "select": "val_acc"}}"#,
        )
        .unwrap();
        let script = search_script(&spec);
        assert!(script.contains("COARSE = [1.0, 0.1]"));
        assert!(script.contains("BATCH_SIZE, ITERATIONS = 50, 40"));
        assert!(script.contains("REFINE_POINTS, REFINE_DECADES, SELECT = 3, 0.5, 'val_acc'"));
        assert!(script.contains("lambda params: torch.optim.SGD(params, lr=lr, dampening=0.0"));
        assert!(script.contains("def make_scheduler(optimizer):\n    return None"));
        let epochs = LrSearchSpec::from_json(r#"{"search": {"budget": {"epochs": 2}}}"#).unwrap();
        assert!(search_script(&epochs).contains("BATCH_SIZE, ITERATIONS = 32, 500"));
    }
}
