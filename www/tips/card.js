// One tip as a card: the lecture's words, why the tip holds, what the experiment does and
// costs, Run and Cancel, live progress, the sentence the results support, the charts, and the
// results as CSV and JSON downloads. Collapsible (<details>); the panel keeps one open.
import { h, uid } from "../lib/dom.js";
import { TipCharts } from "./charts.js";
import { count, duration } from "./words.js";

const PHASE = { tuning: "Step 1, the search", comparing: "Step 2, the comparison" };

export class TipCard {
  /**
   * `words`: an entry of CARDS; `number`: its place on the slide; `hooks`: `{ toggled(card,
   * open), run(card), cancel(card), download(card, kind), openSearch() }`; `charts(id)`
   * builds the card's TipCharts (null for the search card).
   */
  constructor(words, number, { hooks, charts }) {
    this.words = words;
    this.id = words.id;
    this.hooks = hooks;
    this.report = null;
    this.live = null;
    this.csv = null;
    this.info = null;
    const headingId = uid("tip-heading");
    this.title = h("h3", { id: headingId, class: "tip-title" }, words.tip ? "…" : "Search on a log scale, then refine");
    this.cost = h("span", { class: "tip-cost" });
    const summary = h("summary", {}, h("span", { class: "tip-number", "aria-hidden": "true" }, String(number)), this.title, this.cost);
    const quote = h(
      "blockquote",
      { class: "tip-quote" },
      words.quote.map((q) => h("p", {}, `\u201c${q}\u201d`)),
      h("footer", {}, "The lecture, \u201cSome Tips & Notes!\u201d"),
    );
    const why = h("p", { class: "tip-why" }, h("strong", {}, "Why: "), words.why);
    this.element = h("details", { class: "tip-card", id: `tip-${words.id}`, "aria-labelledby": headingId });
    this.element.addEventListener("toggle", () => this.hooks.toggled(this, this.element.open));
    if (!words.tip) {
      this.searchButton = h("button", { type: "button", onclick: () => hooks.openSearch() }, "Open the LR Finder's search");
      this.searchNote = h("p", { class: "help", role: "status" });
      this.element.append(summary, h("div", { class: "tip-body" }, quote, why, h("div", { class: "tip-actions" }, this.searchButton), this.searchNote));
      return;
    }
    this.what = h("span", { class: "tip-what" });
    this.budget = h("p", { class: "tip-budget" });
    this.runButton = h("button", { type: "button", onclick: () => hooks.run(this) }, "Run");
    this.cancelButton = h("button", { type: "button", class: "secondary", hidden: true, onclick: () => hooks.cancel(this) }, "Cancel");
    this.csvButton = h("button", { type: "button", class: "secondary", disabled: true, onclick: () => hooks.download(this, "csv") }, "Download CSV");
    this.jsonButton = h("button", { type: "button", class: "secondary", disabled: true, onclick: () => hooks.download(this, "json") }, "Download JSON");
    this.exports = hooks.exports(this);
    this.why = h("p", { class: "help tip-blocked", role: "status" });
    this.bar = h("progress", { max: "1", value: "0", "aria-label": `Progress of ${words.id}` });
    this.status = h("p", { class: "tip-status", "aria-live": "polite" });
    this.progress = h("div", { class: "tip-progress", hidden: true }, this.bar, this.status);
    this.finding = h("p", { class: "tip-finding", "aria-live": "polite", hidden: true });
    this.error = h("p", { class: "form-error", role: "alert", hidden: true });
    this.charts = charts(words.id);
    this.element.append(
      summary,
      h(
        "div",
        { class: "tip-body" },
        quote,
        why,
        h("p", { class: "tip-what-wrap" }, h("strong", {}, "The experiment: "), this.what),
        this.budget,
        h("div", { class: "tip-actions" }, this.runButton, this.cancelButton, this.csvButton, this.jsonButton, ...this.exports.buttons),
        this.exports.note,
        this.why,
        this.progress,
        this.error,
        this.finding,
        this.charts.element,
      ),
    );
  }

  get open() {
    return this.element.open;
  }

  set open(value) {
    this.element.open = value;
  }

  /** The core's description of the tip on the current setup, and its cost at `samplesPerS`. */
  describe(info, samplesPerS, measured) {
    if (!this.words.tip || !info) return;
    this.info = info;
    this.title.textContent = info.title;
    this.what.textContent = info.explanation;
    const seconds = info.budget_samples / samplesPerS;
    this.cost.textContent = duration(seconds);
    this.budget.textContent = `Budget: ${info.runs} runs, ${count(info.planned_iterations)} iterations, ${count(info.budget_samples)} training samples: ${duration(seconds)} ${measured ? "at the speed measured on this computer" : "(estimated; measured after the first experiment)"}. Runs that diverge stop early.`;
  }

  /** Enables Run (or says why not). */
  setRunnable(runnable, reason, running) {
    if (!this.words.tip) return;
    this.runButton.disabled = !runnable;
    this.runButton.hidden = running;
    this.cancelButton.hidden = !running;
    this.why.textContent = runnable || running ? "" : reason;
  }

  started() {
    this.report = null;
    this.live = null;
    this.csv = null;
    this.error.hidden = true;
    this.finding.hidden = true;
    this.progress.hidden = false;
    this.bar.value = 0;
    this.status.textContent = "Starting…";
    this.csvButton.disabled = true;
    this.jsonButton.disabled = true;
    this.charts.update();
  }

  showProgress(p, elapsedMs) {
    const fraction = p.planned_iterations ? p.done_iterations / p.planned_iterations : 0;
    this.bar.value = fraction;
    const run = p.label ? `run ${Math.min(p.runs, p.runs_done + 1)} of ${p.runs}, ${p.label}: iteration ${count(p.iteration)} of ${count(p.iteration_total)}` : "";
    this.status.textContent = `${PHASE[p.phase]}: ${run}. ${Math.round(100 * fraction)}% of the experiment, ${(elapsedMs / 1000).toFixed(1)} s.`;
  }

  showReport(report, csv) {
    this.report = report;
    this.csv = csv;
    const has = report.arms.length > 0 || report.tuning.length > 0;
    this.csvButton.disabled = !has;
    this.jsonButton.disabled = !has;
  }

  finished(report, csv, elapsedMs, cancelled) {
    this.live = null;
    this.showReport(report, csv);
    this.bar.value = cancelled ? this.bar.value : 1;
    const runs = report.tuning.length + report.arms.length;
    this.status.textContent = cancelled
      ? `Cancelled after ${(elapsedMs / 1000).toFixed(1)} s; ${runs === 1 ? "the finished run is" : `the ${runs} finished runs are`} kept below.`
      : `Done: ${runs} runs in ${(elapsedMs / 1000).toFixed(1)} s.`;
    this.finding.hidden = !report.finding;
    this.finding.textContent = report.finding ? `What the data shows: ${report.finding}` : "";
    this.charts.update();
  }

  failed(message) {
    this.live = null;
    this.progress.hidden = true;
    this.error.textContent = `The experiment stopped: ${message}`;
    this.error.hidden = false;
  }
}
