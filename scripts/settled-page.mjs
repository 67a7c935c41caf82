// Pages that the benchmarks time start from a window that has finished opening.
//
// Every new window of headless Chromium starts a renderer of its own for the browser's top-chrome
// WebUI (`--type=renderer --top-chrome-webui`), which takes 0.6 to 1.1 s of CPU in its first
// second (measured per process from /proc on this 2-core machine). Navigating at once made that
// start-up share the two cores with the page being timed: first charts of 450-650 ms, against
// 320-375 ms when the same loads waited for it. A person following a link has their window open
// already, so the benchmarks open the page, wait until the machine is quiet again, and only then
// navigate (the page's own times count from its navigation).

import { readFile } from "node:fs/promises";

/** Below this share of the CPUs busy, the machine counts as quiet. */
const QUIET = 0.3;
/** Quiet samples in a row that end the wait. */
const QUIET_SAMPLES = 2;
const SAMPLE_MS = 100;
/** The longest wait: on a machine that never gets quiet, the page is opened anyway. */
const MAX_WAIT_MS = 3000;
/** Without /proc/stat (not Linux), a fixed wait longer than the start-up measured here. */
const FALLBACK_WAIT_MS = 1500;

/** A new page of `context` (a playwright BrowserContext or Browser) once its window has settled. */
export async function settledPage(context) {
  const page = await context.newPage();
  await untilQuiet();
  return page;
}

/**
 * Resolves once the machine has been quiet for `QUIET_SAMPLES` samples in a row (at most
 * `MAX_WAIT_MS`). Resolves to the busy shares sampled (empty without /proc/stat).
 */
export async function untilQuiet({ read = readCpuTimes, sleep = wait, maxMs = MAX_WAIT_MS } = {}) {
  let previous = await read();
  if (!previous) {
    await sleep(FALLBACK_WAIT_MS);
    return [];
  }
  const shares = [];
  for (let waited = 0; waited < maxMs && !isQuiet(shares); waited += SAMPLE_MS) {
    await sleep(SAMPLE_MS);
    const now = await read();
    shares.push(busyShare(previous, now));
    previous = now;
  }
  return shares;
}

/** Whether the last `QUIET_SAMPLES` busy shares were all below `QUIET`. */
export function isQuiet(shares) {
  const last = shares.slice(-QUIET_SAMPLES);
  return last.length === QUIET_SAMPLES && last.every((share) => share < QUIET);
}

/** The share of CPU time spent busy between two readings of /proc/stat's first line. */
export function busyShare(before, after) {
  const total = after.total - before.total;
  return total > 0 ? 1 - (after.idle - before.idle) / total : 0;
}

/** `{ idle, total }` CPU time from /proc/stat (idle includes iowait), or null where it is missing. */
async function readCpuTimes() {
  try {
    const fields = (await readFile("/proc/stat", "utf8")).split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    return { idle: fields[3] + (fields[4] ?? 0), total: fields.reduce((sum, x) => sum + x, 0) };
  } catch {
    return null;
  }
}

function wait(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
