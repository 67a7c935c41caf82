// The Snapshots panel's settings, their URL form and the spec they make (the JSON `lrlab
// snapshots` reads: TrainConfig keys plus "snapshots").
//   sn=(sch:warm,t0:1,tm:2,bl:step)
import { linkCodec } from "../landscape/link.js";

export const DEFAULT_STATE = {
  sch: "cyclic", // "cyclic" (Huang's cyclic cosine) | "warm" (CosineAnnealingWarmRestarts)
  M: 5, // cycles
  t0: 2, // T_0 in epochs
  tm: 1, // T_mult
  lr: 0.2, // alpha0, SGD's lr
  mom: 0.9,
  wd: 0,
  ep: 10,
  ts: 8000, // training digits per epoch
  bl: "multistep", // "multistep" | "step"
  ms: [5, 7], // MultiStepLR milestones (epochs)
  ss: 3, // StepLR step_size (epochs)
  g: 0.1, // baseline gamma
  fp: "pca", // figure plane: "pca" | "snapshots"
  n: 41, // figure grid side
  wa: false, // show weight averages instead of softmax ensembles
  met: "loss",
  log: true,
};

const codec = linkCodec(
  {
    sch: { type: "enum", options: ["cyclic", "warm"] },
    M: { type: "int" },
    t0: { type: "int" },
    tm: { type: "int" },
    lr: { type: "float" },
    mom: { type: "float" },
    wd: { type: "float" },
    ep: { type: "int" },
    ts: { type: "int" },
    bl: { type: "enum", options: ["multistep", "step"] },
    ms: { type: "ints" },
    ss: { type: "int" },
    g: { type: "float" },
    fp: { type: "enum", options: ["pca", "snapshots"] },
    n: { type: "int" },
    wa: { type: "bool" },
    met: { type: "enum", options: ["loss", "accuracy"] },
    log: { type: "bool" },
  },
  DEFAULT_STATE,
);

export const toLink = (state) => codec.toLink(state);
export const fromLink = (raw) => codec.fromLink(raw, "snapshots");

/** The spec of `state`. */
export function specFor(s) {
  const schedule = s.sch === "cyclic" ? { kind: "cyclic_cosine", cycles: s.M } : { kind: "warm_restarts", T_0: s.t0, T_mult: s.tm };
  const baseline = s.bl === "multistep" ? { scheduler: "MultiStepLR", milestones: s.ms, gamma: s.g } : { scheduler: "StepLR", step_size: s.ss, gamma: s.g };
  return {
    optimizer: { optimizer: "SGD", lr: s.lr, momentum: s.mom, weight_decay: s.wd },
    epochs: s.ep,
    data: { train_size: s.ts },
    snapshots: {
      schedule,
      baseline,
      figure: { plane: s.fp, grid: { size: s.n, coarse: s.n > 11 ? 11 : 0, margin: 0.1 } },
    },
  };
}
