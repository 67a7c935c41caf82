// One path's settings: the optimizer (every keyword, from PyTorch's defaults), a scheduler
// (any of the lab's, with its keywords, or a schedule configured in the Schedules panel) and
// the number of steps. Edits go to a draft; the panel runs it and either keeps it or shows the
// core's message next to the field it names (the paths drawn stay as they were).
import { byId, focusedIn, h } from "../lib/dom.js";
import { pythonCall } from "../train/words.js";
import { FieldSet } from "../train/fields.js";
import { SCHEDULERS, fieldsFor } from "../schedules/fields.js";
import { LIMITS, OPTIMIZER_NAMES } from "./state.js";

const OPTIMIZER_HELP = {
  lr: "Learning rate: the step size along the gradient.",
  momentum: "Fraction of the previous update added to this one (a heavy ball).",
  dampening: "Dampening for momentum.",
  weight_decay: "L2 penalty pulling the point towards the origin.",
  nesterov: "Nesterov momentum: look ahead before taking the gradient.",
  eps: "Added to the denominator for numerical stability.",
  alpha: "Smoothing constant of the squared-gradient average.",
  rho: "Decay of the running averages of squared gradients and updates.",
  lr_decay: "lr / (1 + (step - 1) * lr_decay).",
  initial_accumulator_value: "Starting sum of squared gradients.",
  maximize: "Climb the surface instead (gradient ascent).",
  amsgrad: "Divide by the largest second moment seen so far.",
  centered: "Divide by the estimated variance of the gradient.",
  decoupled_weight_decay: "Decay the weights directly, as AdamW does.",
};

export class PathCard {
  /**
   * `index` (0-based; also the palette colour), `path` (copied into a draft), `color` (CSS),
   * `optimizerDefaults(name)`, `schedulerExample(name)`, `schedules()` (the Schedules panel's
   * items), `onEdit(index, draft)`, `onRemove(index)` (null when it is the only path).
   */
  constructor({ index, path, color, optimizerDefaults, schedulerExample, schedules, onEdit, onRemove }) {
    this.index = index;
    this.draft = JSON.parse(JSON.stringify(path));
    this.optimizerDefaults = optimizerDefaults;
    this.schedulerExample = schedulerExample;
    this.schedules = schedules;
    this.onEdit = onEdit;
    this.fields = new FieldSet({ prefix: `pg-p${index}`, onEdit: (key) => this.edited(key) });
    this.optimizerRows = h("div", { class: "pg-grid" });
    this.scheduleRows = h("div", { class: "pg-grid" });
    this.formError = h("p", { class: "form-error", role: "alert", hidden: true });
    const remove = onRemove ? h("button", { type: "button", class: "secondary pg-remove", onclick: () => onRemove(index) }, `Remove path ${index + 1}`) : null;
    this.element = h(
      "fieldset",
      { class: "pg-path", "data-control": "paths", "data-path": String(index) },
      h("legend", {}, h("span", { class: "pg-swatch", style: null, "aria-hidden": "true", "data-color": String(index) }), `Path ${index + 1}`),
      this.formError,
      this.optimizerRows,
      this.scheduleRows,
      remove,
    );
    this.element.querySelector(".pg-swatch").classList.add(`pg-c${index}`);
    this.render();
  }

  render() {
    const focused = focusedIn(this.element)?.id;
    this.fields.clear();
    this.renderOptimizer();
    this.renderSchedule();
    if (focused) byId(this.element, focused)?.focus();
  }

  edited(key) {
    if (key === "optimizer" || key === "schedule") this.render();
    this.onEdit(this.index, JSON.parse(JSON.stringify(this.draft)));
  }

  renderOptimizer() {
    const f = this.fields;
    const d = this.draft;
    const name = d.optimizer.optimizer;
    const rows = [
      f.select({
        key: "optimizer",
        label: "Optimizer",
        value: name,
        options: OPTIMIZER_NAMES.map((n) => ({ value: n, label: `torch.optim.${n}` })),
        help: "Switching starts from PyTorch's defaults, keeping the lr.",
        set: (v) => {
          const lr = d.optimizer.lr;
          d.optimizer = { ...this.optimizerDefaults(v), lr };
        },
      }),
    ];
    for (const [key, dflt] of Object.entries(this.optimizerDefaults(name))) {
      if (key === "optimizer" || key === "differentiable" || key === "foreach") continue;
      const opt = d.optimizer;
      const help = `${OPTIMIZER_HELP[key] ?? ""} Default ${Array.isArray(dflt) ? `(${dflt.join(", ")})` : String(dflt)}.`.trim();
      if (typeof dflt === "boolean") {
        rows.push(f.check({ key: `opt.${key}`, label: key, value: opt[key], help, code: true, set: (v) => (opt[key] = v) }));
      } else if (Array.isArray(dflt)) {
        dflt.forEach((_, i) => rows.push(f.text({ key: `opt.beta${i + 1}`, label: `${key}[${i}]`, type: "float", value: opt[key][i], help: i === 0 ? "Decay of the gradient's running average." : "Decay of the squared gradient's running average.", code: true, set: (v) => (opt[key][i] = v) })));
      } else {
        rows.push(f.text({ key: `opt.${key}`, label: key, type: "float", value: opt[key], help, code: true, set: (v) => (opt[key] = v) }));
      }
    }
    rows.push(
      f.text({
        key: "steps",
        label: "Steps",
        type: "int",
        value: d.steps,
        help: `Optimizer steps to take (1 to ${LIMITS.maxSteps.toLocaleString("en-US")}).`,
        check: (v) => (v < 1 || v > LIMITS.maxSteps ? `Steps must be between 1 and ${LIMITS.maxSteps}` : null),
        set: (v) => (d.steps = v),
      }),
    );
    this.optimizerRows.replaceChildren(...rows);
  }

  renderSchedule() {
    const f = this.fields;
    const d = this.draft;
    const items = this.schedules();
    const options = [{ value: "none", label: "None: constant learning rate" }];
    for (const name of Object.keys(SCHEDULERS)) options.push({ value: `new:${name}`, label: name });
    items.forEach((item, i) => options.push({ value: `item:${i}`, label: `From the Schedules panel: ${item.name}` }));
    let value = "none";
    if (d.schedule) {
      const i = d.sched ? items.findIndex((item) => item.name === d.sched) : -1;
      value = i >= 0 ? `item:${i}` : `new:${d.schedule.scheduler}`;
    }
    const rows = [
      f.select({
        key: "schedule",
        label: "Scheduler",
        value,
        options,
        help: "Stepped after every optimizer step (ReduceLROnPlateau watches the loss).",
        set: (v) => {
          if (v === "none") {
            d.schedule = null;
            d.sched = null;
          } else if (v.startsWith("new:")) {
            d.schedule = this.schedulerExample(v.slice(4));
            d.sched = null;
          } else {
            const item = items[Number(v.slice(5))];
            d.schedule = JSON.parse(JSON.stringify(item.cfg));
            d.sched = item.name;
          }
        },
      }),
    ];
    if (d.schedule && !d.sched) {
      for (const field of fieldsFor(d.schedule.scheduler, d.schedule)) rows.push(this.scheduleField(field));
    } else if (d.schedule) {
      rows.push(h("p", { class: "help mono pg-call" }, pythonCall(d.schedule)));
    }
    this.scheduleRows.replaceChildren(...rows);
  }

  scheduleField(field) {
    const f = this.fields;
    const s = this.draft.schedule;
    const key = `sch.${field.key}`;
    if (field.type === "bool") return f.check({ key, label: field.key, value: s[field.key], help: field.help, code: true, set: (v) => (s[field.key] = v) });
    if (field.type === "enum") return f.select({ key, label: field.key, value: s[field.key], options: field.options, help: field.help, set: (v) => (s[field.key] = v) });
    if (field.type === "schedulers") {
      const text = Array.isArray(s[field.key]) ? s[field.key].map((c) => pythonCall(c)).join(", ") : "";
      return h("p", { class: "help mono pg-call" }, `schedulers=[${text}] (edit them in the Schedules panel and pick it from the list)`);
    }
    const type = field.type === "expr" ? "expr" : field.type;
    return f.text({ key, label: field.key, type, value: s[field.key], help: field.help, code: true, set: (v) => (s[field.key] = v) });
  }

  /** Shows the core's message at the field it names (or above the card); null clears. */
  showError(message) {
    this.fields.clearRust();
    this.formError.hidden = true;
    if (!message) return;
    const keys = [...this.fields.fields.keys()];
    const schedulerWords = /scheduler|T_max|T_0|step_size|milestone|total_steps|max_lr|base_lr|factor|gamma|eta_min/i;
    const preferred = schedulerWords.test(message) ? keys.filter((k) => k.startsWith("sch.") || k === "schedule") : keys.filter((k) => !k.startsWith("sch."));
    if (!this.fields.attach(message, preferred.length ? preferred : keys)) {
      this.formError.textContent = message;
      this.formError.hidden = false;
    }
  }
}
