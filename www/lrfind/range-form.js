// The range test's settings: where the setup comes from (the Train panel's current settings or
// the lab's defaults, described in words), and the sweep: start_lr, end_lr, iterations,
// exponential or linear, divergence, seeds. A value is committed only once both the field's
// own check and the Rust core accept it; otherwise its message shows next to the field.
import { byId, focusedIn, h } from "../lib/dom.js";
import { FieldSet } from "../train/fields.js";
import { LIMITS, MODES } from "./state.js";

export class RangeForm {
  /** `check(range) -> message | null` asks the core; `onChange(key)` after a committed edit. */
  constructor({ check, onChange, onSource }) {
    this.check = check;
    this.onChange = onChange;
    this.fields = new FieldSet({ prefix: "lrf", onEdit: (key) => this.onChange(key) });
    this.source = h("select", { id: "lrf-source", onchange: (e) => onSource(e.target.value) }, h("option", { value: "train" }, "The Train panel's current settings"), h("option", { value: "lab" }, "The lab's default settings"));
    this.setup = h("p", { class: "help lrf-setup", id: "lrf-setup", "aria-live": "polite" });
    this.source.setAttribute("aria-describedby", "lrf-setup");
    this.grid = h("div", { class: "lrf-grid" });
    this.element = h(
      "fieldset",
      { class: "lrf-section lrf-settings" },
      h("legend", {}, "Range test settings"),
      h("div", { class: "field", "data-lab-only": "" }, h("label", { for: "lrf-source" }, "Model, data and optimizer"), this.source, this.setup),
      this.grid,
    );
  }

  /** Builds the fields for `state` (keeping focus where it was). */
  render(state) {
    this.state = state;
    this.source.value = state.src;
    const r = state.range;
    const f = this.fields;
    const focused = focusedIn(this.element)?.id;
    f.clear();
    const core = (key, value) => this.check({ ...r, [key]: value });
    const lr = (key, name, label, help) =>
      f.text({ key: `r.${name}`, label, type: "float", value: r[key], help, code: false, check: (v) => (v > 0 ? core(key, v) : `${name} must be a positive number`), set: (v) => (r[key] = v) });
    this.grid.replaceChildren(
      lr("start", "start_lr", "Start lr (start_lr)", "The first learning rate of the sweep."),
      lr("end", "end_lr", "End lr (end_lr)", "The last learning rate; the sweep stops earlier if the loss diverges."),
      f.text({
        key: "r.num_iter",
        label: "Iterations (num_iter)",
        type: "int",
        value: r.it,
        help: "Mini-batches of the sweep, one lr each.",
        check: (v) => (v < LIMITS.minIterations || v > LIMITS.maxIterations ? `num_iter must be between ${LIMITS.minIterations} and ${LIMITS.maxIterations}` : core("it", v)),
        set: (v) => (r.it = v),
      }),
      f.select({ key: "r.mode", label: "Sweep", value: r.mode, options: MODES.map((m) => ({ value: m, label: m === "exponential" ? "exponential (equal steps in log lr)" : "linear (Smith's original ramp)" })), help: "How the lr grows from start to end.", set: (v) => (r.mode = v) }),
      f.text({
        key: "r.diverge_factor",
        label: "Diverge factor",
        type: "float",
        value: r.div,
        help: "Stop once the smoothed loss exceeds this many times its minimum (fastai: 4).",
        check: (v) => (v > 1 ? core("div", v) : "diverge_factor must be a number above 1"),
        set: (v) => (r.div = v),
      }),
      f.check({ key: "r.stop_div", label: "Stop when the loss diverges", value: r.stop, help: "Off: sweep all the way to the end lr.", set: (v) => (r.stop = v) }),
      f.text({
        key: "r.seeds",
        label: "Seeds",
        type: "int",
        value: r.seeds,
        help: "Repeat the test from this many initialisations and batch orders and draw their spread.",
        check: (v) => (v < 1 || v > LIMITS.maxSeeds ? `Seeds must be between 1 and ${LIMITS.maxSeeds}` : null),
        set: (v) => (r.seeds = v),
      }),
    );
    if (focused) byId(this.element, focused)?.focus();
  }

  /** Says which setup the test runs on. */
  describe(text) {
    this.setup.textContent = text;
  }

  /** Shows a core message next to the field it names (or the start lr). */
  showError(message) {
    this.fields.clearRust();
    if (message && !this.fields.attach(message, [...this.fields.fields.keys()])) this.fields.setError("r.start_lr", "rust", message);
  }

  hasErrors() {
    return this.fields.hasInputErrors();
  }
}
