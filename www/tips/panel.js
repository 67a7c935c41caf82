// The Tips panel: the lecture's last slide ("Some Tips & Notes!") as experiments a teacher can
// run live, one card per tip in the lecture's order. One experiment runs at a time in a module
// Worker; JavaScript owns the DOM and the messages, Rust plans and runs the experiments,
// computes what they show and draws the charts.
import { bundledFiles } from "../lib/digit-files.js";
import { h, perFrame, uid } from "../lib/dom.js";
import { isFatal } from "../lib/errors.js";
import { experimentExport } from "../lib/experiment-export.js";
import { currentTheme } from "../lib/theme.js";
import { TipCard } from "./card.js";
import { TipCharts } from "./charts.js";
import { JobClient } from "../lib/job-client.js";
import { baseSetup, describeSetup } from "./setup.js";
import { DEFAULT_STATE, fromLink, toLink } from "./state.js";
import { ASSUMED_SAMPLES_PER_S, CARDS } from "./words.js";
import { showOrKeepLinkProblems } from "../lib/link-notice.js";

/** Chart redraws while an experiment runs, at most this often (finished runs redraw at once). */
const REDRAW_MS = 300;

export class TipsPanel {
  /**
   * `root`: the panel's section; `wasm`: the lrlab module; `onChange()`: state changed;
   * `train()`: the Train panel (or null); `openPanel(id)`: selects another panel's tab.
   */
  constructor(root, wasm, onChange, { train = () => null, openPanel = () => {} } = {}) {
    this.root = root;
    this.wasm = wasm;
    this.onChange = onChange;
    this.train = train;
    this.openPanel = openPanel;
    this.defaults = wasm.train_defaults();
    this.palette = wasm.palette();
    this.state = { ...DEFAULT_STATE };
    this.samplesPerS = ASSUMED_SAMPLES_PER_S;
    this.measured = false;
    this.running = null;
    this.built = false;
    this.pendingProblems = null;
    this.lastDraw = 0;
    this.drawTimer = null;
    new MutationObserver(() => {
      if (!this.root.hidden) this.shown();
    }).observe(root, { attributes: true, attributeFilter: ["hidden"] });
    if (!root.hidden) this.shown();
  }

  shown() {
    if (!this.built) this.build();
    this.refreshSetup();
  }

  build() {
    this.built = true;
    this.client = new JobClient(new URL("./worker.js", import.meta.url), "tips", (m) => this.onWorker(m));
    this.notice = h("div", { class: "notice", role: "status", hidden: true });
    const sourceId = uid("tip-source");
    this.source = h(
      "select",
      { id: sourceId, onchange: () => this.setSetting({ source: this.source.value }) },
      h("option", { value: "lab" }, "the lab's defaults"),
      h("option", { value: "train" }, "the Train panel's settings"),
    );
    this.quick = h("input", { type: "checkbox", id: uid("tip-quick"), onchange: () => this.setSetting({ size: this.quick.checked ? "quick" : "full" }) });
    this.setupLine = h("p", { class: "help tip-setup", "aria-live": "polite" });
    this.setupError = h("p", { class: "form-error", role: "alert", hidden: true });
    const settings = h(
      "div",
      { class: "tip-settings" },
      h("div", { class: "field" }, h("label", { for: sourceId }, "Model and data"), this.source),
      h("div", { class: "field field-check" }, this.quick, h("label", { for: this.quick.id }, "Quick budget: 2,000 digits per epoch instead of 8,000 (a quarter of the time, noisier results)")),
    );
    const color = (i) => this.palette[i % this.palette.length][currentTheme()];
    this.cards = CARDS.map(
      (words, i) =>
        new TipCard(words, i + 1, {
          hooks: {
            toggled: (card, open) => this.toggled(card, open),
            run: (card) => this.run(card),
            cancel: () => this.client.cancel(),
            download: (card, kind) => this.download(card, kind),
            openSearch: () => this.openSearch(),
            exports: (card) =>
              experimentExport({
                wasm: this.wasm,
                kind: "tips",
                name: `tips-${card.words.tip}`,
                what: `the tip experiment (${card.words.tip.replaceAll("_", " ")})`,
                spec: () => {
                  if (!this.setup) throw new Error("the setup is not ready yet");
                  return { ...this.setup.config, tip: card.words.tip };
                },
              }),
          },
          charts: (id) => (words.tip ? new TipCharts(this.wasm, id, { state: () => this.chartState(id), short: words.short, color }) : null),
        }),
    );
    // A frame queued by the last progress message may fire after the job ended: it must not
    // write the progress back over "Done" or "Cancelled".
    this.progressFrame = perFrame((card, p, ms) => {
      if (this.running === card) card.showProgress(p, ms);
    });
    this.root.replaceChildren(
      h("h2", { class: "visually-hidden" }, "Tips"),
      this.notice,
      h(
        "div",
        { class: "tip-intro" },
        h("p", {}, "The lecture ends with six tips (the two about the range of learning rates and how to search it share card 2). Each card turns a tip into an experiment on real digits: read the tip, press Run, and watch the evidence come in. One experiment runs at a time; everything stays in your browser."),
        settings,
        this.setupLine,
        this.setupError,
      ),
      h("div", { class: "tip-cards" }, this.cards.map((c) => c.element)),
    );
    this.render();
    if (this.pendingProblems) this.showProblems(this.pendingProblems);
  }

  chartState(id) {
    const card = this.cards.find((c) => c.id === id);
    return { report: card.report, live: card.live, running: this.running === card, trainSize: this.setup?.config.data.train_size ?? 8000 };
  }

  /** The setup in force and each tip's cost on it. */
  refreshSetup() {
    if (!this.built) return;
    this.setup = baseSetup(this.state.source, this.state.size, this.train, this.defaults);
    try {
      const infos = this.wasm.tip_catalogue(JSON.stringify(this.setup.config));
      for (const card of this.cards) card.describe(infos.find((i) => i.tip === card.words.tip), this.samplesPerS, this.measured);
      this.setupError.hidden = true;
      this.setupText = describeSetup(this.setup);
      this.setupLine.textContent = this.setupText;
      this.setupProblem = null;
    } catch (e) {
      if (isFatal(e)) throw e;
      this.setupProblem = `The Train panel's settings cannot be used: ${e.message}`;
      this.setupError.textContent = this.setupProblem;
      this.setupError.hidden = false;
    }
    this.updateButtons();
  }

  updateButtons() {
    for (const card of this.cards) {
      const running = this.running === card;
      const reason = this.setupProblem ? "Fix the setup above to run." : this.running ? `Another experiment is running (${this.running.info?.title ?? ""}); cancel it or wait.` : "";
      card.setRunnable(!this.setupProblem && !this.running, reason, running);
    }
  }

  render() {
    this.source.value = this.state.source;
    this.quick.checked = this.state.size === "quick";
    for (const card of this.cards) card.open = card.id === this.state.open;
  }

  setSetting(change) {
    Object.assign(this.state, change);
    this.refreshSetup();
    this.onChange();
  }

  toggled(card, open) {
    if (open) {
      this.state.open = card.id;
      for (const other of this.cards) if (other !== card && other.open) other.open = false;
      // A card's charts had no room while it was closed.
      card.charts?.update();
    } else if (this.state.open === card.id) {
      this.state.open = null;
    }
    this.onChange();
  }

  async run(card) {
    if (this.running || this.setupProblem) return;
    this.refreshSetup();
    this.running = card;
    card.started();
    this.updateButtons();
    let files = this.setup.files;
    try {
      files ??= await bundledFiles();
    } catch (e) {
      this.running = null;
      card.failed(e.message);
      this.updateButtons();
      return;
    }
    this.samplesAtStart = card.info?.budget_samples ?? 0;
    this.client.start({ tip: card.words.tip, config: JSON.stringify(this.setup.config) }, files);
  }

  onWorker(m) {
    const card = this.running;
    if (!card) return;
    switch (m.type) {
      case "progress":
        card.live = m.live;
        this.progressFrame(card, m.progress, m.elapsedMs);
        this.lastProgress = m.progress;
        this.scheduleDraw(card, false);
        break;
      case "report":
        card.showReport(m.report, m.csv);
        this.scheduleDraw(card, true);
        break;
      case "done": {
        this.running = null;
        const p = this.lastProgress;
        const fraction = m.cancelled && p ? p.done_iterations / Math.max(1, p.planned_iterations) : 1;
        if (m.elapsedMs > 2000 && fraction > 0.2) {
          this.samplesPerS = (this.samplesAtStart * fraction) / (m.elapsedMs / 1000);
          this.measured = true;
        }
        card.finished(m.report, m.csv, m.elapsedMs, m.cancelled);
        this.refreshSetup();
        break;
      }
      case "error":
        this.running = null;
        card.failed(m.message);
        this.updateButtons();
        break;
      default:
        break;
    }
  }

  scheduleDraw(card, now) {
    const wait = REDRAW_MS - (performance.now() - this.lastDraw);
    if (now || wait <= 0) return this.drawNow(card);
    if (!this.drawTimer) this.drawTimer = setTimeout(() => this.drawNow(card), wait);
  }

  drawNow(card) {
    clearTimeout(this.drawTimer);
    this.drawTimer = null;
    this.lastDraw = performance.now();
    if (card.open) card.charts.update();
  }

  /** Saves a card's results: the core's CSV, or the whole report (curves included) as JSON. */
  download(card, kind) {
    if (!card.report) return;
    const [text, type] = kind === "csv" ? [card.csv, "text/csv"] : [JSON.stringify(card.report, null, 2) + "\n", "application/json"];
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = h("a", { href: url, download: `lrlab-tip-${card.words.tip}.${kind}`, class: "visually-hidden" }, "download");
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  /** Tip 2 is the LR Finder's coarse-to-fine search: go there. */
  openSearch() {
    const card = this.cards.find((c) => c.id === "search");
    if (!document.getElementById("tab-lrfind")) {
      card.searchNote.textContent = "This build of the lab has no LR Finder panel.";
      return;
    }
    this.openPanel("lrfind");
    const panel = document.getElementById("panel-lrfind");
    const target =
      panel?.querySelector("[data-section='search'], #lrf-search, .lrf-search") ??
      [...(panel?.querySelectorAll("h2, h3, legend") ?? [])].find((el) => /search/i.test(el.textContent));
    if (target) {
      target.scrollIntoView({ block: "start" });
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
    }
  }

  /** The compact state for the URL. */
  linkState() {
    return toLink(this.state);
  }

  /** Restores a state read from a link; returns the problems found in it. */
  setLinkState(raw) {
    const { state, problems } = fromLink(raw);
    this.state = state;
    if (this.built) {
      this.render();
      this.refreshSetup();
    }
    return problems;
  }

  showProblems(problems) {
    showOrKeepLinkProblems(this, problems);
  }
}
