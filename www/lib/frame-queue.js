// Heavy main-thread jobs, one per animation frame. A chart drawn by Rust costs its drawing calls
// and then, in the same frame's commit, the raster of its whole canvas; a gallery of digits or a
// long table costs a layout. Several of them in one frame made the page's longest tasks while a
// run trained (all charts, the confusion matrix and the gallery at every epoch end). Queued here,
// each job gets a frame of its own, in the order they were first asked for.

const jobs = new Map();
let scheduled = false;

/**
 * Runs `job()` in a coming animation frame, alone in that frame. Asking again for the same `key`
 * before it ran keeps its place in the queue and runs only the latest job.
 */
export function inOwnFrame(key, job) {
  jobs.set(key, job);
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(runOne);
  }
}

function runOne() {
  scheduled = false;
  const next = jobs.entries().next();
  if (next.done) return;
  const [key, job] = next.value;
  jobs.delete(key);
  const t = performance.now();
  try {
    job();
    const lbl = (key.constructor?.name ?? "?") + (key.label ?? key.frame?.getAttribute?.("aria-label")?.slice(0, 30) ?? "");
    window.__jobs ??= []; window.__jobs.push([Math.round(t), Math.round(performance.now() - t), lbl]);
  } finally {
    if (jobs.size > 0) {
      scheduled = true;
      requestAnimationFrame(runOne);
    }
  }
}
