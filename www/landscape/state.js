// The Landscape panel's settings, their URL form and the spec they make (the JSON `lrlab
// landscape` reads: a TrainConfig plus "landscape").
//   ls=(k:10,pl:random,sd:3,n:31)
import { linkCodec } from "./link.js";

/** The lab's quick default run: SGD with momentum, the lr halved every epoch, 3 short epochs. */
export const LAB_TRAIN = {
  optimizer: { optimizer: "SGD", lr: 0.1, momentum: 0.9 },
  schedule: { scheduler: "StepLR", step_size: 1, gamma: 0.3 },
};

export const DEFAULT_STATE = {
  src: "lab", // "lab" | "train"
  ep: 3, // epochs (lab setup)
  ts: 4000, // training images per epoch (lab setup)
  k: 5, // record every k iterations
  mb: 40, // trajectory budget, MB
  pl: "pca", // "pca" | "random" | "points"
  sd: 0, // random plane seed
  pts: [0, 40, -1], // plane through path points
  n: 41, // grid side
  c: 11, // coarse grid side (0: none)
  m: 0.25, // margin when fitting the extent
  ext: 0, // fixed extent (1) or fitted (0)
  ax: [-1, 1, -1, 1], // fixed extent: a min, a max, b min, b max
  ev: 2000, // evaluation images per grid point
  met: "loss", // surface shown: "loss" | "accuracy"
  log: true, // log colour bands
};

const codec = linkCodec(
  {
    src: { type: "enum", options: ["lab", "train"] },
    ep: { type: "int" },
    ts: { type: "int" },
    k: { type: "int" },
    mb: { type: "float" },
    pl: { type: "enum", options: ["pca", "random", "points"] },
    sd: { type: "int" },
    pts: { type: "ints", length: 3 },
    n: { type: "int" },
    c: { type: "int" },
    m: { type: "float" },
    ext: { type: "bool" },
    ax: { type: "floats", length: 4 },
    ev: { type: "int" },
    met: { type: "enum", options: ["loss", "accuracy"] },
    log: { type: "bool" },
  },
  DEFAULT_STATE,
);

export function toLink(state) {
  return codec.toLink(state);
}

export function fromLink(raw) {
  return codec.fromLink(raw, "landscape");
}

/**
 * The spec for `state`: the lab's quick run or `trainConfig` (the Train panel's), with the
 * landscape settings.
 */
export function specFor(state, defaults, trainConfig) {
  const train = structuredClone(trainConfig ?? defaults);
  if (!trainConfig) {
    Object.assign(train, structuredClone(LAB_TRAIN));
    train.epochs = state.ep;
    train.data.train_size = state.ts;
  }
  for (const key of Object.keys(train.data)) if (key.endsWith("_images") || key.endsWith("_labels")) delete train.data[key];
  const plane = state.pl === "pca" ? { kind: "pca" } : state.pl === "random" ? { kind: "random", seed: state.sd } : { kind: "points", points: state.pts };
  const [x0, x1, y0, y1] = state.ax;
  return {
    ...train,
    landscape: {
      trajectory: { every: state.k, budget_mb: state.mb },
      plane,
      grid: { size: state.n, coarse: state.c, extent: state.ext ? { x: [x0, x1], y: [y0, y1] } : null, margin: state.m, eval_size: state.ev },
    },
  };
}
