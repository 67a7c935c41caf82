// The coarse-to-fine search section: the lecture's log grid (editable), a short run per lr in
// the worker (which lr, which run), a refine step around the best, the final loss and accuracy
// against lr (diverged runs marked as such), the results table, and the CSV to download or copy.
import { copyText, h } from "../lib/dom.js";
import { isFatal } from "../lib/errors.js";
import { currentTheme } from "../lib/theme.js";
import { formatNumber, parseField } from "../schedules/values.js";
import { ChartCard } from "../lib/chart-card.js";
import { FieldSet } from "../train/fields.js";
import { formatDuration } from "../train/words.js";
import { experimentExport } from "../lib/experiment-export.js";
import { JobClient } from "../lib/job-client.js";
import { JobControls } from "./progress.js";
import { LIMITS, METRICS, UNITS, searchConfig } from "./state.js";

const METRIC_LABELS = { val_loss: "lowest validation loss", train_loss: "lowest training loss", val_acc: "highest validation accuracy" };

export class SearchSection {
  constructor(panel) {
    this.panel = panel;
    this.wasm = panel.wasm;
    this.points = [];
    this.best = null;
    this.client = new JobClient(new URL("./worker.js", import.meta.url), "lrfind", (m) => this.onWorker(m));
    this.fields = new FieldSet({ prefix: "lrs", onEdit: (key) => this.changed(key) });
    this.grid = h("div", { class: "lrf-grid" });
    this.controls = new JobControls({
      runLabel: "Run search",
      progressLabel: "Search progress",
      idle: "Ready: one short run per learning rate, then a finer grid around the best.",
      onRun: () => this.start(),
      onCancel: () => this.client.cancel(),
      exports: experimentExport({
        wasm: this.wasm,
        kind: "lr-search",
        name: "lr-finder-search",
        what: "the coarse-to-fine search",
        spec: () => ({ ...panel.neighbours.config(panel.state.src), search: searchConfig(panel.state) }),
      }),
    });
    this.chart = new ChartCard({
      title: "Final loss and accuracy against learning rate",
      explain: "Each dot is one short run. Too small an lr barely learns, too large a one diverges (marked, not drawn as a value); the fine grid zooms in around the best coarse point.",
      label: "Search results: loss and accuracy against learning rate",
      draw: (canvas, d) => (canvas.width < 64 || canvas.height < 64 ? null : this.wasm.draw_search_chart(canvas, this.points, this.best?.lr ?? undefined, d)),
      svg: (w, hh, d) => this.wasm.draw_search_chart_svg(w, hh, this.points, this.best?.lr ?? undefined, d),
      name: "lr-finder-search",
      placeholder: "Nothing to draw yet: press Run search.",
      describe: (step) => this.describe(step),
      table: () => this.tableModel(),
    });
    this.chart.placeholder.textContent = "Nothing to draw yet: press Run search.";
    this.results = h("div", { class: "table-wrap lrf-table", tabindex: "0", "aria-label": "Search results table" });
    this.note = h("p", { class: "help", role: "status", "aria-live": "polite" });
    this.download = h("button", { type: "button", class: "secondary", onclick: () => this.downloadCsv(), disabled: true }, "Download CSV");
    this.copy = h("button", { type: "button", class: "secondary", onclick: () => this.copyCsv(), disabled: true }, "Copy CSV");
    this.element = h(
      "section",
      { class: "lrf-search", "data-section": "search", "data-control": "search", "aria-labelledby": "lrf-search-title" },
      h("h3", { id: "lrf-search-title" }, "Coarse-to-fine search"),
      h("p", { class: "help" }, "The lecture's tip: search a wide logarithmic range (1, 0.1, …, 1e-6) with short runs, then refine around the best value."),
      h(
        "div",
        { class: "lrf-layout" },
        h(
          "div",
          { class: "lrf-main" },
          this.controls.element,
          this.chart.element,
          h("section", { class: "trn-card", "aria-labelledby": "lrf-results-title" }, h("h3", { id: "lrf-results-title" }, "Results"), this.results, h("div", { class: "trn-buttons" }, this.download, this.copy), this.note),
        ),
        h("div", { class: "lrf-side" }, h("fieldset", { class: "lrf-section" }, h("legend", {}, "Search settings"), this.grid)),
      ),
    );
    this.renderResults();
  }

  render() {
    const s = this.panel.state.search;
    const f = this.fields;
    f.clear();
    const gridInput = h("input", {
      type: "text",
      id: f.id("lrs"),
      value: s.lrs.map((lr) => this.wasm.py_lr(lr)).join(", "),
      autocomplete: "off",
      spellcheck: "false",
      oninput: (e) => {
        const parsed = parseGrid(e.target.value);
        f.setError("lrs", "js", parsed.message);
        if (!parsed.message) {
          s.lrs = parsed.value;
          this.changed("lrs");
        }
      },
    });
    this.grid.replaceChildren(
      f.row("lrs", "Learning rates (coarse grid)", gridInput, `Comma-separated, up to ${LIMITS.maxGrid}; the lecture's grid is 1, 0.1, …, 1e-6.`),
      f.select({ key: "unit", label: "Each run lasts", value: s.unit, options: UNITS.map((u) => ({ value: u, label: u })), help: "Whole passes over the training digits, or optimizer steps.", set: (v) => (s.unit = v) }),
      f.text({ key: "n", label: s.unit === "epochs" ? "Epochs per run" : "Iterations per run", type: "int", value: s.n, help: "Short runs: enough to tell a good lr from a bad one.", check: (v) => (v < 1 || v > LIMITS.maxBudget ? `must be between 1 and ${LIMITS.maxBudget}` : null), set: (v) => (s.n = v) }),
      f.text({ key: "rp", label: "Fine grid points", type: "int", value: s.rp, help: "Runs of the refine step (0: no refining).", check: (v) => (v < 0 || v > LIMITS.maxRefine ? `must be between 0 and ${LIMITS.maxRefine}` : null), set: (v) => (s.rp = v) }),
      f.text({ key: "rd", label: "Fine grid half-width (decades)", type: "float", value: s.rd, help: "0.5: from best/√10 to best·√10.", check: (v) => (v > 0 && v <= 3 ? null : "must be above 0 and at most 3 decades"), set: (v) => (s.rd = v) }),
      f.select({ key: "sel", label: "Best means", value: s.sel, options: METRICS.map((m) => ({ value: m, label: METRIC_LABELS[m] })), help: "What picks the centre of the fine grid.", set: (v) => (s.sel = v) }),
    );
    this.updateControls();
  }

  /** After an edit: only a new budget unit relabels the fields (rebuilding would lose the caret). */
  changed(key) {
    if (key === "unit") this.render();
    else this.updateControls();
    this.panel.onChange();
  }

  updateControls() {
    this.controls.setRunning(this.client.busy(), this.fields.hasInputErrors() ? "Fix the highlighted settings to run." : "");
  }

  async start() {
    const panel = this.panel;
    const train = panel.neighbours.config(panel.state.src);
    const spec = JSON.stringify({ train, search: searchConfig(panel.state) });
    try {
      this.wasm.check_search(spec);
    } catch (e) {
      if (isFatal(e)) throw e;
      this.controls.finish(`Cannot start: ${e.message}`);
      return;
    }
    this.controls.setRunning(true);
    this.controls.show(0, 1, "Loading the digits…");
    let files;
    try {
      files = await panel.neighbours.files(panel.state.src);
    } catch (e) {
      this.updateControls();
      this.controls.finish(`The digits could not be loaded: ${e.message}`);
      return;
    }
    this.points = [];
    this.best = null;
    this.coarse = panel.state.search.lrs.length;
    this.refine = panel.state.search.rp;
    this.show();
    this.client.start({ kind: "search", spec }, files);
  }

  onWorker(m) {
    if (m.type === "progress" || m.type === "done") {
      this.points = m.result.table;
      this.best = m.result.best;
      this.show();
    }
    if (m.type === "progress") {
      const p = m.progress;
      const fine = p.stage === "fine";
      const total = this.coarse + (fine ? p.runs : this.refine);
      const done = (fine ? this.coarse : 0) + p.runs_done + p.iteration / Math.max(1, p.iteration_total);
      const grid = fine ? `fine grid, run ${p.runs_done + 1} of ${p.runs}` : `coarse grid, run ${p.runs_done + 1} of ${p.runs}`;
      const left = done > 0 ? `, about ${formatDuration(((total - done) * m.elapsedMs) / done / 1000)} left` : "";
      this.controls.show(done, total, `${p.label ?? "…"}: ${grid}, iteration ${p.iteration} of ${p.iteration_total}${left}.`);
    } else if (m.type === "done") {
      this.updateControls();
      this.controls.show(1, 1, "");
      const best = this.best ? ` Best: lr = ${formatNumber(this.best.lr)} (${METRIC_LABELS[this.panel.state.search.sel]}).` : " Every run diverged.";
      this.controls.finish(`${m.cancelled ? "Search cancelled" : "Search finished"} in ${seconds(m.elapsedMs)}: ${this.points.length} runs.${best}`);
    } else if (m.type === "error") {
      this.updateControls();
      this.controls.finish(`The search stopped: ${m.message}`);
    }
  }

  show() {
    const n = this.points.length;
    this.chart.setData({}, n ? `Search results: ${n} runs, best lr ${this.best ? formatNumber(this.best.lr) : "none"}.` : "Search results: none yet.", n === 0);
    this.renderResults();
    this.download.disabled = n === 0;
    this.copy.disabled = n === 0;
  }

  renderResults() {
    const model = this.tableModel();
    const rows = [];
    for (let r = 0; r < model.rows; r += 1) {
      const best = this.best && this.points[r].lr === this.best.lr && this.points[r].stage === this.best.stage;
      rows.push(h("tr", { class: best ? "lrf-best" : null }, model.columns.map((_, c) => (c === 0 ? h("th", { scope: "row" }, model.cell(r, c)) : h("td", {}, model.cell(r, c))))));
    }
    this.results.replaceChildren(
      h(
        "table",
        { class: "data-table" },
        h("caption", {}, model.rows ? "One short run per learning rate; the best row is highlighted." : "No runs yet."),
        h("thead", {}, h("tr", {}, model.columns.map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", {}, rows),
      ),
    );
  }

  tableModel() {
    const p = this.points;
    const num = (v) => (v === null || v === undefined ? "" : formatNumber(v));
    return {
      caption: "Search results",
      columns: ["grid", "lr", "training loss", "validation loss", "validation accuracy (%)", "result"],
      rows: p.length,
      cell: (r, c) => {
        const x = p[r];
        return [x.stage, formatNumber(x.lr), num(x.train_loss), num(x.val_loss), x.val_acc === null ? "" : (100 * x.val_acc).toFixed(2), x.diverged_at ? `diverged at iteration ${x.diverged_at}` : "finished"][c];
      },
    };
  }

  describe(step) {
    const l = this.chart.view.layout;
    if (!l || this.points.length === 0) return null;
    const t = l.origin + step / l.per_decade;
    const near = this.points.filter((p) => Math.abs(Math.log10(p.lr) - t) <= 0.5 / l.per_decade + 1e-9);
    if (near.length === 0) return null;
    const theme = currentTheme();
    const marks = [];
    const text = near
      .map((p) => {
        const color = this.panel.palette[p.stage === "fine" ? 1 : 0][theme];
        if (p.diverged_at) return `${p.stage} lr ${formatNumber(p.lr)}: diverged at iteration ${p.diverged_at}`;
        marks.push({ value: p.val_loss, axis: "y", color }, { value: 100 * p.val_acc, axis: "metric", color });
        return `${p.stage} lr ${formatNumber(p.lr)}: validation loss ${formatNumber(p.val_loss)}, accuracy ${(100 * p.val_acc).toFixed(2)}%, training loss ${formatNumber(p.train_loss)}`;
      })
      .join("; ");
    return { text, marks };
  }

  csv() {
    return this.wasm.search_csv(this.points);
  }

  downloadCsv() {
    const url = URL.createObjectURL(new Blob([this.csv()], { type: "text/csv" }));
    const a = h("a", { href: url, download: "lrlab-lr-search.csv", class: "visually-hidden" }, "download");
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    this.note.textContent = "Saved lrlab-lr-search.csv.";
  }

  async copyCsv() {
    this.note.textContent = (await copyText(this.csv())) ? "Copied the results as CSV." : "Copying failed: use Download CSV.";
  }
}

/** "1, 0.1, 1e-3" → numbers; a message for anything else. */
export function parseGrid(text) {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (parts.length === 0) return { message: "Enter at least one learning rate." };
  if (parts.length > LIMITS.maxGrid) return { message: `At most ${LIMITS.maxGrid} learning rates.` };
  const value = [];
  for (const part of parts) {
    const r = parseField({ key: "lr", type: "float" }, part);
    if (!r.ok) return { message: `"${part}" is not a number` };
    if (!(r.value > 0)) return { message: `Every learning rate must be positive, got ${part}` };
    value.push(r.value);
  }
  return { value, message: null };
}

/** A job's compute time: tenths of a second under a minute. */
function seconds(ms) {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : formatDuration(ms / 1000);
}
