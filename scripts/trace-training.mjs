// What the main thread does while the Train panel trains: the scenario of `node
// scripts/bench.mjs --page` (index.html#v=1&tab=train, Epochs = 2, Train, until the progress bar
// is full, and one second more) under a Chrome trace. Prints the tasks the PerformanceObserver
// calls long, then the heaviest tasks by CPU time with what that time went to, and the main
// thread's CPU time in all. CPU time, unlike the tasks' wall time, hardly depends on what else
// the machine runs, so runs on a busy machine still compare. "commit" includes the rasters of
// the canvases drawn on, also shown alone as "canvas raster".
//
//   node scripts/trace-training.mjs [--top N] [--trace FILE]      (after make build)
import { readFile } from "node:fs/promises";
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";
import { trainTwoEpochs } from "./train-scenario.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const TOP = Number(arg("--top", 8));
const TRACE = arg("--trace", "/tmp/lrlab-training-trace.json");

/** Trace event names (outermost occurrence inside a task) by what they cost. */
const PARTS = {
  script: ["FunctionCall", "EventDispatch", "TimerFire"],
  style: ["UpdateLayoutTree"],
  layout: ["Layout"],
  paint: ["PrePaint", "Paint", "Layerize"],
  commit: ["Commit"],
  "canvas raster": ["Canvas2DResourceProvider::ProduceCanvasResource"],
  gc: ["MajorGC", "MinorGC"],
};

const { server, url } = await serve({ port: 0 });
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});
let tasks;
try {
  const run = await trainTwoEpochs(browser, url, {
    beforeTrain: (page) => browser.startTracing(page, { path: TRACE, categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "blink", "toplevel"] }),
    afterTrain: async (page) => {
      await page.waitForTimeout(1000);
      await browser.stopTracing();
    },
  });
  tasks = run.tasks.map((t) => ({ at: t.start - run.start, ms: t.duration }));
} finally {
  await browser.close();
  server.close();
}

const events = JSON.parse(await readFile(TRACE, "utf8")).traceEvents;
const threads = new Map(events.filter((e) => e.name === "thread_name").map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
const main = events
  .filter((e) => e.ph === "X" && e.tdur !== undefined && threads.get(`${e.pid}:${e.tid}`) === "CrRendererMain")
  .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
const top = main.filter((e) => e.name === "ThreadControllerImpl::RunTask");
const t0 = top[0]?.ts ?? 0;

/** CPU milliseconds of the outermost `names` events inside `task`. */
function cpuOf(task, names) {
  let ms = 0;
  let until = -1;
  for (const e of main) {
    if (e.ts < task.ts || e.ts > task.ts + task.dur || !names.includes(e.name) || e.ts < until) continue;
    ms += e.tdur / 1000;
    until = e.ts + e.dur;
  }
  return ms;
}

const round = (x) => Math.round(x * 10) / 10;

/** One line per task: when, how long, its CPU time and what that went to. */
function describe(task) {
  const parts = Object.entries(PARTS)
    .map(([part, names]) => [part, cpuOf(task, names)])
    .filter(([, ms]) => ms >= 0.5)
    .map(([part, ms]) => `${part} ${round(ms)}`);
  return `  at ${Math.round((task.ts - t0) / 1000)}: ${round(task.dur / 1000)} ms, CPU ${round(task.tdur / 1000)} ms (${parts.join(", ")})`;
}

console.log(`long tasks (PerformanceObserver, ms after the click: duration): ${tasks.map((t) => `${Math.round(t.at)}: ${Math.round(t.ms)}`).join(", ") || "none"}`);
// A task far longer than its CPU time waited for a core (the machine was busy).
console.log("longest main-thread tasks (ms after the trace began):");
for (const task of [...top].sort((a, b) => b.dur - a.dur).slice(0, TOP)) console.log(describe(task));
console.log("heaviest main-thread tasks by CPU time:");
for (const task of [...top].sort((a, b) => b.tdur - a.tdur).slice(0, TOP)) console.log(describe(task));
console.log(`main thread CPU in all: ${Math.round(top.reduce((sum, t) => sum + t.tdur, 0) / 1000)} ms in ${top.length} tasks; trace in ${TRACE}`);
