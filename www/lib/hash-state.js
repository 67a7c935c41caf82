// The whole lab's state in the URL hash, so any view can be shared, bookmarked or embedded:
//   #v=1&tab=schedules&sch=(steps:200,items:!((s:StepLR,step_size:30)))
// `v` is the format version; each panel owns one key whose value is rison (see rison.js).
// Values are percent-encoded except for rison's punctuation, which is legal in a fragment.
import { decode, encode } from "./rison.js";

export const HASH_VERSION = 1;
/** Longer hashes are refused before parsing (no real state comes near this). */
export const MAX_HASH_LENGTH = 100_000;

const KEEP = { "%3A": ":", "%2C": ",", "%40": "@", "%24": "$", "%2F": "/", "%3F": "?" };

/** Percent-encodes for a fragment, keeping rison's punctuation readable. */
export function encodeComponent(text) {
  return encodeURIComponent(text).replace(/%3A|%2C|%40|%24|%2F|%3F/g, (m) => KEEP[m]);
}

/**
 * Builds a hash (without "#") from `{ tab, panels: { key: value } }`. Panels whose value is
 * `undefined` are left out.
 */
export function buildHash({ tab, panels = {} }) {
  const parts = [`v=${HASH_VERSION}`];
  if (tab) parts.push(`tab=${encodeComponent(tab)}`);
  for (const [key, value] of Object.entries(panels)) {
    if (value !== undefined) parts.push(`${encodeComponent(key)}=${encodeComponent(encode(value))}`);
  }
  return parts.join("&");
}

/**
 * Parses a hash (with or without "#"). Returns `{ tab, panels, problems }`: panels whose value
 * does not parse are left out and described in `problems`, so one mangled part of a link does
 * not cost the others. An empty hash gives no panels and no problems.
 */
export function parseHash(hash) {
  const text = String(hash ?? "").replace(/^#/, "");
  const out = { tab: null, panels: {}, problems: [] };
  if (text === "") return out;
  if (text.length > MAX_HASH_LENGTH) {
    out.problems.push(`the link's state is too long (${text.length} characters)`);
    return out;
  }
  const fields = new Map();
  for (const part of text.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = safeDecode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? "" : safeDecode(part.slice(eq + 1));
    if (key === null || value === null) {
      out.problems.push("the link contains malformed %-escapes");
      continue;
    }
    fields.set(key, value);
  }
  const version = fields.get("v");
  if (version !== String(HASH_VERSION)) {
    out.problems.push(
      version === undefined
        ? "the link has no state version (v=)"
        : `the link was made by another version of lrlab (v=${version}); showing defaults`,
    );
    return out;
  }
  fields.delete("v");
  out.tab = fields.get("tab") ?? null;
  fields.delete("tab");
  for (const [key, value] of fields) {
    try {
      out.panels[key] = decode(value);
    } catch (e) {
      out.problems.push(`the "${key}" part of the link is malformed: ${e.message}`);
    }
  }
  return out;
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
