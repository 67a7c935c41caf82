// What the LR Finder takes from and gives to the other panels: the Train panel's current setup
// and digits (or the lab's defaults and the bundled digits), its optimizer lr set to a
// suggestion, and a CyclicLR / OneCycleLR item added to the Schedules panel. The other panels
// are reached through app.js's getters; their own code is not changed.
import { bundledFiles } from "../lib/digit-files.js";
import { LIMITS as SCHEDULE_LIMITS, newItem, suggestion } from "../schedules/state.js";
import { configFor, withoutFiles } from "../train/state.js";

export class Neighbours {
  /** `train()` / `schedules()`: the mounted panels (or undefined); `defaults`: `train_defaults()`. */
  constructor({ train, schedules, defaults, onTabRequest }) {
    this.train = train;
    this.schedules = schedules;
    this.defaults = withoutFiles(defaults);
    this.onTabRequest = onTabRequest;
  }

  /** The TrainConfig the tests run on: the Train panel's current one, or the lab's defaults. */
  config(source) {
    const panel = this.train();
    if (source === "train" && panel) return configFor(panel.state, panel.dataSource?.fileNames?.() ?? {});
    return structuredClone(this.defaults);
  }

  /** A name for the digits in use: the Train panel's files, or the bundled MNIST. */
  dataName(source) {
    const names = source === "train" ? this.train()?.dataSource?.names : null;
    return names ? `${names.train_images} + ${names.train_labels}` : "the bundled 10,000 MNIST digits";
  }

  /** The digit files: the Train panel's when its own files are in use, else the bundled ones. */
  async files(source) {
    const own = source === "train" ? this.train()?.dataSource : null;
    if (own?.files && own.names) return own.files;
    return bundledFiles();
  }

  /** Sets the Train panel's optimizer lr; returns the optimizer's name, or null without a Train panel. */
  useLr(lr) {
    const panel = this.train();
    if (!panel) return null;
    panel.state.config.optimizer.lr = lr;
    if (panel.built) {
      panel.form.render(panel.state);
      panel.check();
    }
    panel.onChange();
    return panel.state.config.optimizer.optimizer;
  }

  /** Adds `cfg` (a scheduler config) as a Schedules item named `name` at `lr`; returns an error message or null. */
  addSchedule(name, cfg, lr) {
    const panel = this.schedules();
    if (!panel) return "The Schedules panel is not available.";
    const s = panel.state;
    if (s.items.length >= SCHEDULE_LIMITS.maxItems) return `The Schedules panel already holds ${SCHEDULE_LIMITS.maxItems} schedules: remove one there first.`;
    const { color } = suggestion(s.items);
    const item = newItem(cfg.scheduler, panel.examples, { color, lr, opt: s.items[s.sel]?.opt });
    item.name = uniqueName(name, s.items);
    item.cfg = { ...item.cfg, ...cfg };
    // Show the whole schedule: a chart shorter than the schedule would cut it (OneCycleLR
    // refuses the steps past its end).
    const length = cfg.scheduler === "OneCycleLR" ? cfg.total_steps : 2 * cfg.step_size_up * 2;
    if (length > s.steps) s.steps = Math.min(SCHEDULE_LIMITS.maxSteps, length);
    s.items.push(item);
    panel.runs.push(undefined);
    panel.renderAll();
    panel.select(s.items.length - 1);
    return null;
  }

  /** Opens another panel's tab. */
  show(id) {
    this.onTabRequest?.(id);
  }
}

function uniqueName(name, items) {
  const taken = new Set(items.map((i) => i.name));
  if (!taken.has(name)) return name;
  let k = 2;
  while (taken.has(`${name} (${k})`)) k += 1;
  return `${name} (${k})`;
}
