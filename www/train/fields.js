// Labelled form fields with their help and error text, and the mapping of a message from the
// core back to the field it is about. Parse errors ("js") are found here; errors the Rust core
// reports ("rust", PyTorch's own text where PyTorch refuses the value) are attached to the field
// the message names, else to the field edited last, else shown above the form.
import { h } from "../lib/dom.js";
import { formatField, parseField } from "../schedules/values.js";

/** Words a message may use for a field instead of its key. */
const ALIASES = {
  lr: ["learning rate"],
  beta1: ["beta parameter at index 0"],
  beta2: ["beta parameter at index 1"],
  eps: ["epsilon"],
  train_size: ["train_size", "training set", "for training"],
  val_size: ["val_size", "validation set"],
  balanced: ["class-balanced"],
  hidden: ["hidden", "layer", "parameters"],
  batch_size: ["batch_size"],
  epochs: ["epochs"],
  schedule: ["scheduler", "total_steps", "step_size", "milestones", "T_max", "T_0"],
};

export class FieldSet {
  constructor({ prefix, onEdit }) {
    this.prefix = prefix;
    this.onEdit = onEdit;
    this.fields = new Map();
    this.lastEdited = null;
  }

  id(key) {
    return `${this.prefix}-${key.replace(/[^a-z0-9_-]/gi, "-")}`;
  }

  clear() {
    this.fields.clear();
  }

  /**
   * A text field: `{ key, label, type ("float" | "int" | "ints" | "int?"), value, help,
   * check(value) -> message | null, set(value) }`.
   */
  text({ key, label, type, value, help, check = () => null, set, code = false }) {
    const id = this.id(key);
    const input = h("input", {
      type: "text",
      id,
      value: formatField({ type }, value),
      inputmode: type === "float" ? "decimal" : type === "ints" ? "text" : "numeric",
      autocomplete: "off",
      spellcheck: "false",
      oninput: (e) => {
        this.lastEdited = key;
        const parsed = parseField({ key: label, type }, e.target.value);
        const message = parsed.ok ? check(parsed.value) : parsed.message;
        this.setError(key, "js", message);
        if (!message) {
          set(parsed.value);
          this.onEdit(key);
        }
      },
    });
    return this.row(key, label, input, help, { code });
  }

  /** A checkbox: `{ key, label, value, help, set }`. */
  check({ key, label, value, help, set, code = false }) {
    const input = h("input", {
      type: "checkbox",
      id: this.id(key),
      checked: Boolean(value),
      onchange: (e) => {
        this.lastEdited = key;
        set(e.target.checked);
        this.onEdit(key);
      },
    });
    return this.row(key, label, input, help, { check: true, code });
  }

  /** A select: `{ key, label, value, options: [value | {value, label}], help, set }`. */
  select({ key, label, value, options, help, set }) {
    const select = h(
      "select",
      {
        id: this.id(key),
        onchange: (e) => {
          this.lastEdited = key;
          set(e.target.value);
          this.onEdit(key);
        },
      },
      options.map((o) => {
        const { value: v, label: text } = typeof o === "string" ? { value: o, label: o } : o;
        return h("option", { value: v, selected: v === value }, text);
      }),
    );
    return this.row(key, label, select, help);
  }

  row(key, label, control, help, { check = false, code = false } = {}) {
    const id = this.id(key);
    const helpEl = help ? h("p", { class: "help", id: `${id}-help` }, help) : null;
    const errorEl = h("p", { class: "field-error", id: `${id}-error`, "aria-live": "polite", hidden: true });
    const helpId = helpEl ? `${id}-help` : "";
    if (helpId) control.setAttribute("aria-describedby", helpId);
    const labelEl = h("label", { for: id }, code ? h("code", {}, label) : label);
    this.fields.set(key, { key, control, errorEl, helpId, js: null, rust: null });
    return check
      ? h("div", { class: "field field-check", "data-control": key }, control, labelEl, helpEl, errorEl)
      : h("div", { class: "field", "data-control": key }, labelEl, control, helpEl, errorEl);
  }

  /** Sets or clears (null) the parse ("js") or core ("rust") error of field `key`. */
  setError(key, kind, message) {
    const entry = this.fields.get(key);
    if (!entry) return false;
    entry[kind] = message;
    const shown = entry.js ?? entry.rust;
    entry.errorEl.textContent = shown ?? "";
    entry.errorEl.hidden = !shown;
    entry.control.setAttribute("aria-invalid", shown ? "true" : "false");
    const described = [entry.helpId, shown ? entry.errorEl.id : ""].filter(Boolean).join(" ");
    if (described) entry.control.setAttribute("aria-describedby", described);
    else entry.control.removeAttribute("aria-describedby");
    return true;
  }

  /** Clears every core error whose key starts with one of `prefixes` (all when none given). */
  clearRust(...prefixes) {
    for (const entry of this.fields.values()) {
      if (entry.rust && (prefixes.length === 0 || prefixes.some((p) => entry.key.startsWith(p)))) this.setError(entry.key, "rust", null);
    }
  }

  /** Whether a field fails to parse. */
  hasInputErrors() {
    return [...this.fields.values()].some((f) => f.js);
  }

  /** The first field showing an error, to focus. */
  firstInvalid() {
    return [...this.fields.values()].find((f) => f.js || f.rust)?.control ?? null;
  }

  /**
   * Attaches a core message to the field it names among `keys`: the field edited last if the
   * message names it ("Nesterov momentum requires a momentum and zero dampening" after ticking
   * nesterov), else the longest name it mentions, else the field edited last. Returns false when
   * no field fits (the caller shows the message elsewhere).
   */
  attach(message, keys) {
    const candidates = keys.filter((k) => this.fields.has(k));
    const named = fieldsNamedIn(message, candidates);
    const last = candidates.includes(this.lastEdited) ? this.lastEdited : null;
    const target = named.includes(last) ? last : (named[0] ?? last);
    return target ? this.setError(target, "rust", message) : false;
  }
}

/** The keys among `keys` whose name (or an alias) the message mentions, longest match first. */
export function fieldsNamedIn(message, keys) {
  const text = message.toLowerCase();
  const found = [];
  for (const key of keys) {
    const bare = key.replace(/^[a-z]+\./, "");
    const names = [bare, bare.replace(/_/g, " "), ...(ALIASES[bare] ?? [])];
    let longest = 0;
    for (const name of names) {
      const re = new RegExp(`(^|[^a-z0-9_])${escapeRegExp(name.toLowerCase())}([^a-z0-9_]|$)`);
      if (re.test(text)) longest = Math.max(longest, name.length);
    }
    if (longest > 0) found.push({ key, longest });
  }
  return found.sort((a, b) => b.longest - a.longest).map((f) => f.key);
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

