// What the Landscape and Snapshots panels share: an experiment run in the landscape worker
// (client.js) from a form whose settings the core checks as they change. The panel is built
// when first shown; it owns the form, the plan line, Run / Cancel, the progress bar, the error
// line and the link state. A subclass supplies what differs through `kit` and a few methods:
// `buildBody()` (its results and views, placed after the scaffold), `plan()` (the plan line's
// text, or a throw with the core's complaint), `spec()`, `clearResults()`, `progressDetail(p)`,
// `setReport(report)`, `draw()`, and optionally `inputFiles()`, `renderView()`,
// `cancelledNote(message)`.
import { bundledFiles } from "../lib/digit-files.js";
import { h, uid } from "../lib/dom.js";
import { isFatal } from "../lib/errors.js";
import { experimentExport } from "../lib/experiment-export.js";
import { showOrKeepLinkProblems } from "../lib/link-notice.js";
import { JobClient } from "../lib/job-client.js";
import { duration } from "./format.js";

export class ExperimentPanel {
  /**
   * `kit`: `{worker, exportAs: {kind, name, what}, progressLabel, failure, phases, state,
   * form}`: the worker's job kind, the script export, the progress bar's label, the start of a
   * failure message, phase names, and the panel's `state.js` (`DEFAULT_STATE`, `toLink`,
   * `fromLink`) and `form.js` (`buildForm`, `FIELD_KEYS`) modules.
   */
  constructor(root, wasm, onChange, kit) {
    this.root = root;
    this.wasm = wasm;
    this.onChange = onChange;
    this.kit = kit;
    this.state = structuredClone(kit.state.DEFAULT_STATE);
    this.built = false;
    this.running = false;
    this.report = null;
    this.pendingProblems = null;
  }

  /** Builds the panel when its section is first shown (call at the end of the constructor). */
  watchVisibility() {
    new MutationObserver(() => {
      if (!this.root.hidden) this.shown();
    }).observe(this.root, { attributes: true, attributeFilter: ["hidden"] });
    if (!this.root.hidden) this.shown();
  }

  shown() {
    if (!this.built) this.build();
    this.check();
  }

  build() {
    this.built = true;
    const { kit } = this;
    this.client = new JobClient(new URL("./worker.js", import.meta.url), kit.worker, (m) => this.onWorker(m));
    this.notice = h("div", { class: "notice", role: "status", hidden: true });
    this.formSlot = h("div", {});
    this.planLine = h("p", { class: "help ls-plan", "aria-live": "polite" });
    this.formError = h("p", { class: "form-error", role: "alert", hidden: true });
    this.runButton = h("button", { type: "button", class: "add", onclick: () => this.run() }, "Run");
    this.exports = experimentExport({ wasm: this.wasm, ...kit.exportAs, spec: () => this.spec() });
    this.cancelButton = h("button", { type: "button", class: "secondary", hidden: true, onclick: () => this.client.cancel() }, "Cancel");
    this.bar = h("progress", { max: "1", value: "0", "aria-label": kit.progressLabel });
    this.status = h("p", { class: "ls-status", "aria-live": "polite" });
    this.progress = h("div", { class: "ls-progress", hidden: true }, this.bar, this.status);
    this.error = h("p", { class: "form-error", role: "alert", hidden: true });
    const metricId = uid(`${kit.worker}-metric`);
    this.metric = h("select", { id: metricId, onchange: () => this.setView({ met: this.metric.value }) }, h("option", { value: "loss" }, "validation loss"), h("option", { value: "accuracy" }, "validation accuracy"));
    this.log = h("input", { type: "checkbox", id: uid(`${kit.worker}-log`), onchange: () => this.setView({ log: this.log.checked }) });
    this.surfaceView = h(
      "div",
      { class: "ls-view" },
      h("div", { class: "field" }, h("label", { for: metricId }, "Surface"), this.metric),
      h("div", { class: "field field-check" }, this.log, h("label", { for: this.log.id }, "Log colour bands (loss)")),
    );
    this.buildBody();
    this.renderForm();
    this.renderView();
    if (this.pendingProblems) this.showProblems(this.pendingProblems);
  }

  /** The form, the plan line and the run controls, in the order both panels show them. */
  controls() {
    return [
      this.formSlot,
      this.planLine,
      this.formError,
      h("div", { class: "ls-actions" }, this.runButton, this.cancelButton, ...this.exports.buttons),
      this.exports.note,
      this.progress,
      this.error,
    ];
  }

  renderForm() {
    const focused = document.activeElement?.id;
    const { element, fields } = this.kit.form.buildForm(this.state, (change, rebuild) => this.setSetting(change, rebuild));
    this.fields = fields;
    this.formSlot.replaceChildren(element);
    if (focused) document.getElementById(focused)?.focus();
  }

  renderView() {
    this.metric.value = this.state.met;
    this.log.checked = this.state.log;
    this.log.disabled = this.state.met !== "loss";
  }

  setSetting(change, rebuild = false) {
    Object.assign(this.state, change);
    if (rebuild) this.renderForm();
    this.check();
    this.onChange();
  }

  setView(change) {
    Object.assign(this.state, change);
    this.renderView();
    this.draw();
    this.onChange();
  }

  /** Asks the core about the spec; shows the plan or its complaint. */
  check() {
    if (!this.built) return false;
    this.fields.clearRust();
    this.formError.hidden = true;
    this.valid = false;
    if (this.fields.hasInputErrors()) {
      this.planLine.textContent = "Fix the marked fields to run.";
    } else {
      try {
        this.planLine.textContent = this.plan();
        this.valid = true;
      } catch (e) {
        if (isFatal(e)) throw e;
        if (!this.fields.attach(e.message, this.kit.form.FIELD_KEYS)) {
          this.formError.textContent = e.message;
          this.formError.hidden = false;
        }
        this.planLine.textContent = "Fix the marked setting to run.";
      }
    }
    this.runButton.disabled = !this.valid || this.running;
    return this.valid;
  }

  /** The digits to train on: the bundled MNIST subset unless a subclass says otherwise. */
  inputFiles() {
    return bundledFiles();
  }

  async run() {
    if (this.running || !this.check()) return;
    this.running = true;
    this.runButton.disabled = true;
    this.cancelButton.hidden = false;
    this.error.hidden = true;
    this.progress.hidden = false;
    this.bar.value = 0;
    this.status.textContent = "Starting…";
    this.report = null;
    this.timings = null;
    this.clearResults();
    this.draw();
    let files;
    try {
      files = await this.inputFiles();
    } catch (e) {
      this.finish();
      this.fail(e.message);
      return;
    }
    this.client.start({ kind: this.kit.worker, spec: JSON.stringify(this.spec()) }, files);
  }

  onWorker(m) {
    switch (m.type) {
      case "progress":
        this.showProgress(m.progress, m.timings);
        break;
      case "report":
        this.timings = m.timings;
        // Without a coarse pass the milestone can come before any grid is ready.
        if (m.report) this.setReport(m.report);
        break;
      case "done":
        this.timings = m.timings;
        if (m.report) this.setReport(m.report);
        this.finish();
        this.status.textContent = m.cancelled ? `Cancelled after ${duration(m.timings.total)}${this.cancelledNote(m)}.` : `Done in ${duration(m.timings.total)}.`;
        this.progress.hidden = false;
        if (!m.cancelled) this.bar.value = 1;
        break;
      case "error":
        this.finish();
        this.fail(m.message);
        break;
      default:
        break;
    }
  }

  /** What a cancelled run leaves behind, for the status line ("" for nothing worth saying). */
  cancelledNote() {
    return "";
  }

  showProgress(p, timings) {
    this.bar.value = p.fraction;
    this.status.textContent = `${this.kit.phases[p.phase] ?? p.phase}${this.progressDetail(p)} (${duration(timings.total)})`;
  }

  finish() {
    this.running = false;
    this.cancelButton.hidden = true;
    this.check();
  }

  fail(message) {
    this.error.textContent = `${this.kit.failure}: ${message}`;
    this.error.hidden = false;
    this.progress.hidden = true;
  }

  linkState() {
    return this.kit.state.toLink(this.state);
  }

  setLinkState(raw) {
    const { state, problems } = this.kit.state.fromLink(raw);
    this.state = state;
    if (this.built) {
      this.renderForm();
      this.renderView();
      this.check();
      this.draw();
    }
    return problems;
  }

  showProblems(problems) {
    showOrKeepLinkProblems(this, problems);
  }
}

/** The grid part of a progress line, shared by both experiments' last phase. */
export function gridDetail(p) {
  return p.phase === "grid" && p.grid ? `: ${p.grid.stage === "coarse" ? "coarse pass" : "full grid"}, ${p.grid.done} of ${p.grid.total} points` : "";
}
