// The Train panel's settings: data subset, model, optimizer (every keyword, starting at
// PyTorch's defaults), schedule (any schedule configured in the Schedules panel), batch size,
// epochs and seed. Edits change `state.config` in place and call `onChange(key)`.
import { byId, focusedIn, h } from "../lib/dom.js";
import { DigitGrid } from "./digits.js";
import { FieldSet } from "./fields.js";
import { ACTIVATIONS, LIMITS, OPTIMIZER_NAMES } from "./state.js";
import { pythonCall } from "./words.js";

/** Help for each optimizer keyword (PyTorch's names); defaults are added from the core. */
const OPTIMIZER_HELP = {
  lr: "Learning rate: scales every update (the lecture's η).",
  momentum: "Fraction of the previous update added to this one.",
  dampening: "Dampening for momentum.",
  weight_decay: "L2 penalty added to the gradient (AdamW: decoupled decay of the weights).",
  nesterov: "Nesterov momentum (needs momentum > 0 and dampening 0).",
  maximize: "Maximize the loss instead of minimizing it.",
  eps: "Term added to the denominator for numerical stability.",
  amsgrad: "AMSGrad: divide by the largest second moment seen so far.",
  decoupled_weight_decay: "Decay the weights directly, as AdamW does.",
  alpha: "Smoothing constant of the squared-gradient average.",
  centered: "Divide by the estimated variance of the gradient instead of its second moment.",
  lr_decay: "lr / (1 + (step - 1) * lr_decay) at each step.",
  initial_accumulator_value: "Starting value of the sum of squared gradients.",
  rho: "Decay rate of the running averages of squared gradients and updates.",
};
const STEP_LABELS = {
  auto: "auto: every batch for CyclicLR and OneCycleLR, else every epoch",
  epoch: "every epoch, after validation",
  iteration: "every iteration, after optimizer.step()",
};

export class TrainForm {
  /**
   * `optimizerDefaults(name)`: PyTorch's keywords; `schedules()`: the Schedules panel's items;
   * `onChange(key)` after an edit; `onEditSchedules()` opens the Schedules panel.
   */
  constructor({ optimizerDefaults, schedules, onChange, onEditSchedules, dataSource }) {
    this.optimizerDefaults = optimizerDefaults;
    this.schedules = schedules;
    this.onChange = onChange;
    this.fields = new FieldSet({ prefix: "trn", onEdit: (key) => this.edited(key) });
    this.preview = new DigitGrid({ label: "Sample training digits", empty: "No digits to preview." });
    this.previewNote = h("p", { class: "help", "aria-live": "polite" });
    this.formError = h("p", { class: "form-error", role: "alert", hidden: true });
    this.dataFields = h("div", { class: "trn-grid" });
    this.modelFields = h("div", { class: "trn-grid" });
    this.optimizerFields = h("div", { class: "trn-grid" });
    this.scheduleFields = h("div", { class: "trn-schedule" });
    this.loopFields = h("div", { class: "trn-grid" });
    // Without a Schedules panel (a widget alone) there is nowhere to edit them.
    this.editSchedules = h("button", { type: "button", class: "secondary", hidden: !onEditSchedules, onclick: onEditSchedules }, "Edit schedules in the Schedules panel");
    const section = (title, ...children) => h("fieldset", { class: "trn-section", "data-control-group": "" }, h("legend", {}, title), ...children);
    this.element = h(
      "form",
      { class: "trn-form", id: "trn-settings", tabindex: "-1", "aria-label": "Training settings", novalidate: true, onsubmit: (e) => e.preventDefault() },
      this.formError,
      section("Data", dataSource.element, this.dataFields, h("h3", { class: "trn-subhead" }, "Training digits"), this.previewNote, this.preview.element),
      section("Model", this.modelFields),
      section("Optimizer", this.optimizerFields),
      section("Learning-rate schedule", this.scheduleFields, this.editSchedules),
      section("Training loop", this.loopFields),
    );
  }

  /** Builds every control for `state` (keeping focus on the same control). */
  render(state) {
    this.state = state;
    const focused = focusedIn(this.element)?.id;
    this.fields.clear();
    this.renderData();
    this.renderModel();
    this.renderOptimizer();
    this.renderSchedule();
    this.renderLoop();
    if (focused) byId(this.element, focused)?.focus();
  }

  edited(key) {
    if (key === "optimizer") {
      this.renderOptimizer();
      byId(this.element, this.fields.id("optimizer"))?.focus();
    }
    if (key === "schedule") this.renderSchedule();
    if (key === "schedule" || key === "schedule_step" || key === "epochs" || key === "batch_size" || key.startsWith("data.")) this.describeSteps();
    this.onChange(key);
  }

  renderData() {
    const d = this.state.config.data;
    const f = this.fields;
    const count = (value) => (value > LIMITS.maxImages ? `at most ${LIMITS.maxImages.toLocaleString("en-US")} images` : value < 1 ? "at least 1 image" : null);
    this.dataFields.replaceChildren(
      f.text({ key: "data.train_size", label: "Training images", type: "int", value: d.train_size, help: "Digits the network learns from (train_size).", check: count, set: (v) => (d.train_size = v) }),
      f.text({ key: "data.val_size", label: "Validation images", type: "int", value: d.val_size, help: "Held-out digits scored after each epoch (val_size).", check: count, set: (v) => (d.val_size = v) }),
      f.text({ key: "data.seed", label: "Data seed", type: "int", value: d.seed, help: "Seed of the shuffle that picks the digits.", check: seedCheck, set: (v) => (d.seed = v) }),
      f.check({ key: "data.shuffle", label: "Shuffle before drawing", value: d.shuffle, help: "Off: the files' first images, in order.", set: (v) => (d.shuffle = v) }),
      f.check({ key: "data.balanced", label: "Class-balanced training set", value: d.balanced, help: "The same number of digits of each class.", set: (v) => (d.balanced = v) }),
    );
  }

  renderModel() {
    const m = this.state.config.model;
    const f = this.fields;
    const hidden = (v) =>
      v.length > LIMITS.maxLayers
        ? `at most ${LIMITS.maxLayers} hidden layers`
        : v.some((w) => w < 1 || w > LIMITS.maxWidth)
          ? `each hidden layer needs 1 to ${LIMITS.maxWidth} units`
          : null;
    this.modelFields.replaceChildren(
      f.text({ key: "model.hidden", label: "Hidden layers", type: "ints", value: m.hidden, help: 'Units per hidden layer, e.g. "128" or "256, 128"; empty for softmax regression.', check: hidden, set: (v) => (m.hidden = v) }),
      f.select({ key: "model.activation", label: "Activation", value: m.activation, options: ACTIVATIONS.map((a) => ({ value: a, label: { relu: "ReLU", tanh: "tanh", sigmoid: "sigmoid" }[a] })), help: "Nonlinearity after each hidden layer.", set: (v) => (m.activation = v) }),
    );
  }

  renderOptimizer() {
    const c = this.state.config;
    const f = this.fields;
    const name = c.optimizer.optimizer;
    const defaults = this.optimizerDefaults(name);
    const rows = [
      f.select({
        key: "optimizer",
        label: "Optimizer",
        value: name,
        options: OPTIMIZER_NAMES.map((n) => ({ value: n, label: `torch.optim.${n}` })),
        help: "Switching starts from the new optimizer's PyTorch defaults.",
        set: (v) => (c.optimizer = this.optimizerDefaults(v)),
      }),
    ];
    for (const [key, dflt] of Object.entries(defaults)) {
      if (key === "optimizer") continue;
      const help = `${OPTIMIZER_HELP[key] ?? ""} Default ${Array.isArray(dflt) ? `(${dflt.join(", ")})` : String(dflt)}.`.trim();
      const opt = c.optimizer;
      if (typeof dflt === "boolean") {
        rows.push(f.check({ key: `opt.${key}`, label: key, value: opt[key], help, code: true, set: (v) => (opt[key] = v) }));
      } else if (Array.isArray(dflt)) {
        dflt.forEach((_, i) => {
          rows.push(
            f.text({ key: `opt.beta${i + 1}`, label: `${key}[${i}] (beta${i + 1})`, type: "float", value: opt[key][i], help: i === 0 ? "Decay of the gradient's running average (Adam's momentum)." : "Decay of the squared gradient's running average.", code: true, set: (v) => (opt[key][i] = v) }),
          );
        });
      } else {
        rows.push(f.text({ key: `opt.${key}`, label: key, type: "float", value: opt[key], help, code: true, set: (v) => (opt[key] = v) }));
      }
    }
    this.optimizerFields.replaceChildren(...rows);
  }

  renderSchedule() {
    const s = this.state;
    const f = this.fields;
    const items = this.schedules();
    const options = [{ value: "none", label: "None: constant learning rate" }];
    items.forEach((item, i) => options.push({ value: `item:${i}`, label: item.name === item.cfg.scheduler ? item.name : `${item.name} (${item.cfg.scheduler})` }));
    let value = "none";
    if (s.config.schedule) {
      const i = items.findIndex((item) => item.name === s.sched);
      if (i >= 0) value = `item:${i}`;
      else {
        value = "kept";
        options.push({ value: "kept", label: `${s.sched ?? s.config.schedule.scheduler} (kept with this run's settings)` });
      }
    }
    const pick = f.select({
      key: "schedule",
      label: "Schedule",
      value,
      options,
      help: "Any schedule configured in the Schedules panel; its learning rate there is replaced by the optimizer's lr above.",
      set: (v) => {
        if (v === "none") {
          s.config.schedule = null;
          s.sched = null;
        } else if (v.startsWith("item:")) {
          const item = items[Number(v.slice(5))];
          s.config.schedule = structuredClone(item.cfg);
          s.sched = item.name;
        }
      },
    });
    const summary = h("p", { class: "trn-sched-summary mono" }, s.config.schedule ? pythonCall(s.config.schedule) : "No scheduler: lr stays at its initial value.");
    const radios = Object.entries(STEP_LABELS).map(([mode, text]) =>
      h(
        "label",
        { class: "radio" },
        h("input", {
          type: "radio",
          name: "trn-step",
          value: mode,
          checked: s.config.schedule_step === mode,
          onchange: () => {
            s.config.schedule_step = mode;
            this.fields.lastEdited = "schedule_step";
            this.edited("schedule_step");
          },
        }),
        text,
      ),
    );
    this.stepsNote = h("p", { class: "help", "aria-live": "polite" });
    this.scheduleFields.replaceChildren(
      pick,
      summary,
      h("fieldset", { class: "trn-step-mode", "data-control": "schedule_step", disabled: !s.config.schedule }, h("legend", {}, "Call scheduler.step()"), ...radios),
      this.stepsNote,
    );
    this.describeSteps();
  }

  /** Says how often this run steps the scheduler (and warns when OneCycleLR is too short). */
  describeSteps() {
    if (!this.stepsNote) return;
    const c = this.state.config;
    if (!c.schedule) {
      this.stepsNote.textContent = "";
      return;
    }
    const perIteration = c.schedule_step === "iteration" || (c.schedule_step === "auto" && ["CyclicLR", "OneCycleLR"].includes(c.schedule.scheduler));
    const batches = Math.ceil(c.data.train_size / c.batch_size);
    const steps = perIteration ? batches * c.epochs : c.epochs;
    let text = `This run calls scheduler.step() ${steps.toLocaleString("en-US")} times: once per ${perIteration ? `batch (${batches} per epoch)` : "epoch"}.`;
    if (c.schedule.scheduler === "OneCycleLR") {
      const total = c.schedule.total_steps ?? (c.schedule.epochs ?? 0) * (c.schedule.steps_per_epoch ?? 0);
      if (total && total < steps) text += ` OneCycleLR's cycle is ${total} steps long, so PyTorch stops the run with an error at step ${total + 1}: set total_steps to ${steps} in the Schedules panel.`;
    }
    this.stepsNote.textContent = text;
  }

  renderLoop() {
    const c = this.state.config;
    const f = this.fields;
    this.loopFields.replaceChildren(
      f.text({ key: "batch_size", label: "Batch size", type: "int", value: c.batch_size, help: "Digits per optimizer step.", check: (v) => (v < 1 || v > LIMITS.maxBatch ? `Batch size must be between 1 and ${LIMITS.maxBatch}` : null), set: (v) => (c.batch_size = v) }),
      f.text({ key: "epochs", label: "Epochs", type: "int", value: c.epochs, help: "Passes over the training digits.", check: (v) => (v < 1 || v > LIMITS.maxEpochs ? `Epochs must be between 1 and ${LIMITS.maxEpochs}` : null), set: (v) => (c.epochs = v) }),
      f.text({ key: "seed", label: "Seed", type: "int", value: c.seed, help: "Seed of the initial weights and the batch order: same seed, same run.", check: seedCheck, set: (v) => (c.seed = v) }),
    );
  }

  /** Shows the preview of the training subset (or the split's message at the data fields). */
  showPreview(preview, error) {
    this.fields.clearRust("data.");
    if (error) {
      if (!this.fields.attach(error, ["data.train_size", "data.val_size", "data.balanced"])) this.fields.setError("data.train_size", "rust", error);
      return;
    }
    if (!preview) {
      this.preview.render(null);
      this.previewNote.textContent = "";
      return;
    }
    this.preview.render(preview);
    const n = (x) => x.toLocaleString("en-US");
    const counts = Array.from(preview.class_counts, (c, digit) => `${digit}: ${n(c)}`).join(", ");
    this.previewNote.textContent = `${n(preview.train_size)} training and ${n(preview.val_size)} validation digits; per class ${counts}. The first ${preview.labels.length}:`;
  }

  /** Shows the core's message about the whole configuration next to its field (null clears). */
  showConfigError(message) {
    this.fields.clearRust("opt.", "optimizer", "model.", "schedule", "batch_size", "epochs", "seed");
    this.formError.hidden = true;
    if (!message) return;
    const keys = [...this.fields.fields.keys()].filter((k) => !k.startsWith("data."));
    if (!this.fields.attach(message, keys)) {
      this.formError.textContent = message;
      this.formError.hidden = false;
    }
  }
}

function seedCheck(v) {
  return v < 0 ? "A seed must be 0 or more" : null;
}
