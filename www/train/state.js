// The Train panel's state: the run configuration (exactly the JSON `lrlab train` reads, minus
// file names, which the page adds when the user's own files are in use), where its schedule
// came from, and how the charts are viewed; the compact form kept in the URL hash and its
// checking when read back from a link. Pure functions: defaults come from the Rust core.

export const LIMITS = {
  maxImages: 1_000_000,
  maxEpochs: 1000,
  maxBatch: 100_000,
  maxLayers: 6,
  maxWidth: 4096,
};
export const DEFAULT_VIEW = { x: "it", log: false, smooth: 0.8, raw: true };
export const ACTIVATIONS = ["relu", "tanh", "sigmoid"];
export const STEP_MODES = ["auto", "epoch", "iteration"];
export const OPTIMIZER_NAMES = ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta"];
const FILE_KEYS = ["train_images", "train_labels", "test_images", "test_labels"];

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const clone = (v) => JSON.parse(JSON.stringify(v));

/** The config without the file names (the page supplies the files itself). */
export function withoutFiles(config) {
  const out = clone(config);
  for (const key of FILE_KEYS) delete out.data[key];
  return out;
}

/** The state a first visit shows: the lab's defaults (`defaults` is `train_defaults()`). */
export function defaultState(defaults) {
  return { config: withoutFiles(defaults), sched: null, view: { ...DEFAULT_VIEW } };
}

/** The TrainConfig the core and the CLI read, with `names` (file names) in `data`. */
export function configFor(state, names = {}) {
  const config = clone(state.config);
  for (const key of FILE_KEYS) if (names[key]) config.data[key] = names[key];
  return config;
}

/** The compact object stored in the URL: only what differs from the defaults. */
export function toLink(state, defaults, optimizerDefaults) {
  const c = state.config;
  const d = withoutFiles(defaults);
  const out = {};
  const data = diff(c.data, d.data);
  if (data) out.d = data;
  const model = diff(c.model, d.model);
  if (model) out.m = model;
  const opt = diff(c.optimizer, optimizerDefaults(c.optimizer.optimizer), ["optimizer"]);
  if (c.optimizer.optimizer !== d.optimizer.optimizer || opt) out.o = { optimizer: c.optimizer.optimizer, ...opt };
  if (c.schedule) out.s = c.schedule;
  if (state.sched) out.sn = state.sched;
  if (c.schedule_step !== d.schedule_step) out.ss = c.schedule_step;
  if (c.batch_size !== d.batch_size) out.b = c.batch_size;
  if (c.epochs !== d.epochs) out.e = c.epochs;
  if (c.seed !== d.seed) out.seed = c.seed;
  const view = diff(state.view, DEFAULT_VIEW);
  if (view) out.v = view;
  return out;
}

/** The keys of `value` that differ from `base` (always keeping `keep`), or null if none. */
function diff(value, base, keep = []) {
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    if (keep.includes(k)) continue;
    if (JSON.stringify(v) !== JSON.stringify(base?.[k])) out[k] = v;
  }
  return Object.keys(out).length > 0 ? out : null;
}

const checks = {
  count: (v) => Number.isSafeInteger(v) && v >= 1 && v <= LIMITS.maxImages,
  seed: (v) => Number.isSafeInteger(v) && v >= 0,
  bool: (v) => typeof v === "boolean",
  epochs: (v) => Number.isSafeInteger(v) && v >= 1 && v <= LIMITS.maxEpochs,
  batch: (v) => Number.isSafeInteger(v) && v >= 1 && v <= LIMITS.maxBatch,
  hidden: (v) => Array.isArray(v) && v.length <= LIMITS.maxLayers && v.every((w) => Number.isSafeInteger(w) && w >= 1 && w <= LIMITS.maxWidth),
  number: (v) => typeof v === "number" && Number.isFinite(v),
};
const DATA_CHECKS = { train_size: checks.count, val_size: checks.count, shuffle: checks.bool, balanced: checks.bool, seed: checks.seed };

/**
 * Reads a link's object back into a full state. Anything malformed falls back to its default
 * and is described in `problems`; values of the right type are kept for the core to judge.
 */
export function fromLink(raw, defaults, optimizerDefaults, schedulerNames) {
  const state = defaultState(defaults);
  const problems = [];
  if (!isObject(raw)) {
    problems.push("the training part of the link is not an object");
    return { state, problems };
  }
  const c = state.config;
  const take = (where, target, key, value, ok) => {
    if (ok(value)) target[key] = value;
    else problems.push(`ignored ${where}${key}=${JSON.stringify(value)}`);
  };
  if ("d" in raw) {
    if (!isObject(raw.d)) problems.push("ignored the data settings: not an object");
    else for (const [k, v] of Object.entries(raw.d)) take("data.", c.data, k, v, Object.hasOwn(DATA_CHECKS, k) ? DATA_CHECKS[k] : () => false);
  }
  if ("m" in raw) {
    if (!isObject(raw.m)) problems.push("ignored the model settings: not an object");
    else {
      if ("hidden" in raw.m) take("model.", c.model, "hidden", raw.m.hidden, checks.hidden);
      if ("activation" in raw.m) take("model.", c.model, "activation", raw.m.activation, (v) => ACTIVATIONS.includes(v));
    }
  }
  if ("o" in raw) readOptimizer(raw.o, c, optimizerDefaults, problems);
  if ("s" in raw) {
    const s = raw.s;
    if (isObject(s) && schedulerNames.includes(s.scheduler)) c.schedule = s;
    else if (s !== null) problems.push(`ignored schedule ${JSON.stringify(s?.scheduler ?? s)}`);
  }
  if ("sn" in raw) {
    if (typeof raw.sn === "string" && raw.sn.length <= 60) state.sched = raw.sn;
    else problems.push("ignored the schedule's name");
  }
  if ("ss" in raw) take("", c, "schedule_step", raw.ss, (v) => STEP_MODES.includes(v));
  if ("b" in raw) take("", c, "batch_size", raw.b, checks.batch);
  if ("e" in raw) take("", c, "epochs", raw.e, checks.epochs);
  if ("seed" in raw) take("", c, "seed", raw.seed, checks.seed);
  if ("v" in raw) {
    const v = raw.v;
    if (!isObject(v)) problems.push("ignored the view settings");
    else {
      if ("x" in v) take("view.", state.view, "x", v.x, (x) => x === "it" || x === "ep");
      if ("log" in v) take("view.", state.view, "log", v.log, checks.bool);
      if ("raw" in v) take("view.", state.view, "raw", v.raw, checks.bool);
      if ("smooth" in v) take("view.", state.view, "smooth", v.smooth, (s) => checks.number(s) && s >= 0 && s < 1);
    }
  }
  return { state, problems };
}

function readOptimizer(o, c, optimizerDefaults, problems) {
  if (!isObject(o) || !OPTIMIZER_NAMES.includes(o.optimizer)) {
    problems.push(`ignored optimizer ${JSON.stringify(o?.optimizer ?? o)}`);
    return;
  }
  const opt = optimizerDefaults(o.optimizer);
  for (const [k, v] of Object.entries(o)) {
    if (k === "optimizer") continue;
    const dflt = Object.hasOwn(opt, k) ? opt[k] : undefined;
    const ok =
      typeof dflt === "boolean"
        ? typeof v === "boolean"
        : Array.isArray(dflt)
          ? Array.isArray(v) && v.length === dflt.length && v.every(checks.number)
          : typeof dflt === "number" && checks.number(v);
    if (ok) opt[k] = v;
    else problems.push(`ignored ${o.optimizer}'s ${k}=${JSON.stringify(v)}`);
  }
  c.optimizer = opt;
}

/** A short name for a run: optimizer, lr and schedule, e.g. "SGD lr=0.1 + StepLR". */
export function runName(config) {
  const o = config.optimizer;
  const parts = [`${o.optimizer} lr=${o.lr}`];
  if (o.momentum) parts.push(`momentum ${o.momentum}`);
  const name = parts.join(", ");
  return config.schedule ? `${name} + ${config.schedule.scheduler}` : name;
}
