// Settings in the URL for the Landscape and Snapshots panels: a flat object of short keys,
// only what differs from the defaults (never results). Reading checks each value's type; a bad
// or unknown part is reported and replaced by its default.

/**
 * `schema`: `{ key: { type: "int" | "float" | "bool" | "enum" | "ints" | "floats" | "int?", options?,
 * length? } }`. Returns `{ toLink(state), fromLink(raw, name) }`.
 */
export function linkCodec(schema, defaults) {
  const valid = (spec, v) => {
    switch (spec.type) {
      case "int":
        return Number.isInteger(v);
      case "int?":
        return v === null || Number.isInteger(v);
      case "float":
        return typeof v === "number" && Number.isFinite(v);
      case "bool":
        return v === 0 || v === 1 || v === true || v === false;
      case "enum":
        return spec.options.includes(v);
      case "floats":
        return Array.isArray(v) && v.every((x) => typeof x === "number" && Number.isFinite(x)) && (spec.length === undefined || v.length === spec.length);
      case "ints":
        return Array.isArray(v) && v.every(Number.isInteger) && (spec.length === undefined || v.length === spec.length);
      default:
        return false;
    }
  };
  return {
    toLink(state) {
      const out = {};
      for (const [key, spec] of Object.entries(schema)) {
        const v = state[key];
        if (JSON.stringify(v) === JSON.stringify(defaults[key])) continue;
        out[key] = spec.type === "bool" ? (v ? 1 : 0) : v;
      }
      return out;
    },
    fromLink(raw, name) {
      const state = structuredClone(defaults);
      const problems = [];
      if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        return { state, problems: [`the "${name}" part of the link is not an object`] };
      }
      for (const [key, value] of Object.entries(raw)) {
        const spec = schema[key];
        if (!spec) problems.push(`${name}: unknown setting "${key}"`);
        else if (!valid(spec, value)) problems.push(`${name}: ${JSON.stringify(value)} is not a valid value for "${key}"`);
        else state[key] = spec.type === "bool" ? Boolean(value) : value;
      }
      return { state, problems };
    },
  };
}
