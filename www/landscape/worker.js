// The landscape worker: a module Worker holding one wasm experiment, a `LandscapeJob` (train
// while recording the path, choose the plane, evaluate the grid coarse then full) or a
// `SnapshotJob` (cyclic run, baseline, scores, shared plane), run in chunks of about CHUNK_MS
// so the page never freezes and Cancel takes effect between chunks. It also times each phase,
// so the page can say how long the grid took.
//
// In:  {type: "files", files: {images, labels, testImages?, testLabels?}} (kept for every job
//       until the next), {type: "start", job, kind: "landscape" | "snapshots", spec (JSON
//       text)}, {type: "cancel"}
// Out: {type: "progress", job, progress, timings}
//      {type: "report", job, report, timings}        (coarse grid ready, scores ready)
//      {type: "done", job, report, timings, cancelled}
//      {type: "error", job, message, crashed}
import * as glue from "../pkg/lrlab_jobs_training.js";
import { boot, chunkTicker, fileArgs, isTrap, nextChunkSize } from "../lib/worker-loop.js";

const { LandscapeJob, SnapshotJob } = glue;
const ready = boot(glue);

/** Target duration of one chunk of work. */
const CHUNK_MS = 50;

const ticker = chunkTicker(tick);
/** The digit files the page sent last (see the "files" message). */
let files = null;
let experiment = null;
let kind = null;
let job = null;
let perChunk = 1;
let last = null;
let timings = null;

function post(message) {
  self.postMessage({ ...message, job });
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

/** Units of work done so far: training iterations of every run plus grid points. */
function workOf(p) {
  const runs = kind === "landscape" ? [p.training] : [p.cyclic, p.baseline];
  return runs.reduce((s, r) => s + r.iteration, 0) + (p.grid?.done ?? 0);
}

/** A report is worth sending when the first picture or the scores become available. */
function milestone(before, after) {
  if (!before) return false;
  const coarse = (p) => Boolean(p.grid?.coarse_ready);
  if (coarse(after) && !coarse(before)) return true;
  return kind === "snapshots" && before.phase === "evaluate" && after.phase !== "evaluate";
}

function tick() {
  if (!experiment) return;
  const phase = last?.phase ?? "training";
  const t0 = performance.now();
  let progress;
  try {
    progress = experiment.run(perChunk);
  } catch (e) {
    fail(e);
    return;
  }
  const dt = performance.now() - t0;
  timings.phases[phase] = (timings.phases[phase] ?? 0) + dt;
  timings.total += dt;
  if (progress.grid && !last?.grid) timings.gridStart = timings.total;
  if (progress.grid?.coarse_ready && timings.coarse === null) timings.coarse = timings.total - timings.gridStart;
  if (progress.phase === "done" && progress.grid && timings.full === null) timings.full = timings.total - timings.gridStart;
  const work = workOf(progress) - (last ? workOf(last) : 0);
  const samePhase = last && last.phase === progress.phase;
  const before = last;
  last = progress;
  if (progress.phase === "done") {
    post({ type: "done", report: experiment.report(), timings, cancelled: false });
    release();
    return;
  }
  if (milestone(before, progress)) post({ type: "report", report: experiment.report(), timings });
  post({ type: "progress", progress, timings });
  // A new phase starts over at one unit: an iteration and a grid point differ in cost.
  if (!samePhase) perChunk = 1;
  else if (work > 0) perChunk = nextChunkSize(dt, work, CHUNK_MS, 20_000);
  ticker.schedule();
}

function start({ spec }) {
  release();
  perChunk = 1;
  last = null;
  timings = { total: 0, phases: {}, gridStart: 0, coarse: null, full: null };
  const Job = kind === "landscape" ? LandscapeJob : SnapshotJob;
  try {
    if (!files) throw new Error("the page sent no digits to train on");
    experiment = new Job(spec, ...fileArgs(files));
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
      kind = data.kind;
      start(data);
      break;
    case "cancel":
      if (!experiment) return;
      ticker.stop();
      post({ type: "done", report: experiment.report(), timings, cancelled: true });
      release();
      break;
    default:
      break;
  }
};
