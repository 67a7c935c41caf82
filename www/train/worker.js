// The training worker: a module Worker that holds one wasm `Training` (an opaque handle to the
// Rust trainer) and runs it in chunks of about CHUNK_MS, so the page never freezes and pause,
// single-step and stop take effect between chunks.
//
// In:  {type: "files", files: {images, labels, testImages?, testLabels?}} (kept for every run
//       until the next), {type: "start", run, config (JSON text), paused}, {type: "pause"},
//       {type: "resume"}, {type: "step"}, {type: "stop"}
// Out: {type: "status", run, state: "running" | "paused" | "stopped", summary?}
//      {type: "progress", run, progress, update, elapsedMs}  (update's series are transferred)
//      {type: "epoch", run, record, confusion, gallery, mistakes}
//      {type: "error", run, failure: {kind, message, iteration, lr}}
//      {type: "done", run}
import * as glue from "../pkg/lrlab_jobs_training.js";
import { boot, chunkTicker, fileArgs, isTrap, nextChunkSize } from "../lib/worker-loop.js";

const { Training } = glue;
const ready = boot(glue);

/** Target duration of one chunk of iterations. */
const CHUNK_MS = 40;
/** Validation digits sent with each epoch for the gallery. */
const GALLERY_SIZE = 48;

// For the console and the soak test: how much memory this worker's wasm instance holds.
ready.then((exports) => {
  self.lrlabDiagnostics = () => ({ wasmBytes: exports.memory.buffer.byteLength });
});
// Pause and single-step stop the ticker, so a chunk queued before a pause is dropped.
const ticker = chunkTicker(tick);
let training = null;
/** The digit files the page sent last (see the "files" message). */
let files = null;
let run = null;
let paused = true;
let perChunk = 1;
let elapsedMs = 0;

function post(message, transfer = []) {
  self.postMessage({ ...message, run }, transfer);
}

/** The typed arrays of an update, to transfer rather than copy. */
function buffersOf(update) {
  return [update.loss, update.lr, update.momentum, ...update.update_ratio].map((a) => a.buffer);
}

function fail(e) {
  const failure = (training && training.failure()) || {
    kind: isTrap(e) ? "crash" : "config",
    message: e.message ?? String(e),
    iteration: null,
    lr: null,
  };
  flush();
  post({ type: "error", failure });
  ticker.stop();
  release();
  // A trap leaves the wasm instance unusable: let the page start a fresh worker.
  if (isTrap(e)) self.close();
}

function release() {
  training?.free();
  training = null;
}

/** Sends what the last chunk recorded, and the epoch details when an epoch ended. */
function flush(progress) {
  if (!training) return;
  const update = training.take_updates();
  post({ type: "progress", progress: progress ?? null, update, elapsedMs }, buffersOf(update));
  for (const record of update.epochs) {
    const gallery = training.gallery(GALLERY_SIZE, false);
    const mistakes = training.gallery(GALLERY_SIZE, true);
    const confusion = training.confusion();
    post({ type: "epoch", record, confusion, gallery, mistakes }, [confusion.buffer, gallery.pixels.buffer, mistakes.pixels.buffer]);
  }
}

/** Runs `n` iterations and reports; returns the trainer's progress or null after an error. */
function chunk(n) {
  const t0 = performance.now();
  let progress;
  try {
    progress = training.run(n);
  } catch (e) {
    elapsedMs += performance.now() - t0;
    fail(e);
    return null;
  }
  const dt = performance.now() - t0;
  elapsedMs += dt;
  flush(progress);
  if (progress.done) {
    post({ type: "done" });
    release();
    return null;
  }
  return { progress, dt };
}

function tick() {
  if (!training || paused) return;
  const result = chunk(perChunk);
  if (!result) return;
  // Aim the next chunk at CHUNK_MS from this one's pace.
  perChunk = nextChunkSize(result.dt, result.progress.iterations, CHUNK_MS, 100_000);
  ticker.schedule();
}

async function start({ config, paused: startPaused }) {
  ticker.stop();
  release();
  elapsedMs = 0;
  perChunk = 1;
  try {
    if (!files) throw new Error("the page sent no digits to train on");
    training = new Training(config, ...fileArgs(files));
  } catch (e) {
    fail(e);
    return;
  }
  paused = Boolean(startPaused);
  post({ type: "status", state: paused ? "paused" : "running", summary: training.summary() });
  if (!paused) ticker.schedule();
}

self.onmessage = async ({ data }) => {
  await ready;
  switch (data.type) {
    case "files":
      files = data.files;
      break;
    case "start":
      run = data.run;
      await start(data);
      break;
    case "pause":
      if (!training) return;
      paused = true;
      ticker.stop();
      post({ type: "status", state: "paused" });
      break;
    case "resume":
      if (!training || !paused) return;
      paused = false;
      post({ type: "status", state: "running" });
      ticker.schedule();
      break;
    case "step":
      if (!training) return;
      if (!paused) {
        paused = true;
        post({ type: "status", state: "paused" });
      }
      ticker.stop();
      chunk(1);
      break;
    case "stop":
      ticker.stop();
      if (training) {
        release();
        post({ type: "status", state: "stopped" });
      }
      break;
    default:
      break;
  }
};
