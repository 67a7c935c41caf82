// The LR Finder's worker: a module Worker that holds one wasm handle, a `RangeFinder` (the
// range test over its seeds) or a `GridSearch` (the coarse-to-fine search), and runs it in
// chunks of about CHUNK_MS so the page never freezes and Cancel takes effect between chunks.
//
// In:  {type: "files", files: {images, labels, testImages?, testLabels?}} (kept for every job
//       until the next), {type: "start", job, kind: "range" | "search", spec (JSON text)},
//       {type: "cancel"}
// Out: {type: "started", job, summary?}
//      {type: "progress", job, progress, result, elapsedMs}
//      {type: "done", job, result, cancelled, elapsedMs}
//      {type: "error", job, message, crashed}
// `result` is the range test's snapshot ({runs, current}) or the search's {table, best}.
import * as glue from "../pkg/lrlab_jobs_search.js";
import { boot, chunkTicker, fileArgs, isTrap, nextChunkSize } from "../lib/worker-loop.js";

const { GridSearch, RangeFinder } = glue;
const ready = boot(glue);

const CHUNK_MS = 40;

const ticker = chunkTicker(tick);
/** The digit files the page sent last (see the "files" message). */
let files = null;
let handle = null;
let kind = null;
let job = null;
let perChunk = 1;
let elapsedMs = 0;

function result() {
  return kind === "range" ? handle.snapshot() : { table: handle.table(), best: handle.best() };
}

function release() {
  ticker.stop();
  handle?.free();
  handle = null;
}

function fail(e) {
  const crashed = isTrap(e);
  self.postMessage({ type: "error", job, message: e.message ?? String(e), crashed });
  release();
  // A trap leaves the wasm instance unusable: the page starts a fresh worker.
  if (crashed) self.close();
}

function tick() {
  if (!handle) return;
  const t0 = performance.now();
  let progress;
  try {
    progress = handle.run(perChunk);
  } catch (e) {
    fail(e);
    return;
  }
  const dt = performance.now() - t0;
  elapsedMs += dt;
  if (progress.done) {
    self.postMessage({ type: "done", job, result: result(), cancelled: false, elapsedMs });
    release();
    return;
  }
  self.postMessage({ type: "progress", job, progress, result: result(), elapsedMs });
  perChunk = nextChunkSize(dt, progress.iterations, CHUNK_MS, 100_000);
  ticker.schedule();
}

function start(data) {
  release();
  job = data.job;
  kind = data.kind;
  elapsedMs = 0;
  perChunk = 1;
  try {
    if (!files) throw new Error("the page sent no digits to train on");
    const args = [data.spec, ...fileArgs(files)];
    handle = kind === "range" ? new RangeFinder(...args) : new GridSearch(...args);
  } catch (e) {
    fail(e);
    return;
  }
  self.postMessage({ type: "started", job, summary: kind === "range" ? handle.summary() : null });
  ticker.schedule();
}

self.onmessage = async ({ data }) => {
  await ready;
  if (data.type === "files") files = data.files;
  else if (data.type === "start") start(data);
  else if (data.type === "cancel" && handle) {
    try {
      handle.cancel();
      self.postMessage({ type: "done", job, result: result(), cancelled: true, elapsedMs });
    } catch (e) {
      fail(e);
      return;
    }
    release();
  }
};
