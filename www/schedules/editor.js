// The form for the selected schedule: name, colour, scheduler, the optimizer's lr and momentum,
// and every keyword of the scheduler as a labelled input starting at PyTorch's default. Bad
// input is reported next to its field (aria-invalid, aria-describedby); values that parse are
// handed on even if PyTorch would refuse them, so that PyTorch's own message can come back.
import { byId, focusedIn, h, uid } from "../lib/dom.js";
import { CHILD_SCHEDULERS, OPTIMIZERS, SCHEDULERS, fieldsFor } from "./fields.js";
import { LIMITS, cleanConfig, optimizerFor } from "./state.js";
import { formatField, parseField } from "./values.js";

const LECTURE = ["TimeBasedDecay", "ExponentialDecay"];
/** Words PyTorch uses for keywords that are not named in its messages. */
const ALIASES = { lr: ["learning rate"], beta1: ["beta parameter at index 0"], beta2: ["beta parameter at index 1"] };

export class Editor {
  /**
   * `examples(name)`: a scheduler's default config; `palette`: [{ name }]; `onChange(structural)`
   * after every edit (structural: the set of fields changed, e.g. another scheduler).
   */
  constructor({ examples, palette, onChange }) {
    this.examples = examples;
    this.palette = palette;
    this.onChange = onChange;
    this.fields = new Map();
    this.lastEdited = null;
    this.headingId = uid("editor-heading");
    this.heading = h("h2", { id: this.headingId, class: "editor-heading" });
    this.formError = h("p", { class: "form-error", "aria-live": "polite", hidden: true });
    this.body = h("div", { class: "editor-body" });
    this.extra = h("div", { class: "editor-extra" });
    this.element = h(
      "form",
      { class: "editor", "aria-labelledby": this.headingId, novalidate: true, onsubmit: (e) => e.preventDefault() },
      this.heading,
      this.formError,
      this.body,
      this.extra,
    );
  }

  /** Shows `item` (the `index`-th schedule), keeping focus on the same control if it still exists. */
  show(item, index) {
    const focused = focusedIn(this.element)?.id;
    this.item = item;
    this.index = index;
    this.fields.clear();
    this.heading.textContent = `Schedule ${index + 1}: ${item.name || item.cfg.scheduler}`;
    this.body.replaceChildren(...this.itemControls(item), ...this.configControls(item.cfg, []));
    this.showFormError(null);
    if (focused) byId(this.element, focused)?.focus();
  }

  changed(structural) {
    this.onChange(structural);
    if (structural) this.show(this.item, this.index);
  }

  itemControls(item) {
    const name = this.textInput("name", "Name", item.name, "Shown in the legend.", (text) => {
      const t = text.trim();
      if (t === "") return "Name: enter a name for the legend";
      if (t.length > LIMITS.maxName) return `Name: at most ${LIMITS.maxName} characters`;
      item.name = t;
      this.heading.textContent = `Schedule ${this.index + 1}: ${t}`;
      return null;
    });
    const colourSelect = h(
      "select",
      { id: "sch-color", onchange: (e) => ((item.color = Number(e.target.value)), this.changed(true)) },
      this.palette.map((p, i) => h("option", { value: String(i), selected: i === item.color }, p.name)),
    );
    const colour = h(
      "div",
      { class: "field field-inline", "data-control": "color" },
      h("label", { for: "sch-color" }, "Colour"),
      h("span", { class: `swatch c${item.color}`, "aria-hidden": "true" }),
      colourSelect,
    );
    const picker = this.schedulerPicker("sch-scheduler", "Scheduler", item.cfg.scheduler, Object.keys(SCHEDULERS), (n) => {
      const wasAuto = item.name === item.cfg.scheduler;
      item.cfg = cleanConfig(this.examples(n));
      if (wasAuto) item.name = n;
    });
    const lr = this.numberField(["lr"], "lr", item.lr, "The optimizer's initial learning rate.", (v) => (item.lr = v));
    const optSelect = h(
      "select",
      {
        id: "sch-optimizer",
        onchange: (e) => {
          item.opt = optimizerFor(e.target.value, item.opt);
          this.changed(true);
        },
      },
      Object.keys(OPTIMIZERS).map((o) => h("option", { value: o, selected: o === item.opt.name }, o)),
    );
    const optimizer = h(
      "div",
      { class: "field", "data-control": "optimizer" },
      h("label", { for: "sch-optimizer" }, "Optimizer"),
      optSelect,
      h("p", { class: "help" }, "Schedulers that cycle momentum change SGD's momentum or Adam's beta1."),
    );
    const opt = [];
    if ("momentum" in item.opt) {
      opt.push(this.numberField(["momentum"], "momentum", item.opt.momentum, "The optimizer's momentum.", (v) => (item.opt.momentum = v)));
    }
    if ("betas" in item.opt) {
      opt.push(this.numberField(["beta1"], "betas[0] (beta1)", item.opt.betas[0], "Adam's first-moment decay.", (v) => (item.opt.betas[0] = v)));
      opt.push(this.numberField(["beta2"], "betas[1] (beta2)", item.opt.betas[1], "Adam's second-moment decay.", (v) => (item.opt.betas[1] = v)));
    }
    const summary = h("p", { class: "summary", "data-control": "scheduler" }, SCHEDULERS[item.cfg.scheduler]?.summary ?? "");
    return [name, colour, picker, summary, lr, optimizer, ...opt];
  }

  configControls(cfg, path) {
    const example = cleanConfig(this.examples(cfg.scheduler));
    const rows = [];
    for (const field of fieldsFor(cfg.scheduler, example)) {
      const p = [...path, field.key];
      if (field.type === "schedulers") {
        rows.push(this.childrenControl(cfg, field, p));
        continue;
      }
      rows.push(this.keywordControl(cfg, field, p, example[field.key]));
    }
    return rows;
  }

  keywordControl(cfg, field, path, dflt) {
    const id = idFor(path);
    const defaultText = field.required
      ? `Required (PyTorch has no default); the form starts at ${formatField(field, dflt) || "None"}.`
      : `Default ${formatField(field, dflt) || "None"}.`;
    const help = `${field.help} ${defaultText}`.trim();
    const set = (value) => {
      if (value === null && field.type === "int?") delete cfg[field.key];
      else cfg[field.key] = value;
    };
    if (field.type === "bool") {
      const input = h("input", {
        type: "checkbox",
        id,
        checked: Boolean(cfg[field.key]),
        onchange: (e) => {
          this.lastEdited = path;
          set(e.target.checked);
          this.changed(false);
        },
      });
      return this.row(path, field, input, help, { check: true });
    }
    if (field.type === "enum") {
      const select = h(
        "select",
        {
          id,
          onchange: (e) => {
            this.lastEdited = path;
            set(e.target.value);
            this.changed(false);
          },
        },
        field.options.map((o) => h("option", { value: o, selected: o === cfg[field.key] }, o)),
      );
      return this.row(path, field, select, help);
    }
    const input = h("input", {
      type: "text",
      id,
      value: formatField(field, cfg[field.key]),
      inputmode: field.type === "expr" ? null : field.type === "float" ? "decimal" : "numeric",
      spellcheck: "false",
      autocomplete: "off",
      class: field.type === "expr" ? "mono" : null,
      placeholder: field.type === "int?" ? "None" : null,
      oninput: (e) => this.edit(path, field, e.target.value, set),
    });
    return this.row(path, field, input, help);
  }

  /** A text input for a number outside the scheduler's config (lr, momentum, betas). */
  numberField(path, label, value, help, set) {
    const field = { key: path[0] === "beta1" || path[0] === "beta2" ? "beta" : path[0], type: "float" };
    const input = h("input", {
      type: "text",
      id: idFor(path),
      value: String(value),
      inputmode: "decimal",
      autocomplete: "off",
      oninput: (e) => this.edit(path, field, e.target.value, set),
    });
    return this.row(path, { ...field, key: path[0], label }, input, help);
  }

  textInput(key, label, value, help, apply) {
    const path = [key];
    const input = h("input", {
      type: "text",
      id: idFor(path),
      value,
      autocomplete: "off",
      oninput: (e) => {
        const message = apply(e.target.value);
        this.setError(path, "js", message);
        if (!message) this.onChange(false);
      },
    });
    return this.row(path, { key, label, type: "text" }, input, help);
  }

  edit(path, field, text, set) {
    this.lastEdited = path;
    const parsed = parseField(field, text);
    this.setError(path, "js", parsed.ok ? null : parsed.message);
    if (parsed.ok) {
      set(parsed.value);
      this.onChange(false);
    }
  }

  row(path, field, control, help, { check = false } = {}) {
    const id = idFor(path);
    const helpEl = h("p", { class: "help", id: `${id}-help` }, help);
    const errorEl = h("p", { class: "field-error", id: `${id}-error`, "aria-live": "polite", hidden: true });
    control.setAttribute("aria-describedby", `${id}-help`);
    const labelText = field.label ?? field.key;
    const label = h("label", { for: id }, field.label ? labelText : h("code", {}, labelText));
    this.fields.set(path.join("."), { key: field.key, path, control, errorEl, helpId: `${id}-help`, js: null, rust: null });
    return check
      ? h("div", { class: "field field-check", "data-control": path.join(".") }, control, label, helpEl, errorEl)
      : h("div", { class: "field", "data-control": path.join(".") }, label, control, helpEl, errorEl);
  }

  schedulerPicker(id, label, value, names, apply, extraAttrs = {}) {
    const group = (title, list) => h("optgroup", { label: title }, list.map((n) => h("option", { value: n, selected: n === value }, n)));
    const pytorch = names.filter((n) => !LECTURE.includes(n));
    const lecture = names.filter((n) => LECTURE.includes(n));
    const select = h(
      "select",
      {
        id,
        ...extraAttrs,
        onchange: (e) => {
          apply(e.target.value);
          this.changed(true);
        },
      },
      group("torch.optim.lr_scheduler", pytorch),
      lecture.length > 0 ? group("The lecture's formulas", lecture) : null,
    );
    return h("div", { class: "field", "data-control": id === "sch-scheduler" ? "scheduler" : "schedulers" }, h("label", { for: id }, label), select);
  }

  childrenControl(cfg, field, path) {
    const children = Array.isArray(cfg.schedulers) ? cfg.schedulers : [];
    const list = h(
      "ol",
      { class: "children" },
      children.map((child, i) => {
        const p = [...path, i];
        const picker = this.schedulerPicker(idFor([...p, "scheduler"]), `Scheduler ${i + 1}`, child.scheduler, CHILD_SCHEDULERS, (n) => {
          children[i] = cleanConfig(this.examples(n));
        });
        const remove = h(
          "button",
          {
            type: "button",
            class: "secondary",
            disabled: children.length <= 1,
            onclick: () => {
              children.splice(i, 1);
              this.changed(true);
            },
          },
          `Remove scheduler ${i + 1}`,
        );
        return h("li", {}, h("fieldset", { class: "child" }, h("legend", {}, `Scheduler ${i + 1}: ${child.scheduler}`), picker, ...this.configControls(child, p), remove));
      }),
    );
    const add = h(
      "button",
      {
        type: "button",
        class: "secondary",
        disabled: children.length >= LIMITS.maxChildren,
        onclick: () => {
          children.push(cleanConfig(this.examples("ExponentialLR")));
          this.changed(true);
        },
      },
      "Add a scheduler",
    );
    return h("fieldset", { class: "children-set" }, h("legend", {}, h("code", {}, field.key), " ", field.help), list, add);
  }

  /** Sets or clears (message null) the parse ("js") or PyTorch ("rust") error of a field. */
  setError(path, kind, message) {
    const entry = this.fields.get(path.join("."));
    if (!entry) return;
    entry[kind] = message;
    const shown = entry.js ?? entry.rust;
    entry.errorEl.textContent = shown ?? "";
    entry.errorEl.hidden = !shown;
    entry.control.setAttribute("aria-invalid", shown ? "true" : "false");
    entry.control.setAttribute("aria-describedby", shown ? `${entry.helpId} ${entry.errorEl.id}` : entry.helpId);
  }

  /** Whether any field currently fails to parse (the schedule then keeps its last curve). */
  hasInputErrors() {
    return [...this.fields.values()].some((f) => f.js);
  }

  /**
   * Shows the core's message for the whole schedule next to the field it names (or else the
   * field edited last, or else above the form). `null` clears it.
   */
  showRustError(message) {
    for (const entry of this.fields.values()) if (entry.rust) this.setError(entry.path, "rust", null);
    this.showFormError(null);
    if (!message) return;
    const target = this.fieldNamedIn(message) ?? (this.lastEdited && this.fields.get(this.lastEdited.join(".")));
    if (target) this.setError(target.path, "rust", message);
    else this.showFormError(message);
  }

  /** The field whose keyword the message names; the longest name wins ("threshold mode" over "mode"). */
  fieldNamedIn(message) {
    const text = message.toLowerCase();
    let best = null;
    let bestLength = 0;
    for (const entry of this.fields.values()) {
      if (entry.key === "name") continue;
      const names = [entry.key, entry.key.replace(/_/g, " "), ...(ALIASES[entry.key] ?? [])];
      for (const name of names) {
        const re = new RegExp(`(^|[^a-z0-9_])${escapeRegExp(name.toLowerCase())}([^a-z0-9_]|$)`);
        if (name.length > bestLength && re.test(text)) {
          best = entry;
          bestLength = name.length;
        }
      }
    }
    return best;
  }

  showFormError(message) {
    this.formError.textContent = message ?? "";
    this.formError.hidden = !message;
  }
}

function idFor(path) {
  return `sch-${path.join("-")}`;
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
