// The scenario behind issue 7's long-task target, shared by `make bench` (scripts/bench.mjs) and
// scripts/trace-training.mjs: a fresh page on the Train tab trains two epochs of the default
// setup, while a PerformanceObserver records every main-thread task over 50 ms.

import { longTasksBetween, recordLongTasks } from "./long-tasks.mjs";
import { settledPage } from "./settled-page.mjs";

/**
 * Runs the scenario in a new context of `browser` on the site at `base`. `beforeTrain(page)` and
 * `afterTrain(page)` run just before the Train click and just after the progress bar fills.
 * Resolves to `{ start, end, tasks }`: the run's window in page time (ms) and the long tasks
 * (`{ start, duration }`) that started within it.
 */
export async function trainTwoEpochs(browser, base, { beforeTrain = async () => {}, afterTrain = async () => {} } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await recordLongTasks(context);
    const page = await settledPage(context);
    await page.goto(`${base}index.html#v=1&tab=train`);
    await page.waitForSelector("html[data-ready=true]");
    const panel = page.locator("#panel-train");
    await panel.getByText(/^Bundled: real MNIST digits/).waitFor({ timeout: 30_000 });
    await panel.getByLabel("Epochs", { exact: true }).fill("2");
    await page.waitForTimeout(500);
    await beforeTrain(page);
    const start = await page.evaluate(() => performance.now());
    await panel.getByRole("button", { name: "Train", exact: true }).click();
    await page.waitForFunction(() => {
      const bar = document.querySelector("#trn-progress");
      return bar && Number(bar.value) > 0 && bar.value === bar.max;
    }, null, { timeout: 300_000 });
    const end = await page.evaluate(() => performance.now());
    await afterTrain(page);
    const tasks = await longTasksBetween(page, start, end);
    return { start, end, tasks };
  } finally {
    await context.close();
  }
}
