// The page's side of the training worker: starts it, forwards commands and hands its messages
// to `onMessage`. A worker that dies (a wasm trap, an out-of-memory) is replaced by a fresh one
// and the run it was training is reported as failed; the panel's settings are untouched.
import { nextTask } from "../lib/dom.js";

/** Creates the module worker (a function so tests and restarts get a new one). */
function createWorker() {
  return new Worker(new URL("./worker.js", import.meta.url), { type: "module", name: "lrlab-training" });
}

export class TrainingClient {
  /** `onMessage(message)` for every message of the worker (see worker.js). */
  constructor(onMessage) {
    this.onMessage = onMessage;
    this.run = null;
    this.worker = null;
    /** The digit files the worker holds (sent once, not with every run: a copy of 7.8 MB took 13-14 ms of the Train click). */
    this.filesSent = null;
    // Not in the task that builds the panel (its first show): creating a module worker costs the
    // main thread 5-6 ms. A command sent before then creates it at once.
    nextTask().then(() => this.worker ?? this.spawn());
  }

  /** The worker, created now if it was not yet. */
  get live() {
    if (!this.worker) this.spawn();
    return this.worker;
  }

  spawn() {
    this.worker?.terminate();
    this.worker = createWorker();
    this.filesSent = null;
    this.worker.onmessage = ({ data }) => {
      if (data.run !== this.run) return;
      // After a trap the worker closes itself (its wasm instance is unusable): replace it.
      if (data.type === "error" && data.failure?.kind === "crash") {
        this.run = null;
        this.spawn();
      }
      this.onMessage(data);
    };
    this.worker.onerror = (e) => {
      e.preventDefault();
      this.crashed(e.message || "the training worker stopped unexpectedly");
    };
    this.worker.onmessageerror = () => this.crashed("a message from the training worker could not be read");
  }

  crashed(reason) {
    const run = this.run;
    this.spawn();
    if (run !== null) {
      this.onMessage({ type: "error", run, failure: { kind: "crash", message: `The training worker crashed (${reason}); it was restarted.`, iteration: null, lr: null } });
    }
    this.run = null;
  }

  /** Hands the worker `files` (ArrayBuffers, copied) for the runs to come, unless it has them. */
  useFiles(files) {
    if (files === this.filesSent) return;
    this.live.postMessage({ type: "files", files });
    this.filesSent = files;
  }

  /** Trains run `run` with `config` (TrainConfig JSON text) on `files` (sent only if new to the worker). */
  start(run, config, files, { paused = false } = {}) {
    this.run = run;
    this.useFiles(files);
    this.live.postMessage({ type: "start", run, config, paused });
  }

  pause() {
    this.live.postMessage({ type: "pause" });
  }

  resume() {
    this.live.postMessage({ type: "resume" });
  }

  /** One iteration (pauses a running run first). */
  step() {
    this.live.postMessage({ type: "step" });
  }

  stop() {
    this.live.postMessage({ type: "stop" });
  }

  /** Forgets the current run: its late messages are ignored. */
  detach() {
    this.run = null;
  }
}
