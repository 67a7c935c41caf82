// The Schedules panel: configure schedules, see them on one chart, compare, read the numbers,
// copy the PyTorch code. JavaScript owns the DOM and events; the Rust core (through `wasm`)
// simulates, draws and describes.
import { ChartView } from "../lib/chart-view.js";
import { renderTable } from "../lib/data-table.js";
import { h, perFrame, uid } from "../lib/dom.js";
import { isFatal } from "../lib/errors.js";
import { currentTheme } from "../lib/theme.js";
import { FormulaCard, Snippet } from "./card.js";
import { Editor } from "./editor.js";
import { SCHEDULERS } from "./fields.js";
import { LossControls } from "./loss-controls.js";
import { OverlayBar } from "./overlay-bar.js";
import { LIMITS, defaultState, fromLink, newItem, specFor, suggestion, toLink } from "./state.js";
import { parseField } from "./values.js";
import { chartData, describeStep, tableModel } from "./chart-data.js";
import { showLinkProblems } from "../lib/link-notice.js";

export class SchedulesPanel {
  /** `root`: the panel's section; `wasm`: the lrlab module; `onChange()`: state changed. */
  constructor(root, wasm, onChange) {
    this.wasm = wasm;
    this.onChange = onChange;
    const cache = new Map();
    this.examples = (name) => {
      if (!cache.has(name)) cache.set(name, wasm.scheduler_example(name));
      return structuredClone(cache.get(name));
    };
    this.lossDefaults = wasm.synthetic_loss_defaults();
    this.palette = wasm.palette();
    this.state = defaultState(this.examples, this.lossDefaults);
    this.runs = [];
    this.loss = { key: null, values: null, error: null };
    this.update = perFrame(() => this.refresh());
    this.build(root);
    this.renderAll();
  }

  build(root) {
    this.notice = h("div", { class: "notice", role: "status", hidden: true });
    this.bar = new OverlayBar({
      onSelect: (i) => this.select(i),
      onRemove: (i) => this.remove(i),
      onAdd: () => this.add(),
    });
    this.chart = new ChartView({
      label: "Learning-rate schedules",
      draw: (canvas, data) => this.wasm.draw_schedule_chart(canvas, data),
      svg: (w, hh, data) => this.wasm.draw_schedule_chart_svg(w, hh, data),
      name: "schedules",
      title: "Learning-rate schedules",
      table: () => tableModel(this.state, this.runs, this.metrics),
      figure: () => (this.chart.data ? { figure: "schedule", chart: { ...this.chart.data, pixel_ratio: 1, theme: currentTheme() } } : null),
      describe: (step) => this.describe(step),
    });
    this.settings = this.buildSettings();
    this.tableWrap = h("div", { class: "table-wrap", id: uid("schedule-table"), tabindex: "0", hidden: true });
    this.tableToggle.setAttribute("aria-controls", this.tableWrap.id);
    this.card = new FormulaCard();
    this.snippet = new Snippet();
    this.editor = new Editor({ examples: this.examples, palette: this.palette, onChange: () => this.changed() });
    this.lossControls = new LossControls({ onChange: () => this.changed() });
    root.replaceChildren(
      h("h2", { class: "visually-hidden" }, "Schedules"),
      this.notice,
      // Editor right after the chart: beside it on wide screens, under it on phones.
      h(
        "div",
        { class: "sch-layout" },
        this.bar.element,
        this.chart.element,
        h("div", { class: "sch-side" }, this.editor.element, this.lossControls.element),
        h("div", { class: "sch-data" }, this.settings, this.tableWrap),
        h("div", { class: "cards", "data-control": "cards" }, this.card.element, this.snippet.element),
      ),
    );
  }

  buildSettings() {
    const settingField = (key, label, type, help, apply) => {
      const id = `chart-${key}`;
      const error = h("p", { class: "field-error", id: `${id}-error`, "aria-live": "polite", hidden: true });
      const input = h("input", {
        type: "text",
        id,
        inputmode: type === "int" ? "numeric" : "decimal",
        autocomplete: "off",
        "aria-describedby": `${id}-help`,
        oninput: (e) => {
          const parsed = parseField({ key: label, type }, e.target.value);
          const message = parsed.ok ? apply(parsed.value) : parsed.message;
          error.textContent = message ?? "";
          error.hidden = !message;
          input.setAttribute("aria-invalid", message ? "true" : "false");
          input.setAttribute("aria-describedby", message ? `${id}-help ${id}-error` : `${id}-help`);
          if (!message) this.changed();
        },
      });
      const row = h("div", { class: "field", "data-control": key }, h("label", { for: id }, label), input, h("p", { class: "help", id: `${id}-help` }, help), error);
      return { row, input };
    };
    this.stepsField = settingField("steps", "Steps", "int", "How many times scheduler.step() is called.", (v) => {
      if (v < 1 || v > LIMITS.maxSteps) return `Steps must be between 1 and ${LIMITS.maxSteps}`;
      this.state.steps = v;
      return null;
    });
    this.speField = settingField("spe", "Steps per epoch", "float", "Scheduler steps in one epoch (1 when stepped per epoch).", (v) => {
      if (!(v > 0) || v > LIMITS.maxStepsPerEpoch) return `Steps per epoch must be a positive number up to ${LIMITS.maxStepsPerEpoch}`;
      this.state.spe = v;
      return null;
    });
    const radio = (value, label) =>
      h(
        "label",
        { class: "radio" },
        h("input", { type: "radio", name: "x-unit", value, onchange: () => ((this.state.x = value), this.changed()) }),
        label,
      );
    this.xUnit = h("fieldset", { class: "x-unit", "data-control": "x" }, h("legend", {}, "x axis in"), radio("it", "iterations"), radio("ep", "epochs"));
    this.logInput = h("input", { type: "checkbox", id: "chart-log", onchange: (e) => ((this.state.log = e.target.checked), this.changed()) });
    this.tableToggle = h("button", { type: "button", class: "secondary", "data-control": "table", "aria-expanded": "false", onclick: () => this.toggleTable() }, "Show data as table");
    return h(
      "fieldset",
      { class: "chart-settings", "data-control-group": "" },
      h("legend", {}, "Chart"),
      this.stepsField.row,
      this.speField.row,
      this.xUnit,
      h("div", { class: "field field-check", "data-control": "log" }, this.logInput, h("label", { for: "chart-log" }, "Log-scale learning rate")),
      this.tableToggle,
    );
  }

  /** The compact state for the URL. */
  linkState() {
    return toLink(this.state, this.lossDefaults);
  }

  /** Restores a state read from a link; returns the problems found in it. */
  setLinkState(raw) {
    const { state, problems } = fromLink(raw, this.examples, this.lossDefaults);
    this.state = state;
    this.runs = [];
    this.loss = { key: null, values: null, error: null };
    this.renderAll();
    return problems;
  }

  /** Says what was wrong with a link (or hides the notice). */
  showProblems(problems) {
    showLinkProblems(this.notice, problems);
  }

  renderAll() {
    const s = this.state;
    this.stepsField.input.value = String(s.steps);
    this.speField.input.value = String(s.spe);
    for (const input of this.xUnit.querySelectorAll("input")) input.checked = input.value === s.x;
    this.logInput.checked = s.log;
    this.setTableShown(s.table);
    this.editor.show(s.items[s.sel], s.sel);
    this.lossControls.render(s.loss);
    this.refresh();
  }

  changed() {
    this.update();
  }

  select(i) {
    this.state.sel = i;
    this.editor.show(this.state.items[i], i);
    this.update();
  }

  add() {
    const s = this.state;
    if (s.items.length >= LIMITS.maxItems) return;
    const { name, color } = suggestion(s.items);
    const current = s.items[s.sel];
    const item = newItem(name, this.examples, { color, lr: current.lr, opt: current.opt });
    // A OneCycleLR shorter than the chart would refuse the extra steps; start it at full length.
    if (name === "OneCycleLR" && (item.cfg.total_steps ?? 0) < s.steps) item.cfg.total_steps = s.steps;
    s.items.push(item);
    this.runs.push(undefined);
    this.select(s.items.length - 1);
  }

  remove(i) {
    const s = this.state;
    if (s.items.length <= 1) return;
    s.items.splice(i, 1);
    this.runs.splice(i, 1);
    if (s.sel >= s.items.length || s.sel > i) s.sel = Math.max(0, s.sel - 1);
    this.select(s.sel);
  }

  toggleTable() {
    this.state.table = !this.state.table;
    this.setTableShown(this.state.table);
    this.update();
  }

  setTableShown(shown) {
    this.tableWrap.hidden = !shown;
    this.tableToggle.setAttribute("aria-expanded", String(shown));
    this.tableToggle.textContent = shown ? "Hide data table" : "Show data as table";
  }

  hasMetric() {
    return this.state.items.some((i) => SCHEDULERS[i.cfg.scheduler]?.metric);
  }

  /** The synthetic loss for the current shape and length (the last valid one on error). */
  computeLoss() {
    const key = JSON.stringify([this.state.loss, this.state.steps]);
    if (this.loss.key !== key) {
      this.loss.key = key;
      try {
        this.loss.values = this.wasm.synthetic_loss(this.state.loss, this.state.steps);
        this.loss.error = null;
      } catch (e) {
        if (isFatal(e)) throw e;
        this.loss.error = e.message;
      }
    }
    this.lossControls.showCoreError(this.loss.error);
    return this.loss.values;
  }

  simulate(i, metrics) {
    const item = this.state.items[i];
    const spec = specFor(item, this.state.steps, null);
    const key = JSON.stringify(spec) + (spec.metrics ? this.loss.key : "");
    const run = this.runs[i] ?? (this.runs[i] = { key: null, result: null, error: null });
    if (run.key === key) return;
    run.key = key;
    if (spec.metrics) spec.metrics = metrics ?? [];
    try {
      run.result = this.wasm.simulate_schedule(spec);
      run.error = null;
    } catch (e) {
      if (isFatal(e)) throw e;
      run.error = e.message;
    }
  }

  refresh() {
    const s = this.state;
    const metrics = this.hasMetric() ? this.computeLoss() : null;
    this.metrics = metrics;
    this.lossControls.element.hidden = !this.hasMetric();
    s.items.forEach((_, i) => this.simulate(i, metrics));
    this.runs.length = s.items.length;
    this.drawChart(metrics);
    this.editor.showRustError(this.runs[s.sel]?.error ?? null);
    this.bar.render(s.items, s.sel, this.runs.map((r) => Boolean(r?.error)));
    this.renderCards();
    if (s.table) this.renderTable(metrics);
    this.onChange();
  }

  drawChart(metrics) {
    const { data, label } = chartData(this.state, this.runs, metrics);
    this.chart.setData(data, label);
  }

  renderCards() {
    const item = this.state.items[this.state.sel];
    const r = this.runs[this.state.sel]?.result;
    const name = item.cfg.scheduler;
    this.card.render(name, r?.card ?? null, SCHEDULERS[name]?.summary);
    this.snippet.render(r?.snippet ?? "");
  }

  renderTable(metrics) {
    renderTable(this.tableWrap, tableModel(this.state, this.runs, metrics));
  }

  describe(step) {
    const metrics = this.hasMetric() ? this.loss.values : null;
    const theme = currentTheme();
    return describeStep(this.state, this.runs, metrics, step, (color) => this.palette[color % this.palette.length][theme], theme);
  }
}
