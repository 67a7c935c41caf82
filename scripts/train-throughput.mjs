// Training throughput in headless Chromium, for the lab's default model (784-128-10 ReLU, Adam)
// on the bundled digits at batch sizes 32 and 128. A measurement, not a test: run it by hand on
// an idle machine after `make build`:
//
//   node scripts/train-throughput.mjs
//
// Two numbers per batch size, as JSON:
// - "steps": samples per second through training steps only (forward, backward,
//   optimizer.step(), bookkeeping), the best of three epochs after a warm-up epoch, each timed
//   over all its iterations but the last (which triggers validation), like
//   `cargo run --release --example bench` natively (which trains with SGD, not Adam);
// - "worker": what the Train panel's worker achieves over a whole 3-epoch run, validation and
//   chunking included (its own clock, as the progress bar's samples/s), and "worker_wall_clock"
//   the same run timed by the page, messages and chart-free idle time included.
import { chromium } from "playwright-core";
import { serve } from "./serve.mjs";

const BATCHES = [32, 128];

const { server, url } = await serve({ port: 0 });
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
try {
  const page = await browser.newPage();
  await page.goto(`${url}index.html`);
  await page.waitForSelector("html[data-ready=true]");
  const results = {};
  for (const batch of BATCHES) {
    const steps = await page.evaluate(async (batch_size) => {
      const wasm = await import("./www/pkg/lrlab_jobs_training.js");
      await wasm.default();
      const get = async (name) => new Uint8Array(await (await fetch(`www/data/${name}`)).arrayBuffer());
      const [images, labels] = [await get("mnist-10k-images-idx3-ubyte.gz"), await get("mnist-10k-labels-idx1-ubyte.gz")];
      const t = new wasm.Training(JSON.stringify({ batch_size, epochs: 4 }), images, labels);
      const { iterations_per_epoch: ipe } = t.summary();
      t.run(ipe);
      let best = 0;
      for (let e = 0; e < 3; e += 1) {
        const t0 = performance.now();
        t.run(ipe - 1);
        const ms = performance.now() - t0;
        // Every batch but an epoch's last is full.
        best = Math.max(best, (((ipe - 1) * batch_size) / ms) * 1000);
        t.run(1);
        t.take_updates();
      }
      t.free();
      return best;
    }, batch);
    const worker = await page.evaluate(async (batch_size) => {
      const get = async (name) => (await fetch(`www/data/${name}`)).arrayBuffer();
      const files = { images: await get("mnist-10k-images-idx3-ubyte.gz"), labels: await get("mnist-10k-labels-idx1-ubyte.gz") };
      const w = new Worker(new URL("www/train/worker.js", location.href), { type: "module" });
      const done = new Promise((resolve, reject) => {
        let elapsed = 0;
        let size = 0;
        let t0 = 0;
        w.onmessage = ({ data }) => {
          if (data.type === "status" && data.summary) {
            size = data.summary.train_size;
            t0 = performance.now();
          }
          if (data.type === "progress") elapsed = data.elapsedMs;
          if (data.type === "done") resolve({ compute: ((3 * size) / elapsed) * 1000, wall: ((3 * size) / (performance.now() - t0)) * 1000 });
          if (data.type === "error") reject(new Error(data.failure.message));
        };
      });
      w.postMessage({ type: "start", run: 1, config: JSON.stringify({ batch_size, epochs: 3 }), files, paused: false });
      const rate = await done;
      w.terminate();
      return rate;
    }, batch);
    results[`batch_${batch}`] = { steps: Math.round(steps), worker: Math.round(worker.compute), worker_wall_clock: Math.round(worker.wall) };
  }
  console.log(JSON.stringify({ unit: "samples/s", model: "784-128-10 ReLU, Adam", browser: browser.version(), ...results }));
} finally {
  await browser.close();
  server.close();
}
