// The schedules on the chart, as a row of toggle buttons (one selected for editing) with their
// colour, a remove button each, and "Add schedule". It doubles as an HTML legend.
import { focusedIn, h } from "../lib/dom.js";
import { LIMITS } from "./state.js";

/**
 * `onSelect(i)`, `onRemove(i)`, `onAdd()`. `render(items, selected, errors)` redraws it;
 * `errors[i]` marks a schedule whose settings are currently refused.
 */
export class OverlayBar {
  constructor({ onSelect, onRemove, onAdd }) {
    this.onSelect = onSelect;
    this.onRemove = onRemove;
    this.onAdd = onAdd;
    this.list = h("ul", { class: "overlay-list" });
    this.add = h("button", { type: "button", class: "add", "data-control": "add", onclick: () => this.onAdd() }, "Add schedule");
    this.element = h("div", { class: "overlay-bar", role: "group", "aria-label": "Schedules on the chart" }, this.list, this.add);
  }

  render(items, selected, errors = []) {
    const focused = focusedIn(this.element);
    const refocus = focused && this.element.contains(focused) ? focused.dataset.focusKey : null;
    this.list.replaceChildren(
      ...items.map((item, i) => {
        const name = item.name || item.cfg.scheduler;
        const select = h(
          "button",
          {
            type: "button",
            class: "chip",
            "aria-pressed": String(i === selected),
            "data-focus-key": `select-${i}`,
            title: `Edit ${name}`,
            onclick: () => this.onSelect(i),
          },
          h("span", { class: `swatch c${item.color}`, "aria-hidden": "true" }),
          h("span", { class: "chip-name" }, name),
          errors[i] ? h("span", { class: "chip-warn", role: "img", "aria-label": "(settings refused)" }, "!") : null,
        );
        const remove = h(
          "button",
          {
            type: "button",
            class: "chip-remove",
            "data-control": "add",
            "aria-label": `Remove ${name}`,
            "data-focus-key": `remove-${i}`,
            disabled: items.length <= 1,
            onclick: () => this.onRemove(i),
          },
          "×",
        );
        return h("li", {}, select, remove);
      }),
    );
    this.add.disabled = items.length >= LIMITS.maxItems;
    if (refocus) this.element.querySelector(`[data-focus-key="${refocus}"]`)?.focus();
  }
}
