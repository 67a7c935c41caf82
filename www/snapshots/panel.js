// The Snapshots panel: Huang et al.'s snapshot ensembles ("Train 1, get M for free", 2017) on
// the lab's network. The worker trains with restarts (a snapshot at each cycle's end), trains a
// single model for the same budget with a step decay, scores every snapshot and ensemble, and
// evaluates both paths on one plane: the paper's Figure 1, side by side.
import { h, uid } from "../lib/dom.js";
import { ExperimentPanel, gridDetail } from "../landscape/experiment-panel.js";
import { flat, fmt, pct } from "../landscape/format.js";
import { LandscapePlot } from "../landscape/plot.js";
import * as form from "./form.js";
import { SnapshotResults, figureOneMenu, finding } from "./results.js";
import * as settings from "./state.js";

const PHASES = { cyclic: "Training with restarts", baseline: "Training the single model", evaluate: "Scoring snapshots and ensembles", plane: "Choosing the shared plane", grid: "Evaluating the shared plane", done: "Done" };

const EXPLAIN = [
  "What to look for. On the left, the standard schedule walks downhill once: a large lr carries it across the surface, each drop of the lr lets it settle deeper, and it ends in a single basin.",
  "On the right, every restart throws the weights back out with a large lr, and every cosine cycle lets them settle again, each time somewhere else: the triangles S1, S2, … sit in different low regions of the same plane.",
  "Because those minima differ, the snapshots make different mistakes, and averaging their predicted probabilities corrects some of them: the ensemble's accuracy climbs as more snapshots join, at no extra training cost. Averaging their weights instead lands between the basins, often on higher ground, which is why the weight average usually falls behind.",
];

export class SnapshotsPanel extends ExperimentPanel {
  constructor(root, wasm, onChange) {
    super(root, wasm, onChange, {
      worker: "snapshots",
      exportAs: { kind: "snapshots", name: "snapshots", what: "the snapshot experiment" },
      progressLabel: "Progress of the snapshot experiment",
      failure: "The experiment could not finish",
      phases: PHASES,
      state: settings,
      form,
    });
    this.watchVisibility();
  }

  buildBody() {
    this.finding = h("p", { class: "sn-finding", "aria-live": "polite", hidden: true });
    this.results = new SnapshotResults(this.wasm);
    this.weightAverage = h("input", { type: "checkbox", id: uid("sn-wa"), onchange: () => this.setView({ wa: this.weightAverage.checked }) });
    this.left = new LandscapePlot(this.wasm, { title: "Standard schedule: one minimum", explain: null, label: "The baseline's path on the shared plane", name: "snapshots-standard-path", pathName: "single model path" });
    this.right = new LandscapePlot(this.wasm, { title: "Cyclic schedule: snapshots at several minima", explain: null, label: "The cyclic run's path on the shared plane", name: "snapshots-cyclic-path", pathName: "cyclic run path" });
    const pairBox = h("div", { class: "sn-figure" }, this.left.element, this.right.element);
    this.figureMenu = figureOneMenu(this.wasm, { left: this.left, right: this.right, box: pairBox });
    this.planeLine = h("p", { class: "help", "aria-live": "polite" });
    this.root.replaceChildren(
      h("h2", { class: "visually-hidden" }, "Snapshots"),
      this.notice,
      h("div", { class: "sn-intro" }, h("p", {}, "Train once with a restarting schedule, keep the network at the end of every cycle, and average the snapshots' predictions (Huang et al., 2017, \u201cSnapshot Ensembles: Train 1, get M for free\u201d). A second network is trained for the same budget with a standard step decay, same seed and data, for comparison.")),
      ...this.controls(),
      this.finding,
      h("div", { class: "field field-check" }, this.weightAverage, h("label", { for: this.weightAverage.id }, "Average the snapshots' weights instead of their predictions")),
      this.results.element,
      h("h3", {}, "Figure 1 on this network: both paths on one plane"),
      this.planeLine,
      this.surfaceView,
      pairBox,
      this.figureMenu.element,
      h("div", { class: "sn-explain" }, EXPLAIN.map((t) => h("p", {}, t))),
    );
  }

  renderView() {
    super.renderView();
    this.weightAverage.checked = this.state.wa;
  }

  spec() {
    return settings.specFor(this.state);
  }

  /** The core's check of the spec: both runs' length and when the snapshots are taken. */
  plan() {
    const c = this.wasm.check_snapshots(JSON.stringify(this.spec()));
    const ends = c.cycle_ends.map((i) => `${fmt(i / c.iterations_per_epoch)}`).join(", ");
    return `Two runs of ${c.total_iterations} iterations each (${this.state.ep} epochs of ${c.iterations_per_epoch}); ${c.cycle_ends.length} snapshots, after epochs ${ends}.`;
  }

  clearResults() {
    this.finding.hidden = true;
  }

  progressDetail(p) {
    const run = p.phase === "cyclic" ? p.cyclic : p.phase === "baseline" ? p.baseline : null;
    return run ? `: iteration ${run.iteration} of ${run.total}` : gridDetail(p);
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
}
