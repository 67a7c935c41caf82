// Unit tests (plain Node) for the Train panel's pure parts: its state in the URL and back, run
// names and status, and the words it puts on numbers and settings.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fieldsNamedIn } from "../../www/train/fields.js";
import { statusText } from "../../www/train/runs.js";
import { configFor, defaultState, fromLink, runName, toLink } from "../../www/train/state.js";
import { describeConfusion, formatDuration, pythonCall } from "../../www/train/words.js";

/** What `train_defaults()` returns (TrainConfig::default()). */
const DEFAULTS = {
  data: { train_size: 8000, val_size: 2000, shuffle: true, balanced: false, seed: 0, train_images: null, train_labels: null, test_images: null, test_labels: null },
  model: { hidden: [128], activation: "relu" },
  optimizer: { optimizer: "Adam", lr: 0.001, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false, maximize: false },
  schedule: null,
  schedule_step: "auto",
  batch_size: 64,
  epochs: 5,
  seed: 0,
};
const OPTIMIZERS = {
  Adam: DEFAULTS.optimizer,
  SGD: { optimizer: "SGD", lr: 0.001, momentum: 0, dampening: 0, weight_decay: 0, nesterov: false, maximize: false },
};
const optimizerDefaults = (name) => structuredClone(OPTIMIZERS[name]);
const NAMES = ["StepLR", "CosineAnnealingLR", "OneCycleLR"];

test("defaults make an empty link and round-trip", () => {
  const state = defaultState(DEFAULTS);
  assert.equal(state.config.data.train_images, undefined, "file names are the page's business");
  assert.deepEqual(toLink(state, DEFAULTS, optimizerDefaults), {});
  const back = fromLink({}, DEFAULTS, optimizerDefaults, NAMES);
  assert.deepEqual(back, { state, problems: [] });
});

test("a changed state keeps only its differences and restores exactly", () => {
  const state = defaultState(DEFAULTS);
  state.config.data.train_size = 4000;
  state.config.model.hidden = [256, 128];
  state.config.optimizer = { ...optimizerDefaults("SGD"), lr: 0.1, momentum: 0.9 };
  state.config.schedule = { scheduler: "StepLR", step_size: 2, gamma: 0.5 };
  state.sched = "my step";
  state.config.schedule_step = "iteration";
  state.config.epochs = 3;
  state.view.x = "ep";
  const link = toLink(state, DEFAULTS, optimizerDefaults);
  assert.deepEqual(link, {
    d: { train_size: 4000 },
    m: { hidden: [256, 128] },
    o: { optimizer: "SGD", lr: 0.1, momentum: 0.9 },
    s: { scheduler: "StepLR", step_size: 2, gamma: 0.5 },
    sn: "my step",
    ss: "iteration",
    e: 3,
    v: { x: "ep" },
  });
  const back = fromLink(JSON.parse(JSON.stringify(link)), DEFAULTS, optimizerDefaults, NAMES);
  assert.deepEqual(back.problems, []);
  assert.deepEqual(back.state, state);
});

test("mangled links fall back to defaults and say what was ignored", () => {
  const raw = {
    d: { train_size: -5, val_size: 1e99, shuffle: "yes", nope: 1 },
    m: { hidden: [128, 0], activation: "gelu" },
    o: { optimizer: "SGD", lr: "0.1", momentum: 0.5, foo: 1 },
    s: { scheduler: "Nope" },
    ss: "sometimes",
    b: 0,
    e: 2.5,
    seed: -1,
    v: { smooth: 1, x: "ep" },
  };
  const { state, problems } = fromLink(raw, DEFAULTS, optimizerDefaults, NAMES);
  assert.equal(state.config.data.train_size, 8000);
  assert.equal(state.config.optimizer.optimizer, "SGD");
  assert.equal(state.config.optimizer.momentum, 0.5, "the valid keyword is kept");
  assert.equal(state.config.optimizer.lr, 0.001);
  assert.equal(state.config.schedule, null);
  assert.equal(state.view.x, "ep");
  assert.equal(state.view.smooth, 0.8);
  for (const expected of [
    "ignored data.train_size=-5",
    "ignored data.val_size=1e+99",
    'ignored data.shuffle="yes"',
    "ignored data.nope=1",
    "ignored model.hidden=[128,0]",
    'ignored model.activation="gelu"',
    'ignored SGD\'s lr="0.1"',
    "ignored SGD's foo=1",
    'ignored schedule "Nope"',
    'ignored schedule_step="sometimes"',
    "ignored batch_size=0",
    "ignored epochs=2.5",
    "ignored seed=-1",
    "ignored view.smooth=1",
  ]) {
    assert.ok(problems.includes(expected), `${expected} in ${JSON.stringify(problems)}`);
  }
  assert.deepEqual(fromLink("x", DEFAULTS, optimizerDefaults, NAMES).problems, ["the training part of the link is not an object"]);
  const proto = fromLink(JSON.parse('{"d": {"__proto__": {"train_size": 1}}}'), DEFAULTS, optimizerDefaults, NAMES);
  assert.equal(proto.state.config.data.train_size, 8000);
  assert.equal({}.train_size, undefined, "nothing reaches Object.prototype");
});

test("the config the core reads carries the user's file names", () => {
  const state = defaultState(DEFAULTS);
  const config = configFor(state, { train_images: "train-images.gz", train_labels: "train-labels.gz" });
  assert.equal(config.data.train_images, "train-images.gz");
  assert.equal(config.data.test_images, undefined);
  assert.equal(state.config.data.train_images, undefined, "the state is not changed");
});

test("runs are named by optimizer, lr and schedule", () => {
  assert.equal(runName(DEFAULTS), "Adam lr=0.001");
  const sgd = { ...DEFAULTS, optimizer: { ...optimizerDefaults("SGD"), lr: 0.1, momentum: 0.9 }, schedule: { scheduler: "StepLR" } };
  assert.equal(runName(sgd), "SGD lr=0.1, momentum 0.9 + StepLR");
});

test("a run's status in words", () => {
  const epochs = [{ epoch: 1, val_acc: 0.9123 }];
  assert.equal(statusText({ status: "queued" }), "waiting for its turn");
  assert.equal(statusText({ status: "running", iteration: 50, total: 200, epochs: [] }), "training: 25%");
  assert.equal(statusText({ status: "paused", iteration: 150, total: 200, epochs }), "paused: 75%, 91.23% validation accuracy after epoch 1");
  assert.equal(statusText({ status: "done", epochs }), "done: 91.23% validation accuracy after 1 epoch");
  assert.equal(statusText({ status: "done", epochs: [...epochs, { epoch: 2, val_acc: 0.95 }] }), "done: 95.00% validation accuracy after 2 epochs");
  assert.equal(statusText({ status: "diverged", failure: { message: "diverged at iteration 3, lr = 10" } }), "diverged at iteration 3, lr = 10");
  assert.equal(statusText({ status: "failed", failure: { message: "boom" } }), "failed: boom");
});

test("messages find the field they are about", () => {
  const keys = ["opt.lr", "opt.momentum", "opt.dampening", "opt.nesterov", "opt.beta1", "data.train_size", "schedule"];
  assert.deepEqual(fieldsNamedIn("Invalid learning rate: -0.1", keys), ["opt.lr"]);
  assert.deepEqual(fieldsNamedIn("Invalid beta parameter at index 0: 1.5", keys), ["opt.beta1"]);
  assert.deepEqual(fieldsNamedIn("Nesterov momentum requires a momentum and zero dampening", keys), ["opt.dampening", "opt.momentum", "opt.nesterov"]);
  assert.deepEqual(fieldsNamedIn("invalid data: train_size 9000 + val_size 2000 = 11000 exceeds", keys), ["data.train_size"]);
  assert.deepEqual(fieldsNamedIn("OneCycleLR: You must define either total_steps OR (epochs AND steps_per_epoch)", keys), ["schedule"]);
  assert.deepEqual(fieldsNamedIn("something else", keys), []);
});

test("settings and numbers in words", () => {
  assert.equal(pythonCall({ scheduler: "StepLR", step_size: 30, gamma: 0.1 }), "StepLR(step_size=30, gamma=0.1)");
  assert.equal(pythonCall({ scheduler: "CyclicLR", step_size_down: null, cycle_momentum: true, mode: "triangular" }), 'CyclicLR(step_size_down=None, cycle_momentum=True, mode="triangular")');
  const seq = { scheduler: "SequentialLR", schedulers: [{ scheduler: "LinearLR", total_iters: 5 }, { scheduler: "ExponentialLR", gamma: 0.9 }], milestones: [5] };
  assert.equal(pythonCall(seq), "SequentialLR(schedulers=[LinearLR(total_iters=5), ExponentialLR(gamma=0.9)], milestones=[5])");
  const counts = new Array(100).fill(0);
  for (let c = 0; c < 10; c += 1) counts[c * 11] = 9;
  counts[8 * 10 + 3] = 10;
  assert.equal(describeConfusion(counts), "90.00% of 100 validation digits right; most often an 8 taken for a 3 (10 times).");
  assert.equal(describeConfusion(new Array(100).fill(0)), "no validation digits.");
  assert.equal(formatDuration(0.2), "1 s");
  assert.equal(formatDuration(42.4), "42 s");
  assert.equal(formatDuration(185), "3 min 5 s");
  assert.equal(formatDuration(Infinity), "?");
});
