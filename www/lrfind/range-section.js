// The range test section: its settings, Run / Cancel with progress, the loss-against-lr chart
// (drawn by Rust from an `LrFindCurves` handle, redrawn live as beta and the skips move, with
// a hover readout and the data as a table), the suggestions and what to do with them.
import { h, perFrame } from "../lib/dom.js";
import { isFatal } from "../lib/errors.js";
import { currentTheme } from "../lib/theme.js";
import { formatNumber } from "../schedules/values.js";
import { ChartCard } from "../lib/chart-card.js";
import { formatDuration } from "../train/words.js";
import { experimentExport } from "../lib/experiment-export.js";
import { JobClient } from "../lib/job-client.js";
import { JobControls } from "./progress.js";
import { RangeForm } from "./range-form.js";
import { rangeConfig, skipStart, smoothing } from "./state.js";
import { SuggestionList } from "./suggestions.js";

const RESTORE_NOTE =
  "The test trains a copy of the network the Train panel would start from, with its optimizer, while the lr grows; when it ends (or is cancelled) the weights and the optimizer state are put back exactly as they were, so a run started afterwards begins from the same point.";

export class RangeSection {
  /** `panel`: the LR Finder panel (state, wasm, neighbours, onChange). */
  constructor(panel) {
    this.panel = panel;
    this.wasm = panel.wasm;
    this.curves = null;
    this.lastRun = null;
    this.client = new JobClient(new URL("./worker.js", import.meta.url), "lrfind", (m) => this.onWorker(m));
    this.form = new RangeForm({
      check: (range) => panel.checkRange(range),
      onChange: () => this.settingsChanged(),
      onSource: (src) => {
        panel.state.src = src;
        panel.describeSetup();
        panel.onChange();
      },
    });
    this.controls = new JobControls({
      runLabel: "Run range test",
      progressLabel: "Range test progress",
      idle: "Ready: the sweep runs in the background and can be cancelled.",
      onRun: () => this.start(),
      onCancel: () => this.client.cancel(),
      exports: experimentExport({
        wasm: this.wasm,
        kind: "lr-find",
        name: "lr-finder-range-test",
        what: "the range test",
        spec: () => {
          const train = panel.neighbours.config(panel.state.src);
          return { ...train, lr_find: rangeConfig(panel.state, train.seed) };
        },
      }),
    });
    this.restoreNote = h("p", { class: "help lrf-restore", role: "status" }, RESTORE_NOTE);
    this.sliders = this.buildSliders();
    this.chart = new ChartCard({
      title: "Loss against learning rate",
      explain: "Each mini-batch's loss (faint) and its bias-corrected moving average (bold) as the lr sweeps up; with several seeds the band spans their smoothed curves. Greyed ends are what the rules skip; the dots are the suggestions.",
      label: "Range test: loss against learning rate",
      draw: (canvas, d) => (canvas.width < 64 || canvas.height < 64 || !this.curves ? null : this.curves.draw(canvas, d)),
      svg: (w, hh, d) => this.curves?.draw_svg(w, hh, d),
      name: "lr-finder-range-test",
      placeholder: "Nothing to draw yet: press Run range test.",
      describe: (step) => this.describe(step),
      table: () => this.table(),
    });
    this.chart.placeholder.textContent = "Nothing to draw yet: press Run range test.";
    this.list = new SuggestionList({ onPick: () => this.updateActions() });
    this.actionNote = h("p", { class: "help", role: "status", "aria-live": "polite" });
    this.useButton = h("button", { type: "button", onclick: () => this.useInTrain() }, "Use in Train panel");
    this.cyclicButton = h("button", { type: "button", class: "secondary", onclick: () => this.sendSchedule("CyclicLR") }, "Send CyclicLR to Schedules");
    this.oneCycleButton = h("button", { type: "button", class: "secondary", onclick: () => this.sendSchedule("OneCycleLR") }, "Send OneCycleLR to Schedules");
    this.redraw = perFrame(() => this.draw());
    this.element = h(
      "section",
      { class: "lrf-range", "aria-labelledby": "lrf-range-title" },
      h("h3", { id: "lrf-range-title" }, "LR range test"),
      h("p", { class: "help" }, "Smith's range test (fastai's lr_find): train for a few hundred mini-batches while the learning rate grows from tiny to huge, and read a good learning rate off where the loss falls fastest, before it blows up."),
      h(
        "div",
        { class: "lrf-layout" },
        h("div", { class: "lrf-main" }, this.controls.element, this.restoreNote, this.sliders, this.chart.element, this.suggestionsBox()),
        h("div", { class: "lrf-side" }, this.form.element),
      ),
    );
  }

  suggestionsBox() {
    return h(
      "section",
      { class: "trn-card lrf-results", "aria-labelledby": "lrf-suggest-title" },
      h("h3", { id: "lrf-suggest-title" }, "Suggested learning rates"),
      this.list.element,
      h("div", { class: "trn-buttons", "data-lab-only": "" }, this.useButton, this.cyclicButton, this.oneCycleButton),
      this.actionNote,
    );
  }

  buildSliders() {
    const slider = (id, label, attrs, read, write, format) => {
      const output = h("output", { for: id, class: "mono" });
      const input = h("input", {
        type: "range",
        id,
        ...attrs,
        oninput: (e) => {
          write(Number(e.target.value));
          output.textContent = format();
          this.viewChanged();
        },
      });
      return { row: h("div", { class: "lrf-slider" }, h("label", { for: id }, label), input, output), input, output, read, format };
    };
    const v = () => this.panel.state.view;
    this.beta = slider("lrf-beta", "Smoothing β", { min: "0", max: "0.995", step: "0.005" }, () => v().beta, (x) => (v().beta = x), () => v().beta.toFixed(3));
    this.skipStart = slider("lrf-skip-start", "Skip at start", { min: "0", step: "1" }, () => skipStart(this.panel.state), (x) => (v().ss = x), () => `${skipStart(this.panel.state)} points`);
    this.skipEnd = slider("lrf-skip-end", "Skip at end", { min: "0", step: "1" }, () => v().se, (x) => (v().se = x), () => `${v().se} points`);
    this.rawInput = h("input", {
      type: "checkbox",
      id: "lrf-raw",
      onchange: (e) => {
        v().raw = e.target.checked;
        this.viewChanged();
      },
    });
    return h(
      "fieldset",
      { class: "lrf-section lrf-view" },
      h("legend", {}, "Reading the curve (redraws at once, no re-run)"),
      this.beta.row,
      this.skipStart.row,
      this.skipEnd.row,
      h("div", { class: "field field-check" }, this.rawInput, h("label", { for: "lrf-raw" }, "Show each batch's loss")),
    );
  }

  /** Puts the state's values into the controls. */
  render() {
    this.form.render(this.panel.state);
    this.syncSliders();
  }

  /** The sliders' ranges follow the iterations; their values the state. */
  syncSliders() {
    const s = this.panel.state;
    const half = String(Math.max(1, Math.floor(s.range.it / 2)));
    this.skipStart.input.max = half;
    this.skipEnd.input.max = half;
    for (const sl of [this.beta, this.skipStart, this.skipEnd]) {
      sl.input.value = String(sl.read());
      sl.output.textContent = sl.format();
    }
    this.rawInput.checked = s.view.raw;
    this.applySmoothing();
    this.updateActions();
  }

  settingsChanged() {
    this.syncSliders();
    this.panel.onChange();
  }

  viewChanged() {
    this.applySmoothing();
    this.panel.onChange();
  }

  applySmoothing() {
    if (!this.curves) return;
    this.curves.set_smoothing(smoothing(this.panel.state));
    this.analysed();
  }

  /** Re-reads the analysis and redraws. */
  analysed() {
    this.analysis = this.curves.analysis();
    this.list.render(this.analysis.marks);
    this.updateActions();
    this.redraw();
  }

  draw() {
    const v = this.panel.state.view;
    const empty = !this.curves || this.curves.is_empty();
    this.chart.setData({ show_raw: v.raw }, this.describeChart(), empty);
  }

  describeChart() {
    const a = this.analysis;
    if (!a || a.points === 0) return "Range test: no curve yet.";
    const marks = a.marks.map((m) => `${m.label} ${formatNumber(m.lr)}`).join(", ");
    return `Range test: loss against learning rate over ${a.points} points${a.seeds.length > 1 ? ` and ${a.seeds.length} seeds` : ""}. Suggestions: ${marks || "none"}.`;
  }

  /** Starts the test on the chosen setup. */
  async start() {
    const panel = this.panel;
    const train = panel.neighbours.config(panel.state.src);
    const range = rangeConfig(panel.state, train.seed);
    const spec = JSON.stringify({ ...train, lr_find: range });
    try {
      this.wasm.check_lr_find(spec);
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
      this.controls.setRunning(false);
      this.controls.finish(`The digits could not be loaded: ${e.message}`);
      return;
    }
    this.curves?.free();
    this.curves = new this.wasm.LrFindCurves(range);
    this.curves.set_smoothing(smoothing(panel.state));
    this.lastRun = { train, range, runs: Math.max(1, range.seeds.length), summary: null };
    this.analysed();
    this.controls.show(0, 1, "Starting…");
    this.client.start({ kind: "range", spec }, files);
  }

  onWorker(m) {
    const run = this.lastRun;
    switch (m.type) {
      case "started":
        run.summary = m.summary;
        break;
      case "progress": {
        this.curves.set_runs(m.result);
        this.analysed();
        const p = m.progress;
        const done = p.runs_done * p.total + p.iteration;
        const seed = p.runs > 1 ? `seed ${p.seed} (${p.runs_done + 1} of ${p.runs}), ` : "";
        const left = done > 0 ? `, about ${formatDuration(((p.runs * p.total - done) * m.elapsedMs) / done / 1000)} left` : "";
        this.controls.show(done, p.runs * p.total, `Sweeping: ${seed}iteration ${p.iteration} of ${p.total}${left}.`);
        break;
      }
      case "done":
        this.curves.set_runs(m.result);
        this.analysed();
        this.controls.setRunning(false);
        this.controls.show(1, 1, "");
        this.controls.finish(this.endText(m));
        break;
      case "error":
        this.controls.setRunning(false);
        this.controls.finish(`The range test stopped: ${m.message}`);
        break;
      default:
        break;
    }
  }

  endText(m) {
    const a = this.analysis;
    const restored = a.restored.length > 0 && a.restored.every(Boolean);
    const what = m.cancelled ? `Cancelled after ${a.restored.length} finished run${a.restored.length === 1 ? "" : "s"}` : "Range test finished";
    const stops = a.stops.length ? ` ${a.stops.length} run${a.stops.length === 1 ? "" : "s"} stopped early as the loss diverged.` : "";
    const model = restored ? " Model and optimizer restored (checked bit for bit)." : m.cancelled ? " The model and optimizer were restored." : "";
    return `${what} in ${seconds(m.elapsedMs)}: ${a.points} points, ${a.marks.length} suggestions.${stops}${model}`;
  }

  describe(step) {
    const layout = this.chart.view.layout;
    if (!this.curves || !layout) return null;
    const r = this.curves.reading(10 ** (layout.origin + step / layout.per_decade));
    if (!r) return null;
    const seeds = r.raw.length > 1 ? `, seeds' smoothed ${formatNumber(r.band[0])} to ${formatNumber(r.band[1])}` : "";
    const raw = r.raw.length > 1 ? `median batch loss ${formatNumber(r.median)}` : `batch loss ${formatNumber(r.median)}`;
    const skipped = r.kept ? "" : " (skipped by the rules)";
    const color = this.panel.palette[0][currentTheme()];
    return { text: `lr ${formatNumber(r.lr)} (point ${r.index + 1}): ${raw}, smoothed ${formatNumber(r.smoothed)}${seeds}${skipped}`, marks: [{ value: r.smoothed, axis: "y", color }] };
  }

  table() {
    const c = this.curves;
    if (!c || c.is_empty()) return { caption: "Range test: no data yet", columns: ["point"], rows: 0, cell: () => "" };
    const seeds = this.analysis.seeds;
    const columns = [
      ["lr", "learning rate"],
      ["smoothed", "smoothed loss"],
    ];
    if (seeds.length > 1) columns.push(["median", "median batch loss"], ["min", "seeds' smoothed min"], ["max", "seeds' smoothed max"]);
    seeds.forEach((seed, k) => columns.push([`raw${k}`, seeds.length > 1 ? `batch loss, seed ${seed}` : "batch loss"]));
    const values = columns.map(([name]) => c.column(name));
    return {
      caption: "Range test: learning rate and loss at every point",
      columns: ["point", ...columns.map(([, label]) => label)],
      rows: c.len(),
      cell: (r, col) => (col === 0 ? String(r + 1) : Number.isFinite(values[col - 1][r]) ? formatNumber(values[col - 1][r]) : ""),
    };
  }

  updateActions() {
    const chosen = this.list.chosen();
    const running = this.client.busy();
    this.useButton.disabled = !chosen || running;
    this.useButton.textContent = chosen ? `Use ${formatNumber(chosen.lr)} (${chosen.label}) in Train panel` : "Use in Train panel";
    const cyclic = this.list.find("cyclic_base") && this.list.find("cyclic_max");
    this.cyclicButton.disabled = !cyclic || running;
    this.oneCycleButton.disabled = !cyclic || running;
    const why = this.form.hasErrors() ? "Fix the highlighted settings to run." : "";
    this.controls.setRunning(running, why);
  }

  useInTrain() {
    const chosen = this.list.chosen();
    if (!chosen) return;
    const name = this.panel.neighbours.useLr(chosen.lr);
    this.actionNote.textContent = name ? `The Train panel's ${name} now starts at lr = ${formatNumber(chosen.lr)} (${chosen.label}).` : "There is no Train panel to send it to.";
  }

  /** Adds the suggested CyclicLR or OneCycleLR to the Schedules panel, sized to the Train panel's run. */
  sendSchedule(kind) {
    const base = this.list.find("cyclic_base");
    const max = this.list.find("cyclic_max");
    if (!base || !max) return;
    const train = this.lastRun?.train ?? this.panel.neighbours.config(this.panel.state.src);
    const perEpoch = Math.max(1, Math.ceil(train.data.train_size / train.batch_size));
    const steps = kind === "CyclicLR" ? 2 * perEpoch : Math.max(1, train.epochs * perEpoch);
    let cfg;
    try {
      cfg = this.wasm.lr_find_schedule(kind, base.lr, max.lr, steps);
    } catch (e) {
      if (isFatal(e)) throw e;
      this.actionNote.textContent = `Cannot build ${kind}: ${e.message}`;
      return;
    }
    const problem = this.panel.neighbours.addSchedule(`${kind} (LR Finder)`, cfg, max.lr);
    this.actionNote.textContent =
      problem ??
      (kind === "CyclicLR"
        ? `Added CyclicLR(base_lr=${formatNumber(base.lr)}, max_lr=${formatNumber(max.lr)}, step_size_up=${steps}) to the Schedules panel: a half cycle of two epochs (${perEpoch} batches each), as Smith advises (2 to 10).`
        : `Added OneCycleLR(max_lr=${formatNumber(max.lr)}, total_steps=${steps}) to the Schedules panel: one cycle over the Train panel's ${train.epochs} epochs of ${perEpoch} batches.`);
  }
}

/** A job's compute time: tenths of a second under a minute. */
function seconds(ms) {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : formatDuration(ms / 1000);
}
