// What the Schedules panel shows for each scheduler: its keywords (PyTorch's names), how to edit
// them and a line of help. Defaults are not repeated here: they come from the Rust core
// (`scheduler_example`), so the form and the simulation cannot disagree.
//
// Field types: "float", "int", "int?" (an int or None), "ints" (a list of ints), "bool",
// "enum" (one of `options`), "expr" (a lr_lambda expression in `epoch`), "schedulers" (children
// of SequentialLR / ChainedScheduler). `required`: PyTorch has no default (the form starts
// from the documentation's example value).

const gamma = (help) => ({ key: "gamma", type: "float", help });
const momentumFields = [
  { key: "cycle_momentum", type: "bool", help: "Cycle momentum (SGD) or beta1 (Adam) inversely to the learning rate." },
  { key: "base_momentum", type: "float", help: "Momentum at the learning rate's peak." },
  { key: "max_momentum", type: "float", help: "Momentum at the learning rate's low points." },
];

export const SCHEDULERS = {
  StepLR: {
    summary: "Multiplies the learning rate by gamma every step_size steps.",
    fields: [
      { key: "step_size", type: "int", required: true, help: "Period of decay, in scheduler steps." },
      gamma("Multiplicative factor of decay."),
    ],
  },
  MultiStepLR: {
    summary: "Multiplies the learning rate by gamma at each milestone.",
    fields: [
      { key: "milestones", type: "ints", required: true, help: "Increasing step indices, e.g. 30, 80." },
      gamma("Multiplicative factor of decay."),
    ],
  },
  ExponentialLR: {
    summary: "Multiplies the learning rate by gamma every step.",
    fields: [{ key: "gamma", type: "float", required: true, help: "Multiplicative factor of decay." }],
  },
  TimeBasedDecay: {
    summary: "The lecture's time-based decay: lr[n+1] = lr[n] / (1 + decay * n). Not in PyTorch.",
    fields: [{ key: "decay", type: "float", required: true, help: "The decay d in lr[n+1] = lr[n] / (1 + d n)." }],
  },
  ExponentialDecay: {
    summary: "The lecture's exponential decay: lr[n] = lr[0] * exp(-decay * n). Not in PyTorch.",
    fields: [{ key: "decay", type: "float", required: true, help: "The decay d in lr[n] = lr[0] exp(-d n)." }],
  },
  ReduceLROnPlateau: {
    summary: "Multiplies the learning rate by factor when the validation loss stops improving.",
    metric: true,
    fields: [
      { key: "mode", type: "enum", options: ["min", "max"], help: "min: the metric should fall (a loss); max: rise." },
      { key: "factor", type: "float", help: "new_lr = lr * factor (must be < 1)." },
      { key: "patience", type: "int", help: "Steps without improvement to wait before reducing." },
      { key: "threshold", type: "float", help: "How much better counts as an improvement." },
      { key: "threshold_mode", type: "enum", options: ["rel", "abs"], help: "rel: relative to the best; abs: absolute." },
      { key: "cooldown", type: "int", help: "Steps to ignore the metric after a reduction." },
      { key: "min_lr", type: "float", help: "Lower bound on the learning rate." },
      { key: "eps", type: "float", help: "Smaller changes of the learning rate are ignored." },
    ],
  },
  MultiplicativeLR: {
    summary: "Multiplies the learning rate by lr_lambda(epoch) every step.",
    fields: [
      { key: "lr_lambda", type: "expr", required: true, help: "Factor per step, in epoch, e.g. 0.95 or 1 - 0.01 * (epoch < 50)." },
    ],
  },
  LambdaLR: {
    summary: "Sets the learning rate to initial_lr * lr_lambda(epoch).",
    fields: [
      { key: "lr_lambda", type: "expr", required: true, help: "Multiplier of the initial lr, in epoch, e.g. 0.95 ** epoch." },
    ],
  },
  CyclicLR: {
    summary: "Cycles the learning rate between base_lr and max_lr (Smith 2017), stepped every batch.",
    fields: [
      { key: "base_lr", type: "float", required: true, help: "Lower boundary of the cycle (overrides the optimizer's lr)." },
      { key: "max_lr", type: "float", required: true, help: "Upper boundary of the cycle." },
      { key: "step_size_up", type: "int", help: "Steps in the increasing half of a cycle." },
      { key: "step_size_down", type: "int?", help: "Steps in the decreasing half (empty: same as up)." },
      { key: "mode", type: "enum", options: ["triangular", "triangular2", "exp_range"], help: "triangular2 halves the amplitude each cycle; exp_range scales it by gamma ** step." },
      gamma("Scaling constant of exp_range."),
      { key: "scale_mode", type: "enum", options: ["cycle", "iterations"], help: "Whether the scaling uses the cycle number or the step." },
      ...momentumFields,
    ],
  },
  OneCycleLR: {
    summary: "One cycle up to max_lr and down far below the start (Smith & Topin 2018), stepped every batch.",
    fields: [
      { key: "max_lr", type: "float", required: true, help: "Peak learning rate (overrides the optimizer's lr)." },
      { key: "total_steps", type: "int?", help: "Length of the cycle; empty: epochs * steps_per_epoch." },
      { key: "epochs", type: "int?", help: "With steps_per_epoch, gives total_steps when it is empty." },
      { key: "steps_per_epoch", type: "int?", help: "With epochs, gives total_steps when it is empty." },
      { key: "pct_start", type: "float", help: "Fraction of the cycle spent increasing." },
      { key: "anneal_strategy", type: "enum", options: ["cos", "linear"], help: "Shape of the annealing." },
      ...momentumFields,
      { key: "div_factor", type: "float", help: "initial_lr = max_lr / div_factor." },
      { key: "final_div_factor", type: "float", help: "min_lr = initial_lr / final_div_factor." },
      { key: "three_phase", type: "bool", help: "Add a third phase that anneals to min_lr." },
    ],
  },
  CosineAnnealingLR: {
    summary: "Follows a cosine from the initial lr down to eta_min over T_max steps (SGDR without restarts).",
    fields: [
      { key: "T_max", type: "int", required: true, help: "Steps of the half cosine." },
      { key: "eta_min", type: "float", help: "Minimum learning rate." },
    ],
  },
  CosineAnnealingWarmRestarts: {
    summary: "Cosine annealing that restarts at the initial lr, each period T_mult times longer (SGDR).",
    fields: [
      { key: "T_0", type: "int", required: true, help: "Steps until the first restart." },
      { key: "T_mult", type: "int", help: "Factor by which each period grows." },
      { key: "eta_min", type: "float", help: "Minimum learning rate." },
    ],
  },
  LinearLR: {
    summary: "Scales the learning rate linearly from start_factor to end_factor over total_iters steps (warm-up).",
    fields: [
      { key: "start_factor", type: "float", help: "Multiplier at step 0." },
      { key: "end_factor", type: "float", help: "Multiplier from total_iters on." },
      { key: "total_iters", type: "int", help: "Steps of the ramp." },
    ],
  },
  ConstantLR: {
    summary: "Scales the learning rate by factor for the first total_iters steps.",
    fields: [
      { key: "factor", type: "float", help: "Multiplier until total_iters." },
      { key: "total_iters", type: "int", help: "Steps scaled by factor." },
    ],
  },
  PolynomialLR: {
    summary: "Decays the learning rate as (1 - step / total_iters) ** power.",
    fields: [
      { key: "total_iters", type: "int", help: "Steps until the learning rate reaches 0." },
      { key: "power", type: "float", help: "Power of the polynomial." },
    ],
  },
  SequentialLR: {
    summary: "Runs one scheduler after another, switching at the milestones (e.g. warm-up then cosine).",
    fields: [
      { key: "schedulers", type: "schedulers", help: "Schedulers in the order they take over." },
      { key: "milestones", type: "ints", required: true, help: "Steps at which the next scheduler takes over (one fewer than schedulers)." },
    ],
  },
  ChainedScheduler: {
    summary: "Steps several schedulers together; their effects multiply.",
    fields: [{ key: "schedulers", type: "schedulers", help: "Schedulers stepped one after another at every step." }],
  },
};

/** Keywords the form never shows (the lab always starts schedulers fresh). */
export const HIDDEN_KEYS = ["last_epoch", "verbose"];

/** Schedulers a SequentialLR or ChainedScheduler may contain in the form. */
export const CHILD_SCHEDULERS = Object.keys(SCHEDULERS).filter(
  (name) => !["ReduceLROnPlateau", "SequentialLR", "ChainedScheduler"].includes(name),
);

/** The optimizers a schedule can run on and the settings schedulers read from them. */
export const OPTIMIZERS = {
  SGD: { momentum: true },
  Adam: { betas: true },
  AdamW: { betas: true },
  RMSprop: { momentum: true },
  Adagrad: {},
  Adadelta: {},
};

/** Looks a field up: the table's entry, or a plain number field for keys the table lacks. */
export function fieldsFor(name, example) {
  const known = SCHEDULERS[name]?.fields ?? [];
  const keys = new Set(known.map((f) => f.key));
  const extra = Object.keys(example ?? {})
    .filter((k) => k !== "scheduler" && !keys.has(k) && !HIDDEN_KEYS.includes(k))
    .map((key) => ({ key, type: typeof example[key] === "boolean" ? "bool" : typeof example[key] === "string" ? "expr" : "float", help: "" }));
  return [...known, ...extra];
}
