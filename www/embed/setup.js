// The Train panel's settings without its page: what an LR Finder widget runs its tests on when
// there is no Train panel beside it. It answers what the LR Finder asks of the Train panel
// (`state`, `built`, `onChange`) and keeps its own compact link state for the widget's URL.
import { fromLink, toLink } from "../train/state.js";

/** A training setup read from `link` (a Train link state); its problems are added to `problems`. */
export function trainSetup(wasm, link, problems) {
  const defaults = wasm.train_defaults();
  const cache = new Map();
  const optimizerDefaults = (name) => {
    if (!cache.has(name)) cache.set(name, wasm.optimizer_defaults(name));
    return structuredClone(cache.get(name));
  };
  const read = fromLink(link ?? {}, defaults, optimizerDefaults, Array.from(wasm.scheduler_names()));
  problems.push(...read.problems.map((p) => `training setup: ${p}`));
  const setup = {
    state: read.state,
    built: false,
    setupLabel: "In use: this widget's training setup",
    onChange: () => {},
    linkState: () => toLink(setup.state, defaults, optimizerDefaults),
  };
  return setup;
}
