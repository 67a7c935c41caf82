//! The Landscape experiment (Li et al., 2018, "Visualizing the Loss Landscape of Neural
//! Nets") as a PyTorch script: train while recording the parameters every `every` iterations
//! and at every epoch end, take the plane (PCA of the displacements from the final point by
//! SVD, as sklearn's PCA; two filter-normalised random directions; or through three recorded
//! points), place the path on it, and evaluate the loss over a grid of the plane on the first
//! `eval_size` validation digits. Only the first layer depends on the samples and the plane
//! linearly, so its three products with the samples are computed once and every grid point
//! costs only the later layers (the lab's own trick).

use super::common::{header, optimizer_call, scheduler_def, setup_lines};
use super::lr_find::py_bool;
use crate::landscape::{LandscapeSpec, PlaneSpec};
use crate::pyfmt::py_float;

/// The whole script for `spec`. `python3 lrlab-landscape.py --grid 11` evaluates a smaller
/// grid than the exported one.
///
/// Prints `{"run", "epoch", "train_loss", "val_loss", "val_acc", "lr"}` per epoch, `{"plane",
/// "explained_variance_ratio", "path": [[a, b], ...], "points"}`, `{"axes": {"x", "y"}}`, then
/// `{"row", "y", "loss", "accuracy"}` per grid row and `{"min_loss", "at"}`.
pub fn landscape_script(spec: &LandscapeSpec) -> String {
    let (train, l) = (&spec.train, &spec.landscape);
    let mut out = header(
        "lrlab loss landscape",
        "lrlab-landscape.py",
        "The lab trains the same setup and draws the same plane and grid; torch draws the\n\
         initial weights and the batch order, so the picture differs a little.\n\
         Give --grid N for an N x N grid instead of the exported size.",
    );
    out.push_str(&setup_lines(train));
    let plane = match &l.plane {
        PlaneSpec::Pca {} => "(\"pca\",)".to_string(),
        PlaneSpec::Random { seed } => format!("(\"random\", {seed})"),
        PlaneSpec::Points { points } => {
            format!("(\"points\", {}, {}, {})", points[0], points[1], points[2])
        }
    };
    let extent = match &l.grid.extent {
        Some(e) => format!(
            "(({}, {}), ({}, {}))",
            py_float(e.x[0]),
            py_float(e.x[1]),
            py_float(e.y[0]),
            py_float(e.y[1])
        ),
        None => "None".into(),
    };
    out.push_str(&format!(
        "BATCH_SIZE, EPOCHS, EVERY = {}, {}, {}\nPLANE = {plane}\n\
         GRID = int(sys.argv[sys.argv.index(\"--grid\") + 1]) if \"--grid\" in sys.argv else {}\n\
         EXTENT, MARGIN = {extent}, {}\nEVAL_SIZE = {}\n\
         PER_ITERATION, METRIC = {}, {}\n\n\ndef make_optimizer(params):\n    return {}\n\n\n",
        train.batch_size,
        train.epochs,
        l.trajectory.every,
        l.grid.size,
        py_float(l.grid.margin),
        l.grid
            .eval_size
            .map_or_else(|| "None".to_string(), |n| n.to_string()),
        py_bool(train.schedule_per_iteration()),
        py_bool(train.schedule.as_ref().is_some_and(|s| s.needs_metric())),
        optimizer_call(&train.optimizer, "params", None),
    ));
    out.push_str(&scheduler_def("make_scheduler", train.schedule.as_ref()));
    out.push_str(TRAIN);
    out.push_str(PLANE);
    out.push_str(GRID);
    out
}

const TRAIN: &str = "
def flat(model):
    return torch.nn.utils.parameters_to_vector(model.parameters()).detach().double()


torch.manual_seed(SEED)
order_generator = torch.Generator().manual_seed(SEED)
model = make_model()
optimizer = make_optimizer(model.parameters())
scheduler = make_scheduler(optimizer)
path, marks, it = [flat(model)], [{\"iteration\": 0, \"epoch\": 0}], 0
for epoch in range(1, EPOCHS + 1):
    model.train()
    order = torch.randperm(len(x_train), generator=order_generator)
    total = 0.0
    for start in range(0, len(x_train), BATCH_SIZE):
        batch = order[start:start + BATCH_SIZE]
        optimizer.zero_grad()
        loss = loss_fn(model(x_train[batch]), y_train[batch])
        loss.backward()
        optimizer.step()
        it += 1
        total += loss.item() * len(batch)
        if scheduler is not None and PER_ITERATION:
            scheduler.step(loss.item()) if METRIC else scheduler.step()
        if it % EVERY == 0 or start + BATCH_SIZE >= len(x_train):
            path.append(flat(model))
            marks.append({\"iteration\": it, \"epoch\": epoch})
    val_loss, val_acc = evaluate(model)
    print(json.dumps({\"run\": \"train\", \"epoch\": epoch, \"train_loss\": total / len(x_train),
                      \"val_loss\": val_loss, \"val_acc\": val_acc,
                      \"lr\": optimizer.param_groups[0][\"lr\"]}))
    if scheduler is not None and not PER_ITERATION:
        scheduler.step(val_loss) if METRIC else scheduler.step()
";

const PLANE: &str = "
shapes = [p.shape for p in model.parameters()]


def filter_normalised(origin, generator):
    \"\"\"Li et al.'s direction: Gaussian, each weight row scaled to the origin's row norm,
    biases zero.\"\"\"
    parts, offset = [], 0
    for shape in shapes:
        n = math.prod(shape)
        block = origin[offset:offset + n].reshape(shape)
        if len(shape) == 1:
            parts.append(torch.zeros(n, dtype=torch.float64))
        else:
            d = torch.randn(shape, generator=generator, dtype=torch.float64)
            d *= block.norm(dim=1, keepdim=True) / d.norm(dim=1, keepdim=True).clamp_min(1e-30)
            parts.append(d.reshape(-1))
        offset += n
    return torch.cat(parts)


if PLANE[0] == \"pca\":
    origin = path[-1]
    displacements = torch.stack(path[:-1]) - origin
    centred = displacements - displacements.mean(0)
    _, s, vh = torch.linalg.svd(centred, full_matrices=False)
    d1, d2 = vh[0], vh[1]
    ratio = (s[:2] ** 2 / (s ** 2).sum()).tolist()
    # Signed so that the path starts at non-positive coordinates, as the lab draws it.
    if (displacements[0] @ d1) > 0:
        d1 = -d1
    if (displacements[0] @ d2) > 0:
        d2 = -d2
elif PLANE[0] == \"random\":
    origin = path[-1]
    generator = torch.Generator().manual_seed(PLANE[1])
    d1, d2 = filter_normalised(origin, generator), filter_normalised(origin, generator)
    ratio = None
else:
    a, b, c = (path[k] for k in PLANE[1:])
    origin = a
    d1 = (b - a) / (b - a).norm()
    d2 = (c - a) - ((c - a) @ d1) * d1
    d2 = d2 / d2.norm()
    ratio = None
coords = [[((p - origin) @ d1).item(), ((p - origin) @ d2).item()] for p in path]
print(json.dumps({\"plane\": PLANE[0], \"explained_variance_ratio\": ratio, \"path\": coords,
                  \"points\": marks}))
";

const GRID: &str = "
if EXTENT is None:
    xs, ys = [c[0] for c in coords] + [0.0], [c[1] for c in coords] + [0.0]

    def fit(values):
        lo, hi = min(values), max(values)
        span = hi - lo
        return (lo - MARGIN * span, hi + MARGIN * span) if span > 0 else (lo - 1.0, hi + 1.0)

    EXTENT = (fit(xs), fit(ys))
axis = lambda lo_hi: [lo_hi[0] + (lo_hi[1] - lo_hi[0]) * k / (GRID - 1) for k in range(GRID)]
gx, gy = axis(EXTENT[0]), axis(EXTENT[1])
print(json.dumps({\"axes\": {\"x\": gx, \"y\": gy}}))

# Only the first layer meets the samples: X W^T is linear in the plane's coordinates.
x_eval = (x_val if EVAL_SIZE is None else x_val[:EVAL_SIZE]).double()
y_eval = y_val if EVAL_SIZE is None else y_val[:EVAL_SIZE]


def split(vector):
    out, offset = [], 0
    for shape in shapes:
        n = math.prod(shape)
        out.append(vector[offset:offset + n].reshape(shape))
        offset += n
    return out


(o, u, v) = (split(origin), split(d1), split(d2))
first = [x_eval @ w[0].T + w[1] for w in (o, u, v)]
layers = [m for m in model if not isinstance(m, nn.Linear)][:1]
activation = layers[0] if layers else None
best = (math.inf, None)
with torch.no_grad():
    for j, b in enumerate(gy):
        losses, accuracies = [], []
        for a in gx:
            h = first[0] + a * first[1] + b * first[2]
            for k in range(2, len(shapes), 2):
                h = activation(h)
                weight = o[k] + a * u[k] + b * v[k]
                bias = o[k + 1] + a * u[k + 1] + b * v[k + 1]
                h = h @ weight.T + bias
            loss = loss_fn(h, y_eval).item()
            losses.append(loss)
            accuracies.append((h.argmax(1) == y_eval).double().mean().item())
            if loss < best[0]:
                best = (loss, [a, b])
        print(json.dumps({\"row\": j, \"y\": b, \"loss\": losses, \"accuracy\": accuracies}))
print(json.dumps({\"min_loss\": best[0], \"at\": best[1]}))
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_records_the_path_and_evaluates_the_plane() {
        let spec = LandscapeSpec::from_json(
            r#"{"epochs": 2, "optimizer": {"optimizer": "SGD", "lr": 0.1, "momentum": 0.9},
                "landscape": {"trajectory": {"every": 20}, "grid": {"size": 21, "coarse": 0}}}"#,
        )
        .unwrap();
        let s = landscape_script(&spec);
        assert!(s.contains("BATCH_SIZE, EPOCHS, EVERY = 32, 2, 20"));
        assert!(s.contains("PLANE = (\"pca\",)"));
        assert!(s.contains("else 21\n"));
        assert!(s.contains("torch.linalg.svd(centred"));
        assert!(s.contains("def make_scheduler(optimizer):\n    return None"));
        let points = LandscapeSpec::from_json(
            r#"{"landscape": {"plane": {"kind": "points", "points": [0, 10, -1]},
                              "grid": {"extent": {"x": [-1, 1], "y": [-2, 2]}}}}"#,
        )
        .unwrap();
        let s = landscape_script(&points);
        assert!(s.contains("PLANE = (\"points\", 0, 10, -1)"));
        assert!(s.contains("EXTENT, MARGIN = ((-1.0, 1.0), (-2.0, 2.0)), 0.25"));
    }
}
