// Each tip's evidence as charts drawn by Rust, each with an explanation, a hover and keyboard
// readout and its numbers as a table (the Train panel's ChartCard). `update(report, live)`
// redraws from the experiment's latest report and the run in progress.
import { formatNumber } from "../schedules/values.js";
import { ChartCard } from "../lib/chart-card.js";
import { h } from "../lib/dom.js";
import { currentTheme } from "../lib/theme.js";
import { cellText, curveRuns, finalBars, heatmapData, searchBars, smooth } from "./chart-data.js";

/** A canvas in a closed card has no room to draw in; it is drawn again when opened. */
function tooSmall(canvas) {
  return canvas.width < 64 || canvas.height < 64;
}

/** The chart's data as the `lrlab plot` figure `figure` (drawn at one pixel per SVG unit), or null before it has any. */
export function plotFigure(figure, data) {
  return data ? { figure, chart: { ...data, pixel_ratio: 1, text_scale: 1, theme: currentTheme() } } : null;
}

/**
 * A chart card whose downloads are named lrlab-<name>.<ext>; its JSON carries the drawn data
 * as the `lrlab plot` figure `tip-<kind>`, so the CLI draws it without rerunning the tip.
 */
function card(wasm, { title, explain, label, kind, describe, table, name }) {
  const draw = { curves: wasm.draw_tip_curves, bars: wasm.draw_tip_bars, heatmap: wasm.draw_tip_heatmap }[kind];
  const svg = { curves: wasm.draw_tip_curves_svg, bars: wasm.draw_tip_bars_svg, heatmap: wasm.draw_tip_heatmap_svg }[kind];
  const c = new ChartCard({
    title,
    explain,
    label,
    draw: (canvas, d) => (tooSmall(canvas) ? null : draw(canvas, d)),
    svg: (w, hh, d) => svg(w, hh, d),
    name,
    figure: () => plotFigure(`tip-${kind}`, c.view.data),
    describe,
    table,
  });
  c.placeholder.textContent = "Nothing to draw yet: press Run.";
  c.element.classList.add("tip-chart", `tip-chart-${kind}`);
  return c;
}

/** Training loss (or lr) per iteration of the compared runs. */
function curveCard(wasm, get, { title, explain, name, kind = "loss", smoothing = 0.8, showRaw = true, logY = false }) {
  const series = (run) => (kind === "lr" ? run.lrs : smoothing > 0 ? smooth(run.loss, smoothing) : run.loss);
  const what = kind === "lr" ? "learning rate" : "training loss";
  const self = card(wasm, {
    title,
    explain,
    label: `${what} per iteration`,
    kind: "curves",
    name,
    describe: (step) => {
      const runs = get().runs;
      const parts = [];
      const marks = [];
      for (const run of runs) {
        const v = series(run)[step - 1];
        if (v === undefined) continue;
        parts.push(`${run.name}: ${what} ${formatNumber(Number(v.toPrecision(4)))}`);
        marks.push({ value: v, axis: "y", color: get().color(run.color) });
      }
      return parts.length ? { text: `Iteration ${step}: ${parts.join("; ")}`, marks } : null;
    },
    table: () => {
      const runs = get().runs;
      const columns = ["iteration", ...runs.map((r) => `${r.name} ${what}`)];
      const values = runs.map((r) => (kind === "lr" ? r.lrs : r.loss));
      return {
        caption: `${title}: ${what} of every iteration${kind === "lr" ? "" : " (raw, per batch)"}`,
        columns,
        rows: Math.max(0, ...values.map((v) => v.length)),
        cell: (r, c) => (c === 0 ? String(r + 1) : r < values[c - 1].length ? formatNumber(values[c - 1][r]) : ""),
      };
    },
  });
  self.update = () => {
    const runs = get().runs;
    const names = runs.map((r) => r.name).join(", ");
    const data = { kind, runs, x_unit: "iterations", log_y: logY, smoothing, show_raw: showRaw };
    self.setData(data, `${title}: ${what} per iteration for ${names || "no runs yet"}.`, runs.length === 0);
  };
  return self;
}

/** One final number per run (or per searched lr). */
function barCard(wasm, get, { title, explain, name, yTitle, percent = false, mode = "bars", valueName }) {
  const text = (b) => (b.value === null ? cellText(null, b.diverged) : percent ? `${(100 * b.value).toFixed(2)}%` : cellText(b.value, false));
  const self = card(wasm, {
    title,
    explain,
    label: title,
    kind: "bars",
    name,
    describe: (slot) => {
      const b = get().bars[slot];
      if (!b) return null;
      const marks = b.value === null ? [] : [{ value: percent ? 100 * b.value : b.value, axis: "y", color: get().color(b.color) }];
      return { text: `${b.name ?? b.label}: ${valueName} ${text(b)}${b.best ? " (best)" : ""}`, marks };
    },
    table: () => {
      const bars = get().bars;
      return {
        caption: title,
        columns: ["run", valueName, "best"],
        rows: bars.length,
        cell: (r, c) => [bars[r].name ?? bars[r].label, text(bars[r]), bars[r].best ? "yes" : ""][c],
      };
    },
  });
  self.update = () => {
    const bars = get().bars;
    const data = { bars: bars.map(({ label, value, color, best, diverged }) => ({ label, value, color, best, diverged })), y_title: yTitle, percent, mode };
    self.setData(data, `${title}: ${bars.map((b) => `${b.name ?? b.label} ${text(b)}`).join(", ") || "no runs yet"}.`, bars.length === 0);
  };
  return self;
}

function heatmapCard(wasm, get, name) {
  const title = "Final validation loss, batch size × learning rate";
  const self = card(wasm, {
    title,
    explain: "One epoch of plain SGD per cell. Darker is lower (better); the outlined cell is each batch size's best lr; hatched cells diverged.",
    label: title,
    kind: "heatmap",
    name,
    describe: (col) => {
      const d = get().heatmap;
      if (!d || col < 0 || col >= d.cols.length) return null;
      const cells = d.rows.map((row, r) => {
        const k = r * d.cols.length + col;
        return `batch ${row}: ${cellText(d.values[k], d.diverged[k])}${d.best[k] ? " (best for this batch)" : ""}`;
      });
      return { text: `lr = ${d.cols[col]}: ${cells.join("; ")}`, marks: [] };
    },
    table: () => {
      const d = get().heatmap;
      if (!d) return { caption: title, columns: ["batch size"], rows: 0, cell: () => "" };
      const rows = [...d.rows].reverse();
      return {
        caption: `${title} (rows: batch size; columns: lr)`,
        columns: ["batch size", ...d.cols.map((c) => `lr = ${c}`)],
        rows: rows.length,
        cell: (r, c) => {
          const row = d.rows.length - 1 - r;
          if (c === 0) return rows[r];
          const k = row * d.cols.length + (c - 1);
          return cellText(d.values[k], d.diverged[k]) + (d.best[k] ? " (best)" : "");
        },
      };
    },
  });
  self.update = () => {
    const d = get().heatmap;
    self.setData(d ?? {}, title, !d);
  };
  return self;
}

/**
 * The charts of card `id` ("adam", "decay", "batch", "warmup"). `state()` gives `{ report,
 * live, trainSize }`, `short` the runs' short names, `color(i)` a palette colour for readouts.
 */
export class TipCharts {
  constructor(wasm, id, { state, short, color }) {
    const runs = () => ({ runs: curveRuns(state().report, state().live, state().trainSize), color });
    const search = () => ({ bars: searchBars(state().report, state().live), color });
    const final = (metric) => () => ({ bars: finalBars(state().report, state().running, short, metric), color });
    const heat = () => ({ heatmap: heatmapData(state().report), color });
    // Download names: lrlab-tips-<tip>-<chart>.<ext>.
    const name = (chart) => `tips-${id}-${chart}`;
    const searchCard = (what) =>
      barCard(wasm, search, { name: name("search"), title: `Step 1: the search for ${what}`, explain: "One epoch per lr; the outlined bar is the lr the comparison uses (lowest validation loss).", yTitle: "validation loss after 1 epoch", valueName: "validation loss" });
    this.cards = {
      adam: () => [
        searchCard("SGD's lr"),
        curveCard(wasm, runs, { name: name("loss"), title: "Step 2: Adam against the tuned SGD", explain: "Training loss of every batch (faint) and its moving average (bold), three epochs each." }),
        barCard(wasm, final("val_acc"), { name: name("accuracy"), title: "Final validation accuracy", explain: "After three epochs, on held-out digits.", yTitle: "validation accuracy (%)", percent: true, mode: "points", valueName: "validation accuracy" }),
      ],
      decay: () => [
        searchCard("the best constant lr"),
        curveCard(wasm, runs, { name: name("loss"), title: "Step 2: the same lr, with and without decay", explain: "Training loss, three epochs each: the curves part when the decay starts to bite." }),
        curveCard(wasm, runs, { name: name("lr"), title: "The learning rate each run applied", explain: "Constant; StepLR cuts it tenfold after two epochs; cosine annealing glides to zero.", kind: "lr", smoothing: 0, showRaw: false }),
        barCard(wasm, final("val_loss"), { name: name("validation-loss"), title: "Final validation loss", explain: "Lower is better; the outlined bar is the best run.", yTitle: "validation loss", valueName: "validation loss" }),
      ],
      batch: () => [heatmapCard(wasm, heat, name("heatmap"))],
      warmup: () => [
        curveCard(wasm, runs, { name: name("loss"), title: "Loss over the first 200 iterations", explain: "Every batch's loss, unsmoothed, so each spike shows: look at the first 50 iterations.", smoothing: 0, showRaw: false }),
        curveCard(wasm, runs, { name: name("lr"), title: "The learning rate applied", explain: "Constant from the first step, or ramped linearly from 1% over 100 iterations (LinearLR, then constant through SequentialLR).", kind: "lr", smoothing: 0, showRaw: false }),
      ],
    }[id]();
    this.element = h("div", { class: "tip-charts" }, this.cards.map((c) => c.element));
  }

  update() {
    for (const c of this.cards) c.update();
  }
}
