// Unit tests (plain Node, no browser) for the URL-state code the page runs: rison, the hash
// format, the Schedules panel's link validation and the form's value parsing.
import assert from "node:assert/strict";
import { test } from "node:test";
import { decode, encode } from "../../www/lib/rison.js";
import { buildHash, parseHash } from "../../www/lib/hash-state.js";
import { fromLink, toLink, defaultState, specFor } from "../../www/schedules/state.js";
import { formatNumber, parseField } from "../../www/schedules/values.js";

// Stand-ins for the Rust core's `scheduler_example` (the real one is checked in the browser).
const EXAMPLES = {
  StepLR: { scheduler: "StepLR", step_size: 30, gamma: 0.1, last_epoch: -1 },
  CosineAnnealingLR: { scheduler: "CosineAnnealingLR", T_max: 50, eta_min: 0, last_epoch: -1 },
  ExponentialLR: { scheduler: "ExponentialLR", gamma: 0.95, last_epoch: -1 },
  LinearLR: { scheduler: "LinearLR", start_factor: 1 / 3, end_factor: 1, total_iters: 5, last_epoch: -1 },
  ReduceLROnPlateau: { scheduler: "ReduceLROnPlateau", mode: "min", factor: 0.1, patience: 10, threshold: 1e-4, threshold_mode: "rel", cooldown: 0, min_lr: 0, eps: 1e-8 },
  SequentialLR: {
    scheduler: "SequentialLR",
    schedulers: [
      { scheduler: "LinearLR", start_factor: 0.1, end_factor: 1, total_iters: 10, last_epoch: -1 },
      { scheduler: "CosineAnnealingLR", T_max: 90, eta_min: 0, last_epoch: -1 },
    ],
    milestones: [10],
    last_epoch: -1,
  },
};
const examples = (name) => structuredClone(EXAMPLES[name]);
const LOSS = { initial: 2.3, floor: 0.25, half_life: 6, descent: 12, plateau: 15, noise: 0.02, seed: 0 };

test("rison round-trips JSON values", () => {
  const values = [
    { a: 1, b: [true, false, null], c: "x y", d: "it's!", e: -2.5e-8, f: [], g: {} },
    "StepLR",
    "0.95 ** epoch",
    "",
    [1, [2, [3]]],
    1e21,
  ];
  for (const v of values) assert.deepEqual(decode(encode(v)), v);
  assert.equal(encode({ scheduler: "StepLR", step_size: 30 }), "(scheduler:StepLR,step_size:30)");
  assert.equal(encode(["a b", true]), "!('a b',!t)");
  assert.equal(encode(1e21), "1e21");
});

test("rison refuses malformed text with a position", () => {
  for (const bad of ["(a:1", "!(1,2", "'open", "(a 1)", "!x", "(1:2)", "((((((((((((((((((((((((((((((((((a:1))))))))))))))))))))))))))))))))))", "1)"]) {
    assert.throws(() => decode(bad), /at character \d+|nested too deeply/, bad);
  }
  const proto = decode("(__proto__:(polluted:!t))");
  assert.equal({}.polluted, undefined);
  assert.deepEqual(Object.keys(proto), ["__proto__"]);
});

test("hashes are versioned, readable and survive bad parts", () => {
  const hash = buildHash({ tab: "schedules", panels: { sch: { steps: 200, items: [{ s: { scheduler: "LambdaLR", lr_lambda: "0.95 ** epoch" } }] } } });
  assert.equal(hash, "v=1&tab=schedules&sch=(steps:200,items:!((s:(scheduler:LambdaLR,lr_lambda:'0.95%20**%20epoch'))))");
  const parsed = parseHash(`#${hash}`);
  assert.deepEqual(parsed.problems, []);
  assert.equal(parsed.tab, "schedules");
  assert.equal(parsed.panels.sch.items[0].s.lr_lambda, "0.95 ** epoch");

  assert.deepEqual(parseHash(""), { tab: null, panels: {}, problems: [] });
  assert.match(parseHash("#v=9&sch=(a:1)").problems[0], /another version/);
  assert.match(parseHash("#sch=(a:1)").problems[0], /no state version/);
  const partly = parseHash("#v=1&tab=schedules&sch=(steps:2&other=%E0%A4%A");
  assert.equal(partly.tab, "schedules");
  assert.equal(partly.problems.length, 2);
  assert.match(parseHash(`#v=1&sch=${"(".repeat(200_000)}`).problems[0], /too long/);
});

test("the default state survives a round trip through the link", () => {
  const state = defaultState(examples, LOSS);
  const link = toLink(state, LOSS);
  assert.deepEqual(link, { items: [{ s: { scheduler: "StepLR", step_size: 30, gamma: 0.1 }, c: 0 }] });
  const back = fromLink(decode(encode(link)), examples, LOSS);
  assert.deepEqual(back.problems, []);
  assert.deepEqual(back.state, state);
});

test("an edited state survives a round trip through the link", () => {
  const state = defaultState(examples, LOSS);
  Object.assign(state, { steps: 300, spe: 50, x: "ep", log: true, table: true, sel: 1 });
  state.items.push({ name: "warm-up then cosine", color: 3, lr: 0.05, opt: { name: "Adam", betas: [0.95, 0.999] }, cfg: { ...examples("SequentialLR"), last_epoch: undefined } });
  delete state.items[1].cfg.last_epoch;
  state.items[1].cfg.schedulers = state.items[1].cfg.schedulers.map(({ last_epoch, ...rest }) => rest);
  state.loss.noise = 0.1;
  const back = fromLink(decode(encode(toLink(state, LOSS))), examples, LOSS);
  assert.deepEqual(back.problems, []);
  assert.deepEqual(back.state, state);
});

test("links with wrong types, unknown names or huge numbers fall back, and say why", () => {
  const { state, problems } = fromLink(
    {
      steps: 1e12,
      spe: -3,
      x: "<script>",
      log: "yes",
      sel: 7,
      items: [
        { s: { scheduler: "NoSuchLR" } },
        { s: { scheduler: "StepLR", step_size: 2.5, gamma: "0.1", bogus: 1 }, c: 99, lr: "x", n: 42 },
        { s: { scheduler: "SequentialLR", schedulers: [{ scheduler: "ReduceLROnPlateau" }], milestones: [10] } },
      ],
      loss: { noise: "loud", seed: -1, unknown: 3 },
    },
    examples,
    LOSS,
  );
  assert.equal(state.steps, 100);
  assert.equal(state.spe, 1);
  assert.equal(state.x, "it");
  assert.equal(state.log, false);
  assert.equal(state.sel, 0);
  assert.equal(state.items.length, 2);
  assert.deepEqual(state.items[0].cfg, { scheduler: "StepLR", step_size: 30, gamma: 0.1 });
  assert.equal(state.items[0].name, "StepLR");
  assert.equal(state.items[0].lr, 0.1);
  assert.deepEqual(state.items[1].cfg.schedulers.map((c) => c.scheduler), ["LinearLR", "CosineAnnealingLR"]);
  assert.deepEqual(state.loss, LOSS);
  assert.ok(problems.length >= 12, problems.join("\n"));
  assert.ok(problems.some((p) => p.includes('unknown scheduler "NoSuchLR"')));
  assert.ok(problems.some((p) => p.includes("ignored step_size=2.5")));
  assert.deepEqual(fromLink("nonsense", examples, LOSS).state, defaultState(examples, LOSS));
  assert.equal(fromLink({ items: Array(50).fill({ s: { scheduler: "StepLR" } }) }, examples, LOSS).state.items.length, 8);
});

test("specs carry the optimizer's applicable settings and the metrics only for plateaus", () => {
  const state = defaultState(examples, LOSS);
  const item = state.items[0];
  assert.deepEqual(specFor(item, 100, [1, 2]), { scheduler: "StepLR", step_size: 30, gamma: 0.1, lr: 0.1, optimizer: { name: "SGD", momentum: 0.9 }, steps: 100 });
  item.opt = { name: "Adam", momentum: 0.9 };
  assert.deepEqual(specFor(item, 10).optimizer, { name: "Adam", betas: [0.9, 0.999] });
  item.cfg = examples("ReduceLROnPlateau");
  assert.deepEqual(specFor(item, 2, new Float64Array([1, 0.5])).metrics, [1, 0.5]);
});

test("form values parse as PyTorch's types, with messages naming the keyword", () => {
  const float = { key: "gamma", type: "float" };
  assert.deepEqual(parseField(float, " 1e-3 "), { ok: true, value: 0.001 });
  assert.deepEqual(parseField(float, ""), { ok: false, message: "gamma: enter a number" });
  assert.deepEqual(parseField(float, "abc"), { ok: false, message: 'gamma: "abc" is not a number' });
  assert.deepEqual(parseField(float, "nan"), { ok: false, message: "gamma must be a finite number, got nan" });
  assert.deepEqual(parseField(float, "1e999"), { ok: false, message: "gamma must be a finite number, got 1e999" });
  const int = { key: "step_size", type: "int" };
  assert.deepEqual(parseField(int, "-3"), { ok: true, value: -3 });
  assert.deepEqual(parseField(int, "2.5"), { ok: false, message: "step_size must be a whole number, got 2.5" });
  assert.deepEqual(parseField({ key: "total_steps", type: "int?" }, " "), { ok: true, value: null });
  assert.deepEqual(parseField({ key: "milestones", type: "ints" }, "30, 80 90"), { ok: true, value: [30, 80, 90] });
  assert.equal(parseField({ key: "milestones", type: "ints" }, "30, x").ok, false);
  assert.equal(parseField({ key: "lr_lambda", type: "expr" }, "x".repeat(201)).ok, false);
  assert.equal(formatNumber(0.1 + 0.2), "0.3");
  assert.equal(formatNumber(1e-8), "1e-8");
  assert.equal(formatNumber(2.5e-5), "2.5e-5");
});
