// The soak test: a 200-epoch run in headless Chromium (20,000 iterations on a small subset, so
// it takes seconds, not a lecture) must keep the page's JS heap and both wasm instances (the
// page's and the training worker's) bounded: the worker forgets what it sent, the page thins
// each run's history to 16,384 points per series. Memory is compared after a garbage
// collection at epoch 1 and at epoch 200; the test prints both for the closing notes.
import assert from "node:assert/strict";
import { test } from "node:test";
import { openPage, useSite } from "./harness.mjs";

useSite();

const EPOCHS = 200;
// 1,000 digits in batches of 10: 100 iterations per epoch, 20,000 in all (past the budget).
const LINK = `#v=1&tab=train&trn=(d:(train_size:1000,val_size:200),m:(hidden:!(16)),b:10,e:${EPOCHS},o:(optimizer:SGD,lr:0.05,momentum:0.9))`;

async function memory(page, cdp) {
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  const page_wasm = await page.evaluate(() => window.lrlabDiagnostics().wasmBytes);
  const workers = page.workers();
  const worker_wasm = workers.length ? await workers.at(-1).evaluate(() => self.lrlabDiagnostics?.().wasmBytes ?? 0) : 0;
  return { js_heap: usedSize, page_wasm, worker_wasm };
}

const MB = 1024 * 1024;

test("200 epochs keep the JS heap and the wasm memories bounded", { timeout: 600_000 }, async () => {
  const { page, problems, close } = await openPage(LINK, { width: 1280, height: 900 });
  const panel = page.locator("#panel-train");
  await panel.getByText(/^Bundled: real MNIST digits/).waitFor({ timeout: 30_000 });
  const cdp = await page.context().newCDPSession(page);
  await panel.getByRole("button", { name: "Train", exact: true }).click();
  const status = panel.locator(".run-status").first();
  await page.waitForFunction(() => /epoch [1-9]/.test(document.querySelector("#panel-train .trn-progress-text")?.textContent ?? ""), null, { timeout: 60_000 });
  await panel.getByRole("button", { name: "Pause" }).click();
  const first = await memory(page, cdp);
  await panel.getByRole("button", { name: "Resume" }).click();
  const started = Date.now();
  await page.waitForFunction(() => /^(done|stopped|failed|diverged)/.test(document.querySelector("#panel-train .run-status")?.textContent ?? ""), null, { timeout: 540_000, polling: 500 });
  const seconds = (Date.now() - started) / 1000;
  assert.match(await status.textContent(), /^done/);
  const last = await memory(page, cdp);
  console.log(`soak: ${EPOCHS} epochs in ${seconds.toFixed(1)} s; epoch 1 ${JSON.stringify(first)}; epoch ${EPOCHS} ${JSON.stringify(last)}`);
  assert.ok(last.worker_wasm > 0 && first.worker_wasm > 0, "the worker reports its memory");
  assert.ok(last.worker_wasm <= first.worker_wasm + 2 * MB, `worker wasm grew from ${first.worker_wasm} to ${last.worker_wasm}`);
  assert.ok(last.page_wasm <= first.page_wasm + 4 * MB, `page wasm grew from ${first.page_wasm} to ${last.page_wasm}`);
  assert.ok(last.js_heap <= first.js_heap + 16 * MB, `JS heap grew from ${first.js_heap} to ${last.js_heap}`);
  assert.match(await panel.locator(".trn-progress-text").textContent(), new RegExp(`after ${EPOCHS} epochs`));
  assert.deepEqual(problems, []);
  await close();
});
