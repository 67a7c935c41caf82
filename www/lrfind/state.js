// The LR Finder panel's settings: the range test's (fastai's defaults, from the Rust core), the
// chart's smoothing and skips, and the coarse-to-fine search's; the compact form kept in the URL
// hash (only what differs from the defaults) and its checking when read back from a link. The
// results are not part of the state: a link reproduces the settings, the user reruns.

export const LIMITS = { minIterations: 2, maxIterations: 20_000, maxSeeds: 10, maxGrid: 20, maxBudget: 1000, maxRefine: 15 };
export const MODES = ["exponential", "linear"];
export const METRICS = ["val_loss", "train_loss", "val_acc"];
export const UNITS = ["epochs", "iterations"];
export const SOURCES = ["train", "lab"];

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const positive = (v) => typeof v === "number" && Number.isFinite(v) && v > 0;
const int = (lo, hi) => (v) => Number.isSafeInteger(v) && v >= lo && v <= hi;

/** The state a first visit shows; `range` is `lr_find_defaults()`, `search` `search_defaults()`. */
export function defaultState(range, search) {
  const unit = "epochs" in search.budget ? "epochs" : "iterations";
  return {
    src: "train",
    range: {
      start: range.start_lr,
      end: range.end_lr,
      it: range.num_iter,
      mode: range.mode,
      stop: range.stop_div,
      div: range.diverge_factor,
      seeds: Math.max(1, range.seeds.length),
    },
    view: { beta: range.smoothing.beta, ss: range.smoothing.skip_start, se: range.smoothing.skip_end, raw: true },
    search: { lrs: [...search.lrs], unit, n: search.budget[unit], rp: search.refine_points, rd: search.refine_decades, sel: search.select },
  };
}

/** The skip at the start the rules use: the state's, or fastai's tenth of the iterations. */
export function skipStart(state) {
  return state.view.ss ?? Math.floor(state.range.it / 10);
}

/** The `RangeTestConfig` of the state, with the seeds counted up from `seed`. */
export function rangeConfig(state, seed = 0) {
  const r = state.range;
  return {
    start_lr: r.start,
    end_lr: r.end,
    num_iter: r.it,
    mode: r.mode,
    stop_div: r.stop,
    diverge_factor: r.div,
    smoothing: smoothing(state),
    seeds: r.seeds > 1 ? Array.from({ length: r.seeds }, (_, k) => seed + k) : [],
  };
}

/** The chart's smoothing and skips (`Smoothing`). */
export function smoothing(state) {
  return { beta: state.view.beta, skip_start: state.view.ss, skip_end: state.view.se };
}

/** The `SearchConfig` of the state. */
export function searchConfig(state) {
  const s = state.search;
  return { lrs: [...s.lrs], budget: { [s.unit]: s.n }, refine_points: s.rp, refine_decades: s.rd, select: s.sel };
}

/** The compact object stored in the URL. */
export function toLink(state, defaults) {
  const out = {};
  if (state.src !== defaults.src) out.src = state.src;
  for (const part of ["range", "view", "search"]) {
    const d = diff(state[part], defaults[part]);
    if (d) out[part[0]] = d;
  }
  return out;
}

function diff(value, base) {
  const out = {};
  for (const [k, v] of Object.entries(value)) if (JSON.stringify(v) !== JSON.stringify(base[k])) out[k] = v;
  return Object.keys(out).length > 0 ? out : null;
}

const CHECKS = {
  range: {
    start: positive,
    end: positive,
    it: int(LIMITS.minIterations, LIMITS.maxIterations),
    mode: (v) => MODES.includes(v),
    stop: (v) => typeof v === "boolean",
    div: (v) => positive(v) && v > 1,
    seeds: int(1, LIMITS.maxSeeds),
  },
  view: {
    beta: (v) => typeof v === "number" && v >= 0 && v < 1,
    ss: (v) => v === null || int(0, LIMITS.maxIterations)(v),
    se: int(0, LIMITS.maxIterations),
    raw: (v) => typeof v === "boolean",
  },
  search: {
    lrs: (v) => Array.isArray(v) && v.length >= 1 && v.length <= LIMITS.maxGrid && v.every(positive),
    unit: (v) => UNITS.includes(v),
    n: int(1, LIMITS.maxBudget),
    rp: int(0, LIMITS.maxRefine),
    rd: positive,
    sel: (v) => METRICS.includes(v),
  },
};
const PARTS = { r: "range", v: "view", s: "search" };

/**
 * Reads a link's object back into a full state: anything malformed keeps its default and is
 * described in `problems`.
 */
export function fromLink(raw, defaults) {
  const state = structuredClone(defaults);
  const problems = [];
  if (!isObject(raw)) {
    problems.push("the LR Finder part of the link is not an object");
    return { state, problems };
  }
  for (const [key, value] of Object.entries(raw)) {
    if (key === "src") {
      if (SOURCES.includes(value)) state.src = value;
      else problems.push(`ignored src=${JSON.stringify(value)}`);
      continue;
    }
    const part = Object.hasOwn(PARTS, key) ? PARTS[key] : undefined;
    if (!part) {
      problems.push(`ignored the unknown LR Finder setting "${key}"`);
      continue;
    }
    if (!isObject(value)) {
      problems.push(`ignored the ${part} settings: not an object`);
      continue;
    }
    for (const [k, v] of Object.entries(value)) {
      const ok = Object.hasOwn(CHECKS[part], k) && CHECKS[part][k](v);
      if (ok) state[part][k] = Array.isArray(v) ? [...v] : v;
      else problems.push(`ignored ${part}.${k}=${JSON.stringify(v)}`);
    }
  }
  if (!(state.range.start < state.range.end)) {
    problems.push(`ignored start_lr=${state.range.start} and end_lr=${state.range.end}: the sweep needs start_lr < end_lr`);
    state.range.start = defaults.range.start;
    state.range.end = defaults.range.end;
  }
  return { state, problems };
}
