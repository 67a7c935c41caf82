// The page's side of the training worker: the lab's job client (lib/job-client.js: the worker
// created after the panel's first show, the digit files sent once per change, a worker that
// dies dropped and its run reported as failed) speaking the training worker's protocol, plus
// the commands a run takes while it trains. The panel's settings are untouched by a crash.
import { JobClient } from "../lib/job-client.js";

export class TrainingClient extends JobClient {
  /** `onMessage(message)` for every message of the current run (see worker.js). */
  constructor(onMessage) {
    super(new URL("./worker.js", import.meta.url), "training", onMessage);
  }

  /** Trains run `run` with `config` (TrainConfig JSON text) on `files` (sent only if new to the worker). */
  start(run, config, files, { paused = false } = {}) {
    this.current = run;
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
    this.current = null;
  }

  get what() {
    return "training worker";
  }

  idOf(data) {
    return data.run;
  }

  isCrash(data) {
    return data.type === "error" && data.failure?.kind === "crash";
  }

  /** A run ends when the panel detaches it (it reads "done" and "error" itself). */
  ends() {
    return false;
  }

  crashReport(run, message) {
    return { type: "error", run, failure: { kind: "crash", message, iteration: null, lr: null } };
  }
}
