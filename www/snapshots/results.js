// The Snapshots panel's results: the scores as a table and a chart (each snapshot, the
// ensembles of the last 1..M, or the weight averages, and the single model), and both runs'
// learning rates, drawn by Rust with the Tips panel's chart functions, plus the downloads of
// Figure 1 (both landscapes on one figure). Every chart's JSON carries its data as the
// `lrlab plot` figure, so the CLI redraws it without training again.
import { h, textScale } from "../lib/dom.js";
import { ChartCard } from "../lib/chart-card.js";
import { renderTable } from "../lib/data-table.js";
import { ExportMenu } from "../lib/export-menu.js";
import { PNG_RATIO, offscreenCanvas } from "../lib/export.js";
import { fmt, pct } from "../landscape/format.js";
import { landscapeChart, landscapeTable } from "../landscape/plot.js";
import { plotFigure } from "../tips/charts.js";

/** Figure 1's export size when it is not on screen: two pictures side by side. */
const PAIR_SIZE = { width: 1200, height: 560 };

/**
 * The downloads of Figure 1: `left` and `right` (LandscapePlots over one grid) drawn as one
 * figure, titled, at the size `box` (an element) has on screen. Returns `{ element,
 * setEnabled(on) }`.
 */
export function figureOneMenu(wasm, { left, right, box }) {
  const pair = (ratio, scale) => ({
    left: landscapeChart(left.data, left.view, ratio, scale),
    right: landscapeChart(right.data, right.view, ratio, scale),
    left_title: left.title,
    right_title: right.title,
  });
  const ready = () => {
    if (!left.data || !right.data) throw new Error("the shared plane is not evaluated yet");
  };
  const size = () => (box.clientWidth >= 64 && box.clientHeight >= 64 ? { width: box.clientWidth, height: box.clientHeight } : PAIR_SIZE);
  const menu = new ExportMenu({
    name: "snapshots-figure-1",
    title: "Figure 1, both paths on the shared plane",
    png: () => {
      ready();
      const { width, height } = size();
      const canvas = offscreenCanvas(width, height, PNG_RATIO);
      wasm.draw_landscape_pair(canvas, pair(PNG_RATIO, textScale()));
      return canvas;
    },
    svg: () => {
      ready();
      const { width, height } = size();
      return wasm.draw_landscape_pair_svg(width, height, pair(1, textScale())).svg;
    },
    table: () =>
      landscapeTable(
        "Figure 1: the shared grid, the single model's path and the cyclic run's path",
        left.data,
        left.data && right.data ? [{ name: "single model path", path: left.data.path }, { name: "cyclic run path", path: right.data.path }] : [],
      ),
    figure: () => (left.data && right.data ? { figure: "landscape-pair", chart: pair(1, 1) } : null),
  });
  menu.setEnabled(false);
  const element = h("div", { class: "sn-figure-export" }, h("p", { class: "help" }, "Figure 1 as one file, both pictures with their titles (side by side on a wide screen):"), menu.element);
  return { element, setEnabled: (on) => menu.setEnabled(on) };
}

/** Okabe-Ito indices: snapshots blue, ensembles orange, weight averages purple, baseline vermillion. */
const COLOR = { snapshot: 0, ensemble: 4, average: 3, baseline: 1 };

/** The rows of the comparison: `[{ id, label, name, accuracy, loss, kind }]`. */
export function scoreRows(report, weightAverage) {
  const rows = report.snapshots.map((s) => ({ id: `S${s.snapshot}`, name: `snapshot ${s.snapshot} (epoch ${s.epoch}, lr ${fmt(s.lr)})`, accuracy: s.accuracy, loss: s.loss, kind: "snapshot" }));
  for (const e of report.ensembles) {
    rows.push(
      weightAverage
        ? { id: `W${e.members}`, name: `weights of the last ${e.members} averaged`, accuracy: e.weight_average_accuracy, loss: e.weight_average_loss, kind: "average" }
        : { id: `E${e.members}`, name: `ensemble of the last ${e.members} (softmax mean)`, accuracy: e.accuracy, loss: e.loss, kind: "ensemble" },
    );
  }
  rows.push({ id: "B", name: `single model, ${report.baseline.scheduler}`, accuracy: report.baseline.accuracy, loss: report.baseline.loss, kind: "baseline" });
  return rows;
}

/** The one-sentence summary of a finished report. */
export function finding(report) {
  const best = Math.max(...report.snapshots.map((s) => s.accuracy));
  const all = report.ensembles[report.ensembles.length - 1];
  if (!all) return "The run took no snapshot.";
  const m = all.members;
  const vs = (a, b) => (a > b ? "beats" : a < b ? "trails" : "ties");
  return `The ensemble of all ${m} snapshots reaches ${pct(all.accuracy)}: it ${vs(all.accuracy, best)} the best single snapshot (${pct(best)}) and ${vs(all.accuracy, report.baseline.accuracy)} the single model trained with ${report.baseline.scheduler} for the same budget (${pct(report.baseline.accuracy)}). Averaging the ${m} snapshots' weights instead gives ${pct(all.weight_average_accuracy)}.`;
}

export class SnapshotResults {
  constructor(wasm) {
    this.report = null;
    this.weightAverage = false;
    this.tableWrap = h("div", { class: "sn-table-wrap" });
    this.scores = new ChartCard({
      title: "Validation accuracy: snapshots, ensembles and the single model",
      explain: "S k: snapshot k alone. E m: the softmax outputs of the last m snapshots averaged (W m: their weights averaged instead). B: one model trained for the same budget with a step decay.",
      label: "Validation accuracy of every snapshot, ensemble and the baseline",
      draw: (canvas, d) => (canvas.width < 64 ? null : wasm.draw_tip_bars(canvas, d)),
      svg: (w, hh, d) => wasm.draw_tip_bars_svg(w, hh, d),
      name: "snapshots-scores",
      figure: () => plotFigure("tip-bars", this.scores.view.data),
      describe: (slot) => {
        const r = this.rows()[slot];
        return r ? { text: `${r.id}, ${r.name}: accuracy ${pct(r.accuracy)}, loss ${fmt(r.loss)}`, marks: [] } : null;
      },
      table: () => this.scoreTable(),
    });
    this.scores.placeholder.textContent = "Nothing to draw yet: press Run.";
    this.lrs = new ChartCard({
      title: "The learning rate of both runs",
      explain: "The cyclic run restarts at α0 and anneals to nearly zero before each snapshot; the baseline keeps a large lr, then drops it.",
      label: "Learning rate per iteration of the cyclic run and the baseline",
      draw: (canvas, d) => (canvas.width < 64 ? null : wasm.draw_tip_curves(canvas, d)),
      svg: (w, hh, d) => wasm.draw_tip_curves_svg(w, hh, d),
      name: "snapshots-lr",
      figure: () => plotFigure("tip-curves", this.lrs.view.data),
      describe: (step) => {
        const r = this.report;
        if (!r || step < 1 || step > r.cyclic_lrs.length) return null;
        return { text: `Iteration ${step}: cyclic lr ${fmt(r.cyclic_lrs[step - 1])}, baseline lr ${fmt(r.baseline_lrs[step - 1])}`, marks: [] };
      },
      table: () => this.lrTable(),
    });
    this.lrs.placeholder.textContent = "Nothing to draw yet: press Run.";
    this.element = h("div", { class: "sn-results" }, h("h3", {}, "Scores"), this.tableWrap, h("div", { class: "sn-charts" }, this.scores.element, this.lrs.element));
    this.setReport(null);
  }

  rows() {
    return this.report ? scoreRows(this.report, this.weightAverage) : [];
  }

  setReport(report, weightAverage = this.weightAverage) {
    this.report = report;
    this.weightAverage = weightAverage;
    const rows = this.rows();
    const best = Math.max(...rows.map((r) => r.accuracy));
    const bars = rows.map((r) => ({ label: r.id, value: r.accuracy, color: COLOR[r.kind], best: r.accuracy === best, diverged: false }));
    this.scores.setData({ bars, y_title: "validation accuracy (%)", percent: true, mode: "points" }, `Validation accuracy: ${rows.map((r) => `${r.id} ${pct(r.accuracy)}`).join(", ") || "no results yet"}.`, !report);
    const lrRun = (name, color, lrs) => ({ name, color, loss: new Array(lrs.length).fill(0), lrs, iterations_per_epoch: report.iterations_per_epoch });
    const runs = report ? [lrRun("cyclic (snapshots)", COLOR.snapshot, report.cyclic_lrs), lrRun(`baseline (${report.baseline.scheduler})`, COLOR.baseline, report.baseline_lrs)] : [];
    this.lrs.setData({ kind: "lr", runs, x_unit: "epochs", log_y: false, smoothing: 0, show_raw: false }, "Learning rate per iteration of the cyclic run and the baseline.", !report);
    if (report) renderTable(this.tableWrap, this.scoreTable());
    else this.tableWrap.replaceChildren(h("p", { class: "help" }, "The scores appear here once both runs are trained."));
  }

  scoreTable() {
    const rows = this.rows();
    return {
      caption: `Validation accuracy and loss on ${this.report?.eval_size ?? 0} held-out digits`,
      columns: ["", "model", "accuracy", "loss (NLL)"],
      rows: rows.length,
      cell: (r, c) => [rows[r].id, rows[r].name, pct(rows[r].accuracy), fmt(rows[r].loss)][c],
    };
  }

  lrTable() {
    const r = this.report;
    const n = r ? r.cyclic_lrs.length : 0;
    return {
      caption: "Learning rate applied at every iteration",
      columns: ["iteration", "cyclic lr", "baseline lr"],
      rows: n,
      cell: (i, c) => [String(i + 1), fmt(r.cyclic_lrs[i]), fmt(r.baseline_lrs[i])][c],
    };
  }
}
