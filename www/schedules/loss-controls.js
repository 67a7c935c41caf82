// The shape of the synthetic validation loss ReduceLROnPlateau reacts to. Shown only when a
// ReduceLROnPlateau schedule is on the chart.
import { h } from "../lib/dom.js";
import { parseField } from "./values.js";

const FIELDS = [
  { key: "initial", type: "float", label: "Initial loss", help: "Loss at the start (ln 10 = 2.3 for 10 classes)." },
  { key: "floor", type: "float", label: "Floor", help: "Loss the curve approaches." },
  { key: "half_life", type: "float", label: "Half-life", help: "Descent steps that halve the distance to the floor." },
  { key: "descent", type: "int", label: "Descent length", help: "Steps of improvement before each plateau." },
  { key: "plateau", type: "int", label: "Plateau length", help: "Steps of each plateau (longer than patience to trigger a cut)." },
  { key: "noise", type: "float", label: "Noise", help: "Relative noise (0.02 is about 2%)." },
  { key: "seed", type: "int", label: "Seed", help: "Same seed, same curve." },
];

export class LossControls {
  /** `onChange()` after every valid edit; `loss` is the state object edited in place. */
  constructor({ onChange }) {
    this.onChange = onChange;
    this.inputs = new Map();
    this.grid = h("div", { class: "loss-grid" });
    this.element = h(
      "fieldset",
      { class: "loss-controls", "data-control": "loss" },
      h("legend", {}, "Synthetic validation loss"),
      h("p", { class: "help" }, "ReduceLROnPlateau is stepped with this seeded curve: it falls, stalls on plateaus and is noisy."),
      this.grid,
    );
  }

  render(loss) {
    this.loss = loss;
    this.inputs.clear();
    this.grid.replaceChildren(
      ...FIELDS.map((f) => {
        const id = `loss-${f.key}`;
        const error = h("p", { class: "field-error", id: `${id}-error`, "aria-live": "polite", hidden: true });
        const input = h("input", {
          type: "text",
          id,
          inputmode: f.type === "int" ? "numeric" : "decimal",
          autocomplete: "off",
          value: String(loss[f.key]),
          "aria-describedby": `${id}-help`,
          oninput: (e) => {
            const parsed = parseField({ key: f.label, type: f.type }, e.target.value);
            this.setError(f.key, parsed.ok ? null : parsed.message);
            if (parsed.ok) {
              this.loss[f.key] = parsed.value;
              this.onChange();
            }
          },
        });
        this.inputs.set(f.key, { input, error });
        return h("div", { class: "field" }, h("label", { for: id }, f.label), input, h("p", { class: "help", id: `${id}-help` }, f.help), error);
      }),
    );
  }

  /** Shows the core's complaint about the shape next to the setting it names. */
  showCoreError(message) {
    for (const key of this.inputs.keys()) {
      if (this.inputs.get(key).fromCore) this.setError(key, null);
    }
    if (!message) return;
    const key = FIELDS.map((f) => f.key).find((k) => message.includes(k) || message.includes(k.replace("_", " "))) ?? "initial";
    this.setError(key, message, true);
  }

  setError(key, message, fromCore = false) {
    const entry = this.inputs.get(key);
    if (!entry) return;
    entry.fromCore = Boolean(message) && fromCore;
    entry.error.textContent = message ?? "";
    entry.error.hidden = !message;
    entry.input.setAttribute("aria-invalid", message ? "true" : "false");
    entry.input.setAttribute("aria-describedby", message ? `${entry.input.id}-help ${entry.error.id}` : `${entry.input.id}-help`);
  }

  hasInputErrors() {
    return [...this.inputs.values()].some((e) => !e.error.hidden && !e.fromCore);
  }
}
