// The Playground panel's state: surface, start, colour-band scale, animation speed, preset and
// the paths (optimizer with its keywords, scheduler, steps); the compact form kept in the URL
// hash and its checking when read back from a link. Pure functions: defaults come from Rust.

export const LIMITS = { maxPaths: 6, maxSteps: 10_000 };
export const SPEEDS = [1, 5, 20, 60, 200];
export const DEFAULTS = { surface: "quadratic", log: true, speed: 20 };
export const OPTIMIZER_NAMES = ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta"];

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const clone = (v) => JSON.parse(JSON.stringify(v));

/** A new path: `optimizer` (PyTorch's keywords), no scheduler, `steps` steps. */
export function newPath(optimizer, steps = 100) {
  return { optimizer: clone(optimizer), schedule: null, sched: null, steps };
}

/** The state of a first visit: the "lr about right" preset's path and an Adam path beside it. */
export function defaultState(presets, optimizerDefaults) {
  const right = presets.find((p) => p.id === "about_right");
  const adam = { ...optimizerDefaults("Adam"), lr: 0.3 };
  return {
    surface: DEFAULTS.surface,
    start: null,
    log: DEFAULTS.log,
    speed: DEFAULTS.speed,
    preset: null,
    paths: [newPath(right.spec.optimizer), newPath(adam)],
  };
}

/** The state a preset opens: its surface, start and single path. */
export function presetState(state, preset) {
  const s = preset.spec;
  return {
    ...state,
    surface: s.surface,
    start: s.start ?? null,
    preset: preset.id,
    paths: [{ optimizer: clone(s.optimizer), schedule: s.schedule ? clone(s.schedule) : null, sched: null, steps: s.steps }],
  };
}

/** A short legend name: "SGD lr=0.18 + StepLR". */
export function pathName(path) {
  const o = path.optimizer;
  const lr = Number(o.lr.toPrecision(3));
  const extras = [];
  if (o.momentum) extras.push(`${o.nesterov ? "Nesterov " : ""}momentum ${o.momentum}`);
  const base = `${o.optimizer} lr=${lr}${extras.length ? ` ${extras.join(" ")}` : ""}`;
  return path.schedule ? `${base} + ${path.sched ?? path.schedule.scheduler}` : base;
}

/** What `Playground.run` reads. */
export function setupFor(state) {
  return {
    surface: state.surface,
    start: state.start,
    paths: state.paths.map((p, i) => ({ name: `${i + 1}: ${pathName(p)}`, color: i, optimizer: p.optimizer, schedule: p.schedule, steps: p.steps })),
  };
}

/** The compact object stored in the URL: only what differs from the defaults. */
export function toLink(state, optimizerDefaults) {
  const out = { s: state.surface };
  if (state.start) out.at = state.start;
  if (state.log !== DEFAULTS.log) out.log = state.log;
  if (state.speed !== DEFAULTS.speed) out.sp = state.speed;
  if (state.preset) out.pre = state.preset;
  out.p = state.paths.map((p) => {
    const dflt = optimizerDefaults(p.optimizer.optimizer);
    const o = { optimizer: p.optimizer.optimizer };
    for (const [k, v] of Object.entries(p.optimizer)) if (JSON.stringify(v) !== JSON.stringify(dflt[k])) o[k] = v;
    const entry = { o };
    if (p.schedule) entry.sc = p.schedule;
    if (p.sched) entry.sn = p.sched;
    if (p.steps !== 100) entry.n = p.steps;
    return entry;
  });
  return out;
}

/**
 * Reads a link's object onto `base`: returns `{ state, problems }`. Each part that is not
 * understood is left at its value in `base` and described; keywords the core refuses are
 * found later, when the paths run.
 */
export function fromLink(link, base, { surfaces, presets, optimizerDefaults }) {
  const problems = [];
  const state = clone(base);
  if (!isObject(link)) return { state, problems: ["the playground's part of the link is not an object"] };
  if ("s" in link) {
    if (surfaces.some((s) => s.id === link.s)) state.surface = link.s;
    else problems.push(`unknown surface ${JSON.stringify(link.s)}`);
  }
  state.start = null;
  if ("at" in link) {
    const ok = Array.isArray(link.at) && link.at.length === 2 && link.at.every((v) => typeof v === "number" && Number.isFinite(v));
    if (ok) state.start = link.at;
    else problems.push("the start must be two finite numbers");
  }
  if ("log" in link) {
    if (typeof link.log === "boolean") state.log = link.log;
    else problems.push("log must be true or false");
  }
  if ("sp" in link) {
    if (SPEEDS.includes(link.sp)) state.speed = link.sp;
    else problems.push(`speed must be one of ${SPEEDS.join(", ")} steps per second`);
  }
  state.preset = null;
  if ("pre" in link) {
    if (presets.some((p) => p.id === link.pre)) state.preset = link.pre;
    else problems.push(`unknown preset ${JSON.stringify(link.pre)}`);
  }
  if ("p" in link) {
    if (!Array.isArray(link.p) || link.p.length < 1 || link.p.length > LIMITS.maxPaths) {
      problems.push(`paths must be a list of 1 to ${LIMITS.maxPaths}`);
    } else {
      const paths = [];
      link.p.forEach((entry, i) => {
        const path = pathFromLink(entry, optimizerDefaults);
        if (typeof path === "string") problems.push(`path ${i + 1}: ${path}`);
        else paths.push(path);
      });
      if (paths.length > 0) state.paths = paths;
    }
  }
  return { state, problems };
}

function pathFromLink(entry, optimizerDefaults) {
  if (!isObject(entry) || !isObject(entry.o)) return "not a path";
  const name = entry.o.optimizer;
  if (!OPTIMIZER_NAMES.includes(name)) return `unknown optimizer ${JSON.stringify(name)}`;
  const optimizer = optimizerDefaults(name);
  for (const [k, v] of Object.entries(entry.o)) {
    if (!(k in optimizer)) return `${name} has no keyword ${k}`;
    if (typeof v !== typeof optimizer[k] || (typeof v === "number" && !Number.isFinite(v))) return `${k} has the wrong type`;
    if (Array.isArray(optimizer[k]) && !(Array.isArray(v) && v.length === optimizer[k].length && v.every(Number.isFinite))) return `${k} must be ${optimizer[k].length} numbers`;
    optimizer[k] = v;
  }
  const path = newPath(optimizer);
  if ("sc" in entry) {
    if (!isObject(entry.sc) || typeof entry.sc.scheduler !== "string") return "the scheduler is not a scheduler configuration";
    path.schedule = entry.sc;
  }
  if ("sn" in entry) {
    if (typeof entry.sn === "string" && entry.sn.length <= 60) path.sched = entry.sn;
    else return "the schedule's name is not text";
  }
  if ("n" in entry) {
    if (Number.isSafeInteger(entry.n) && entry.n >= 1 && entry.n <= LIMITS.maxSteps) path.steps = entry.n;
    else return `steps must be 1 to ${LIMITS.maxSteps}`;
  }
  return path;
}
