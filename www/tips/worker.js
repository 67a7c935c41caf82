// The tips worker: a module Worker holding one wasm `TipExperiment` (an opaque handle to the
// Rust experiment: the lr search a tip needs, then the runs it compares) and running it in
// chunks of about CHUNK_MS, so the page never freezes and Cancel takes effect between chunks.
//
// In:  {type: "files", files: {images, labels, testImages?, testLabels?}} (kept for every job
//       until the next), {type: "start", job, tip, config (JSON text)}, {type: "cancel"}
// Out: {type: "progress", job, progress, live, elapsedMs}  (live's series are transferred)
//      {type: "report", job, report, csv}                  (after each finished run)
//      {type: "done", job, report, csv, elapsedMs, cancelled}
//      {type: "error", job, message, crashed}
import * as glue from "../pkg/lrlab_jobs_search.js";
import { boot, chunkTicker, fileArgs, isTrap, nextChunkSize } from "../lib/worker-loop.js";

const { TipExperiment } = glue;
const ready = boot(glue);

/** Target duration of one chunk of iterations. */
const CHUNK_MS = 50;

const ticker = chunkTicker(tick);
/** The digit files the page sent last (see the "files" message). */
let files = null;
let experiment = null;
let job = null;
let perChunk = 1;
let elapsedMs = 0;
let runsSeen = -1;
let phaseSeen = null;

function post(message, transfer = []) {
  self.postMessage({ ...message, job }, transfer);
}

function release() {
  ticker.stop();
  experiment?.free();
  experiment = null;
}

function fail(e) {
  const crashed = isTrap(e);
  post({ type: "error", message: e.message ?? String(e), crashed });
  release();
  // A trap leaves the wasm instance unusable: let the page start a fresh worker.
  if (crashed) self.close();
}

function sendLive(progress) {
  const live = experiment.live();
  const transfer = live ? [live.loss.buffer, live.lrs.buffer] : [];
  post({ type: "progress", progress, live, elapsedMs }, transfer);
}

/** Ends the job: the final report, whether it finished or was cancelled. */
function finish(cancelled) {
  post({ type: "done", report: experiment.report(), csv: experiment.csv(), elapsedMs, cancelled });
  release();
}

function tick() {
  if (!experiment) return;
  const t0 = performance.now();
  let progress;
  try {
    progress = experiment.run(perChunk);
  } catch (e) {
    fail(e);
    return;
  }
  const dt = performance.now() - t0;
  elapsedMs += dt;
  if (progress.done) return finish(false);
  // A run finished (or the search gave way to the comparison): the report has grown.
  if (progress.runs_done !== runsSeen || progress.phase !== phaseSeen) {
    runsSeen = progress.runs_done;
    phaseSeen = progress.phase;
    post({ type: "report", report: experiment.report(), csv: experiment.csv() });
  }
  sendLive(progress);
  perChunk = nextChunkSize(dt, progress.iterations, CHUNK_MS, 20_000);
  ticker.schedule();
}

function start({ tip, config }) {
  release();
  elapsedMs = 0;
  perChunk = 1;
  runsSeen = -1;
  phaseSeen = null;
  try {
    if (!files) throw new Error("the page sent no digits to train on");
    experiment = new TipExperiment(tip, config, ...fileArgs(files));
  } catch (e) {
    fail(e);
    return;
  }
  ticker.schedule();
}

self.onmessage = async ({ data }) => {
  await ready;
  switch (data.type) {
    case "files":
      files = data.files;
      break;
    case "start":
      job = data.job;
      start(data);
      break;
    case "cancel":
      if (!experiment) return;
      ticker.stop();
      experiment.cancel();
      finish(true);
      break;
    default:
      break;
  }
};
