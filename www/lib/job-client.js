// The page's side of a lab worker: starts jobs and hands the worker's messages for the current
// job to `onMessage`; messages of an older job are ignored. The experiments (the LR Finder's
// range test and search, the Tips', the Landscape's and the Snapshots') use it as it is; the
// Train panel's client (train/client.js) adds pause and single-step.
//
// The worker keeps the digit files it was last given: a job on the same files (the same
// object) does not copy them again, where a structured clone of the 7.8 MB of bundled digits
// takes 11-17 ms of the click that starts the job. A worker that dies (a wasm trap, out of
// memory) is dropped and its job reported as failed; the next job starts a fresh one (not at
// once: a worker that cannot even load would be restarted in a loop).
import { nextTask } from "./dom.js";

export class JobClient {
  /**
   * `url`: the worker's module; `name`: its name in devtools and in messages ("lrfind",
   * "tips", ...); `onMessage(message)` for every message of the current job.
   */
  constructor(url, name, onMessage) {
    this.url = url;
    this.name = name;
    this.onMessage = onMessage;
    /** The current job's id (`null` when none). */
    this.current = null;
    this.nextJob = 1;
    this.worker = null;
    /** The files the worker holds (see the worker's "files" message). */
    this.filesSent = null;
    // Not in the task that builds the panel (its first show): creating a module worker costs
    // the main thread 5-6 ms. A job started before then creates it at once.
    nextTask().then(() => this.worker ?? this.spawn());
  }

  /** The worker, created now if it was not yet. */
  get live() {
    if (!this.worker) this.spawn();
    return this.worker;
  }

  spawn() {
    this.worker?.terminate();
    this.worker = new Worker(this.url, { type: "module", name: `lrlab-${this.name}` });
    this.filesSent = null;
    this.worker.onmessage = ({ data }) => {
      if (this.idOf(data) !== this.current) return;
      // After a trap the worker closes itself (its wasm instance is unusable): drop it.
      if (this.isCrash(data)) this.drop();
      if (this.isCrash(data) || this.ends(data)) this.current = null;
      this.onMessage(data);
    };
    this.worker.onerror = (e) => {
      e.preventDefault();
      this.crashed(e.message || `the ${this.name} worker stopped unexpectedly`);
    };
    this.worker.onmessageerror = () => this.crashed(`a message from the ${this.name} worker could not be read`);
  }

  /** Ends the worker; the next job starts a fresh one. */
  drop() {
    this.worker?.terminate();
    this.worker = null;
    this.filesSent = null;
  }

  crashed(reason) {
    const id = this.current;
    this.current = null;
    this.drop();
    if (id !== null) this.onMessage(this.crashReport(id, `The ${this.what} crashed (${reason}); the next run starts a new one.`));
  }

  /** Hands the worker `files` (ArrayBuffers, copied) for the jobs to come, unless it has them. */
  useFiles(files) {
    if (files === this.filesSent) return;
    this.live.postMessage({ type: "files", files });
    this.filesSent = files;
  }

  /**
   * Starts a job: the worker gets `files` unless it holds them, then `{type: "start", job,
   * ...fields}`. Returns the job's id.
   */
  start(fields, files) {
    this.current = this.nextJob++;
    this.useFiles(files);
    this.live.postMessage({ ...fields, type: "start", job: this.current });
    return this.current;
  }

  /** Stops the current job; the worker answers with what it has. */
  cancel() {
    if (this.current !== null) this.live.postMessage({ type: "cancel" });
  }

  busy() {
    return this.current !== null;
  }

  // The worker's protocol, which a subclass may speak differently.

  /** What the crash message calls the worker. */
  get what() {
    return "experiment's worker";
  }

  /** The job a message belongs to. */
  idOf(data) {
    return data.job;
  }

  /** Whether the worker says it trapped (and closes itself). */
  isCrash(data) {
    return data.type === "error" && data.crashed;
  }

  /** Whether the message is the job's last. */
  ends(data) {
    return data.type === "error" || data.type === "done";
  }

  /** The message that reports job `id` failed because its worker died. */
  crashReport(id, message) {
    return { type: "error", job: id, message, crashed: true };
  }
}
