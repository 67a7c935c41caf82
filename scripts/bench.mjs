// `make bench`: every figure of issue 7 measured side by side in one go, printed as ONE JSON
// summary and written to bench-results/summary.json. Needs `make build` first (the Makefile's
// bench target does it). A measurement, not a test: nothing here passes or fails on timings.
//
// 1. native: `cargo run --release --example bench` (training steps, kernels, schedules, the
//    machine's 128-bit SIMD peaks);
// 2. browser: www/bench.html in headless Chromium runs the same workloads from the wasm build,
//    and the same training in TensorFlow.js (wasm backend with SIMD, cpu backend);
// 3. training natively and in the page alternately, with numpy's BLAS sgemm on one thread
//    (scripts/bench-sgemm.py) beside them: the figures the ratios between engines divide;
// 4. page: the wasm modules' sizes, the first chart drawn after navigation, the longest
//    main-thread task while the Train panel trains, and (information) the longest task as each
//    panel is first shown (scripts/panel-opening.mjs).
import { execFileSync, spawn } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { bestOfRounds, pageOverRounds, withRoundValues } from "./bench-rounds.mjs";
import { targets } from "./bench-targets.mjs";
import { panelOpening } from "./panel-opening.mjs";
import { settledPage } from "./settled-page.mjs";
import { trainTwoEpochs } from "./train-scenario.mjs";

const ROOT = new URL("..", import.meta.url);
const log = (text) => process.stderr.write(`bench: ${text}\n`);

function nativeBench() {
  log("native benchmarks (cargo run --release --example bench)");
  const out = execFileSync("cargo", ["run", "--quiet", "--release", "--example", "bench"], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(out.trim().split("\n").at(-1));
}

function sgemmPeak() {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  try {
    const out = execFileSync("python3", ["scripts/bench-sgemm.py"], { cwd: ROOT, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return JSON.parse(out.trim().split("\n").at(-1));
  } catch (e) {
    return { gflops: null, error: `numpy sgemm could not run: ${String(e.stderr || e.message).trim().split("\n").at(-1)}` };
  }
}

/**
 * The site served by scripts/serve.mjs in a process of its own, as `make serve` runs it: served
 * from this process, the server would answer only when playwright's own traffic leaves it time
 * (about 0.1 s more before the first chart, in alternating runs).
 */
function serveSite() {
  const child = spawn(process.execPath, ["scripts/serve.mjs", "--port", "0"], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((ok, fail) => {
    let out = "";
    child.on("error", fail);
    child.on("exit", (code) => fail(new Error(`scripts/serve.mjs exited (${code}) before serving`)));
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const url = out.match(/https?:\/\/\S+\//)?.[0];
      if (url) ok({ url, close: () => child.kill() });
    });
  });
}

/** The wasm modules `make build` writes (see README, "Five wasm modules"). */
const WASM_MODULES = ["lrlab_schedules", "lrlab_panels_train", "lrlab_panels_experiments", "lrlab_jobs_training", "lrlab_jobs_search"];

/** Every wasm module's size, raw and gzipped, by name. */
async function wasmSize() {
  const size = async (name) => {
    const bytes = await readFile(new URL(`www/pkg/${name}_bg.wasm`, ROOT));
    return [name, { bytes: bytes.length, gzip_bytes: gzipSync(bytes, { level: 9 }).length }];
  };
  return Object.fromEntries(await Promise.all(WASM_MODULES.map(size)));
}

async function browserBench(browser, base) {
  log("browser workloads on www/bench.html (lrlab wasm, TensorFlow.js wasm and cpu)");
  const page = await settledPage(browser);
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  await page.goto(`${base}www/bench.html`);
  await page.waitForSelector("html[data-ready=true]", { timeout: 60_000 }).catch(() => {
    throw new Error(`the benchmark page did not start: ${problems.join("; ") || "no error reported"}`);
  });
  const result = await page.evaluate(() => window.lrlabBench.run());
  await page.close();
  return result;
}

/** Native and browser training timings per batch size, taken in pairs back to back. */
const TRAINING_PAIRS = 3;

/**
 * The training throughput natively and in the browser, alternately, with numpy's sgemm beside
 * them: three times over, for each batch size a native timing (`examples/bench --training B`)
 * and then the same training in the benchmark page, and one sgemm timing. The halves of a round
 * are a minute or two apart, and this machine drifts by up to 2x within minutes, so the targets
 * that divide one of these by another (wasm / native, native / sgemm) take them from here, each
 * side's best over the pairs.
 */
async function pairedTraining(browser, base) {
  log(`training natively and in the browser alternately, with sgemm (${TRAINING_PAIRS} times)`);
  const page = await settledPage(browser);
  await page.goto(`${base}www/bench.html`);
  await page.waitForSelector("html[data-ready=true]", { timeout: 60_000 });
  const runs = { native: {}, wasm: {}, sgemm: [] };
  try {
    for (let i = 0; i < TRAINING_PAIRS; i += 1) {
      for (const batch of [32, 128]) {
        const key = `batch_${batch}`;
        const args = ["run", "--quiet", "--release", "--example", "bench", "--", "--training", String(batch)];
        const line = execFileSync("cargo", args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
        (runs.native[key] ??= []).push(JSON.parse(line.trim().split("\n").at(-1)));
        (runs.wasm[key] ??= []).push(await page.evaluate((b) => window.lrlabBench.training(b), batch));
      }
      runs.sgemm.push(sgemmPeak());
    }
  } finally {
    await page.close();
  }
  return { pairs: TRAINING_PAIRS, native: bestOfEach(runs.native), wasm: bestOfEach(runs.wasm), sgemm: bestOfRounds(runs.sgemm) };
}

/** `{key: [result, ...]}` to `{key: best result}` (each number its best, as across rounds). */
function bestOfEach(byKey) {
  return Object.fromEntries(Object.entries(byKey).map(([k, list]) => [k, bestOfRounds(list)]));
}

/**
 * Milliseconds from navigation start to the end of the first chart's drawing, median of 3, each
 * in a fresh context (no cache) whose window has settled (scripts/settled-page.mjs).
 */
async function firstChart(browser, base) {
  log("first chart after navigation (index.html, 3 fresh pages)");
  const times = [];
  for (let i = 0; i < 3; i += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // The charts are drawn by Rust through the canvas API; the first stroke() starts a chart,
    // and the microtask queued then runs right after that synchronous drawing has finished.
    await context.addInitScript(() => {
      const stroke = CanvasRenderingContext2D.prototype.stroke;
      CanvasRenderingContext2D.prototype.stroke = function (...args) {
        if (!performance.getEntriesByName("lrlab:first-chart").length && !window.__chartMarkQueued) {
          window.__chartMarkQueued = true;
          queueMicrotask(() => performance.mark("lrlab:first-chart"));
        }
        return stroke.apply(this, args);
      };
    });
    const page = await settledPage(context);
    await page.goto(`${base}index.html`);
    await page.waitForFunction(() => performance.getEntriesByName("lrlab:first-chart").length > 0, null, { timeout: 30_000 });
    times.push(await page.evaluate(() => performance.getEntriesByName("lrlab:first-chart")[0].startTime));
    await context.close();
  }
  times.sort((a, b) => a - b);
  return { median_ms: round(times[1]), runs_ms: times.map(round) };
}

/** The longest main-thread task (PerformanceObserver 'longtask') while the Train panel trains. */
async function longTasks(browser, base) {
  log("long tasks while the Train panel trains 2 epochs (index.html#v=1&tab=train)");
  const { start, end, tasks } = await trainTwoEpochs(browser, base);
  return {
    training_ms: round(end - start),
    longest_task_ms: round(Math.max(0, ...tasks.map((t) => t.duration))),
    tasks_over_50ms: tasks.length,
  };
}

function round(x) {
  return Math.round(x * 100) / 100;
}

// `node scripts/bench.mjs --page` measures only the page (size, first chart, long tasks): the
// quick loop while working on them. `make bench` runs everything, in rounds (`--rounds N`,
// default 3; scripts/bench-rounds.mjs says why and how they combine).
const pageOnly = process.argv.includes("--page");
const roundsAt = process.argv.indexOf("--rounds");
const roundCount = roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 3;
if (!Number.isInteger(roundCount) || roundCount < 1 || roundCount > 20) {
  console.error("bench: --rounds takes a whole number from 1 to 20");
  process.exit(2);
}
const server = await serveSite();
const { url } = server;
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});
let summary;
try {
  summary = pageOnly ? await pageSummary(browser, url) : await fullSummary(browser, url, roundCount);
} finally {
  await browser.close();
  server.close();
}
if (!pageOnly) {
  await mkdir(new URL("bench-results/", ROOT), { recursive: true });
  await writeFile(new URL("bench-results/summary.json", ROOT), `${JSON.stringify(summary, null, 2)}\n`);
}
console.log(JSON.stringify(summary, null, 2));

async function pageSummary(browser, url) {
  return { wasm: await wasmSize(), ...(await pageTimings(browser, url)) };
}

/** The page's timings, measured again in every round. */
async function pageTimings(browser, url) {
  return { first_chart: await firstChart(browser, url), training: await longTasks(browser, url), panels: await panelsOpened(browser, url) };
}

/** The longest task of each panel's first show, at device pixel ratios 1 and 2. */
async function panelsOpened(browser, url) {
  log("longest task as each panel is first shown (index.html, pixel ratios 1 and 2)");
  return { pixel_ratio_1: await panelOpening(browser, url, { pixelRatio: 1 }), pixel_ratio_2: await panelOpening(browser, url, { pixelRatio: 2 }) };
}

/** The landscape grid's times, natively and in the browser (src/bench/landscape.rs). */
function landscapeSummary(native, inBrowser) {
  const web = inBrowser.lrlab.landscape;
  if (!web) return { measured: false, reason: "the benchmark page did not time the landscape grid" };
  return { measured: true, browser_ms: web.grid_ms, coarse_ms: web.coarse_ms, points: web.points, samples: web.samples, native_ms: native.landscape?.grid_ms ?? null, native_coarse_ms: native.landscape?.coarse_ms ?? null };
}

async function fullSummary(browser, url, count) {
  const machine = { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, browser: `Chromium ${browser.version()}` };
  const wasm = await wasmSize();
  const rounds = [];
  for (let r = 1; r <= count; r += 1) {
    log(`round ${r} of ${count}`);
    const native = nativeBench();
    const inBrowser = await browserBench(browser, url);
    const paired = await pairedTraining(browser, url);
    const page = await pageTimings(browser, url);
    rounds.push({ native, browser: inBrowser, paired_training: paired, landscape: landscapeSummary(native, inBrowser), page: { wasm, ...page } });
  }
  const best = bestOfRounds(rounds.map(({ page, ...measured }) => measured));
  const out = { machine, rounds: count, ...best, page: { wasm, ...pageOverRounds(rounds.map((r) => r.page)) } };
  out.targets = withRoundValues(targets(out), rounds.map(targets));
  return out;
}
