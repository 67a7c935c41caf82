// The Snapshots panel's settings form: the cyclic schedule, SGD, the baseline's schedule and
// the shared plane.
import { h } from "../lib/dom.js";
import { FieldSet } from "../train/fields.js";

/** Spec keys the core's messages may name, mapped to the form's fields. */
export const FIELD_KEYS = ["cycles", "T_0", "T_mult", "lr", "momentum", "weight_decay", "epochs", "train_size", "milestones", "step_size", "gamma", "size"];

export function buildForm(s, set) {
  const fields = new FieldSet({ prefix: "sn", onEdit: () => {} });
  const num = (key, label, type, value, help, apply) => fields.text({ key, label, type, value, help, set: apply });
  const cyclic = s.sch === "cyclic";
  const schedule = h(
    "fieldset",
    { class: "ls-group" },
    h("legend", {}, "Cyclic schedule"),
    fields.select({
      key: "schedule",
      label: "Schedule",
      value: s.sch,
      options: [
        { value: "cyclic", label: "Huang's cyclic cosine" },
        { value: "warm", label: "CosineAnnealingWarmRestarts" },
      ],
      help: cyclic ? "α(t) = α0/2 · (cos(π · mod(t−1, ⌈T/M⌉) / ⌈T/M⌉) + 1), per iteration." : "SGDR, stepped per iteration; a snapshot at the end of every period that ends within the run.",
      set: (v) => set({ sch: v }, true),
    }),
    cyclic ? num("cycles", "Cycles M", "int", s.M, null, (v) => set({ M: v })) : null,
    cyclic ? null : num("T_0", "T_0 (epochs)", "int", s.t0, null, (v) => set({ t0: v })),
    cyclic ? null : num("T_mult", "T_mult", "int", s.tm, null, (v) => set({ tm: v })),
  );
  const sgd = h(
    "fieldset",
    { class: "ls-group" },
    h("legend", {}, "SGD (both runs)"),
    num("lr", "Learning rate α0", "float", s.lr, "Huang et al. restart at 0.1 or 0.2.", (v) => set({ lr: v })),
    num("momentum", "Momentum", "float", s.mom, null, (v) => set({ mom: v })),
    num("weight_decay", "Weight decay", "float", s.wd, null, (v) => set({ wd: v })),
    num("epochs", "Epochs T (the budget of both runs)", "int", s.ep, null, (v) => set({ ep: v })),
    num("train_size", "Training digits per epoch", "int", s.ts, null, (v) => set({ ts: v })),
  );
  const multi = s.bl === "multistep";
  const baseline = h(
    "fieldset",
    { class: "ls-group" },
    h("legend", {}, "Single-model baseline"),
    fields.select({
      key: "baseline",
      label: "Schedule (stepped per epoch)",
      value: s.bl,
      options: [
        { value: "multistep", label: "MultiStepLR" },
        { value: "step", label: "StepLR" },
      ],
      help: "Same seed, data, optimizer and epochs; only the schedule differs.",
      set: (v) => set({ bl: v }, true),
    }),
    multi
      ? fields.text({ key: "milestones", label: "Milestones (epochs)", type: "ints", value: s.ms, help: "Huang et al. divide by 10 at 50% and 75% of the run.", check: (v) => (v.length ? null : "give at least one milestone"), set: (v) => set({ ms: v }) })
      : num("step_size", "Step size (epochs)", "int", s.ss, null, (v) => set({ ss: v })),
    num("gamma", "Gamma", "float", s.g, null, (v) => set({ g: v })),
  );
  const figure = h(
    "fieldset",
    { class: "ls-group" },
    h("legend", {}, "Shared plane (Figure 1)"),
    fields.select({
      key: "plane",
      label: "Plane",
      value: s.fp,
      options: [
        { value: "pca", label: "PCA of both paths" },
        { value: "snapshots", label: "through the last three snapshots" },
      ],
      set: (v) => set({ fp: v }, true),
    }),
    num("size", "Grid points per side", "int", s.n, "An 11 × 11 pass is drawn first.", (v) => set({ n: v })),
  );
  return { element: h("div", { class: "sn-form" }, schedule, sgd, baseline, figure), fields };
}
