// A custom element's attributes as the panel's link state: `state` (the panel's part of a lab
// link, rison) first, then the readable attributes on top, named as kebab-case PyTorch keywords
// (`step-size="30"` is StepLR's step_size) or panel settings. Each panel's link reader checks
// the result as it checks any link, so a bad attribute costs only itself.
import { decode } from "../lib/rison.js";
import { SCHEDULERS, fieldsFor } from "../schedules/fields.js";
import { cleanConfig } from "../schedules/state.js";
import { parseField } from "../schedules/values.js";
import { defaultState as playgroundDefaults, presetState, toLink as playgroundLink } from "../playground/state.js";
import { landscape, snapshots } from "./attributes-experiments.js";

/** Attributes every widget reads itself (not panel settings). */
export const COMMON = ["state", "train-state", "controls", "class", "id", "style", "title", "hidden", "lang", "dir"];

/** "step-size", "step_size" and "Step_Size" all name step_size. */
export const norm = (name) => String(name).toLowerCase().replace(/-/g, "_");

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** Reads `state`-like rison text into an object; a problem message on failure. */
export function risonAttribute(name, text, problems) {
  if (text === null || text === undefined) return {};
  try {
    const value = decode(text);
    if (isObject(value)) return value;
    problems.push(`${name}: not a panel state`);
  } catch (e) {
    problems.push(`${name}: ${e.message}`);
  }
  return {};
}

/** A value typed like `like` (a default), or a message. */
export function typed(name, text, like) {
  if (typeof like === "number") {
    const v = Number(text);
    return text.trim() !== "" && Number.isFinite(v) ? { ok: true, value: v } : { ok: false, message: `${name}="${text}" is not a number` };
  }
  if (typeof like === "boolean") {
    if (text === "" || text === "true") return { ok: true, value: true };
    if (text === "false") return { ok: true, value: false };
    return { ok: false, message: `${name}="${text}" must be true or false` };
  }
  if (Array.isArray(like)) {
    const parts = text.split(/[\s,]+/).filter(Boolean).map(Number);
    return parts.length > 0 && parts.every(Number.isFinite) ? { ok: true, value: parts } : { ok: false, message: `${name}="${text}" must be numbers separated by spaces` };
  }
  return { ok: true, value: text };
}

/** A scheduler config for `name` with its keywords from `attrs` (consumed from `left`). */
function schedulerFrom(name, attrs, left, examples, problems) {
  if (!Object.hasOwn(SCHEDULERS, name)) {
    problems.push(`scheduler="${name}" is not a scheduler the lab knows`);
    return null;
  }
  const cfg = cleanConfig(examples(name));
  for (const field of fieldsFor(name, cfg)) {
    const attr = [...attrs.keys()].find((a) => norm(a) === norm(field.key));
    if (attr === undefined || field.type === "schedulers") continue;
    left.delete(attr);
    const parsed = parseField({ ...field, key: attr }, attrs.get(attr));
    if (parsed.ok) cfg[field.key] = parsed.value;
    else problems.push(parsed.message);
  }
  return cfg;
}

/** The leftover attributes no mapping used. */
export function unknown(left, problems, panel) {
  for (const name of left) problems.push(`${name}: not an attribute of <${panel}>`);
}

/** Schedules: scheduler (one or more names), their keywords, lr, optimizer, momentum, steps, steps-per-epoch, x-axis, log. */
function schedules(attrs, base, { examples }, problems) {
  const link = structuredClone(base);
  const left = new Set(attrs.keys());
  const take = (name) => (left.delete(name), attrs.get(name));
  if (attrs.has("scheduler")) {
    const names = take("scheduler").split(/[\s,]+/).filter(Boolean);
    const items = names.map((n) => schedulerFrom(n, attrs, left, examples, problems)).filter(Boolean);
    if (items.length > 0) link.items = items.map((s, i) => ({ s, c: i % 8 }));
  }
  const item = (fn) => (link.items ?? [{ s: cleanConfig(examples("StepLR")), c: 0 }]).map(fn);
  if (attrs.has("lr")) {
    const v = typed("lr", take("lr"), 0);
    if (v.ok) link.items = item((e) => ({ ...e, lr: v.value }));
    else problems.push(v.message);
  }
  if (attrs.has("optimizer") || attrs.has("momentum")) {
    const name = attrs.has("optimizer") ? take("optimizer") : "SGD";
    const m = attrs.has("momentum") ? typed("momentum", take("momentum"), 0) : null;
    if (m && !m.ok) problems.push(m.message);
    link.items = item((e) => ({ ...e, o: { name, ...(m?.ok ? { momentum: m.value } : {}) } }));
  }
  const setting = (attr, key, like, map = (v) => v) => {
    if (!attrs.has(attr)) return;
    const v = typed(attr, take(attr), like);
    if (v.ok) link[key] = map(v.value);
    else problems.push(v.message);
  };
  setting("steps", "steps", 0);
  setting("steps-per-epoch", "spe", 0);
  setting("log", "log", false);
  setting("x-axis", "x", "", (v) => ({ epochs: "ep", iterations: "it" })[v] ?? v);
  unknown(left, problems, "lrlab-schedules");
  return link;
}

/**
 * The Train panel's settings: optimizer and its keywords (lr, momentum, weight-decay, ...),
 * scheduler and its keywords, schedule-step, epochs, batch-size, seed, and the model's and
 * data's keys (hidden-sizes, activation, train-size, val-size, ...). Used by <lrlab-lr-finder> too.
 */
export function trainLink(attrs, base, { examples, trainDefaults, optimizerDefaults }, problems, left) {
  const link = structuredClone(base);
  const take = (name) => (left.delete(name), attrs.get(name));
  const optimizer = attrs.has("optimizer") ? take("optimizer") : (link.o?.optimizer ?? trainDefaults.optimizer.optimizer);
  let optDefaults = null;
  try {
    optDefaults = optimizerDefaults(optimizer);
  } catch (e) {
    problems.push(`optimizer="${optimizer}": ${e.message}`);
  }
  if (optDefaults) {
    const o = { ...(link.o ?? {}), optimizer };
    for (const [key, like] of Object.entries(optDefaults)) {
      const attr = [...attrs.keys()].find((a) => left.has(a) && norm(a) === norm(key));
      if (attr === undefined || key === "optimizer") continue;
      const v = typed(attr, take(attr), like);
      if (v.ok) o[key] = v.value;
      else problems.push(v.message);
    }
    link.o = o;
  }
  if (attrs.has("scheduler")) {
    const cfg = schedulerFrom(take("scheduler"), attrs, left, examples, problems);
    if (cfg) link.s = cfg;
  }
  const simple = { "schedule-step": ["ss", ""], epochs: ["e", 0], "batch-size": ["b", 0], seed: ["seed", 0] };
  for (const [attr, [key, like]] of Object.entries(simple)) {
    if (!attrs.has(attr)) continue;
    const v = typed(attr, take(attr), like);
    if (v.ok) link[key] = v.value;
    else problems.push(v.message);
  }
  for (const [part, short] of [["model", "m"], ["data", "d"]]) {
    for (const [key, like] of Object.entries(trainDefaults[part])) {
      // HTML's own `hidden` attribute hides the element: the layer widths are `hidden-sizes`.
      const name = key === "hidden" ? "hidden_sizes" : key;
      const attr = [...attrs.keys()].find((a) => left.has(a) && norm(a) === norm(name));
      if (attr === undefined) continue;
      const v = typed(attr, take(attr), like);
      if (v.ok) link[short] = { ...(link[short] ?? {}), [key]: v.value };
      else problems.push(v.message);
    }
  }
  return link;
}

function train(attrs, base, ctx, problems) {
  const left = new Set(attrs.keys());
  const link = trainLink(attrs, base, ctx, problems, left);
  unknown(left, problems, "lrlab-train");
  return link;
}

const RANGE = { "start-lr": ["r", "start", 0], "end-lr": ["r", "end", 0], "num-iter": ["r", "it", 0], mode: ["r", "mode", ""], "stop-div": ["r", "stop", false], "diverge-factor": ["r", "div", 0], seeds: ["r", "seeds", 0], beta: ["v", "beta", 0], "skip-start": ["v", "ss", 0], "skip-end": ["v", "se", 0] };

/** LR Finder: the range test's keywords (start-lr, end-lr, num-iter, mode, stop-div, diverge-factor, seeds), smoothing (beta, skip-start, skip-end); the rest set up the training it runs on. */
function lrFinder(attrs, base, ctx, problems, trainBase) {
  const link = structuredClone(base);
  const left = new Set(attrs.keys());
  for (const [attr, [part, key, like]] of Object.entries(RANGE)) {
    if (!attrs.has(attr)) continue;
    left.delete(attr);
    const v = typed(attr, attrs.get(attr), like);
    if (v.ok) link[part] = { ...(link[part] ?? {}), [key]: v.value };
    else problems.push(v.message);
  }
  const trainState = trainLink(attrs, trainBase, ctx, problems, left);
  unknown(left, problems, "lrlab-lr-finder");
  return { link, trainState };
}

/** Playground: preset (too-small, too-large, about-right, large-then-decay), surface, log, speed. */
function playground(attrs, base, { wasm }, problems) {
  let link = structuredClone(base);
  const left = new Set(attrs.keys());
  if (attrs.has("preset")) {
    left.delete("preset");
    const presets = wasm.playground_presets();
    const preset = presets.find((p) => p.id === norm(attrs.get("preset")));
    if (preset) {
      const optimizerDefaults = (name) => wasm.optimizer_defaults(name);
      link = { ...link, ...playgroundLink(presetState(playgroundDefaults(presets, optimizerDefaults), preset), optimizerDefaults) };
    } else problems.push(`preset="${attrs.get("preset")}" is not one of ${presets.map((p) => p.id.replace(/_/g, "-")).join(", ")}`);
  }
  for (const [attr, key, like] of [["surface", "s", ""], ["log", "log", false], ["speed", "sp", 0]]) {
    if (!attrs.has(attr)) continue;
    left.delete(attr);
    const v = typed(attr, attrs.get(attr), like);
    if (v.ok) link[key] = attr === "surface" ? norm(v.value) : v.value;
    else problems.push(v.message);
  }
  unknown(left, problems, "lrlab-playground");
  return link;
}

/** Tips: open (the tip shown open: its id), quick (the quick budget), source ("lab" or "train"). */
function tips(attrs, base, ctx, problems) {
  const link = structuredClone(base);
  const left = new Set(attrs.keys());
  if (attrs.has("open")) (left.delete("open"), (link.o = attrs.get("open")));
  if (attrs.has("source")) (left.delete("source"), (link.s = attrs.get("source")));
  if (attrs.has("quick")) {
    left.delete("quick");
    const v = typed("quick", attrs.get("quick"), false);
    if (v.ok) link.q = v.value ? 1 : 0;
    else problems.push(v.message);
  }
  unknown(left, problems, "lrlab-tips");
  return link;
}

const MAPPERS = { schedules, train, playground, tips, snapshots };

/** Panels whose attributes also set up the training they run on: `{ link, trainState }`. */
const WITH_TRAINING = { lrfind: lrFinder, landscape };

/**
 * The link state(s) for panel `id` from `element`'s attributes: `{ link, trainState, problems }`
 * (`trainState` for the LR Finder and the Landscape, which train). `ctx`: `{ wasm, examples, trainDefaults, optimizerDefaults }`.
 */
export function linkFromAttributes(id, element, ctx) {
  const problems = [];
  const attrs = new Map();
  for (const { name, value } of element.attributes) if (!COMMON.includes(name) && !name.startsWith("data-") && !name.startsWith("aria-")) attrs.set(name, value);
  const base = risonAttribute("state", element.getAttribute("state"), problems);
  if (WITH_TRAINING[id]) {
    const trainBase = risonAttribute("train-state", element.getAttribute("train-state"), problems);
    return { ...WITH_TRAINING[id](attrs, base, ctx, problems, trainBase), problems };
  }
  const mapper = MAPPERS[id];
  if (!mapper) {
    if (attrs.size > 0) problems.push(`only state="…" and controls="…" set this widget (${[...attrs.keys()].join(", ")} ignored)`);
    return { link: base, problems };
  }
  const trainState = element.hasAttribute("train-state") ? risonAttribute("train-state", element.getAttribute("train-state"), problems) : undefined;
  return { link: mapper(attrs, base, ctx, problems), trainState, problems };
}

/** The `controls` attribute as a list of names (null: show every control). */
export function controlList(text) {
  if (text === null || text === undefined) return null;
  return text.split(/[\s,]+/).filter(Boolean).map(norm);
}
