// The readable attributes of <lrlab-landscape> and <lrlab-snapshots>: kebab-case names of the
// panels' settings, checked here so a bad value is named by its attribute (the panel's link
// reader checks the result again, as it checks any link).
import { norm, trainLink, typed, unknown } from "./attributes.js";

/**
 * One setting per attribute: `[attribute, link key, kind, choices]`; kind is "int", "float",
 * "bool", "ints", "floats" or "enum" (choices: `{ attribute value: link value }`).
 */
function readSettings(table, attrs, link, left, problems) {
  for (const [name, key, kind, choices] of table) {
    // HTML lower-cases attribute names: t-0, t_0 and T-0 all name T_0.
    const attr = [...attrs.keys()].find((a) => left.has(a) && norm(a) === norm(name));
    if (attr === undefined) continue;
    left.delete(attr);
    const text = attrs.get(attr);
    if (kind === "enum") {
      const value = choices[norm(text)];
      // The first name of each value is the documented one; later names are accepted aliases.
      const names = Object.keys(choices).filter((c, i, all) => all.findIndex((d) => choices[d] === choices[c]) === i);
      if (value === undefined) problems.push(`${attr}="${text}" must be one of ${names.map((c) => c.replace(/_/g, "-")).join(", ")}`);
      else link[key] = value;
      continue;
    }
    const like = { int: 0, float: 0, bool: false, ints: [], floats: [] }[kind];
    const v = typed(attr, text, like);
    if (!v.ok) problems.push(v.message);
    else if (kind === "int" && !Number.isInteger(v.value)) problems.push(`${attr}="${text}" must be a whole number`);
    else if (kind === "ints" && !v.value.every(Number.isInteger)) problems.push(`${attr}="${text}" must be whole numbers separated by spaces`);
    else if (choices?.length !== undefined && v.value.length !== choices.length) problems.push(`${attr}="${text}" must be ${choices.length} numbers`);
    else link[key] = kind === "bool" ? (v.value ? 1 : 0) : v.value;
  }
}

/** A count of values an "ints"/"floats" attribute must have. */
const exactly = (length) => ({ length });

const METRIC = { loss: "loss", accuracy: "accuracy" };

const LANDSCAPE = [
  ["epochs", "ep", "int"],
  ["train-size", "ts", "int"],
  ["every", "k", "int"],
  ["budget-mb", "mb", "float"],
  ["plane", "pl", "enum", { pca: "pca", random: "random", points: "points" }],
  ["plane-seed", "sd", "int"],
  ["points", "pts", "ints", exactly(3)],
  ["grid-size", "n", "int"],
  ["coarse", "c", "int"],
  ["eval-size", "ev", "int"],
  ["margin", "m", "float"],
  ["metric", "met", "enum", METRIC],
  ["log", "log", "bool"],
];

/**
 * Landscape: source (`lab` or `train`), epochs, train-size (the lab's run), every, budget-mb,
 * plane (`pca`, `random`, `points`), plane-seed, points (three path indices), grid-size,
 * coarse, eval-size, margin or extent (four numbers: a from, a to, b from, b to), metric
 * (`loss`, `accuracy`), log; with the Train panel's keywords (optimizer, lr, momentum,
 * scheduler and its keywords, batch-size, seed, hidden-sizes, ...) it trains with those
 * (`source="train"`, implied), and then epochs and train-size are the training's.
 */
export function landscape(attrs, base, ctx, problems, trainBase) {
  const link = structuredClone(base);
  const left = new Set(attrs.keys());
  // Which attributes the training setup would take, without taking them yet.
  const probe = new Set(left);
  trainLink(attrs, trainBase, ctx, [], probe);
  const training = [...left].filter((a) => !probe.has(a) && a !== "epochs" && a !== "train-size");
  if (attrs.has("source")) readSettings([["source", "src", "enum", { lab: "lab", train: "train" }]], attrs, link, left, problems);
  else if (training.length > 0) link.src = "train";
  let trainState = trainBase;
  if ((link.src ?? "lab") === "train") {
    trainState = trainLink(attrs, trainBase, ctx, problems, left);
  } else {
    for (const a of training) {
      left.delete(a);
      problems.push(`${a}: the lab's quick run is fixed (SGD, lr 0.1, momentum 0.9, StepLR); set source="train" to train with your own settings`);
    }
  }
  readSettings(LANDSCAPE, attrs, link, left, problems);
  if (attrs.has("extent")) {
    const extent = {};
    readSettings([["extent", "ax", "floats", exactly(4)]], attrs, extent, left, problems);
    if (extent.ax) Object.assign(link, { ax: extent.ax, ext: 1 });
  }
  unknown(left, problems, "lrlab-landscape");
  return { link, trainState };
}

const SNAPSHOTS = [
  ["schedule", "sch", "enum", { huang: "cyclic", warm_restarts: "warm", cyclic: "cyclic", cyclic_cosine: "cyclic", warm: "warm", cosineannealingwarmrestarts: "warm" }],
  ["cycles", "M", "int"],
  ["t-0", "t0", "int"],
  ["t-mult", "tm", "int"],
  ["lr", "lr", "float"],
  ["momentum", "mom", "float"],
  ["weight-decay", "wd", "float"],
  ["epochs", "ep", "int"],
  ["train-size", "ts", "int"],
  ["baseline", "bl", "enum", { multistep: "multistep", multisteplr: "multistep", step: "step", steplr: "step" }],
  ["milestones", "ms", "ints"],
  ["step-size", "ss", "int"],
  ["gamma", "g", "float"],
  ["plane", "fp", "enum", { pca: "pca", snapshots: "snapshots" }],
  ["grid-size", "n", "int"],
  ["view", "wa", "enum", { ensemble: 0, weights: 1 }],
  ["metric", "met", "enum", METRIC],
  ["log", "log", "bool"],
];

/**
 * Snapshots: schedule (`huang` or `warm-restarts`), cycles (Huang's M), t-0 and t-mult (warm
 * restarts, in epochs), lr, momentum, weight-decay, epochs, train-size, baseline (`multistep`
 * or `step`), milestones, step-size, gamma, plane (`pca` or `snapshots`), grid-size, view
 * (`ensemble` or `weights`), metric, log.
 */
export function snapshots(attrs, base, ctx, problems) {
  const link = structuredClone(base);
  const left = new Set(attrs.keys());
  readSettings(SNAPSHOTS, attrs, link, left, problems);
  unknown(left, problems, "lrlab-snapshots");
  return link;
}
