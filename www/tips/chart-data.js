// What each tip's charts draw, computed from the experiment's report (and the run in
// progress): plain objects for the Rust chart functions, readouts and table rows. No DOM here.
import { formatNumber } from "../schedules/values.js";

/** The palette slot of the search's bars (sky blue: apart from the compared runs' colours). */
const SEARCH_COLOR = 5;

/** An lr as Python prints it, the way the core labels runs ("0.1", "1e-06"). */
export function lrText(lr) {
  if (lr >= 1e-4) return String(Number(lr.toPrecision(6))).replace(/^(\d+)$/, "$1.0");
  return lr.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
}

/** Iterations per epoch of a run of batch `batch` on `trainSize` digits. */
function perEpoch(trainSize, batch) {
  return Math.max(1, Math.ceil(trainSize / Math.max(1, batch)));
}

/** The compared runs as curves: finished arms, then the run in progress (while comparing). */
export function curveRuns(report, live, trainSize) {
  const runs = (report?.arms ?? []).map((a, k) => ({
    name: a.label,
    color: k,
    loss: a.loss,
    lrs: a.lrs,
    iterations_per_epoch: perEpoch(trainSize, a.batch_size),
    diverged_at: a.diverged_at,
    epochs: a.epochs,
  }));
  if (live && live.phase === "comparing" && live.index === runs.length) {
    runs.push({
      name: `${live.label} (running)`,
      color: live.index,
      loss: Array.from(live.loss),
      lrs: Array.from(live.lrs),
      iterations_per_epoch: live.iterations_per_epoch,
      diverged_at: null,
      epochs: [],
    });
  }
  return runs;
}

/** The debiased moving average the loss charts draw (charts::smooth). */
export function smooth(values, weight) {
  const out = [];
  let acc = 0;
  let n = 0;
  for (const v of values) {
    if (!Number.isFinite(v) || weight <= 0) {
      out.push(v);
      continue;
    }
    acc = weight * acc + (1 - weight) * v;
    n += 1;
    out.push(acc / (1 - weight ** n));
  }
  return out;
}

/** The search's points as bars of final validation loss, the run in progress as a pending slot. */
export function searchBars(report, live) {
  const points = report?.tuning ?? [];
  const finite = points.filter((p) => p.val_loss !== null);
  const best = report?.tuned_lr ?? finite.reduce((b, p) => (b === null || p.val_loss < b.val_loss ? p : b), null)?.lr ?? null;
  const bars = points.map((p) => ({
    label: lrText(p.lr),
    value: p.val_loss,
    color: SEARCH_COLOR,
    best: p.lr === best && p.val_loss !== null,
    diverged: p.diverged_at !== null,
    acc: p.val_acc,
  }));
  if (live && live.phase === "tuning" && live.index === bars.length) {
    bars.push({ label: lrText(live.lr), value: null, color: SEARCH_COLOR, best: false, diverged: false, acc: null });
  }
  return bars;
}

/** The compared runs by one final number (`"val_acc"` or `"val_loss"`), with the runs still to come while `running`. */
export function finalBars(report, running, short, metric) {
  const arms = report?.arms ?? [];
  const values = arms.map((a) => a[metric]).filter((v) => v !== null);
  const bestValue = values.length ? (metric === "val_acc" ? Math.max(...values) : Math.min(...values)) : null;
  const bars = arms.map((a, k) => ({
    label: short[k] ?? a.label,
    name: a.label,
    value: a[metric],
    color: k,
    best: arms.length > 1 && a[metric] !== null && a[metric] === bestValue,
    diverged: a.diverged_at !== null,
    acc: a.val_acc,
    loss: a.val_loss,
  }));
  const planned = short.length;
  for (let k = bars.length; k < planned && running; k += 1) {
    bars.push({ label: short[k], name: `${short[k]} (not run yet)`, value: null, color: k, best: false, diverged: false, acc: null, loss: null });
  }
  return bars;
}

/** The heatmap in display order: smallest batch at the bottom, lrs rising to the right. */
export function heatmapData(report) {
  const h = report?.heatmap;
  if (!h) return null;
  const rows = h.batch_sizes.map((b, r) => ({ b, r })).sort((x, y) => x.b - y.b);
  const cols = h.lrs.map((lr, c) => ({ lr, c })).sort((x, y) => x.lr - y.lr);
  const arm = (b, lr) => report.arms.find((a) => a.batch_size === b && a.lr === lr);
  const bestLr = new Map(h.batch_sizes.map((b, r) => [b, report.best_lr_per_batch?.[r] ?? null]));
  const values = [];
  const diverged = [];
  const best = [];
  for (const { b, r } of rows) {
    for (const { lr, c } of cols) {
      values.push(h.values[r * h.lrs.length + c]);
      diverged.push(arm(b, lr)?.diverged_at != null);
      best.push(bestLr.get(b) === lr);
    }
  }
  return {
    rows: rows.map(({ b }) => String(b)),
    cols: cols.map(({ lr }) => lrText(lr)),
    batches: rows.map(({ b }) => b),
    lrs: cols.map(({ lr }) => lr),
    values,
    diverged,
    best,
    x_title: "learning rate (plain SGD)",
    y_title: "batch size",
    value_title: "final validation loss",
  };
}

/** A cell's text in readouts and tables. */
export function cellText(value, diverged) {
  if (value !== null && value !== undefined) return formatNumber(Number(value.toPrecision(4)));
  return diverged ? "diverged" : "not run yet";
}
