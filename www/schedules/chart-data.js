// What the Schedules panel shows, computed from its state and the simulations: the chart's
// data, the readout for a step and the data table. Pure functions, tested without a browser.
import { SCHEDULERS } from "./fields.js";
import { formatNumber } from "./values.js";

/** The chart's neutral validation-loss colour (src/charts/theme.rs `metric`). */
export const METRIC_COLOR = { light: "#444444", dark: "#c9d1d9" };

/** Patience (the bad epochs that led to each cut) and cooldown spans of a plateau trace. */
export function plateauSpans(trace, color) {
  const spans = [];
  for (const cut of trace.reductions) {
    let start = cut;
    while (start - 1 >= 0 && trace.bad_epochs[start - 1] > 0) start -= 1;
    spans.push({ from: Math.max(0, start - 1), to: cut, kind: "patience", color });
  }
  for (const [from, to] of trace.cooldowns) spans.push({ from: from - 1, to, kind: "cooldown", color: null });
  return spans.filter((sp) => sp.to >= sp.from);
}

function hasMetric(state) {
  return state.items.some((i) => SCHEDULERS[i.cfg.scheduler]?.metric);
}

/**
 * The ScheduleChart object (src/charts/schedule_chart.rs) for `state`, drawing each schedule's
 * last successful run; markers and spans belong to the selected schedule. Also an accessible
 * name for the chart.
 */
export function chartData(state, runs, metrics) {
  const series = [];
  let markers = [];
  let spans = [];
  state.items.forEach((item, i) => {
    const r = runs[i]?.result;
    if (!r) return;
    series.push({ name: item.name, color: item.color, lr: r.lr, momentum: r.momentum ?? [] });
    if (i !== state.sel) return;
    markers = r.markers.map((m) => ({ ...m, color: item.color }));
    if (r.plateau) {
      spans = plateauSpans(r.plateau, item.color);
      markers = r.plateau.reductions.map((step) => ({ step, label: `× ${item.cfg.factor}`, color: item.color }));
    }
  });
  const metric = metrics && hasMetric(state) ? { name: "validation loss", values: metrics, first_step: 1 } : null;
  const unit = state.x === "ep" ? "epochs" : "iterations";
  const names = state.items.map((i) => i.name).join(", ");
  const label = `Learning rate against ${unit} for ${names}.${metric ? " The validation loss is drawn too." : ""}`;
  return {
    data: { series, markers, spans, metric, log_y: state.log, x_unit: unit, steps_per_epoch: state.spe },
    label,
  };
}

/** The readout at `step`: `{ text, marks }`; `colorOf(index)` gives a palette colour. */
export function describeStep(state, runs, metrics, step, colorOf, theme = "light") {
  let head = `Step ${step}`;
  if (state.spe !== 1) head += ` (epoch ${formatNumber(step / state.spe)})`;
  const parts = [];
  const marks = [];
  state.items.forEach((item, i) => {
    const r = runs[i]?.result;
    if (!r || step >= r.lr.length) return;
    const color = colorOf(item.color);
    let text = `${item.name} lr ${formatNumber(r.lr[step])}`;
    marks.push({ value: r.lr[step], axis: "y", color });
    if (r.momentum && step < r.momentum.length) {
      text += `, momentum ${formatNumber(r.momentum[step])}`;
      marks.push({ value: r.momentum[step], axis: "right", color });
    }
    if (r.plateau && step < r.plateau.bad_epochs.length) {
      text += `, bad epochs ${r.plateau.bad_epochs[step]} of patience ${item.cfg.patience}`;
    }
    parts.push(text);
  });
  if (metrics && hasMetric(state) && step >= 1 && step <= metrics.length) {
    parts.push(`validation loss ${formatNumber(metrics[step - 1])}`);
    marks.push({ value: metrics[step - 1], axis: "metric", color: METRIC_COLOR[theme] });
  }
  return { text: `${head}: ${parts.join("; ")}`, marks };
}

/** The data table: a row per step, columns for every curve on the chart. */
export function tableModel(state, runs, metrics) {
  const cols = [{ label: "step", value: (r) => String(r) }];
  if (state.spe !== 1) cols.push({ label: "epoch", value: (r) => formatNumber(r / state.spe) });
  const at = (values, r) => (r < values.length ? formatNumber(values[r]) : "");
  state.items.forEach((item, i) => {
    const res = runs[i]?.result;
    if (!res) return;
    cols.push({ label: `${item.name} lr`, value: (r) => at(res.lr, r) });
    if (res.momentum) cols.push({ label: `${item.name} momentum`, value: (r) => at(res.momentum, r) });
  });
  if (metrics && hasMetric(state)) {
    cols.push({ label: "validation loss", value: (r) => (r >= 1 && r <= metrics.length ? formatNumber(metrics[r - 1]) : "") });
  }
  return {
    caption: "Learning rate after each scheduler.step()",
    columns: cols.map((c) => c.label),
    rows: state.steps + 1,
    cell: (r, c) => cols[c].value(r),
  };
}
