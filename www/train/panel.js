// The Train panel: choose data, model, optimizer and schedule, train an MLP on real MNIST in a
// module Worker, and watch it learn. Runs are kept for comparison; the lecture's comparison is
// one click. JavaScript owns the DOM and the worker's messages; Rust (through `wasm`) checks the
// settings, parses the data, records the histories and draws the charts.
import { h, nextTask } from "../lib/dom.js";
import { inOwnFrame } from "../lib/frame-queue.js";
import { isFatal } from "../lib/errors.js";
import { TrainCharts } from "./charts.js";
import { TrainControls } from "./controls.js";
import { DataSource } from "./data-source.js";
import { RunDetails } from "./details.js";
import { TrainForm } from "./form.js";
import { LECTURE_NOTE, lectureComparison } from "./presets.js";
import { RunList, statusText } from "./runs.js";
import { TrainSession } from "./session.js";
import { configFor, defaultState, fromLink, runName, toLink } from "./state.js";
import { ViewSettings } from "./view-settings.js";
import { showOrKeepLinkProblems } from "../lib/link-notice.js";

/** Chart redraws while training, at most this often (epoch ends redraw at once). */
const REDRAW_MS = 250;
const PREVIEW_DIGITS = 24;
/** The loss of guessing among ten classes: far above it, a run is not learning. */
const GUESS_LOSS = Math.log(10);

export class TrainPanel {
  /**
   * `root`: the panel's section; `wasm`: the lrlab module; `onChange()`: state changed;
   * `schedules()`: the Schedules panel's configured schedules ([{name, cfg}]); `showTab(id)`
   * opens another panel (null when this panel is alone, as in a widget).
   */
  constructor(root, wasm, onChange, { schedules = () => [], showTab = null } = {}) {
    this.showTab = showTab;
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
    this.build();
    this.form.render(this.state);
    this.view.render(this.state.view);
    this.renderRuns();
    this.check();
    this.dataSource.loadBundled();
    this.charts.warmUp();
    if (this.pendingProblems) this.showProblems(this.pendingProblems);
  }

  build() {
    this.notice = h("div", { class: "notice", role: "status", hidden: true });
    this.dataSource = new DataSource(this.wasm, { onChange: () => this.dataChanged() });
    this.session = new TrainSession({
      wasm: this.wasm,
      colors: this.palette.length,
      files: () => this.dataSource.files,
      hooks: {
        changed: () => this.renderRuns(),
        progress: (run, epochEnded) => this.progressed(run, epochEnded),
        epoch: (run, record) => this.epochEnded(run, record),
        ended: (run) => this.runEnded(run),
        failed: (run) => this.runFailed(run),
      },
    });
    this.form = new TrainForm({
      optimizerDefaults: this.optimizerDefaults,
      schedules: () => this.schedules(),
      onChange: (key) => this.edited(key),
      onEditSchedules: this.showTab ? () => this.showTab("schedules") : null,
      dataSource: this.dataSource,
    });
    this.controls = new TrainControls({
      onTrain: () => this.train(),
      onPause: () => this.session.pause(),
      onResume: () => this.session.resume(),
      onStep: () => this.step(),
      onStop: () => this.session.stop(),
      onPreset: () => this.lecturePreset(),
      onExport: () => this.exportConfig(configFor(this.state, this.dataSource.fileNames()), "lrlab-train.json"),
      onScript: () => this.exportScript(configFor(this.state, this.dataSource.fileNames()), "train_lrlab.py"),
    });
    this.runList = new RunList({
      onFocus: (key) => this.setFocus(key),
      onToggle: (key) => {
        this.session.toggle(key);
        this.renderRuns();
        this.charts.redraw();
      },
      onExport: (key) => {
        const run = this.session.find(key);
        if (run) this.exportConfig(run.config, `lrlab-${slug(run.name)}.json`);
      },
      onRemove: (key) => this.removeRuns(() => this.session.remove(key)),
      onClear: () => this.removeRuns(() => this.session.clear()),
    });
    this.view = new ViewSettings({ onChange: (change) => this.setView(change) });
    this.charts = new TrainCharts({
      book: () => this.session.book,
      runs: () => this.session.chartRuns(),
      focus: () => this.session.chartRun(this.session.focused()),
      view: () => this.state.view,
      palette: this.palette,
      configs: (only) => this.session.runs.filter((r) => !r.hidden && r.id !== null && (only === undefined || r.id === only)).map((r) => ({ name: r.name, color: r.color, config: r.config })),
    });
    this.details = new RunDetails(this.wasm);
    this.note = h("p", { class: "help trn-note", role: "status" });
    // Progress text and bar once per frame at most (chunks arrive every ~40 ms), and never in
    // a frame that draws a chart: text changes cost a layout, a chart its raster.
    this.progressFrame = (run) =>
      inOwnFrame(this.controls, () => {
        this.showProgress(run);
        this.runList.updateStatus(run);
      });
    const content = [
      h("h2", { class: "visually-hidden" }, "Train"),
      this.notice,
      h(
        "div",
        { class: "trn-layout" },
        h("div", { class: "trn-main" }, this.controls.element, this.note, this.runList.element, this.view.element, this.charts.element, this.details.element),
        h("div", { class: "trn-side" }, this.form.element),
      ),
    ];
    // The first show is two tasks rather than one of 50-80 ms: the click builds the panel's
    // elements detached (no style or layout for them yet), and the next frame, before any of
    // its charts, attaches them and lays the whole panel out.
    inOwnFrame(this.root, () => this.root.replaceChildren(...content));
    this.dataSource.acceptDrops(this.root);
  }

  setView(change) {
    Object.assign(this.state.view, change);
    this.view.render(this.state.view);
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
    this.view.render(this.state.view);
    this.check();
    this.refreshPreview();
    this.charts.redraw();
    return problems;
  }

  /** Says what was wrong with a link (or hides the notice). */
  showProblems(problems) {
    showOrKeepLinkProblems(this, problems);
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
    // The copy for the worker in a task of its own, so that a run's click does not make it.
    nextTask().then(() => this.session.prepare());
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
      const dims = this.dataSource.data?.dims();
      this.wasm.check_train_config(JSON.stringify(configFor(this.state)), dims ? dims.rows * dims.cols : 784);
      this.configError = null;
    } catch (e) {
      if (isFatal(e)) throw e;
      this.configError = e.message;
    }
    this.form.showConfigError(this.configError);
    this.updateControls();
  }

  /** Why Train cannot start now, or null. */
  blocker() {
    if (!this.dataSource.data) return "Waiting for the digits to load.";
    if (this.form.fields.hasInputErrors() || this.configError || this.dataError) return "Fix the highlighted settings to train.";
    return null;
  }

  updateControls() {
    const why = this.blocker();
    this.controls.setState(this.session.state(), { canTrain: !why, why: why ?? "" });
  }

  /** The settings to train with now, or null (focusing the first bad setting). */
  runConfig() {
    this.syncSchedule();
    if (this.blocker()) {
      this.form.fields.firstInvalid()?.focus();
      return null;
    }
    return configFor(this.state, this.dataSource.fileNames());
  }

  train() {
    const config = this.runConfig();
    if (config) this.launched(this.session.start(runName(config), config));
  }

  /** One iteration: of the active run, or of a new run started paused. */
  step() {
    if (this.session.active) return this.session.step();
    const config = this.runConfig();
    if (!config) return;
    this.launched(this.session.start(runName(config), config, { paused: true }));
    this.session.step();
  }

  lecturePreset() {
    const config = this.runConfig();
    if (!config) return;
    this.session.startAll(lectureComparison(config, this.optimizerDefaults, (name) => this.wasm.scheduler_example(name)));
    this.note.textContent = LECTURE_NOTE;
    this.launched(this.session.active);
  }

  launched() {
    this.controls.showBanner(null);
    this.renderRuns();
  }

  progressed(run, epochEnded = false) {
    this.progressFrame(run);
    this.scheduleDraw(epochEnded);
  }

  epochEnded(run, record) {
    if (this.session.focusKey === run.key) this.details.show(detailOf(run), { live: true });
    this.controls.announce(`${run.name}, epoch ${record.epoch}: validation accuracy ${(100 * record.val_acc).toFixed(2)}%.`);
    // A loss that stays finite but far above guessing means the steps overshoot: not a
    // divergence PyTorch would notice, but worth saying out loud.
    if (record.val_loss > 2 * GUESS_LOSS && !run.warned) {
      run.warned = true;
      this.controls.showBanner(
        `${run.name} is not learning.`,
        `After epoch ${record.epoch} its validation loss is ${record.val_loss.toPrecision(4)}, worse than the ${GUESS_LOSS.toFixed(2)} (ln 10) of guessing at random: the learning rate ${run.config.optimizer.lr} makes steps that overshoot. Try a smaller one.`,
      );
    }
  }

  runFailed(run) {
    const f = run.failure;
    if (f.kind === "diverged") {
      // The core's words ("diverged at iteration 12, lr = 10.0"), as the run list and the CLI say it.
      this.controls.showBanner(`${run.name} ${f.message}.`, "The loss became NaN or infinite, so training stopped there: the steps were too large. Try a smaller learning rate.");
    } else {
      this.controls.showBanner(`${run.name} could not train.`, f.message);
    }
  }

  runEnded(run) {
    const line = run.status === "stopped" ? `${run.name} stopped after ${run.iteration.toLocaleString("en-US")} iterations.` : `${run.name}: ${statusText(run)}.`;
    this.controls.finish(line.replace(/\.\.$/, "."), { full: run.status === "done" });
    this.renderRuns();
    this.drawNow();
    if (this.session.focusKey === run.key) this.details.show(detailOf(run));
  }

  showProgress(run) {
    if (run !== this.session.active) return;
    const full = Math.floor(run.iteration / Math.max(1, run.ipe));
    const samples = full * (run.summary?.train_size ?? 0) + (run.iteration - full * run.ipe) * run.config.batch_size;
    this.controls.showProgress({ name: run.name, iteration: run.iteration, total: run.total, epoch: run.epochs.length, epochs: run.config.epochs, elapsedMs: run.elapsedMs, samples });
  }

  scheduleDraw(now) {
    const wait = REDRAW_MS - (performance.now() - this.lastDraw);
    // Epoch ends draw at once, but like every redraw during a run only the charts in view:
    // the others draw when scrolled to, and all of them when the run ends.
    if (now || wait <= 0) return this.drawNow({ live: true });
    if (!this.drawTimer) this.drawTimer = setTimeout(() => this.drawNow({ live: true }), wait);
  }

  /** Redraws the charts; `live` redraws (while training) skip charts out of view. */
  drawNow({ live = false } = {}) {
    clearTimeout(this.drawTimer);
    this.drawTimer = null;
    this.lastDraw = performance.now();
    this.charts.redraw({ live });
  }

  setFocus(key) {
    this.session.focusKey = key;
    this.renderRuns();
    this.details.show(detailOf(this.session.focused()));
    this.charts.redraw();
  }

  removeRuns(remove) {
    remove();
    this.renderRuns();
    this.details.show(detailOf(this.session.focused()));
    this.charts.redraw();
  }

  renderRuns() {
    this.runList.render(this.session.runs, this.session.focusKey);
    this.updateControls();
  }

  /** Downloads a PyTorch script that trains `config` (generated by the core). */
  exportScript(config, filename) {
    let text;
    try {
      text = this.wasm.train_pytorch_script(JSON.stringify(config));
    } catch (e) {
      if (isFatal(e)) throw e;
      this.note.textContent = `Cannot export: ${e.message}`;
      return;
    }
    download(text, filename, "text/x-python");
    this.note.textContent = `Saved ${filename}: "python3 ${filename}" (from the lrlab folder, with torch installed) trains the same network with PyTorch.`;
  }

  /** Downloads `config` as `filename`, written out by the core exactly as `lrlab train` reads it. */
  exportConfig(config, filename) {
    let text;
    try {
      text = this.wasm.export_train_config(JSON.stringify(config));
    } catch (e) {
      if (isFatal(e)) throw e;
      this.note.textContent = `Cannot export: ${e.message}`;
      return;
    }
    download(`${text}\n`, filename, "application/json");
    this.note.textContent = `Saved ${filename}: "lrlab train ${filename}" trains the same run natively.`;
  }
}

/** Saves `text` as a file named `filename`. */
function download(text, filename, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h("a", { href: url, download: filename, class: "visually-hidden" }, "download");
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** What the predictions section shows of a run. */
function detailOf(run) {
  return run ? { name: run.name, confusion: run.confusion, gallery: run.gallery, mistakes: run.mistakes, epoch: run.epoch } : null;
}

/** A file-name-safe version of a run's name. */
function slug(name) {
  return name.replace(/[^A-Za-z0-9.=-]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "run";
}
