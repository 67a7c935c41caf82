// The page's side of the landscape worker (shared by the Landscape and Snapshots panels, one
// worker each): starts jobs, cancels them and hands the worker's messages to `onMessage`. A
// worker that dies (a wasm trap, out of memory) is replaced and its job reported as failed.

export class LandscapeClient {
  /** `kind`: "landscape" | "snapshots"; `onMessage(message)` for the current job's messages. */
  constructor(kind, onMessage) {
    this.kind = kind;
    this.onMessage = onMessage;
    this.job = null;
    this.nextJob = 1;
    this.worker = null;
    this.spawn();
  }

  spawn() {
    this.worker?.terminate();
    this.worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module", name: `lrlab-${this.kind}` });
    this.worker.onmessage = ({ data }) => {
      if (data.job !== this.job) return;
      if (data.type === "error" && data.crashed) this.spawn();
      if (data.type === "error" || data.type === "done") this.job = null;
      this.onMessage(data);
    };
    this.worker.onerror = (e) => {
      e.preventDefault();
      this.crashed(e.message || `the ${this.kind} worker stopped unexpectedly`);
    };
    this.worker.onmessageerror = () => this.crashed(`a message from the ${this.kind} worker could not be read`);
  }

  crashed(reason) {
    const job = this.job;
    this.job = null;
    this.spawn();
    if (job !== null) this.onMessage({ type: "error", job, message: `The experiment's worker crashed (${reason}); it was restarted.`, crashed: true });
  }

  /** Runs `spec` (JSON text) on `files` (ArrayBuffers, copied); returns the job id. */
  start(spec, files) {
    this.job = this.nextJob++;
    this.worker.postMessage({ type: "start", job: this.job, kind: this.kind, spec, files });
    return this.job;
  }

  /** Stops the current job; the worker answers with what it has. */
  cancel() {
    if (this.job !== null) this.worker.postMessage({ type: "cancel" });
  }

  busy() {
    return this.job !== null;
  }
}
