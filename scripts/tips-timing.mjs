// How long each of the Tips panel's experiments takes in headless Chromium, through the panel's
// own worker (www/tips/worker.js), on the lab's default setup (8,000 digits per epoch) or, with
// --quick, the panel's quick budget (2,000). A measurement, not a test: run it by hand after
// `make build` on an idle machine:
//
//   node scripts/tips-timing.mjs [--quick] [tip ...]
//
// Prints one JSON line per tip: {tip, seconds (the page's clock), worker_seconds (the worker's
// compute time), runs, finding}.
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const ALL = ["adam_vs_sgd", "decay_after_constant", "batch_size_grid", "warmup"];
const tips = args.filter((a) => !a.startsWith("--"));
const config = JSON.stringify(quick ? { data: { train_size: 2000, val_size: 1000 } } : {});

const { server, url } = await serve({ port: 0 });
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
try {
  const page = await browser.newPage();
  await page.goto(`${url}index.html`);
  await page.waitForSelector("html[data-ready=true]");
  for (const tip of tips.length ? tips : ALL) {
    const result = await page.evaluate(
      async ({ tip, config }) => {
        const get = async (name) => (await fetch(`www/data/${name}`)).arrayBuffer();
        const files = { images: await get("mnist-10k-images-idx3-ubyte.gz"), labels: await get("mnist-10k-labels-idx1-ubyte.gz") };
        const w = new Worker(new URL("www/tips/worker.js", location.href), { type: "module" });
        const t0 = performance.now();
        const done = await new Promise((resolve, reject) => {
          w.onmessage = ({ data }) => {
            if (data.type === "done") resolve(data);
            if (data.type === "error") reject(new Error(data.message));
          };
          w.postMessage({ type: "start", job: 1, tip, config, files });
        });
        w.terminate();
        return {
          seconds: (performance.now() - t0) / 1000,
          worker_seconds: done.elapsedMs / 1000,
          runs: done.report.tuning.length + done.report.arms.length,
          finding: done.report.finding,
        };
      },
      { tip, config },
    );
    console.log(JSON.stringify({ tip, quick, ...result, seconds: +result.seconds.toFixed(1), worker_seconds: +result.worker_seconds.toFixed(1) }));
  }
} finally {
  await browser.close();
  server.close();
}
