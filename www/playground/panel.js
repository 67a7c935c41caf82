// The Playground panel: descent paths of the lab's real optimizers and schedulers on analytic
// loss surfaces, side by side and animated, with the lr of every step drawn beneath. Rust
// computes the paths in full whenever a setting changes (they are cheap); the page only reveals
// them step by step.
import { renderTable } from "../lib/data-table.js";
import { byId, focusedIn, h, uid } from "../lib/dom.js";
import { ChartCard } from "../lib/chart-card.js";
import { ExportMenu } from "../lib/export-menu.js";
import { experimentExport } from "../lib/experiment-export.js";
import { PNG_RATIO } from "../lib/export.js";
import { formatNumber } from "../schedules/values.js";
import { PathCard } from "./path-card.js";
import { Playback } from "./playback.js";
import { Stage } from "./stage.js";
import { LIMITS, defaultState, fromLink, newPath, pathName, presetState, setupFor, toLink } from "./state.js";

export class PlaygroundPanel {
  constructor(root, wasm, onChange, { schedules }) {
    this.wasm = wasm;
    this.onChange = onChange;
    this.schedules = schedules;
    this.handle = new wasm.Playground();
    this.surfaces = wasm.playground_surfaces();
    this.presets = wasm.playground_presets();
    this.optimizerDefaults = (name) => wasm.optimizer_defaults(name);
    this.schedulerExample = (name) => wasm.scheduler_example(name);
    this.outcomes = [];
    this.state = defaultState(this.presets, this.optimizerDefaults);
    this.build(root);
    this.apply(this.state, { step: "end" });
  }

  build(root) {
    this.problems = h("div", { class: "form-error", role: "alert", hidden: true });
    this.surfaceSelect = h(
      "select",
      { id: "pg-surface", onchange: (e) => this.update({ ...this.state, surface: e.target.value, start: null, preset: null }, { step: "end" }) },
      this.surfaces.map((s) => h("option", { value: s.id }, s.label)),
    );
    this.formula = h("p", { class: "help mono", id: "pg-formula" });
    this.logBox = h("input", { type: "checkbox", id: "pg-log", onchange: (e) => this.setLog(e.target.checked) });
    this.startText = h("p", { class: "pg-start", "data-control": "start", "aria-live": "polite" });
    this.resetStart = h("button", { type: "button", class: "secondary", "data-control": "start", onclick: () => this.update({ ...this.state, start: null, preset: null }, { step: "end" }) }, "Back to the default start");
    this.presetButtons = this.presets.map((p) => h("button", { type: "button", class: "secondary pg-preset", "aria-pressed": "false", "data-preset": p.id, onclick: () => this.openPreset(p) }, p.label));
    this.presetNote = h("p", { class: "pg-preset-note", "aria-live": "polite" });
    const side = (title, ...children) => h("section", { class: "pg-box", "data-control-group": "", "aria-labelledby": `${title.id}` }, title, ...children);
    const heading = (text) => h("h3", { id: uid("pg-h") }, text);
    const setup = side(
      heading("Surface and start"),
      h("div", { class: "field", "data-control": "surface" }, h("label", { for: "pg-surface" }, "Surface"), this.surfaceSelect),
      this.formula,
      h("div", { class: "field field-check", "data-control": "log" }, this.logBox, h("label", { for: "pg-log" }, "Log colour bands (equal bands in ln(1 + f − f_min))")),
      this.startText,
      this.resetStart,
    );
    const presets = side(heading("Presets: the step size on the bowl"), h("div", { class: "pg-presets", "data-control": "presets" }, this.presetButtons), this.presetNote);

    this.stage = new Stage({ handle: this.handle, onStart: (at) => this.update({ ...this.state, start: at, preset: null }, { step: "end" }) });
    this.playback = new Playback({
      onStep: (step) => this.showStep(step),
      onSpeed: (speed) => {
        this.state = { ...this.state, speed };
        this.onChange();
      },
    });
    this.legend = h("ul", { class: "pg-legend", "aria-label": "Paths at the current step" });
    this.status = h("div", { class: "pg-status", role: "status" });
    this.tableWrap = h("div", { class: "table-wrap", id: uid("pg-table"), tabindex: "0", hidden: true });
    this.tableToggle = h("button", { type: "button", class: "secondary", "aria-expanded": "false", "aria-controls": this.tableWrap.id, onclick: () => this.toggleTable() }, "Show paths as table");
    this.lrCard = new ChartCard({
      title: "Learning rate along each path",
      explain: "The lr each optimizer step used (bold: steps taken so far; faint: the rest of the schedule).",
      label: "Learning rate against step for each path",
      draw: (canvas, d) => (canvas.width < 64 || canvas.height < 64 ? null : this.handle.draw_lr(canvas, d.step, { theme: d.theme, pixel_ratio: d.pixel_ratio, text_scale: d.text_scale })),
      svg: (w, hh, d) => this.handle.draw_lr_svg(w, hh, d.step, { theme: d.theme, pixel_ratio: d.pixel_ratio, text_scale: d.text_scale }),
      name: "playground-lr",
      describe: (step) => this.describeLr(step),
      table: () => this.lrTable(),
    });
    const chart = h(
      "section",
      { class: "pg-main", "aria-label": "Paths on the surface" },
      this.stage.element,
      this.playback.element,
      this.status,
      this.legend,
      new ExportMenu({
        name: "playground-surface",
        title: "Paths on the loss surface",
        png: () => this.stage.exportPng(PNG_RATIO),
        svg: () => this.stage.exportSvg(),
        table: () => this.pathsTable(),
      }).element,
      h("div", { class: "pg-table-head" }, this.tableToggle),
      this.tableWrap,
      this.lrCard.element,
    );
    this.cardsBox = h("div", { class: "pg-cards" });
    this.addButton = h("button", { type: "button", class: "secondary", "data-control": "paths", onclick: () => this.addPath() }, "Add a path");
    const exports = experimentExport({ wasm: this.wasm, kind: "playground", name: "playground", what: "every optimizer path on the surface", spec: () => setupFor(this.state) });
    const paths = side(heading("Paths: optimizer, scheduler, steps"), this.cardsBox, h("div", { class: "trn-buttons pg-actions" }, this.addButton, ...exports.buttons), exports.note);
    root.replaceChildren(
      h("div", { class: "pg-intro" }, h("h2", {}, "Optimizer playground"), h("p", { class: "help" }, "Run PyTorch's optimizers on two-variable loss surfaces and watch the step size decide whether a descent creeps, zig-zags, settles or flies off.")),
      this.problems,
      h("div", { class: "pg-layout" }, h("div", { class: "pg-setup" }, setup, presets), chart, h("div", { class: "pg-paths" }, paths)),
    );
  }

  /** Runs `next`; keeps it if every path runs, else shows the messages and keeps the old state. */
  apply(next, { step = "keep", from = null } = {}) {
    const outcomes = this.handle.run(setupFor(next));
    const failed = outcomes.some((o) => o.error);
    if (failed) {
      if (from !== null) this.cards?.[from]?.showError(outcomes[from].error ?? outcomes.find((o) => o.error).error);
      else this.showProblems(outcomes.map((o, i) => (o.error ? `path ${i + 1}: ${o.error}` : null)).filter(Boolean));
      return false;
    }
    this.cards?.forEach((c) => c.showError(null));
    this.state = next;
    this.outcomes = outcomes;
    this.render();
    const last = this.handle.longest();
    const target = step === "end" ? last : step === "start" ? 0 : Math.min(this.playback.step, last);
    this.playback.pause();
    this.playback.reset(last, target);
    return true;
  }

  update(next, options) {
    if (this.apply(next, options)) this.onChange();
  }

  render() {
    const s = this.state;
    const surface = this.surfaces.find((x) => x.id === s.surface);
    this.surfaceSelect.value = s.surface;
    this.formula.textContent = `f(x, y) = ${surface.formula}`;
    this.logBox.checked = s.log;
    const [x, y] = s.start ?? surface.start;
    this.startText.textContent = `Start: (${formatNumber(x)}, ${formatNumber(y)})${s.start ? "" : ", the surface's default"}.`;
    this.resetStart.disabled = !s.start;
    for (const b of this.presetButtons) b.setAttribute("aria-pressed", String(b.dataset.preset === s.preset));
    const preset = this.presets.find((p) => p.id === s.preset);
    this.presetNote.textContent = preset ? `${preset.explanation} Press Play to watch it.` : "Each preset runs plain SGD on the ill-conditioned bowl (x² + 10y²)/2, where any lr above 0.2 diverges.";
    this.playback.setSpeed(s.speed);
    this.stage.startPoint = s.start ?? surface.start;
    this.stage.setSurface(surface, s.log);
    this.stage.invalidate();
    this.renderCards();
    if (this.tableShown) this.renderTable();
  }

  renderCards() {
    const swatches = this.wasm.palette();
    this.cards = this.state.paths.map(
      (path, index) =>
        new PathCard({
          index,
          path,
          color: swatches[index].light,
          optimizerDefaults: this.optimizerDefaults,
          schedulerExample: this.schedulerExample,
          schedules: this.schedules,
          onEdit: (i, draft) => this.editPath(i, draft),
          onRemove: this.state.paths.length > 1 ? (i) => this.removePath(i) : null,
        }),
    );
    const focused = focusedIn(this.cardsBox)?.id;
    this.cardsBox.replaceChildren(...this.cards.map((c) => c.element));
    if (focused) byId(this.cardsBox, focused)?.focus();
    this.addButton.disabled = this.state.paths.length >= LIMITS.maxPaths;
    this.addButton.textContent = this.addButton.disabled ? `At most ${LIMITS.maxPaths} paths` : "Add a path";
  }

  editPath(index, draft) {
    const paths = this.state.paths.slice();
    paths[index] = draft;
    const next = { ...this.state, paths, preset: null };
    const outcomes = this.handle.run(setupFor(next));
    if (outcomes[index]?.error) {
      this.cards[index].showError(outcomes[index].error);
      return;
    }
    if (outcomes.some((o) => o.error)) return;
    // Keep the card (and the focus in it): only the drawing and the hash change.
    this.cards[index].showError(null);
    this.state = next;
    this.outcomes = outcomes;
    const last = this.handle.longest();
    this.playback.pause();
    this.playback.reset(last, last);
    this.stage.invalidate();
    for (const b of this.presetButtons) b.setAttribute("aria-pressed", "false");
    this.onChange();
  }

  addPath() {
    if (this.state.paths.length >= LIMITS.maxPaths) return;
    const used = new Set(this.state.paths.map((p) => p.optimizer.optimizer));
    const name = ["SGD", "Adam", "RMSprop", "Adagrad", "AdamW", "Adadelta"].find((n) => !used.has(n)) ?? "SGD";
    const optimizer = { ...this.optimizerDefaults(name), lr: name === "Adadelta" ? 1 : 0.1 };
    this.update({ ...this.state, paths: [...this.state.paths, newPath(optimizer)], preset: null }, { step: "end" });
    this.cards[this.cards.length - 1]?.element.querySelector("select")?.focus();
  }

  removePath(index) {
    const paths = this.state.paths.filter((_, i) => i !== index);
    this.update({ ...this.state, paths, preset: null }, { step: "end" });
    this.addButton.focus();
  }

  openPreset(preset) {
    this.update(presetState(this.state, preset), { step: "start" });
  }

  setLog(log) {
    this.state = { ...this.state, log };
    this.stage.setSurface(this.surfaces.find((x) => x.id === this.state.surface), log);
    this.onChange();
  }

  /** Draws step `step` and says where each path is. */
  showStep(step) {
    this.stage.setStep(step);
    this.lrCard.setData({ step });
    const items = [];
    const notes = [];
    this.state.paths.forEach((path, i) => {
      const at = this.handle.point(i, step);
      const outcome = this.outcomes[i];
      if (!at || !outcome) return;
      const ended = outcome.stop.reason !== "completed" && step >= outcome.steps;
      const where = `step ${at.step}: (${formatNumber(at.x)}, ${formatNumber(at.y)}), loss ${formatNumber(at.loss)}, lr ${formatNumber(at.lr)}`;
      items.push(
        h(
          "li",
          { class: ended ? "pg-ended" : "" },
          h("span", { class: `pg-swatch pg-c${i}`, "aria-hidden": "true" }),
          h("span", { class: "pg-name" }, `${i + 1}: ${pathName(path)}`),
          h("span", { class: "pg-where mono" }, where),
        ),
      );
      if (ended) notes.push(`Path ${i + 1} (${pathName(path)}) ${outcome.message}.`);
    });
    this.legend.replaceChildren(...items);
    this.status.replaceChildren(...notes.map((n) => h("p", { class: "pg-diverged" }, n)));
  }

  describeLr(step) {
    const marks = [];
    const parts = [];
    const swatches = this.wasm.palette();
    const dark = document.documentElement && window.matchMedia("(prefers-color-scheme: dark)").matches;
    this.state.paths.forEach((path, i) => {
      const at = this.handle.point(i, step);
      if (!at || at.step < step) return;
      parts.push(`${i + 1}: lr ${formatNumber(at.lr)}`);
      marks.push({ value: at.lr, axis: "y", color: dark ? swatches[i].dark : swatches[i].light });
    });
    return parts.length ? { text: `Step ${step}: ${parts.join("; ")}`, marks } : null;
  }

  lrTable() {
    const n = this.handle.planned() + 1;
    return {
      caption: "Learning rate of each step, per path",
      columns: ["step", ...this.state.paths.map((_, i) => `path ${i + 1} lr`)],
      rows: n,
      cell: (r, c) => {
        if (c === 0) return String(r);
        const at = this.handle.point(c - 1, r);
        return at && at.step === r ? formatNumber(at.lr) : "";
      },
    };
  }

  toggleTable() {
    this.tableShown = !this.tableShown;
    this.tableWrap.hidden = !this.tableShown;
    this.tableToggle.setAttribute("aria-expanded", String(this.tableShown));
    this.tableToggle.textContent = this.tableShown ? "Hide paths table" : "Show paths as table";
    if (this.tableShown) this.renderTable();
  }

  renderTable() {
    renderTable(this.tableWrap, this.pathsTable());
  }

  pathsTable() {
    const rows = [];
    this.state.paths.forEach((_, i) => {
      const flat = this.handle.points(i);
      for (let k = 0; k < flat.length / 4; k += 1) rows.push([i + 1, k, flat[4 * k], flat[4 * k + 1], flat[4 * k + 2], flat[4 * k + 3]]);
    });
    return {
      caption: "Every point of every path",
      columns: ["path", "step", "x", "y", "loss", "lr"],
      rows: rows.length,
      cell: (r, c) => (c < 2 ? String(rows[r][c]) : formatNumber(rows[r][c])),
    };
  }

  linkState() {
    return toLink(this.state, this.optimizerDefaults);
  }

  setLinkState(link) {
    const { state, problems } = fromLink(link, this.state, { surfaces: this.surfaces, presets: this.presets, optimizerDefaults: this.optimizerDefaults });
    const outcomes = this.handle.run(setupFor(state));
    const errors = outcomes.map((o, i) => (o.error ? `path ${i + 1}: ${o.error}` : null)).filter(Boolean);
    if (errors.length) return [...problems, ...errors.map((e) => `the link's ${e}; the playground kept its paths`)];
    this.apply(state, { step: state.preset ? "start" : "end" });
    return problems;
  }

  showProblems(problems) {
    this.problems.replaceChildren(...problems.map((p) => h("p", {}, `Playground link: ${p}`)));
    this.problems.hidden = problems.length === 0;
  }
}
