// The Landscape panel: the loss surface around the network's own training path (Li et al.,
// 2018). The worker trains while recording the parameters, chooses a plane and evaluates the
// loss on a grid over it (coarse first); Rust draws the contours and the path coloured by the
// lr in force; JavaScript owns the form, the messages and the readouts.
import { bundledFiles } from "../lib/digit-files.js";
import { h } from "../lib/dom.js";
import { configFor } from "../train/state.js";
import { ExperimentPanel, gridDetail } from "./experiment-panel.js";
import * as form from "./form.js";
import { duration, flat, fmt, pct } from "./format.js";
import { LandscapePlot } from "./plot.js";
import * as settings from "./state.js";

const PHASES = { training: "Training and recording the path", plane: "Choosing the plane", grid: "Evaluating the grid", done: "Done" };

export class LandscapePanel extends ExperimentPanel {
  /** `root`: the panel's section; `wasm`: the lrlab module; `train()`: the Train panel or null. */
  constructor(root, wasm, onChange, { train = () => null } = {}) {
    super(root, wasm, onChange, {
      worker: "landscape",
      exportAs: { kind: "landscape", name: "landscape", what: "the landscape experiment" },
      progressLabel: "Progress of the landscape",
      failure: "The landscape could not be computed",
      phases: PHASES,
      state: settings,
      form,
    });
    this.train = train;
    this.defaults = wasm.train_defaults();
    this.watchVisibility();
  }

  buildBody() {
    this.summary = h("div", { class: "ls-summary", "aria-live": "polite" });
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
      ...this.controls(),
      this.summary,
      this.surfaceView,
      this.plot.element,
    );
  }

  trainConfig() {
    if (this.state.src !== "train") return null;
    const panel = this.train();
    return panel ? configFor(panel.state) : null;
  }

  spec() {
    return settings.specFor(this.state, this.defaults, this.trainConfig());
  }

  /** The core's plan for the spec: iterations, recorded points, grid evaluations. */
  plan() {
    const p = this.wasm.landscape_plan(JSON.stringify(this.spec()));
    const mb = (p.bytes_per_point / 1e6).toFixed(2);
    const keep = p.thinned ? ` The budget holds ${p.capacity}, so the path will be thinned to fit.` : ` The budget of ${this.state.mb} MB holds ${p.capacity}.`;
    return `${p.iterations} training iterations; about ${p.wanted} parameter vectors of ${p.params.toLocaleString("en")} values (${mb} MB each) recorded.${keep} Then ${p.grid_points.toLocaleString("en")} grid evaluations on ${p.eval_size.toLocaleString("en")} held-out digits each.`;
  }

  /** The Train panel's digits when the landscape trains its run, else the bundled ones. */
  inputFiles() {
    const files = this.state.src === "train" ? this.train()?.dataSource?.files : null;
    return files ?? bundledFiles();
  }

  clearResults() {
    this.summary.replaceChildren();
  }

  cancelledNote(m) {
    return m.report ? "; the coarse grid is kept" : "";
  }

  progressDetail(p) {
    if (p.phase === "training") return `: iteration ${p.training.iteration} of ${p.training.total}, ${p.training.points} points recorded`;
    return gridDetail(p);
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
}
