// How the training charts are viewed: x axis in iterations or epochs, log scale, the raw
// per-batch curves, and the smoothing of the moving average.
import { h, uid } from "../lib/dom.js";

export class ViewSettings {
  /** `onChange(change)` with the settings that changed, e.g. `{ log: true }`. */
  constructor({ onChange }) {
    const id = uid("trn-view");
    const radio = (value, label) => h("label", { class: "radio" }, h("input", { type: "radio", name: `${id}-x`, value, onchange: () => onChange({ x: value }) }), label);
    this.x = h("fieldset", { class: "x-unit" }, h("legend", {}, "x axis in"), radio("it", "iterations"), radio("ep", "epochs"));
    this.log = h("input", { type: "checkbox", id: `${id}-log`, onchange: (e) => onChange({ log: e.target.checked }) });
    this.raw = h("input", { type: "checkbox", id: `${id}-raw`, onchange: (e) => onChange({ raw: e.target.checked }) });
    this.smooth = h("input", { type: "range", id: `${id}-smooth`, min: "0", max: "0.99", step: "0.01", oninput: (e) => onChange({ smooth: Number(e.target.value) }) });
    this.smoothText = h("output", { for: `${id}-smooth` });
    this.element = h(
      "fieldset",
      { class: "chart-settings trn-view", "data-control": "view" },
      h("legend", {}, "Charts"),
      this.x,
      h("div", { class: "field field-check" }, this.log, h("label", { for: `${id}-log` }, "Log-scale loss and learning rate")),
      h("div", { class: "field field-check" }, this.raw, h("label", { for: `${id}-raw` }, "Show every batch (faint)")),
      h("div", { class: "field" }, h("label", { for: `${id}-smooth` }, "Smoothing ", this.smoothText), this.smooth),
    );
  }

  /** Shows `view` ({ x, log, raw, smooth }). */
  render(view) {
    for (const input of this.x.querySelectorAll("input")) input.checked = input.value === view.x;
    this.log.checked = view.log;
    this.raw.checked = view.raw;
    this.smooth.value = String(view.smooth);
    this.smoothText.textContent = view.smooth.toFixed(2);
  }
}
