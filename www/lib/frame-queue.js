// Heavy main-thread jobs, one per animation frame. A chart drawn by Rust costs its drawing calls
// and then, in the same frame's commit, the raster of its whole canvas; a gallery of digits or a
// long table costs a layout. Several of them in one frame made the page's longest tasks while a
// run trained (all charts, the confusion matrix and the gallery at every epoch end). Queued here,
// each job gets a frame of its own, in the order they were first asked for.

const jobs = new Map();
/** Whether a frame is requested (or its job is running): never more than one at a time. */
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
  const next = jobs.entries().next();
  if (next.done) {
    scheduled = false;
    return;
  }
  const [key, job] = next.value;
  jobs.delete(key);
  try {
    job();
  } finally {
    // A job that queues another (a gallery built in parts) has it wait for the next frame.
    if (jobs.size > 0) requestAnimationFrame(runOne);
    else scheduled = false;
  }
}
