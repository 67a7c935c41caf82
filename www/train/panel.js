// The Train panel: choose data, model, optimizer and schedule, train an MLP on real MNIST in a
// module Worker, and watch it learn. Runs are kept for comparison; the lecture's comparison is
// one click. JavaScript owns the DOM and the worker's messages; Rust (through `wasm`) checks the
// settings, parses the data, records the histories and draws the charts.
import { h, perFrame, uid } from "../lib/dom.js";
import { isFatal } from "../lib/errors.js";
import { TrainCharts } from "./charts.js";
import { TrainingClient } from "./client.js";
import { TrainControls } from "./controls.js";
import { DataSource } from "./data-source.js";
import { RunDetails } from "./details.js";
import { TrainForm } from "./form.js";
import { LECTURE_NOTE, lectureComparison } from "./presets.js";
import { RunList, statusText } from "./runs.js";
import { configFor, defaultState, fromLink, runName, toLink } from "./state.js";

/** Chart redraws while training, at most this often (epoch ends redraw at once). */
const REDRAW_MS = 250;
const PREVIEW_DIGITS = 24;

export class TrainPanel {
  /**
   * `root`: the panel's section; `wasm`: the lrlab module; `onChange()`: state changed;
   * `schedules()`: the Schedules panel's configured schedules ([{name, cfg}]).
   */
  constructor(root, wasm, onChange, { schedules = () => [] } = {}) {
    this.root = root;
    this.wasm = wasm;
    this.onChange = onChange;
    this.schedules = schedules;
    this.defaults = wasm.train_defaults();
    const optimizers = new Map();
    this.optimizerDefaults = (name) => {
      if (!optimizers.has(name)) optimizers.set(name, wasm.optimizer_defaults(name));
      return structuredClone(optimizers.get(name));
    };
    this.schedulerNames = Array.from(wasm.scheduler_names());
    this.palette = wasm.palette();
    this.state = defaultState(this.defaults);
    this.book = new wasm.RunBook();
    this.runs = [];
    this.queue = [];
    this.active = null;
    this.focusKey = null;
    this.nextKey = 1;
    this.lastDraw = 0;
    this.drawTimer = null;
    this.built = false;
    this.pendingProblems = null;
    // The panel is built the first time it is shown (no worker, data or DOM before), and
    // re-reads the Schedules panel whenever it is shown: its schedules may have changed.
    new MutationObserver(() => {
      if (!this.root.hidden) this.shown();
    }).observe(root, { attributes: true, attributeFilter: ["hidden"] });
    if (!root.hidden) this.shown();
  }

  /** Builds the panel: its worker, its controls, and the bundled digits' download. */
  ensureBuilt() {
    if (this.built) return;
    this.built = true;
    this.client = new TrainingClient((m) => this.onWorker(m));
    this.progressFrame = perFrame((run) => {
      this.showProgress(run);
      this.runList.updateStatus(run);
    });
    this.build();
    this.form.render(this.state);
    this.renderRuns();
    this.check();
    this.dataSource.loadBundled();
    if (this.pendingProblems) this.showProblems(this.pendingProblems);
  }

  build() {
    this.notice = h("div", { class: "notice", role: "status", hidden: true });
    this.dataSource = new DataSource(this.wasm, { onChange: () => this.dataChanged() });
    this.form = new TrainForm({
      optimizerDefaults: this.optimizerDefaults,
      schedules: () => this.schedules(),
      onChange: (key) => this.edited(key),
      onEditSchedules: () => document.getElementById("tab-schedules")?.click(),
      dataSource: this.dataSource,
    });
    this.controls = new TrainControls({
      onTrain: () => this.train(),
      onPause: () => this.client.pause(),
      onResume: () => this.client.resume(),
      onStep: () => this.step(),
      onStop: () => this.stop(),
      onPreset: () => this.lecturePreset(),
      onExport: () => this.exportConfig(configFor(this.state, this.dataSource.fileNames()), "lrlab-train.json"),
    });
    this.runList = new RunList({
      onFocus: (key) => this.setFocus(key),
      onToggle: (key) => this.toggleRun(key),
      onExport: (key) => {
        const run = this.runs.find((r) => r.key === key);
        if (run) this.exportConfig(run.config, `lrlab-${slug(run.name)}.json`);
      },
      onRemove: (key) => this.removeRun(key),
      onClear: () => this.clearRuns(),
    });
    this.charts = new TrainCharts({
      book: () => this.book,
      runs: () => this.chartRuns(),
      focus: () => this.chartRun(this.focused()),
      view: () => this.state.view,
      palette: this.palette,
    });
    this.details = new RunDetails(this.wasm);
    this.exportNote = h("p", { class: "help trn-note", role: "status" });
    this.root.replaceChildren(
      h("h2", { class: "visually-hidden" }, "Train"),
      this.notice,
      h(
        "div",
        { class: "trn-layout" },
        h("div", { class: "trn-main" }, this.controls.element, this.exportNote, this.runList.element, this.viewSettings(), this.charts.element, this.details.element),
        h("div", { class: "trn-side" }, this.form.element),
      ),
    );
    this.dataSource.acceptDrops(this.root);
  }

  viewSettings() {
    const id = uid("trn-view");
    const radio = (value, label) =>
      h("label", { class: "radio" }, h("input", { type: "radio", name: `${id}-x`, value, onchange: () => this.setView({ x: value }) }), label);
    this.viewInputs = {
      x: h("fieldset", { class: "x-unit" }, h("legend", {}, "x axis in"), radio("it", "iterations"), radio("ep", "epochs")),
      log: h("input", { type: "checkbox", id: `${id}-log`, onchange: (e) => this.setView({ log: e.target.checked }) }),
      raw: h("input", { type: "checkbox", id: `${id}-raw`, onchange: (e) => this.setView({ raw: e.target.checked }) }),
      smooth: h("input", { type: "range", id: `${id}-smooth`, min: "0", max: "0.99", step: "0.01", oninput: (e) => this.setView({ smooth: Number(e.target.value) }) }),
      smoothText: h("output", { for: `${id}-smooth` }),
    };
    const i = this.viewInputs;
    this.renderView();
    return h(
      "fieldset",
      { class: "chart-settings trn-view" },
      h("legend", {}, "Charts"),
      i.x,
      h("div", { class: "field field-check" }, i.log, h("label", { for: `${id}-log` }, "Log-scale loss and learning rate")),
      h("div", { class: "field field-check" }, i.raw, h("label", { for: `${id}-raw` }, "Show every batch (faint)")),
      h("div", { class: "field" }, h("label", { for: `${id}-smooth` }, "Smoothing ", i.smoothText), i.smooth),
    );
  }

  renderView() {
    const v = this.state.view;
    const i = this.viewInputs;
    for (const input of i.x.querySelectorAll("input")) input.checked = input.value === v.x;
    i.log.checked = v.log;
    i.raw.checked = v.raw;
    i.smooth.value = String(v.smooth);
    i.smoothText.textContent = v.smooth.toFixed(2);
  }

  setView(change) {
    Object.assign(this.state.view, change);
    this.renderView();
    this.charts.redraw();
    this.onChange();
  }

  /** The compact state for the URL. */
  linkState() {
    return toLink(this.state, this.defaults, this.optimizerDefaults);
  }

  /** Restores a state read from a link; returns the problems found in it. */
  setLinkState(raw) {
    const { state, problems } = fromLink(raw, this.defaults, this.optimizerDefaults, this.schedulerNames);
    this.state = state;
    if (!this.built) return problems;
    this.form.render(this.state);
    this.renderView();
    this.check();
    this.refreshPreview();
    this.charts.redraw();
    return problems;
  }

  /** Says what was wrong with a link (or hides the notice). */
  showProblems(problems) {
    if (!this.built) {
      this.pendingProblems = problems;
      return;
    }
    if (!problems || problems.length === 0) {
      this.notice.hidden = true;
      return;
    }
    const dismiss = h("button", { type: "button", class: "secondary", onclick: () => (this.notice.hidden = true) }, "Dismiss");
    this.notice.replaceChildren(
      h("p", {}, "Parts of the link could not be used and were replaced by defaults:"),
      h("ul", {}, problems.slice(0, 12).map((p) => h("li", {}, p))),
      dismiss,
    );
    this.notice.hidden = false;
  }

  shown() {
    this.ensureBuilt();
    this.syncSchedule();
    this.form.renderSchedule();
    this.charts.redraw();
    this.details.redraw();
  }

  /** Follows the Schedules panel: the schedule picked from it takes its current settings. */
  syncSchedule() {
    const s = this.state;
    if (!s.sched || !s.config.schedule) return;
    const item = this.schedules().find((i) => i.name === s.sched);
    if (!item || JSON.stringify(item.cfg) === JSON.stringify(s.config.schedule)) return;
    s.config.schedule = structuredClone(item.cfg);
    this.check();
    this.onChange();
  }

  edited(key) {
    if (key.startsWith("data.")) this.refreshPreview();
    this.check();
    this.onChange();
  }

  dataChanged() {
    this.refreshPreview();
    this.check();
  }

  refreshPreview() {
    const data = this.dataSource.data;
    if (!data) return this.form.showPreview(null, null);
    try {
      this.form.showPreview(data.preview(this.state.config.data, PREVIEW_DIGITS), null);
      this.dataError = null;
    } catch (e) {
      if (isFatal(e)) throw e;
      this.dataError = e.message;
      this.form.showPreview(null, e.message);
    }
    this.updateControls();
  }

  /** Checks the configuration in Rust; shows the message next to its field. */
  check() {
    try {
      const pixels = this.dataSource.data ? this.pixels() : 784;
      this.wasm.check_train_config(JSON.stringify(configFor(this.state)), pixels);
      this.configError = null;
    } catch (e) {
      if (isFatal(e)) throw e;
      this.configError = e.message;
    }
    this.form.showConfigError(this.configError);
    this.updateControls();
  }

  pixels() {
    const d = this.dataSource.data.dims();
    return d.rows * d.cols;
  }

  /** Why Train cannot start now, or null. */
  blocker() {
    if (!this.dataSource.data) return "Waiting for the digits to load.";
    if (this.form.fields.hasInputErrors()) return "Fix the highlighted settings to train.";
    if (this.configError || this.dataError) return "Fix the highlighted settings to train.";
    return null;
  }

  updateControls() {
    const why = this.blocker();
    const state = this.active ? (this.active.status === "paused" ? "paused" : "running") : "idle";
    this.controls.setState(state, { canTrain: !why, why: why ?? "" });
  }

  // Runs

  train() {
    this.syncSchedule();
    if (this.blocker()) return this.form.fields.firstInvalid()?.focus();
    const config = configFor(this.state, this.dataSource.fileNames());
    this.queue = [];
    this.startRun(runName(config), config);
  }

  step() {
    if (this.active) return this.client.step();
    this.syncSchedule();
    if (this.blocker()) return this.form.fields.firstInvalid()?.focus();
    const config = configFor(this.state, this.dataSource.fileNames());
    this.queue = [];
    this.startRun(runName(config), config, { paused: true });
    this.client.step();
  }

  stop() {
    // Stopping a comparison cancels the runs still waiting for their turn.
    for (const run of this.queue) this.runs = this.runs.filter((r) => r !== run);
    this.queue = [];
    if (!this.active) return;
    const run = this.active;
    this.client.stop();
    this.client.detach();
    run.status = "stopped";
    this.active = null;
    this.controls.finish(`${run.name} stopped after ${run.iteration.toLocaleString("en-US")} iterations.`, { full: false });
    this.afterRun(run);
  }

  lecturePreset() {
    this.syncSchedule();
    if (this.blocker()) return this.form.fields.firstInvalid()?.focus();
    const runs = lectureComparison(configFor(this.state, this.dataSource.fileNames()), this.optimizerDefaults, (name) => this.wasm.scheduler_example(name));
    this.queue = runs.map(({ name, config }) => this.addRun(name, config));
    this.exportNote.textContent = LECTURE_NOTE;
    this.launch(this.queue.shift());
  }

  startRun(name, config, options) {
    return this.launch(this.addRun(name, config), options);
  }

  /** A new run in the list, waiting to be launched. */
  addRun(name, config) {
    const run = {
      key: this.nextKey++,
      id: null,
      name: this.uniqueName(name),
      color: this.nextColor(),
      config,
      status: "queued",
      iteration: 0,
      total: 0,
      ipe: 1,
      layers: [],
      epochs: [],
      elapsedMs: 0,
      hidden: false,
    };
    this.runs.push(run);
    return run;
  }

  /** Sends `run` to the worker. */
  launch(run, { paused = false } = {}) {
    run.status = "starting";
    this.active = run;
    this.focusKey = run.key;
    this.controls.showBanner(null);
    this.renderRuns();
    this.updateControls();
    this.client.start(run.key, JSON.stringify(run.config), this.dataSource.files, { paused });
    return run;
  }

  uniqueName(name) {
    const taken = new Set(this.runs.map((r) => r.name));
    if (!taken.has(name)) return name;
    let k = 2;
    while (taken.has(`${name} (${k})`)) k += 1;
    return `${name} (${k})`;
  }

  nextColor() {
    const used = new Set(this.runs.map((r) => r.color));
    for (let c = 0; c < this.palette.length; c += 1) if (!used.has(c)) return c;
    return this.runs.length % this.palette.length;
  }

  onWorker(m) {
    const run = this.runs.find((r) => r.key === m.run);
    if (!run) return;
    switch (m.type) {
      case "status":
        if (m.summary && run.id === null) {
          run.id = this.book.add(run.name, run.color, m.summary.iterations_per_epoch, m.summary.layers);
          run.total = m.summary.total_iterations;
          run.ipe = m.summary.iterations_per_epoch;
          run.layers = m.summary.layers;
          run.summary = m.summary;
        }
        if (m.state === "running" || m.state === "paused") run.status = m.state;
        this.renderRuns();
        this.updateControls();
        this.showProgress(run);
        break;
      case "progress":
        if (run.id === null) return;
        this.book.append(run.id, m.update);
        run.epochs.push(...m.update.epochs);
        if (m.progress) run.iteration = m.progress.iteration;
        run.elapsedMs = m.elapsedMs;
        // Text and bar once per frame at most: chunks arrive every ~40 ms.
        this.progressFrame(run);
        this.scheduleDraw(m.update.epochs.length > 0);
        break;
      case "epoch":
        Object.assign(run, { confusion: m.confusion, gallery: m.gallery, mistakes: m.mistakes, epoch: m.record.epoch });
        if (this.focusKey === run.key) this.details.show(this.detailOf(run));
        this.controls.announce(`${run.name}, epoch ${m.record.epoch}: validation accuracy ${(100 * m.record.val_acc).toFixed(2)}%.`);
        this.warnIfNotLearning(run, m.record);
        break;
      case "done":
        run.status = "done";
        this.active = null;
        this.controls.finish(`${run.name}: ${statusText(run)}.`);
        this.afterRun(run);
        break;
      case "error":
        this.failed(run, m.failure);
        break;
      default:
        break;
    }
  }

  failed(run, failure) {
    run.failure = failure;
    run.status = failure.kind === "diverged" ? "diverged" : "failed";
    if (failure.kind === "diverged" && run.id !== null) this.book.set_diverged(run.id, failure.iteration);
    if (this.active === run) this.active = null;
    if (failure.kind === "diverged") {
      this.controls.showBanner(`${run.name} diverged at iteration ${failure.iteration}, lr = ${failure.lr}.`, "The loss became NaN or infinite, so training stopped there: the steps were too large. Try a smaller learning rate.");
    } else {
      this.controls.showBanner(`${run.name} could not train.`, failure.message);
    }
    this.controls.finish(`${run.name}: ${statusText(run)}`, { full: false });
    this.afterRun(run);
  }

  /**
   * A loss that stays finite but far above guessing (ln 10 for ten classes) means the steps
   * overshoot: not a divergence PyTorch would notice, but worth saying out loud.
   */
  warnIfNotLearning(run, record) {
    const guess = Math.log(10);
    if (!(record.val_loss > 2 * guess) || run.warned) return;
    run.warned = true;
    const lr = run.config.optimizer.lr;
    this.controls.showBanner(
      `${run.name} is not learning.`,
      `After epoch ${record.epoch} its validation loss is ${record.val_loss.toPrecision(4)}, worse than the ${guess.toFixed(2)} (ln 10) of guessing at random: the learning rate ${lr} makes steps that overshoot. Try a smaller one.`,
    );
  }

  /** After a run ends: redraw, show its details and start the next queued run. */
  afterRun(run) {
    this.renderRuns();
    this.drawNow();
    if (this.focusKey === run.key) this.details.show(this.detailOf(run));
    const next = this.queue.shift();
    if (next) this.launch(next);
    this.updateControls();
  }

  showProgress(run) {
    if (run !== this.active) return;
    const epochs = run.config.epochs;
    const full = Math.floor(run.iteration / Math.max(1, run.ipe));
    const partial = run.iteration - full * run.ipe;
    const samples = full * (run.summary?.train_size ?? 0) + partial * run.config.batch_size;
    this.controls.showProgress({ name: run.name, iteration: run.iteration, total: run.total, epoch: run.epochs.length, epochs, elapsedMs: run.elapsedMs, samples });
  }

  scheduleDraw(now) {
    const wait = REDRAW_MS - (performance.now() - this.lastDraw);
    if (now || wait <= 0) return this.drawNow();
    if (!this.drawTimer) this.drawTimer = setTimeout(() => this.drawNow(), wait);
  }

  drawNow() {
    clearTimeout(this.drawTimer);
    this.drawTimer = null;
    this.lastDraw = performance.now();
    this.charts.redraw();
  }

  chartRun(run) {
    return run && run.id !== null ? { id: run.id, name: run.name, color: run.color, ipe: run.ipe, layers: run.layers } : null;
  }

  chartRuns() {
    return this.runs.filter((r) => !r.hidden).map((r) => this.chartRun(r)).filter(Boolean);
  }

  focused() {
    return this.runs.find((r) => r.key === this.focusKey) ?? null;
  }

  detailOf(run) {
    return run ? { name: run.name, confusion: run.confusion, gallery: run.gallery, mistakes: run.mistakes, epoch: run.epoch } : null;
  }

  setFocus(key) {
    this.focusKey = key;
    this.renderRuns();
    this.details.show(this.detailOf(this.focused()));
    this.charts.redraw();
  }

  toggleRun(key) {
    const run = this.runs.find((r) => r.key === key);
    if (!run) return;
    run.hidden = !run.hidden;
    this.renderRuns();
    this.charts.redraw();
  }

  removeRun(key) {
    const run = this.runs.find((r) => r.key === key);
    if (!run || run === this.active) return;
    if (run.id !== null) this.book.remove(run.id);
    this.runs = this.runs.filter((r) => r !== run);
    if (this.focusKey === key) this.focusKey = this.runs.at(-1)?.key ?? null;
    this.renderRuns();
    this.details.show(this.detailOf(this.focused()));
    this.charts.redraw();
  }

  clearRuns() {
    for (const run of [...this.runs]) if (run !== this.active) this.removeRun(run.key);
  }

  renderRuns() {
    this.runList.render(this.runs, this.focusKey);
  }

  /** Downloads `config` as `filename`, written out by the core exactly as `lrlab train` reads it. */
  exportConfig(config, filename) {
    let text;
    try {
      text = this.wasm.export_train_config(JSON.stringify(config));
    } catch (e) {
      if (isFatal(e)) throw e;
      this.exportNote.textContent = `Cannot export: ${e.message}`;
      return;
    }
    const url = URL.createObjectURL(new Blob([text + "\n"], { type: "application/json" }));
    const a = h("a", { href: url, download: filename, class: "visually-hidden" }, "download");
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    this.exportNote.textContent = `Saved ${filename}: "lrlab train ${filename}" trains the same run natively.`;
  }
}

/** A file-name-safe version of a run's name. */
function slug(name) {
  return name.replace(/[^A-Za-z0-9.=-]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "run";
}
