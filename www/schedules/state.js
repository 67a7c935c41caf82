// The Schedules panel's state: the chart settings and the configured schedules, with the
// compact form kept in the URL hash and its validation when read back from a link. Pure
// functions; scheduler defaults come in through `examples(name)` (the Rust core's).
import { CHILD_SCHEDULERS, HIDDEN_KEYS, OPTIMIZERS, SCHEDULERS, fieldsFor } from "./fields.js";
import { validValue } from "./values.js";

export const LIMITS = { maxSteps: 100_000, maxItems: 8, maxChildren: 6, maxName: 60, maxStepsPerEpoch: 1_000_000 };
export const PALETTE_SIZE = 8;
export const PANEL_DEFAULTS = { steps: 100, spe: 1, x: "it", log: false, table: false, sel: 0 };
export const DEFAULT_LR = 0.1;
export const DEFAULT_OPTIMIZER = { name: "SGD", momentum: 0.9 };
export const DEFAULT_BETAS = [0.9, 0.999];
/** Suggested schedulers for "Add schedule", in order. */
export const SUGGESTIONS = [
  "CosineAnnealingLR",
  "OneCycleLR",
  "ExponentialLR",
  "ReduceLROnPlateau",
  "CyclicLR",
  "CosineAnnealingWarmRestarts",
  "MultiStepLR",
  "StepLR",
];
/** The synthetic loss's integer settings (the others are real numbers). */
const LOSS_INTS = ["descent", "plateau", "seed"];

/** A scheduler config without the keywords the lab never sets (last_epoch), children included. */
export function cleanConfig(cfg) {
  const out = {};
  for (const [k, v] of Object.entries(cfg)) {
    if (HIDDEN_KEYS.includes(k)) continue;
    out[k] = k === "schedulers" && Array.isArray(v) ? v.map(cleanConfig) : v;
  }
  return out;
}

/** The optimizer settings `name` takes, keeping what `previous` already had. */
export function optimizerFor(name, previous = {}) {
  const traits = OPTIMIZERS[name] ?? {};
  const opt = { name };
  if (traits.momentum) opt.momentum = typeof previous.momentum === "number" ? previous.momentum : DEFAULT_OPTIMIZER.momentum;
  if (traits.betas) opt.betas = Array.isArray(previous.betas) ? [...previous.betas] : [...DEFAULT_BETAS];
  return opt;
}

/** A new schedule item for scheduler `name`. */
export function newItem(name, examples, { color = 0, lr = DEFAULT_LR, opt = DEFAULT_OPTIMIZER } = {}) {
  return { name, color, lr, opt: optimizerFor(opt.name, opt), cfg: cleanConfig(examples(name)) };
}

/** The state a first visit shows. */
export function defaultState(examples, lossDefaults) {
  return { ...PANEL_DEFAULTS, items: [newItem("StepLR", examples)], loss: { ...lossDefaults } };
}

/** The next scheduler and colour to suggest when adding a schedule to `items`. */
export function suggestion(items) {
  const used = new Set(items.map((i) => i.cfg.scheduler));
  const name = SUGGESTIONS.find((n) => !used.has(n)) ?? SUGGESTIONS[0];
  const colors = new Set(items.map((i) => i.color));
  let color = 0;
  while (colors.has(color) && color < PALETTE_SIZE - 1) color += 1;
  return { name, color };
}

/** The spec `simulate_schedule` takes for `item` (metrics only for ReduceLROnPlateau). */
export function specFor(item, steps, metrics) {
  const spec = { ...item.cfg, lr: item.lr, optimizer: optimizerFor(item.opt.name, item.opt), steps };
  if (SCHEDULERS[item.cfg.scheduler]?.metric) spec.metrics = Array.from(metrics ?? []);
  return spec;
}

/** The compact object stored in the URL: chart settings and loss shape only where changed. */
export function toLink(state, lossDefaults) {
  const out = {};
  for (const [k, d] of Object.entries(PANEL_DEFAULTS)) if (state[k] !== d) out[k] = state[k];
  out.items = state.items.map((item) => {
    const entry = { s: item.cfg, c: item.color };
    if (item.name !== item.cfg.scheduler) entry.n = item.name;
    if (item.lr !== DEFAULT_LR) entry.lr = item.lr;
    const opt = optimizerFor(item.opt.name, item.opt);
    if (JSON.stringify(opt) !== JSON.stringify(DEFAULT_OPTIMIZER)) entry.o = opt;
    return entry;
  });
  const loss = {};
  for (const [k, d] of Object.entries(lossDefaults)) if (state.loss[k] !== d) loss[k] = state.loss[k];
  if (Object.keys(loss).length > 0) out.loss = loss;
  return out;
}

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Reads a link's object back into a full state. Anything malformed falls back to its default
 * and is described in `problems`; nothing from the link is trusted further than its type.
 */
export function fromLink(raw, examples, lossDefaults) {
  const problems = [];
  const state = defaultState(examples, lossDefaults);
  if (!isObject(raw)) {
    problems.push("the schedules part of the link is not an object");
    return { state, problems };
  }
  const checks = {
    steps: (v) => Number.isSafeInteger(v) && v >= 1 && v <= LIMITS.maxSteps,
    spe: (v) => typeof v === "number" && Number.isFinite(v) && v > 0 && v <= LIMITS.maxStepsPerEpoch,
    x: (v) => v === "it" || v === "ep",
    log: (v) => typeof v === "boolean",
    table: (v) => typeof v === "boolean",
    sel: (v) => Number.isSafeInteger(v) && v >= 0,
  };
  for (const [key, ok] of Object.entries(checks)) {
    if (!(key in raw)) continue;
    if (ok(raw[key])) state[key] = raw[key];
    else problems.push(`ignored ${key}=${JSON.stringify(raw[key])}`);
  }
  if ("items" in raw) {
    if (!Array.isArray(raw.items)) {
      problems.push("ignored items: not a list");
    } else {
      const items = raw.items.slice(0, LIMITS.maxItems).flatMap((entry, i) => readItem(entry, i, examples, problems));
      if (raw.items.length > LIMITS.maxItems) problems.push(`kept the first ${LIMITS.maxItems} schedules`);
      if (items.length > 0) state.items = items;
    }
  }
  if (state.sel >= state.items.length) {
    problems.push(`ignored sel=${state.sel}: there are ${state.items.length} schedules`);
    state.sel = 0;
  }
  if ("loss" in raw) {
    if (!isObject(raw.loss)) problems.push("ignored loss: not an object");
    else {
      for (const [k, v] of Object.entries(raw.loss)) {
        const ok = k in lossDefaults && (LOSS_INTS.includes(k) ? Number.isSafeInteger(v) && v >= 0 : typeof v === "number" && Number.isFinite(v));
        if (ok) state.loss[k] = v;
        else problems.push(`ignored loss.${k}=${JSON.stringify(v)}`);
      }
    }
  }
  return { state, problems };
}

function readItem(entry, index, examples, problems) {
  const where = `schedule ${index + 1}`;
  if (!isObject(entry) || !isObject(entry.s)) {
    problems.push(`${where}: not a schedule`);
    return [];
  }
  const cfg = readConfig(entry.s, Object.keys(SCHEDULERS), examples, problems, where, 0);
  if (!cfg) return [];
  const item = newItem(cfg.scheduler, examples, { color: index % PALETTE_SIZE });
  item.cfg = cfg;
  if ("n" in entry) {
    if (typeof entry.n === "string" && entry.n.trim() !== "" && entry.n.length <= LIMITS.maxName) item.name = entry.n;
    else problems.push(`${where}: ignored its name`);
  }
  if ("c" in entry) {
    if (Number.isSafeInteger(entry.c) && entry.c >= 0 && entry.c < PALETTE_SIZE) item.color = entry.c;
    else problems.push(`${where}: ignored colour ${JSON.stringify(entry.c)}`);
  }
  if ("lr" in entry) {
    if (typeof entry.lr === "number" && Number.isFinite(entry.lr)) item.lr = entry.lr;
    else problems.push(`${where}: ignored lr=${JSON.stringify(entry.lr)}`);
  }
  if ("o" in entry) {
    const o = entry.o;
    if (isObject(o) && Object.hasOwn(OPTIMIZERS, o.name)) {
      const momentumOk = !("momentum" in o) || (typeof o.momentum === "number" && Number.isFinite(o.momentum));
      const betasOk = !("betas" in o) || (Array.isArray(o.betas) && o.betas.length === 2 && o.betas.every((b) => typeof b === "number" && Number.isFinite(b)));
      if (momentumOk && betasOk) item.opt = optimizerFor(o.name, o);
      else problems.push(`${where}: ignored the optimizer's settings`);
    } else {
      problems.push(`${where}: ignored optimizer ${JSON.stringify(o?.name ?? o)}`);
    }
  }
  return [item];
}

function readConfig(raw, allowed, examples, problems, where, depth) {
  const name = raw.scheduler;
  if (typeof name !== "string" || !allowed.includes(name) || !Object.hasOwn(SCHEDULERS, name)) {
    problems.push(`${where}: unknown scheduler ${JSON.stringify(name)}`);
    return null;
  }
  const cfg = cleanConfig(examples(name));
  const fields = fieldsFor(name, cfg);
  for (const [key, value] of Object.entries(raw)) {
    if (key === "scheduler" || HIDDEN_KEYS.includes(key)) continue;
    const field = fields.find((f) => f.key === key);
    if (!field || !validValue(field, value)) {
      problems.push(`${where} (${name}): ignored ${key}=${JSON.stringify(value)}`);
      continue;
    }
    if (field.type === "schedulers") {
      if (depth > 0 || value.length === 0 || value.length > LIMITS.maxChildren) {
        problems.push(`${where} (${name}): ignored its schedulers`);
        continue;
      }
      const children = value.map((child, i) =>
        isObject(child) ? readConfig(child, CHILD_SCHEDULERS, examples, problems, `${where}, scheduler ${i + 1}`, depth + 1) : null,
      );
      if (children.every(Boolean)) cfg[key] = children;
      else problems.push(`${where} (${name}): kept its example schedulers`);
      continue;
    }
    cfg[key] = value;
  }
  return cfg;
}
