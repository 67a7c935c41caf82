// The Landscape panel: the loss surface around the network's own training path (Li et al.,
// 2018). The worker trains while recording the parameters, chooses a plane and evaluates the
// loss on a grid over it (coarse first); Rust draws the contours and the path coloured by the
// lr in force; JavaScript owns the form, the messages and the readouts.
import { h, uid } from "../lib/dom.js";
import { isFatal } from "../lib/errors.js";
import { experimentExport } from "../lib/experiment-export.js";
import { bundledFiles } from "../tips/setup.js";
import { configFor } from "../train/state.js";
import { LandscapeClient } from "./client.js";
import { FIELD_KEYS, buildForm } from "./form.js";
import { duration, flat, fmt, pct } from "./format.js";
import { LandscapePlot } from "./plot.js";
import { DEFAULT_STATE, fromLink, specFor, toLink } from "./state.js";
import { showLinkProblems } from "../lib/link-notice.js";

const PHASES = { training: "Training and recording the path", plane: "Choosing the plane", grid: "Evaluating the grid", done: "Done" };

export class LandscapePanel {
  /** `root`: the panel's section; `wasm`: the lrlab module; `train()`: the Train panel or null. */
  constructor(root, wasm, onChange, { train = () => null } = {}) {
    this.root = root;
    this.wasm = wasm;
    this.onChange = onChange;
    this.train = train;
    this.defaults = wasm.train_defaults();
    this.state = structuredClone(DEFAULT_STATE);
    this.built = false;
    this.running = false;
    this.report = null;
    this.pendingProblems = null;
    new MutationObserver(() => {
      if (!this.root.hidden) this.shown();
    }).observe(root, { attributes: true, attributeFilter: ["hidden"] });
    if (!root.hidden) this.shown();
  }

  shown() {
    if (!this.built) this.build();
    this.check();
  }

  build() {
    this.built = true;
    this.client = new LandscapeClient("landscape", (m) => this.onWorker(m));
    this.notice = h("div", { class: "notice", role: "status", hidden: true });
    this.formSlot = h("div", {});
    this.planLine = h("p", { class: "help ls-plan", "aria-live": "polite" });
    this.formError = h("p", { class: "form-error", role: "alert", hidden: true });
    this.runButton = h("button", { type: "button", class: "add", onclick: () => this.run() }, "Run");
    this.exports = experimentExport({ wasm: this.wasm, kind: "landscape", name: "landscape", what: "the landscape experiment", spec: () => this.spec() });
    this.cancelButton = h("button", { type: "button", class: "secondary", hidden: true, onclick: () => this.client.cancel() }, "Cancel");
    this.bar = h("progress", { max: "1", value: "0", "aria-label": "Progress of the landscape" });
    this.status = h("p", { class: "ls-status", "aria-live": "polite" });
    this.progress = h("div", { class: "ls-progress", hidden: true }, this.bar, this.status);
    this.error = h("p", { class: "form-error", role: "alert", hidden: true });
    this.summary = h("div", { class: "ls-summary", "aria-live": "polite" });
    const metricId = uid("ls-metric");
    this.metric = h("select", { id: metricId, onchange: () => this.setView({ met: this.metric.value }) }, h("option", { value: "loss" }, "validation loss"), h("option", { value: "accuracy" }, "validation accuracy"));
    this.log = h("input", { type: "checkbox", id: uid("ls-log"), onchange: () => this.setView({ log: this.log.checked }) });
    const view = h(
      "div",
      { class: "ls-view" },
      h("div", { class: "field" }, h("label", { for: metricId }, "Surface"), this.metric),
      h("div", { class: "field field-check" }, this.log, h("label", { for: this.log.id }, "Log colour bands (loss)")),
    );
    this.plot = new LandscapePlot(this.wasm, {
      title: "Loss landscape and the optimizer's path",
      explain: "Colours: the loss over the plane (darker is lower). The line is the path, coloured by the lr in force; dots mark epoch ends; the projection error says how far the real parameters are from this picture.",
      label: "Loss landscape",
    });
    this.root.replaceChildren(
      h("h2", { class: "visually-hidden" }, "Landscape"),
      this.notice,
      h(
        "div",
        { class: "ls-intro" },
        h("p", {}, "Train the network, record its parameters along the way, and look at the loss on a plane through them (Li et al., 2018, \u201cVisualizing the Loss Landscape of Neural Nets\u201d). With a large lr the path strides across the valley; as the schedule lowers it, the steps shorten and settle into the basin."),
      ),
      this.formSlot,
      this.planLine,
      this.formError,
      h("div", { class: "ls-actions" }, this.runButton, this.cancelButton, ...this.exports.buttons),
      this.exports.note,
      this.progress,
      this.error,
      this.summary,
      view,
      this.plot.element,
    );
    this.renderForm();
    this.renderView();
    if (this.pendingProblems) this.showProblems(this.pendingProblems);
  }

  renderForm() {
    const focused = document.activeElement?.id;
    const { element, fields } = buildForm(this.state, (change, rebuild) => this.setSetting(change, rebuild));
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

  trainConfig() {
    if (this.state.src !== "train") return null;
    const panel = this.train();
    return panel ? configFor(panel.state) : null;
  }

  spec() {
    return specFor(this.state, this.defaults, this.trainConfig());
  }

  /** Asks the core about the spec; shows its cost or its complaint. */
  check() {
    if (!this.built) return false;
    this.fields.clearRust();
    this.formError.hidden = true;
    if (this.fields.hasInputErrors()) {
      this.planLine.textContent = "Fix the marked fields to run.";
      this.valid = false;
    } else {
      try {
        const p = this.wasm.landscape_plan(JSON.stringify(this.spec()));
        const mb = (p.bytes_per_point / 1e6).toFixed(2);
        const keep = p.thinned ? ` The budget holds ${p.capacity}, so the path will be thinned to fit.` : ` The budget of ${this.state.mb} MB holds ${p.capacity}.`;
        this.planLine.textContent = `${p.iterations} training iterations; about ${p.wanted} parameter vectors of ${p.params.toLocaleString("en")} values (${mb} MB each) recorded.${keep} Then ${p.grid_points.toLocaleString("en")} grid evaluations on ${p.eval_size.toLocaleString("en")} held-out digits each.`;
        this.valid = true;
      } catch (e) {
        if (isFatal(e)) throw e;
        if (!this.fields.attach(e.message, FIELD_KEYS)) {
          this.formError.textContent = e.message;
          this.formError.hidden = false;
        }
        this.planLine.textContent = "Fix the marked setting to run.";
        this.valid = false;
      }
    }
    this.runButton.disabled = !this.valid || this.running;
    return this.valid;
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
    this.draw();
    this.summary.replaceChildren();
    let files = this.train()?.dataSource?.files ?? null;
    if (this.state.src !== "train") files = null;
    try {
      files ??= await bundledFiles();
    } catch (e) {
      this.finish();
      this.fail(e.message);
      return;
    }
    this.client.start(JSON.stringify(this.spec()), files);
  }

  onWorker(m) {
    switch (m.type) {
      case "progress":
        this.showProgress(m.progress, m.timings);
        break;
      case "report":
        this.timings = m.timings;
        // Without a coarse pass (coarse 0) the milestone can come before any grid is ready.
        if (m.report) this.setReport(m.report);
        break;
      case "done":
        this.timings = m.timings;
        if (m.report) this.setReport(m.report);
        this.finish();
        this.status.textContent = m.cancelled ? `Cancelled after ${duration(m.timings.total)}${m.report ? "; the coarse grid is kept" : ""}.` : `Done in ${duration(m.timings.total)}.`;
        this.progress.hidden = false;
        this.bar.value = m.cancelled ? this.bar.value : 1;
        break;
      case "error":
        this.finish();
        this.fail(m.message);
        break;
      default:
        break;
    }
  }

  showProgress(p, timings) {
    this.bar.value = p.fraction;
    let detail = "";
    if (p.phase === "training") detail = `: iteration ${p.training.iteration} of ${p.training.total}, ${p.training.points} points recorded`;
    if (p.phase === "grid" && p.grid) detail = `: ${p.grid.stage === "coarse" ? "coarse pass" : "full grid"}, ${p.grid.done} of ${p.grid.total} points`;
    this.status.textContent = `${PHASES[p.phase] ?? p.phase}${detail} (${duration(timings.total)})`;
  }

  finish() {
    this.running = false;
    this.cancelButton.hidden = true;
    this.check();
  }

  fail(message) {
    this.error.textContent = `The landscape could not be computed: ${message}`;
    this.error.hidden = false;
    this.progress.hidden = true;
  }

  setReport(report) {
    const path = report.path;
    const lrs = path.map((p) => p.lr).filter((v) => v > 0);
    this.report = { x: report.axes.x, y: report.axes.y, loss: flat(report.loss), accuracy: flat(report.accuracy), path, lr_range: lrs.length ? [Math.min(...lrs), Math.max(...lrs)] : null, plane: report.plane };
    this.renderSummary();
    this.draw();
  }

  renderSummary() {
    const r = this.report;
    const pl = r.plane;
    const kind = { pca: "PCA of the path", random: "two random filter-normalised directions", points: "the plane through three path points" }[pl.kind] ?? pl.kind;
    const ev = pl.explained_variance;
    const e = pl.projection_error;
    const t = this.timings;
    const n = r.x.length;
    const lines = [
      h("p", {}, h("strong", {}, "Plane: "), kind, ev ? `; d1 explains ${pct(ev[0])} of the path's variance, d2 ${pct(ev[1])} (together ${pct(ev[0] + ev[1])}).` : "."),
      h("p", {}, h("strong", {}, "Projection error: "), `the recorded points lie on average ${fmt(e.mean)} from the plane (${pct(e.mean_relative)} of their distance from the origin), at most ${fmt(e.max)} (${pct(e.max_relative)}). `, e.max_relative < 0.1 ? "The picture is faithful to the path." : "Large: the path leaves this plane, so read the picture as a slice, not the whole story."),
    ];
    if (t) {
      const parts = [`training ${duration(t.phases.training)}`, `plane ${duration(t.phases.plane)}`];
      if (t.coarse !== null) parts.push(`coarse grid ${duration(t.coarse)}`);
      if (t.full !== null) parts.push(`${n} × ${n} grid ${duration(t.full)}`);
      lines.push(h("p", { class: "help ls-timings" }, `Time in your browser: ${parts.join(", ")}.`));
    }
    const min = r.loss.reduce((best, v, k) => (Number.isFinite(v) && (best === null || v < r.loss[best]) ? k : best), null);
    if (min !== null) lines.push(h("p", {}, h("strong", {}, "Lowest loss on the grid: "), `${fmt(r.loss[min])} at a = ${fmt(r.x[min % n])}, b = ${fmt(r.y[Math.floor(min / n)])}; the final parameters (the end of the path) score ${fmt(this.lossAtEnd())}.`));
    this.summary.replaceChildren(...lines);
  }

  /** The grid value nearest the path's end. */
  lossAtEnd() {
    const r = this.report;
    const end = r.path[r.path.length - 1];
    if (!end) return null;
    const nearest = (axis, v) => axis.reduce((b, a, i) => (Math.abs(a - v) < Math.abs(axis[b] - v) ? i : b), 0);
    return r.loss[nearest(r.y, end.y) * r.x.length + nearest(r.x, end.x)];
  }

  draw() {
    const r = this.report;
    const label = r ? `Validation ${this.state.met} over the plane (${r.x.length} × ${r.y.length} grid) with the training path of ${r.path.length} points` : "Loss landscape";
    this.plot.setData(r, { metric: this.state.met, log: this.state.log }, label);
  }

  linkState() {
    return toLink(this.state);
  }

  setLinkState(raw) {
    const { state, problems } = fromLink(raw);
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
    if (!this.built) {
      this.pendingProblems = problems;
      return;
    }
    showLinkProblems(this.notice, problems);
  }
}
