// The runs of a Train panel and the worker that trains them, one at a time: a run is added to
// the list, launched (or queued behind others, as in the lecture's comparison), fed the worker's
// updates (its history goes into the Rust run book) and ends done, stopped, diverged or failed.
// The panel hears about it through `hooks` and owns every word and pixel on the page.
import { TrainingClient } from "./client.js";

export class TrainSession {
  /**
   * `wasm`: the lrlab module; `colors`: palette size; `files()`: the digit files to train on;
   * `hooks`: `{ changed(), progress(run), epoch(run, record), ended(run), failed(run) }`.
   */
  constructor({ wasm, colors, files, hooks }) {
    this.book = new wasm.RunBook();
    this.colors = colors;
    this.files = files;
    this.hooks = hooks;
    this.runs = [];
    this.queue = [];
    this.active = null;
    this.focusKey = null;
    this.nextKey = 1;
    this.client = new TrainingClient((m) => this.onWorker(m));
  }

  /** Gives the worker the current digit files ahead of the next run (see TrainingClient.useFiles). */
  prepare() {
    const files = this.files();
    if (files) this.client.useFiles(files);
  }

  /** "idle", "running" or "paused". */
  state() {
    if (!this.active) return "idle";
    return this.active.status === "paused" ? "paused" : "running";
  }

  /** Trains `config` now (paused before its first iteration with `paused`). */
  start(name, config, options) {
    this.queue = [];
    return this.launch(this.add(name, config), options);
  }

  /** Trains `[{name, config}]` one after another, all listed at once. */
  startAll(list) {
    this.queue = list.map(({ name, config }) => this.add(name, config));
    this.launch(this.queue.shift());
  }

  pause() {
    this.client.pause();
  }

  resume() {
    this.client.resume();
  }

  /** One iteration of the active run (pausing it). */
  step() {
    this.client.step();
  }

  /** Stops the active run (it keeps what it learned) and cancels the runs waiting behind it. */
  stop() {
    this.runs = this.runs.filter((r) => !this.queue.includes(r));
    this.queue = [];
    const run = this.active;
    if (!run) return this.hooks.changed();
    this.client.stop();
    this.client.detach();
    run.status = "stopped";
    this.active = null;
    this.ended(run);
  }

  /** A new run in the list, waiting to be launched. */
  add(name, config) {
    const run = {
      key: this.nextKey++,
      id: null,
      name: this.uniqueName(name),
      color: this.nextColor(),
      config,
      status: "queued",
      iteration: 0,
      total: 0,
      ipe: 1,
      layers: [],
      epochs: [],
      elapsedMs: 0,
      hidden: false,
    };
    this.runs.push(run);
    return run;
  }

  launch(run, { paused = false } = {}) {
    run.status = "starting";
    this.active = run;
    this.focusKey = run.key;
    this.hooks.changed();
    this.client.start(run.key, JSON.stringify(run.config), this.files(), { paused });
    return run;
  }

  uniqueName(name) {
    const taken = new Set(this.runs.map((r) => r.name));
    if (!taken.has(name)) return name;
    let k = 2;
    while (taken.has(`${name} (${k})`)) k += 1;
    return `${name} (${k})`;
  }

  nextColor() {
    const used = new Set(this.runs.map((r) => r.color));
    for (let c = 0; c < this.colors; c += 1) if (!used.has(c)) return c;
    return this.runs.length % this.colors;
  }

  onWorker(m) {
    const run = this.runs.find((r) => r.key === m.run);
    if (!run) return;
    switch (m.type) {
      case "status":
        if (m.summary && run.id === null) {
          const s = m.summary;
          run.id = this.book.add(run.name, run.color, s.iterations_per_epoch, s.layers);
          Object.assign(run, { total: s.total_iterations, ipe: s.iterations_per_epoch, layers: s.layers, summary: s });
        }
        if (m.state === "running" || m.state === "paused") run.status = m.state;
        this.hooks.changed();
        this.hooks.progress(run);
        break;
      case "progress":
        if (run.id === null) return;
        this.book.append(run.id, m.update);
        run.epochs.push(...m.update.epochs);
        if (m.progress) run.iteration = m.progress.iteration;
        run.elapsedMs = m.elapsedMs;
        this.hooks.progress(run, m.update.epochs.length > 0);
        break;
      case "epoch":
        Object.assign(run, { confusion: m.confusion, gallery: m.gallery, mistakes: m.mistakes, epoch: m.record.epoch });
        this.hooks.epoch(run, m.record);
        break;
      case "done":
        run.status = "done";
        this.active = null;
        this.ended(run);
        break;
      case "error":
        run.failure = m.failure;
        run.status = m.failure.kind === "diverged" ? "diverged" : "failed";
        if (m.failure.kind === "diverged" && run.id !== null) this.book.set_diverged(run.id, m.failure.iteration);
        if (this.active === run) this.active = null;
        this.hooks.failed(run);
        this.ended(run);
        break;
      default:
        break;
    }
  }

  /** After a run ends: tell the panel, then start the next queued run. */
  ended(run) {
    this.hooks.ended(run);
    const next = this.queue.shift();
    if (next) this.launch(next);
    else this.hooks.changed();
  }

  find(key) {
    return this.runs.find((r) => r.key === key) ?? null;
  }

  focused() {
    return this.find(this.focusKey);
  }

  /** The charts' view of a run (null before the worker described it). */
  chartRun(run) {
    return run && run.id !== null ? { id: run.id, name: run.name, color: run.color, ipe: run.ipe, layers: run.layers } : null;
  }

  /** The runs shown on the charts. */
  chartRuns() {
    return this.runs.filter((r) => !r.hidden).map((r) => this.chartRun(r)).filter(Boolean);
  }

  toggle(key) {
    const run = this.find(key);
    if (run) run.hidden = !run.hidden;
  }

  /** Forgets a run that is not training; returns whether it did. */
  remove(key) {
    const run = this.find(key);
    if (!run || run === this.active || this.queue.includes(run)) return false;
    if (run.id !== null) this.book.remove(run.id);
    this.runs = this.runs.filter((r) => r !== run);
    if (this.focusKey === key) this.focusKey = this.runs.at(-1)?.key ?? null;
    return true;
  }

  clear() {
    for (const run of [...this.runs]) this.remove(run.key);
  }
}
