// Reading form text as keyword values and writing values back as text. Messages say what is
// wrong in the keyword's own name; values that parse but PyTorch refuses are left for the Rust
// core, whose message is PyTorch's.

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;
export const MAX_EXPRESSION_LENGTH = 200;

function number(key, text) {
  const t = text.trim();
  if (t === "") return { ok: false, message: `${key}: enter a number` };
  if (NON_FINITE.test(t)) return { ok: false, message: `${key} must be a finite number, got ${t}` };
  if (!NUMBER.test(t)) return { ok: false, message: `${key}: "${t}" is not a number` };
  const value = Number(t);
  if (!Number.isFinite(value)) return { ok: false, message: `${key} must be a finite number, got ${t}` };
  return { ok: true, value };
}

function integer(key, text) {
  const t = text.trim();
  if (t === "") return { ok: false, message: `${key}: enter a whole number` };
  if (!INTEGER.test(t)) {
    return { ok: false, message: NUMBER.test(t) ? `${key} must be a whole number, got ${t}` : `${key}: "${t}" is not a whole number` };
  }
  const value = Number(t);
  if (!Number.isSafeInteger(value)) return { ok: false, message: `${key} is too large: ${t}` };
  return { ok: true, value };
}

/** Parses `text` for `field` ({ key, type, options }): `{ ok, value }` or `{ ok: false, message }`. */
export function parseField(field, text) {
  const { key, type } = field;
  switch (type) {
    case "float":
      return number(key, text);
    case "int":
      return integer(key, text);
    case "int?":
      return text.trim() === "" ? { ok: true, value: null } : integer(key, text);
    case "ints": {
      const parts = text.split(/[\s,]+/).filter((p) => p !== "");
      const values = [];
      for (const part of parts) {
        const r = integer(key, part);
        if (!r.ok) return { ok: false, message: `${key}: "${part}" is not a whole number (separate steps with commas)` };
        values.push(r.value);
      }
      return { ok: true, value: values };
    }
    case "bool":
      return { ok: true, value: text === true || text === "true" };
    case "enum":
      return field.options.includes(text) ? { ok: true, value: text } : { ok: false, message: `${key} must be one of ${field.options.join(", ")}` };
    case "expr": {
      const t = text.trim();
      if (t === "") return { ok: false, message: `${key}: enter an expression in epoch, e.g. 0.95 ** epoch` };
      if (t.length > MAX_EXPRESSION_LENGTH) return { ok: false, message: `${key} is longer than ${MAX_EXPRESSION_LENGTH} characters` };
      return { ok: true, value: t };
    }
    default:
      return number(key, text);
  }
}

/** The text a field shows for `value`. */
export function formatField(field, value) {
  if (value === null || value === undefined) return "";
  if (field.type === "ints") return Array.isArray(value) ? value.join(", ") : "";
  return String(value);
}

/** Whether `value` has the JSON type `field` expects (used to check state read from a link). */
export function validValue(field, value) {
  switch (field.type) {
    case "float":
      return typeof value === "number" && Number.isFinite(value);
    case "int":
      return Number.isSafeInteger(value);
    case "int?":
      return value === null || Number.isSafeInteger(value);
    case "ints":
      return Array.isArray(value) && value.length <= 1000 && value.every((v) => Number.isSafeInteger(v));
    case "bool":
      return typeof value === "boolean";
    case "enum":
      return field.options.includes(value);
    case "expr":
      return typeof value === "string" && value.length <= MAX_EXPRESSION_LENGTH;
    case "schedulers":
      return Array.isArray(value);
    default:
      return typeof value === "number" && Number.isFinite(value);
  }
}

/** A compact number for readouts and tables: 6 significant digits, scientific when tiny. */
export function formatNumber(v) {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a < 1e-4 || a >= 1e6) return v.toExponential(4).replace(/\.?0+e/, "e");
  return String(Number(v.toPrecision(6)));
}
