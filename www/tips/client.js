// The page's side of the tips worker: starts jobs, cancels them and hands the worker's
// messages to `onMessage`. A worker that dies (a wasm trap, out of memory) is replaced by a
// fresh one and its job reported as failed.

function createWorker() {
  return new Worker(new URL("./worker.js", import.meta.url), { type: "module", name: "lrlab-tips" });
}

export class TipsClient {
  /** `onMessage(message)` for every message of the current job (see worker.js). */
  constructor(onMessage) {
    this.onMessage = onMessage;
    this.job = null;
    this.nextJob = 1;
    this.worker = null;
    this.spawn();
  }

  spawn() {
    this.worker?.terminate();
    this.worker = createWorker();
    this.worker.onmessage = ({ data }) => {
      if (data.job !== this.job) return;
      if (data.type === "error" && data.crashed) this.spawn();
      if (data.type === "error" || data.type === "done") this.job = null;
      this.onMessage(data);
    };
    this.worker.onerror = (e) => {
      e.preventDefault();
      this.crashed(e.message || "the tips worker stopped unexpectedly");
    };
    this.worker.onmessageerror = () => this.crashed("a message from the tips worker could not be read");
  }

  crashed(reason) {
    const job = this.job;
    this.job = null;
    this.spawn();
    if (job !== null) this.onMessage({ type: "error", job, message: `The experiment's worker crashed (${reason}); it was restarted.`, crashed: true });
  }

  /** Runs tip `tip` on `config` (TrainConfig JSON text) and `files` (ArrayBuffers, copied); returns the job id. */
  start(tip, config, files) {
    this.job = this.nextJob++;
    this.worker.postMessage({ type: "start", job: this.job, tip, config, files });
    return this.job;
  }

  /** Stops the current job; the worker answers with its partial report. */
  cancel() {
    if (this.job !== null) this.worker.postMessage({ type: "cancel" });
  }

  busy() {
    return this.job !== null;
  }
}
