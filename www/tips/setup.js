// The setup every tip runs on: the lab's defaults or the Train panel's current model, data
// sizes, batch size and seed (each tip sets its own optimizers and schedules), with the quick
// budget's smaller epochs, and the digits to train on: the Train panel's files when it has
// loaded some, the bundled MNIST digits otherwise.
import { configFor } from "../train/state.js";
import { QUICK_DATA, count } from "./words.js";

/**
 * The base configuration (a TrainConfig object) for `source` ("lab" | "train") and `size`
 * ("full" | "quick"); `train()` is the Train panel (or null). Returns `{ config, files, from }`
 * with `files` null when the bundled digits are to be used.
 */
export function baseSetup(source, size, train, defaults) {
  const panel = source === "train" ? train() : null;
  const config = structuredClone(panel ? configFor(panel.state) : defaults);
  // The tips choose optimizers and schedules themselves; the file names are the Train panel's business.
  config.schedule = null;
  for (const key of Object.keys(config.data)) if (key.endsWith("_images") || key.endsWith("_labels")) delete config.data[key];
  if (size === "quick") Object.assign(config.data, QUICK_DATA);
  const files = panel?.dataSource?.files ?? null;
  return { config, files, from: panel ? "the Train panel's settings" : "the lab's defaults" };
}

/** One line saying what the experiments train. */
export function describeSetup({ config, files, from }) {
  const m = config.model;
  const layers = [784, ...(m.hidden ?? []), 10].join("-");
  const data = files ? "the Train panel's digits" : "the bundled MNIST digits";
  return `Each run trains a ${layers} ${m.activation ?? ""} network from ${from} on ${count(config.data.train_size)} of ${data} per epoch (validated on ${count(config.data.val_size)}), batch ${config.batch_size}, seed ${config.seed}.`.replace("  ", " ");
}
