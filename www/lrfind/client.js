// The page's side of an LR Finder worker: starts jobs, cancels them and hands the worker's
// messages for the current job to `onMessage`. A worker that dies (a wasm trap, out of memory)
// is replaced and its job reported as failed; messages of an older job are ignored.

function createWorker() {
  return new Worker(new URL("./worker.js", import.meta.url), { type: "module", name: "lrlab-lrfind" });
}

export class JobClient {
  constructor(onMessage) {
    this.onMessage = onMessage;
    this.job = 0;
    this.active = false;
    this.spawn();
  }

  spawn() {
    this.worker?.terminate();
    this.worker = createWorker();
    this.worker.onmessage = ({ data }) => {
      if (data.job !== this.job) return;
      if (data.type === "done" || data.type === "error") this.active = false;
      if (data.type === "error" && data.crashed) this.spawn();
      this.onMessage(data);
    };
    this.worker.onerror = (e) => {
      e.preventDefault();
      this.crashed(e.message || "the worker stopped unexpectedly");
    };
    this.worker.onmessageerror = () => this.crashed("a message from the worker could not be read");
  }

  crashed(reason) {
    const wasActive = this.active;
    this.active = false;
    this.spawn();
    if (wasActive) this.onMessage({ type: "error", job: this.job, message: `The worker crashed (${reason}); it was restarted.`, crashed: true });
  }

  /** Starts a `kind` ("range" | "search") job on `spec` (JSON text) and `files` (copied). */
  start(kind, spec, files) {
    this.job += 1;
    this.active = true;
    this.worker.postMessage({ type: "start", job: this.job, kind, spec, files });
  }

  cancel() {
    if (this.active) this.worker.postMessage({ type: "cancel" });
  }
}
