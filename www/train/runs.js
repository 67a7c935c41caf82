// The runs kept for comparison, as a list that doubles as the charts' legend: colour, name,
// status and final accuracy, with buttons to show a run's predictions, hide it from the charts,
// export the configuration it was trained with (for `lrlab train`) or remove it.
import { h } from "../lib/dom.js";

/** A run's status in words: "training: 45%", "done: 97.12% validation accuracy", ... */
export function statusText(run) {
  const last = run.epochs?.[run.epochs.length - 1];
  const acc = last ? `${(100 * last.val_acc).toFixed(2)}% validation accuracy` : "no epoch finished";
  switch (run.status) {
    case "queued":
      return "waiting for its turn";
    case "starting":
      return "starting";
    case "running":
    case "paused": {
      const pct = run.total ? Math.floor((100 * run.iteration) / run.total) : 0;
      return `${run.status === "paused" ? "paused" : "training"}: ${pct}%${last ? `, ${acc} after epoch ${last.epoch}` : ""}`;
    }
    case "done":
      return `done: ${acc} after ${last?.epoch ?? 0} epochs`.replace("after 1 epochs", "after 1 epoch");
    case "stopped":
      return `stopped: ${acc}`;
    case "diverged":
      return run.failure?.message ?? "diverged";
    default:
      return `failed: ${run.failure?.message ?? "unknown error"}`;
  }
}

export class RunList {
  constructor({ onFocus, onToggle, onExport, onRemove, onClear }) {
    this.onFocus = onFocus;
    this.onExport = onExport;
    this.onToggle = onToggle;
    this.onRemove = onRemove;
    this.list = h("ul", { class: "run-list" });
    this.empty = h("p", { class: "help" }, "No runs yet. Runs are kept here so that several can be overlaid and compared.");
    this.clear = h("button", { type: "button", class: "secondary", onclick: onClear }, "Remove all runs");
    this.element = h("section", { class: "runs", "aria-label": "Runs" }, h("div", { class: "runs-head" }, h("h3", {}, "Runs"), this.clear), this.empty, this.list);
  }

  /** `runs`: the panel's runs ({key, name, color, status, ...}); `focusKey`: the one detailed. */
  render(runs, focusKey) {
    const focused = document.activeElement;
    const refocus = focused && this.list.contains(focused) ? focused.dataset.focusKey : null;
    this.empty.hidden = runs.length > 0;
    this.clear.hidden = runs.length === 0;
    this.list.replaceChildren(
      ...runs.map((run) => {
        const busy = run.status === "running" || run.status === "paused" || run.status === "starting" || run.status === "queued";
        return h(
          "li",
          { class: `run ${run.status}${run.hidden ? " run-hidden" : ""}` },
          h("span", { class: `swatch c${run.color}`, "aria-hidden": "true" }),
          h("span", { class: "run-text" }, h("span", { class: "run-name" }, run.name), h("span", { class: "run-status", "data-run-status": String(run.key) }, statusText(run))),
          h(
            "span",
            { class: "run-actions" },
            h("button", { type: "button", class: "secondary", "aria-pressed": String(run.key === focusKey), "data-focus-key": `focus-${run.key}`, onclick: () => this.onFocus(run.key) }, "Details", h("span", { class: "visually-hidden" }, ` of ${run.name}`)),
            h("button", { type: "button", class: "secondary", "aria-pressed": String(!run.hidden), "data-focus-key": `show-${run.key}`, onclick: () => this.onToggle(run.key) }, "On charts", h("span", { class: "visually-hidden" }, `: ${run.name}`)),
            h("button", { type: "button", class: "secondary", "data-focus-key": `export-${run.key}`, onclick: () => this.onExport(run.key) }, "Export", h("span", { class: "visually-hidden" }, ` the config of ${run.name}`)),
            h("button", { type: "button", class: "chip-remove", disabled: busy, "aria-label": `Remove ${run.name}`, "data-focus-key": `remove-${run.key}`, onclick: () => this.onRemove(run.key) }, "×"),
          ),
        );
      }),
    );
    if (refocus) this.list.querySelector(`[data-focus-key="${refocus}"]`)?.focus();
  }

  /** Updates one run's status text without rebuilding the list (called on every chunk). */
  updateStatus(run) {
    const el = this.list.querySelector(`[data-run-status="${run.key}"]`);
    if (el) el.textContent = statusText(run);
  }
}
