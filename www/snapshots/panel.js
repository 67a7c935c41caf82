// The Snapshots panel: Huang et al.'s snapshot ensembles ("Train 1, get M for free", 2017) on
// the lab's network. The worker trains with restarts (a snapshot at each cycle's end), trains a
// single model for the same budget with a step decay, scores every snapshot and ensemble, and
// evaluates both paths on one plane: the paper's Figure 1, side by side.
import { h, uid } from "../lib/dom.js";
import { isFatal } from "../lib/errors.js";
import { experimentExport } from "../lib/experiment-export.js";
import { bundledFiles } from "../tips/setup.js";
import { LandscapeClient } from "../landscape/client.js";
import { duration, flat, fmt, pct } from "../landscape/format.js";
import { LandscapePlot } from "../landscape/plot.js";
import { FIELD_KEYS, buildForm } from "./form.js";
import { SnapshotResults, figureOneMenu, finding } from "./results.js";
import { DEFAULT_STATE, fromLink, specFor, toLink } from "./state.js";
import { showLinkProblems } from "../lib/link-notice.js";

const PHASES = { cyclic: "Training with restarts", baseline: "Training the single model", evaluate: "Scoring snapshots and ensembles", plane: "Choosing the shared plane", grid: "Evaluating the shared plane", done: "Done" };

const EXPLAIN = [
  "What to look for. On the left, the standard schedule walks downhill once: a large lr carries it across the surface, each drop of the lr lets it settle deeper, and it ends in a single basin.",
  "On the right, every restart throws the weights back out with a large lr, and every cosine cycle lets them settle again, each time somewhere else: the triangles S1, S2, … sit in different low regions of the same plane.",
  "Because those minima differ, the snapshots make different mistakes, and averaging their predicted probabilities corrects some of them: the ensemble's accuracy climbs as more snapshots join, at no extra training cost. Averaging their weights instead lands between the basins, often on higher ground, which is why the weight average usually falls behind.",
];

export class SnapshotsPanel {
  constructor(root, wasm, onChange) {
    this.root = root;
    this.wasm = wasm;
    this.onChange = onChange;
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
    this.client = new LandscapeClient("snapshots", (m) => this.onWorker(m));
    this.notice = h("div", { class: "notice", role: "status", hidden: true });
    this.formSlot = h("div", {});
    this.planLine = h("p", { class: "help ls-plan", "aria-live": "polite" });
    this.formError = h("p", { class: "form-error", role: "alert", hidden: true });
    this.runButton = h("button", { type: "button", class: "add", onclick: () => this.run() }, "Run");
    this.exports = experimentExport({ wasm: this.wasm, kind: "snapshots", name: "snapshots", what: "the snapshot experiment", spec: () => specFor(this.state) });
    this.cancelButton = h("button", { type: "button", class: "secondary", hidden: true, onclick: () => this.client.cancel() }, "Cancel");
    this.bar = h("progress", { max: "1", value: "0", "aria-label": "Progress of the snapshot experiment" });
    this.status = h("p", { class: "ls-status", "aria-live": "polite" });
    this.progress = h("div", { class: "ls-progress", hidden: true }, this.bar, this.status);
    this.error = h("p", { class: "form-error", role: "alert", hidden: true });
    this.finding = h("p", { class: "sn-finding", "aria-live": "polite", hidden: true });
    this.results = new SnapshotResults(this.wasm);
    this.weightAverage = h("input", { type: "checkbox", id: uid("sn-wa"), onchange: () => this.setView({ wa: this.weightAverage.checked }) });
    const metricId = uid("sn-metric");
    this.metric = h("select", { id: metricId, onchange: () => this.setView({ met: this.metric.value }) }, h("option", { value: "loss" }, "validation loss"), h("option", { value: "accuracy" }, "validation accuracy"));
    this.log = h("input", { type: "checkbox", id: uid("sn-log"), onchange: () => this.setView({ log: this.log.checked }) });
    this.left = new LandscapePlot(this.wasm, { title: "Standard schedule: one minimum", explain: null, label: "The baseline's path on the shared plane", name: "snapshots-standard-path", pathName: "single model path" });
    this.right = new LandscapePlot(this.wasm, { title: "Cyclic schedule: snapshots at several minima", explain: null, label: "The cyclic run's path on the shared plane", name: "snapshots-cyclic-path", pathName: "cyclic run path" });
    const pairBox = h("div", { class: "sn-figure" }, this.left.element, this.right.element);
    this.figureMenu = figureOneMenu(this.wasm, { left: this.left, right: this.right, box: pairBox });
    this.planeLine = h("p", { class: "help", "aria-live": "polite" });
    this.root.replaceChildren(
      h("h2", { class: "visually-hidden" }, "Snapshots"),
      this.notice,
      h("div", { class: "sn-intro" }, h("p", {}, "Train once with a restarting schedule, keep the network at the end of every cycle, and average the snapshots' predictions (Huang et al., 2017, \u201cSnapshot Ensembles: Train 1, get M for free\u201d). A second network is trained for the same budget with a standard step decay, same seed and data, for comparison.")),
      this.formSlot,
      this.planLine,
      this.formError,
      h("div", { class: "ls-actions" }, this.runButton, this.cancelButton, ...this.exports.buttons),
      this.exports.note,
      this.progress,
      this.error,
      this.finding,
      h("div", { class: "field field-check" }, this.weightAverage, h("label", { for: this.weightAverage.id }, "Average the snapshots' weights instead of their predictions")),
      this.results.element,
      h("h3", {}, "Figure 1 on this network: both paths on one plane"),
      this.planeLine,
      h(
        "div",
        { class: "ls-view" },
        h("div", { class: "field" }, h("label", { for: metricId }, "Surface"), this.metric),
        h("div", { class: "field field-check" }, this.log, h("label", { for: this.log.id }, "Log colour bands (loss)")),
      ),
      pairBox,
      this.figureMenu.element,
      h("div", { class: "sn-explain" }, EXPLAIN.map((t) => h("p", {}, t))),
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
    this.weightAverage.checked = this.state.wa;
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

  check() {
    if (!this.built) return false;
    this.fields.clearRust();
    this.formError.hidden = true;
    this.valid = false;
    if (this.fields.hasInputErrors()) {
      this.planLine.textContent = "Fix the marked fields to run.";
    } else {
      try {
        const c = this.wasm.check_snapshots(JSON.stringify(specFor(this.state)));
        const ends = c.cycle_ends.map((i) => `${fmt(i / c.iterations_per_epoch)}`).join(", ");
        this.planLine.textContent = `Two runs of ${c.total_iterations} iterations each (${this.state.ep} epochs of ${c.iterations_per_epoch}); ${c.cycle_ends.length} snapshots, after epochs ${ends}.`;
        this.valid = true;
      } catch (e) {
        if (isFatal(e)) throw e;
        if (!this.fields.attach(e.message, FIELD_KEYS)) {
          this.formError.textContent = e.message;
          this.formError.hidden = false;
        }
        this.planLine.textContent = "Fix the marked setting to run.";
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
    this.finding.hidden = true;
    this.draw();
    let files;
    try {
      files = await bundledFiles();
    } catch (e) {
      this.finish();
      this.fail(e.message);
      return;
    }
    this.client.start(JSON.stringify(specFor(this.state)), files);
  }

  onWorker(m) {
    switch (m.type) {
      case "progress":
        this.showProgress(m.progress, m.timings);
        break;
      case "report":
        this.timings = m.timings;
        this.setReport(m.report);
        break;
      case "done":
        this.timings = m.timings;
        if (m.report) this.setReport(m.report);
        this.finish();
        this.status.textContent = m.cancelled ? `Cancelled after ${duration(m.timings.total)}.` : `Done in ${duration(m.timings.total)}.`;
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

  showProgress(p, timings) {
    this.bar.value = p.fraction;
    const run = p.phase === "cyclic" ? p.cyclic : p.phase === "baseline" ? p.baseline : null;
    let detail = run ? `: iteration ${run.iteration} of ${run.total}` : "";
    if (p.phase === "grid" && p.grid) detail = `: ${p.grid.stage === "coarse" ? "coarse pass" : "full grid"}, ${p.grid.done} of ${p.grid.total} points`;
    this.status.textContent = `${PHASES[p.phase] ?? p.phase}${detail} (${duration(timings.total)})`;
  }

  finish() {
    this.running = false;
    this.cancelButton.hidden = true;
    this.check();
  }

  fail(message) {
    this.error.textContent = `The experiment could not finish: ${message}`;
    this.error.hidden = false;
    this.progress.hidden = true;
  }

  setReport(report) {
    this.report = report;
    this.finding.textContent = finding(report);
    this.finding.hidden = false;
    this.draw();
  }

  draw() {
    const r = this.report;
    this.results.setReport(r, this.state.wa);
    const f = r?.figure;
    const view = { metric: this.state.met, log: this.state.log };
    this.figureMenu.setEnabled(Boolean(f));
    if (!f) {
      this.left.setData(null, view);
      this.right.setData(null, view);
      this.planeLine.textContent = r ? "The shared plane is being evaluated…" : "";
      return;
    }
    const lrs = [...f.baseline_path, ...f.cyclic_path].map((p) => p.lr).filter((v) => v > 0);
    const base = { x: f.axes.x, y: f.axes.y, loss: flat(f.loss), accuracy: flat(f.accuracy), lr_range: [Math.min(...lrs), Math.max(...lrs)] };
    const n = f.axes.x.length;
    this.left.setData({ ...base, path: f.baseline_path }, view, `Validation ${this.state.met} over the shared plane (${n} × ${n}) with the single model's path`);
    this.right.setData({ ...base, path: f.cyclic_path }, view, `Validation ${this.state.met} over the shared plane (${n} × ${n}) with the cyclic run's path and its snapshots`);
    const e = f.plane.projection_error;
    const ev = f.plane.explained_variance;
    const kind = f.plane.kind === "pca" ? "PCA of both paths" : "the plane through the last three snapshots";
    this.planeLine.textContent = `Plane: ${kind}${ev ? ` (d1 ${pct(ev[0])}, d2 ${pct(ev[1])} of the variance)` : ""}; both pictures share the grid and the colour scale. Projection error: mean ${pct(e.mean_relative)}, max ${pct(e.max_relative)} of the points' distance from the origin.`;
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
