// End-to-end: the Tips panel of the built site (make build), used in headless Chromium as a
// teacher would: open a tip's card, read the lecture's words and the budget, press Run, watch
// the progress, read the sentence the results support, open the data table, download the
// results, cancel a long experiment. Quick budget (2,000 digits per epoch) to stay short.
// Screenshots go to test-results/tips-*.png at 1280 and 390 px; run times are printed, never
// asserted.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import { SHOTS, openPage, useSite } from "./harness.mjs";

useSite();

async function open(hash, { width = 1280, height = 1000 } = {}) {
  const opened = await openPage(hash, { width, height, acceptDownloads: true });
  return { ...opened, panel: opened.page.locator("#panel-tips") };
}

/** The card of tip `id` (its <details>). */
function card(panel, id) {
  return panel.locator(`#tip-${id}`);
}

/** How many pixels of the canvas inside `locator` differ from its top-left pixel. */
function ink(locator) {
  return locator.evaluate((canvas) => {
    const copy = document.createElement("canvas");
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext("2d", { willReadFrequently: true });
    ctx.drawImage(canvas, 0, 0);
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - data[0]) + Math.abs(data[i + 1] - data[1]) + Math.abs(data[i + 2] - data[2]) > 60) n += 1;
    }
    return n;
  });
}

/** Presses Run in `tip` and waits for its finding; returns the seconds it took. */
async function runTip(tip, timeout = 240_000) {
  const t0 = Date.now();
  await tip.getByRole("button", { name: "Run", exact: true }).click();
  await tip.locator(".tip-finding").getByText(/^What the data shows:/).waitFor({ timeout });
  return (Date.now() - t0) / 1000;
}

test("the cards follow the lecture, and the warm-up tip runs and shows its spike", async () => {
  const { page, panel, problems, close } = await open("#v=1&tab=tips&tip=(o:warmup,q:1)");
  try {
    const titles = await panel.locator(".tip-title").allTextContents();
    assert.equal(titles.length, 5);
    assert.match(titles[0], /Adam baseline/);
    assert.match(titles[1], /log scale/);
    assert.match(titles[3], /Batch size/);
    assert.match(titles[4], /Warm-up/);
    const warmup = card(panel, "warmup");
    assert.equal(await warmup.evaluate((d) => d.open), true, "the link opened the card");
    assert.equal(await card(panel, "adam").evaluate((d) => d.open), false);
    assert.equal(await panel.getByLabel(/Quick budget/).isChecked(), true);
    await warmup.getByText(/early-overfitting/).waitFor();
    assert.match(await warmup.locator(".tip-budget").textContent(), /2 runs, 400 iterations, 12,800 training samples: about \d+ s/);
    assert.match(await panel.locator(".tip-setup").textContent(), /2,000 of the bundled MNIST digits per epoch/);

    const seconds = await runTip(warmup);
    console.log(`tips e2e: warm-up (quick setup: 2 x 200 iterations) finished in ${seconds.toFixed(1)} s`);
    const finding = await warmup.locator(".tip-finding").textContent();
    assert.match(finding, /the loss peaked at [\d.]+ \([\d.]+× the starting/);
    assert.match(await warmup.locator(".tip-status").textContent(), /^Done: 2 runs in/);
    const canvases = warmup.locator(".tip-chart canvas.chart-canvas");
    assert.equal(await canvases.count(), 2);
    for (let i = 0; i < 2; i += 1) assert.ok((await ink(canvases.nth(i))) > 3000, `chart ${i} is drawn`);

    // The loss chart's numbers as a table: every iteration of both runs.
    await warmup.getByRole("button", { name: "Show data as table" }).first().click();
    const table = warmup.locator("table.data-table").first();
    assert.match(await table.locator("caption").textContent(), /loss of every iteration/);
    assert.equal(await table.locator("tbody tr").count(), 200);
    assert.match(await table.locator("thead").textContent(), /no warm-up.*warm-up/);

    // The results as CSV: the core's header and one row per run.
    const [download] = await Promise.all([page.waitForEvent("download"), warmup.getByRole("button", { name: "Download CSV" }).click()]);
    assert.equal(download.suggestedFilename(), "lrlab-tip-warmup.csv");
    const csv = await readFile(await download.path(), "utf8");
    const lines = csv.trim().split("\n");
    assert.equal(lines[0], "part,label,lr,batch_size,train_loss,val_loss,val_acc,diverged_at");
    assert.equal(lines.length, 3);
    assert.match(lines[2], /^run,"lr = 0.03, 100-iteration linear warm-up",0.03,32,/);
    const [json] = await Promise.all([page.waitForEvent("download"), warmup.getByRole("button", { name: "Download JSON" }).click()]);
    const report = JSON.parse(await readFile(await json.path(), "utf8"));
    assert.equal(report.arms.length, 2);
    assert.equal(report.arms[0].loss.length, 200);
    assert.equal(report.finding, finding.replace(/^What the data shows: /, ""));

    await page.screenshot({ path: new URL("tips-warmup-1280.png", SHOTS).pathname, fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("the batch size × lr heatmap fills cell by cell and states the diagonal", async () => {
  const { page, panel, problems, close } = await open("#v=1&tab=tips&tip=(q:1)");
  try {
    const batch = card(panel, "batch");
    await batch.locator("summary").click();
    await page.waitForFunction(() => location.hash.includes("o:batch"));
    const seconds = await runTip(batch);
    console.log(`tips e2e: batch size x lr heatmap (quick setup: 15 one-epoch runs on 2,000 digits) finished in ${seconds.toFixed(1)} s`);
    const finding = await batch.locator(".tip-finding").textContent();
    assert.match(finding, /Lowest validation loss per row: batch 16: (lr = [\d.e-]+|every lr diverged), batch 64: .*batch 256: /);
    const heat = batch.locator(".tip-chart-heatmap canvas.chart-canvas");
    assert.ok((await ink(heat)) > 20_000, "the cells are coloured");
    await batch.getByRole("button", { name: "Show data as table" }).click();
    const rows = batch.locator("table.data-table tbody tr");
    assert.equal(await rows.count(), 3);
    assert.match(await rows.first().textContent(), /^256/);
    assert.match(await batch.locator("table.data-table thead").textContent(), /lr = 0.01.*lr = 1.0/);
    // Keyboard readout: focus the chart and step through the columns.
    await batch.locator(".chart-frame").focus();
    await page.keyboard.press("Home");
    assert.match(await batch.locator(".readout").textContent(), /^lr = 0.01: batch 16: /);
    await page.screenshot({ path: new URL("tips-heatmap-1280.png", SHOTS).pathname, fullPage: true });
    await page.setViewportSize({ width: 390, height: 900 });
    await page.waitForTimeout(400);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling at 390 px (${overflow} px)`);
    assert.ok((await ink(heat)) > 10_000, "redrawn at phone width");
    await page.screenshot({ path: new URL("tips-heatmap-390.png", SHOTS).pathname, fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("a long experiment can be cancelled and keeps its finished runs; the search tip points to the LR Finder", async () => {
  const { page, panel, problems, close } = await open("#v=1&tab=tips&tip=(o:adam,q:1)", { width: 390, height: 900 });
  try {
    const adam = card(panel, "adam");
    await adam.getByRole("button", { name: "Run", exact: true }).click();
    await adam.locator(".tip-status").getByText(/the search: run [2-6] of 6|the comparison/).waitFor({ timeout: 60_000 });
    // Only one experiment at a time: the other cards say why they cannot run.
    const decay = card(panel, "decay");
    await decay.locator("summary").click();
    assert.equal(await decay.getByRole("button", { name: "Run", exact: true }).isDisabled(), true);
    assert.match(await decay.locator(".tip-blocked").textContent(), /Another experiment is running \(An Adam baseline/);
    assert.equal(await adam.evaluate((d) => d.open), false, "one card open at a time");
    await adam.locator("summary").click();
    await adam.getByRole("button", { name: "Cancel" }).click();
    await adam.locator(".tip-status").getByText(/^Cancelled after [\d.]+ s; the (finished run is|\d+ finished runs are) kept below/).waitFor({ timeout: 30_000 });
    assert.equal(await adam.getByRole("button", { name: "Run", exact: true }).isEnabled(), true);
    const searchBars = adam.locator(".tip-chart-bars canvas.chart-canvas").first();
    assert.ok((await ink(searchBars)) > 1000, "the finished search run is drawn");
    await page.screenshot({ path: new URL("tips-adam-cancelled-390.png", SHOTS).pathname, fullPage: true });

    const search = card(panel, "search");
    await search.locator("summary").click();
    await search.getByText(/start with a wide range/).waitFor();
    await search.getByRole("button", { name: "Open the LR Finder's search" }).click();
    if (await page.locator("#tab-lrfind").count()) {
      assert.equal(await page.locator("#tab-lrfind").getAttribute("aria-selected"), "true");
      await page.waitForFunction(() => location.hash.includes("tab=lrfind"));
    } else {
      assert.match(await search.locator("[role=status]").textContent(), /no LR Finder panel/);
    }
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("a mangled link names its problems and keeps the defaults", async () => {
  const { panel, problems, close } = await open("#v=1&tab=tips&tip=(o:nope,q:7)");
  try {
    const notice = panel.locator(".notice");
    await notice.waitFor();
    assert.match(await notice.textContent(), /no tip "nope".*quick budget flag must be 0 or 1/s);
    assert.equal(await panel.getByLabel(/Quick budget/).isChecked(), false);
    assert.equal(await panel.locator("details[open]").count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
