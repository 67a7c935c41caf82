// Rison (https://github.com/Nanonid/rison): JSON with URL-friendly punctuation, so a state in the
// URL hash stays short and readable: {a: 1, b: [true, "x y"]} <-> (a:1,b:!(!t,'x y')).
// Objects are (k:v,...), arrays !(...), true/false/null !t/!f/!n; strings are bare when they
// look like identifiers, else quoted with ' and escaped with ! ('!' -> !!, "'" -> !').

const NOT_ID_CHAR = " '!:(),*@$";
const NOT_ID_START = "-0123456789";
const NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/;
const MAX_DEPTH = 32;

function isId(s) {
  if (s.length === 0 || NOT_ID_START.includes(s[0])) return false;
  for (const c of s) {
    if (NOT_ID_CHAR.includes(c) || c.charCodeAt(0) < 0x21) return false;
  }
  return true;
}

/** Encodes a JSON-like value (objects, arrays, strings, finite numbers, booleans, null). */
export function encode(value) {
  if (value === null || value === undefined) return "!n";
  switch (typeof value) {
    case "boolean":
      return value ? "!t" : "!f";
    case "number":
      return Number.isFinite(value) ? String(value).replace("e+", "e") : "!n";
    case "string":
      return isId(value) ? value : `'${value.replace(/[!']/g, (c) => `!${c}`)}'`;
    default:
      if (Array.isArray(value)) return `!(${value.map(encode).join(",")})`;
      return `(${Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${encode(k)}:${encode(v)}`)
        .join(",")})`;
  }
}

/** Decodes rison text; throws an Error saying where the text stops making sense. */
export function decode(text) {
  const p = { text: String(text), i: 0 };
  const value = parseValue(p, 0);
  if (p.i !== p.text.length) fail(p, "unexpected trailing text");
  return value;
}

function fail(p, what) {
  throw new Error(`${what} at character ${p.i + 1}`);
}

function parseValue(p, depth) {
  if (depth > MAX_DEPTH) fail(p, "nested too deeply");
  const c = p.text[p.i];
  if (c === undefined) fail(p, "unexpected end");
  if (c === "(") return parseObject(p, depth);
  if (c === "'") return parseString(p);
  if (c === "!") {
    const next = p.text[p.i + 1];
    p.i += 2;
    if (next === "t") return true;
    if (next === "f") return false;
    if (next === "n") return null;
    if (next === "(") return parseArrayBody(p, depth);
    p.i -= 2;
    fail(p, "unknown !-escape");
  }
  if (c === "-" || (c >= "0" && c <= "9")) {
    const m = NUMBER.exec(p.text.slice(p.i));
    if (!m) fail(p, "malformed number");
    p.i += m[0].length;
    return Number(m[0]);
  }
  let j = p.i;
  while (j < p.text.length && !NOT_ID_CHAR.includes(p.text[j])) j += 1;
  if (j === p.i) fail(p, `unexpected "${c}"`);
  const id = p.text.slice(p.i, j);
  p.i = j;
  return id;
}

function parseObject(p, depth) {
  p.i += 1;
  const out = {};
  if (p.text[p.i] === ")") {
    p.i += 1;
    return out;
  }
  for (;;) {
    const key = parseValue(p, depth + 1);
    if (typeof key !== "string") fail(p, "object keys must be strings");
    if (p.text[p.i] !== ":") fail(p, 'expected ":"');
    p.i += 1;
    // Own data property even for "__proto__", so a link cannot reach Object.prototype.
    Object.defineProperty(out, key, {
      value: parseValue(p, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
    const sep = p.text[p.i];
    p.i += 1;
    if (sep === ")") return out;
    if (sep !== ",") {
      p.i -= 1;
      fail(p, 'expected "," or ")"');
    }
  }
}

function parseArrayBody(p, depth) {
  const out = [];
  if (p.text[p.i] === ")") {
    p.i += 1;
    return out;
  }
  for (;;) {
    out.push(parseValue(p, depth + 1));
    const sep = p.text[p.i];
    p.i += 1;
    if (sep === ")") return out;
    if (sep !== ",") {
      p.i -= 1;
      fail(p, 'expected "," or ")"');
    }
  }
}

function parseString(p) {
  p.i += 1;
  let out = "";
  for (;;) {
    const c = p.text[p.i];
    if (c === undefined) fail(p, "unterminated string");
    p.i += 1;
    if (c === "'") return out;
    if (c === "!") {
      const e = p.text[p.i];
      if (e !== "!" && e !== "'") fail(p, "bad escape in string");
      out += e;
      p.i += 1;
    } else {
      out += c;
    }
  }
}
