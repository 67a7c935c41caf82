// Property-based fuzzing (fast-check, plain Node) of every decoder a link reaches: the hash
// parser, rison and each panel's link validation. Each property tries RUNS generated inputs
// (arbitrary text, mutated real links, arbitrary JSON shapes); none may throw, and whatever
// they keep must be within the panel's limits. The Rust parsers are fuzzed by `make fuzz`.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { buildHash, parseHash } from "../../www/lib/hash-state.js";
import { decode } from "../../www/lib/rison.js";
import * as schedules from "../../www/schedules/state.js";
import * as train from "../../www/train/state.js";
import * as lrfind from "../../www/lrfind/state.js";
import * as playground from "../../www/playground/state.js";
import * as tips from "../../www/tips/state.js";
import * as landscape from "../../www/landscape/state.js";
import * as snapshots from "../../www/snapshots/state.js";

const RUNS = 2000;
const EXAMPLES = {
  StepLR: { scheduler: "StepLR", step_size: 30, gamma: 0.1, last_epoch: -1 },
  CosineAnnealingLR: { scheduler: "CosineAnnealingLR", T_max: 50, eta_min: 0, last_epoch: -1 },
  ReduceLROnPlateau: { scheduler: "ReduceLROnPlateau", mode: "min", factor: 0.1, patience: 10, threshold: 1e-4, threshold_mode: "rel", cooldown: 0, min_lr: 0, eps: 1e-8 },
};
const examples = (name) => structuredClone(EXAMPLES[name]);
const LOSS = { initial: 2.3, floor: 0.25, half_life: 6, descent: 12, plateau: 15, noise: 0.02, seed: 0 };
const TRAIN_DEFAULTS = {
  data: { train_size: 8000, val_size: 2000, shuffle: true, balanced: false, seed: 0, train_images: null, train_labels: null, test_images: null, test_labels: null },
  model: { hidden: [128], activation: "relu" },
  optimizer: { optimizer: "Adam", lr: 0.002, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false, maximize: false },
  schedule: null,
  schedule_step: "auto",
  batch_size: 32,
  epochs: 5,
  seed: 0,
};
const OPTIMIZERS = {
  Adam: TRAIN_DEFAULTS.optimizer,
  SGD: { optimizer: "SGD", lr: 0.001, momentum: 0, dampening: 0, weight_decay: 0, nesterov: false, maximize: false },
};
const optimizerDefaults = (name) => structuredClone(OPTIMIZERS[name] ?? OPTIMIZERS.SGD);

/** A real link of the page, then cut, spliced and garbled. */
const REAL = buildHash({
  tab: "train",
  panels: {
    sch: { steps: 200, items: [{ s: { scheduler: "StepLR", step_size: 30 } }] },
    trn: { o: { optimizer: "SGD", lr: 0.1, momentum: 0.9 }, e: 3 },
  },
});
const mangled = fc
  .tuple(fc.nat(REAL.length), fc.nat(REAL.length), fc.string({ unit: "binary", maxLength: 12 }))
  .map(([a, b, junk]) => REAL.slice(0, Math.min(a, b)) + junk + REAL.slice(Math.max(a, b)));
const anyText = fc.oneof(fc.string({ unit: "binary", maxLength: 300 }), mangled);
/** Values of every JSON-ish type, nested, plus the troublemakers of JavaScript. */
const anyValue = fc.oneof(
  fc.anything({ maxDepth: 4, withNullPrototype: true, withBigInt: false }),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER, -0, NaN, Infinity, "<img src=x onerror=alert(1)>", "__proto__"),
);

function checkParsed(parsed) {
  assert.ok(parsed.tab === null || typeof parsed.tab === "string");
  assert.ok(parsed.problems.every((p) => typeof p === "string"));
  assert.equal(typeof parsed.panels, "object");
}

test("the hash parser never throws on mangled or arbitrary links", () => {
  fc.assert(fc.property(anyText, (text) => checkParsed(parseHash(text))), { numRuns: RUNS });
});

test("rison decoding either gives a value or throws an Error with a message", () => {
  fc.assert(
    fc.property(anyText, (text) => {
      try {
        decode(text);
      } catch (e) {
        assert.ok(e instanceof Error && e.message.length > 0);
      }
    }),
    { numRuns: RUNS },
  );
});

test("any JSON value survives the link's encoding unchanged", () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
      const normal = JSON.parse(JSON.stringify(value));
      const back = parseHash(buildHash({ panels: { x: normal } }));
      assert.deepEqual(back.problems, []);
      assert.deepEqual(back.panels.x, normal);
    }),
    { numRuns: RUNS },
  );
});

test("the Schedules panel keeps only valid settings from any link value", () => {
  const names = new Set(Object.keys(EXAMPLES));
  fc.assert(
    fc.property(fc.oneof(anyValue, fc.record({ steps: anyValue, spe: anyValue, items: fc.array(fc.record({ s: anyValue, c: anyValue, lr: anyValue }), { maxLength: 12 }) })), (raw) => {
      const { state, problems } = schedules.fromLink(raw, examples, LOSS);
      assert.ok(Array.isArray(problems));
      assert.ok(state.items.length >= 1 && state.items.length <= 8);
      assert.ok(Number.isInteger(state.steps) && state.steps >= 1);
      for (const item of state.items) assert.ok(names.has(item.cfg.scheduler), item.cfg.scheduler);
    }),
    { numRuns: RUNS },
  );
});

test("the Train panel keeps only valid settings from any link value", () => {
  fc.assert(
    fc.property(fc.oneof(anyValue, fc.record({ d: anyValue, m: anyValue, o: anyValue, s: anyValue, e: anyValue, b: anyValue })), (raw) => {
      const { state, problems } = train.fromLink(raw, TRAIN_DEFAULTS, optimizerDefaults, ["StepLR"]);
      assert.ok(Array.isArray(problems));
      const c = state.config;
      assert.ok(train.OPTIMIZER_NAMES.includes(c.optimizer.optimizer));
      assert.ok(Number.isInteger(c.epochs) && c.epochs >= 1 && c.epochs <= train.LIMITS.maxEpochs);
      assert.ok(Number.isInteger(c.batch_size) && c.batch_size >= 1 && c.batch_size <= train.LIMITS.maxBatch);
      assert.ok(c.model.hidden.length <= train.LIMITS.maxLayers);
      assert.ok(c.model.hidden.every((w) => Number.isInteger(w) && w >= 1 && w <= train.LIMITS.maxWidth));
      assert.ok(Number.isFinite(c.optimizer.lr) && c.optimizer.lr >= 0);
    }),
    { numRuns: RUNS },
  );
});

/** Link values of every shape for the panels below: anything, or their own keys with anything. */
const panelLink = (keys) => fc.oneof(anyValue, fc.dictionary(fc.constantFrom(...keys), anyValue, { maxKeys: keys.length }));

test("the LR Finder, Playground, Tips, Landscape and Snapshots panels never throw on any link value", () => {
  const range = { start_lr: 1e-7, end_lr: 10, num_iter: 100, mode: "exponential", stop_div: true, diverge_factor: 4, smoothing: { beta: 0.98, skip_start: 10, skip_end: 5 }, seeds: [0] };
  const search = { lrs: [1, 0.1, 0.01], budget: { epochs: 1 }, refine_points: 7, refine_decades: 1, select: "val_loss" };
  const lrfDefaults = lrfind.defaultState(range, search);
  const surfaces = [{ id: "quadratic" }, { id: "rosenbrock" }];
  const presets = [{ id: "about_right", spec: { optimizer: OPTIMIZERS.SGD } }];
  const pgBase = playground.defaultState(presets, optimizerDefaults);
  const cases = [
    ["LR Finder", ["src", "range", "view", "search", "r", "v", "s"], (raw) => lrfind.fromLink(raw, lrfDefaults)],
    ["Playground", ["s", "st", "l", "sp", "p", "ps"], (raw) => playground.fromLink(raw, pgBase, { surfaces, presets, optimizerDefaults })],
    ["Tips", ["o", "q", "s"], (raw) => tips.fromLink(raw)],
    ["Landscape", Object.keys(landscape.toLink(landscape.DEFAULT_STATE) ?? {}).concat(["t", "p", "g"]), (raw) => landscape.fromLink(raw)],
    ["Snapshots", Object.keys(snapshots.toLink(snapshots.DEFAULT_STATE) ?? {}).concat(["c", "b"]), (raw) => snapshots.fromLink(raw)],
  ];
  for (const [name, keys, decode] of cases) {
    fc.assert(
      fc.property(panelLink(keys.length ? keys : ["x"]), (raw) => {
        const { state, problems } = decode(raw);
        assert.ok(state && typeof state === "object", name);
        assert.ok(Array.isArray(problems) && problems.every((p) => typeof p === "string"), name);
      }),
      { numRuns: RUNS },
    );
  }
  const pg = playground.fromLink({ ps: Array(50).fill({}) }, pgBase, { surfaces, presets, optimizerDefaults }).state;
  assert.ok(pg.paths.length <= playground.LIMITS.maxPaths);
});
