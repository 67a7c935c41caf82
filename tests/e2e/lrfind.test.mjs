// End-to-end: the LR Finder panel of the built site (make build) in headless Chromium, used by
// labels and roles: a short range test on the Train panel's setup (chart drawn, suggestions
// listed, one sent to the Train panel, CyclicLR sent to Schedules), a small coarse-to-fine
// search (table and CSV download), link state and refused values, and screenshots in
// test-results/lrfind-*.png. With LRLAB_MEASURE=1 it also times the default 100-iteration range
// test and the default 7-point grid and prints them (never an assertion).
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import { SHOTS, openPage, useSite } from "./harness.mjs";

useSite();

async function open(hash = "#v=1&tab=lrfind", { width = 1280, height = 1000, colorScheme = "light" } = {}) {
  const opened = await openPage(hash, { width, height, colorScheme, acceptDownloads: true });
  return { ...opened, panel: opened.page.locator("#panel-lrfind") };
}

/** How many pixels of the first canvas inside `locator` differ clearly from its top-left pixel. */
function ink(locator) {
  return locator.locator("canvas").first().evaluate((canvas) => {
    const ctx = canvas.getContext("2d");
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - data[0]) + Math.abs(data[i + 1] - data[1]) + Math.abs(data[i + 2] - data[2]) > 60) n += 1;
    }
    return n;
  });
}

/** Waits until the status line of `section` matches `pattern`; returns its text. */
async function status(section, pattern, timeout = 180_000) {
  const line = section.locator(".trn-progress-text");
  const end = Date.now() + timeout;
  for (;;) {
    const text = (await line.textContent()) ?? "";
    if (pattern.test(text)) return text;
    if (Date.now() > end) throw new Error(`status did not match ${pattern} in ${timeout} ms: "${text}"`);
    await section.page().waitForTimeout(100);
  }
}

async function fill(locator, value) {
  await locator.fill("");
  await locator.fill(value);
}

test("a short range test draws the curve, lists every suggestion and sends one to the Train panel", async () => {
  const { page, panel, problems, close } = await open("#v=1&tab=lrfind");
  await page.getByRole("tab", { name: "LR Finder" }).click();
  const range = panel.locator(".lrf-range");
  await fill(panel.getByLabel("Iterations (num_iter)"), "60");
  await fill(panel.getByLabel("Start lr (start_lr)"), "1e-5");
  await fill(panel.getByLabel("Seeds"), "2");
  assert.match(await panel.locator("#lrf-setup").textContent(), /Train panel's current settings: an MLP 784→128→10 \(relu\), torch\.optim\.Adam/);
  await panel.getByRole("button", { name: "Run range test" }).click();
  const done = await status(range, /Range test finished/);
  assert.match(done, /Model and optimizer restored \(checked bit for bit\)/);
  assert.ok((await ink(range.locator(".chart"))) > 3000, "the chart has drawn");
  const items = panel.getByRole("list", { name: "Suggested learning rates" }).getByRole("listitem");
  assert.ok((await items.count()) >= 4, `suggestions listed: ${await items.count()}`);
  for (const rule of ["steepest", "minimum / 10", "valley"]) assert.ok(await items.filter({ hasText: rule }).count(), rule);
  // Moving beta redraws at once and keeps the run.
  await panel.getByLabel("Smoothing β").fill("0.5");
  assert.match(await range.locator(".trn-progress-text").textContent(), /Range test finished/);
  await panel.getByRole("radio", { name: /^minimum \/ 10/ }).check();
  const value = (await items.filter({ hasText: "minimum / 10" }).locator(".lrf-value").textContent()).trim();
  await panel.getByRole("button", { name: /^Use .* in Train panel$/ }).click();
  assert.match(await panel.getByRole("status").filter({ hasText: "now starts at" }).textContent(), new RegExp(`lr = ${value.replace(/[.+]/g, "\\$&")}`));
  assert.match(page.url(), /lrf=/);
  await page.screenshot({ path: new URL("lrfind-range-1280.png", SHOTS).pathname, fullPage: false });
  await panel.getByRole("button", { name: "Send CyclicLR to Schedules" }).click();
  assert.match(await panel.locator(".lrf-results [role=status]").textContent(), /^Added CyclicLR.*step_size_up=500/);
  // The readout follows the keyboard.
  await range.locator(".chart-frame").focus();
  await page.keyboard.press("End");
  assert.match(await range.locator(".readout").textContent(), /^lr .*smoothed/);
  await page.getByRole("tab", { name: "Train" }).click();
  const lr = page.locator("#panel-train").getByLabel("lr", { exact: true });
  const sent = Number(await lr.inputValue());
  assert.ok(Math.abs(sent / Number(value) - 1) < 1e-5, `Train lr ${sent}, suggested ${value}`);
  await page.getByRole("tab", { name: "Schedules" }).click();
  assert.ok(await page.locator("#panel-schedules").getByText("CyclicLR (LR Finder)").count());
  assert.deepEqual(problems, []);
  await close();
});

test("a small coarse-to-fine search fills the table and downloads the CSV", async () => {
  const { page, panel, problems, close } = await open();
  const search = panel.locator(".lrf-search");
  await fill(panel.getByLabel("Learning rates (coarse grid)"), "10, 0.01, 1e-4");
  await panel.getByLabel("Each run lasts").selectOption("iterations");
  await fill(panel.getByLabel("Iterations per run"), "25");
  await fill(panel.getByLabel("Fine grid points"), "2");
  await panel.getByRole("button", { name: "Run search" }).click();
  const done = await status(search, /Search finished/);
  assert.match(done, /5 runs\. Best: lr = /);
  const rows = search.locator(".lrf-table tbody tr");
  assert.equal(await rows.count(), 5);
  assert.match(await rows.first().textContent(), /^coarse10(\.0)?/);
  assert.ok((await ink(search.locator(".chart"))) > 3000, "the chart has drawn");
  const [download] = await Promise.all([page.waitForEvent("download"), panel.getByRole("button", { name: "Download CSV" }).click()]);
  const csv = await readFile(await download.path(), "utf8");
  const lines = csv.trim().split("\n");
  assert.equal(lines[0], "stage,lr,train_loss,val_loss,val_acc,diverged_at");
  assert.equal(lines.length, 6);
  assert.match(lines[1], /^coarse,10\.0,/);
  await panel.getByRole("button", { name: "Copy CSV" }).click();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), csv);
  await page.screenshot({ path: new URL("lrfind-search-1280.png", SHOTS).pathname, fullPage: true });
  assert.deepEqual(problems, []);
  await close();
});

test("settings live in the link; refused values stay next to their field and change nothing", async () => {
  const { page, panel, problems, close } = await open("#v=1&tab=lrfind&lrf=(r:(it:50,mode:linear),s:(lrs:!(1,0.1)),v:(beta:0.9))");
  assert.equal(await panel.getByLabel("Iterations (num_iter)").inputValue(), "50");
  assert.equal(await panel.getByLabel("Sweep").inputValue(), "linear");
  assert.equal(await panel.getByLabel("Learning rates (coarse grid)").inputValue(), "1.0, 0.1");
  const before = page.url();
  const end = panel.getByLabel("End lr (end_lr)");
  await fill(end, "1e-9");
  assert.match(await panel.locator("#lrf-r-end_lr-error").textContent(), /0 < start_lr < end_lr/);
  assert.equal(await end.getAttribute("aria-invalid"), "true");
  assert.equal(page.url(), before, "state unchanged");
  await fill(panel.getByLabel("Seeds"), "99");
  assert.match(await panel.locator("#lrf-r-seeds-error").textContent(), /between 1 and 10/);
  await page.goto(page.url().replace(/lrf=.*$/, "lrf=(r:(it:-4,start:5,end:1),bogus:1)"));
  await page.waitForSelector("html[data-ready=true]");
  const notice = page.locator("#panel-lrfind .notice");
  await notice.waitFor();
  assert.match(await notice.textContent(), /ignored range\.it=-4/);
  assert.match(await notice.textContent(), /start_lr < end_lr/);
  assert.equal(await page.locator("#panel-lrfind").getByLabel("Iterations (num_iter)").inputValue(), "100");
  assert.deepEqual(problems, []);
  await close();
});

test("phone width and dark theme", async () => {
  const { page, panel, problems, close } = await open("#v=1&tab=lrfind&lrf=(r:(it:40))", { width: 390, height: 900, colorScheme: "dark" });
  await panel.getByRole("button", { name: "Run range test" }).click();
  await status(panel.locator(".lrf-range"), /Range test finished/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scroll at 390 px (${overflow})`);
  await page.screenshot({ path: new URL("lrfind-390.png", SHOTS).pathname, fullPage: true });
  assert.deepEqual(problems, []);
  await close();
});

test("timings of the defaults (LRLAB_MEASURE=1)", { skip: !process.env.LRLAB_MEASURE }, async () => {
  const { panel, close } = await open();
  await panel.getByRole("button", { name: "Run range test" }).click();
  const range = await status(panel.locator(".lrf-range"), /Range test finished/, 600_000);
  const marks = await panel.locator(".lrf-suggestion label").allTextContents();
  console.log(`range test (defaults, 100 iterations): ${range}\n  suggestions: ${marks.join("; ")}`);
  await fill(panel.getByLabel("Fine grid points"), "0");
  await panel.getByRole("button", { name: "Run search" }).click();
  const grid = await status(panel.locator(".lrf-search"), /Search finished/, 1_800_000);
  console.log(`coarse grid (defaults, 7 points, 1 epoch each): ${grid}`);
  console.log(await panel.locator(".lrf-table").innerText());
  await close();
});
