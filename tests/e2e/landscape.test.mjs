// End-to-end: the Landscape and Snapshots panels of the built site (make build), used in
// headless Chromium as a student would: set up a small run through the link, press Run, watch
// the coarse grid give way to the full one, read the plane, the projection error and the hover
// readout, open the data table; then run a small snapshot experiment and look at its scores and
// the side-by-side Figure 1. Screenshots go to test-results/landscape-*.png and
// snapshots-*.png at 1280 and 390 px. The default landscape's grid times (41 x 41 over 2,000
// digits, the measurement the issue asks for) are printed, never asserted.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SHOTS, openPage, useSite } from "./harness.mjs";

useSite();

/** Pixels of the canvas whose colour is clearly not grey (the contours and the path). */
function colored(locator) {
  return locator.evaluate((canvas) => {
    // Read a copy: reading the page's own canvas back would make Chromium warn about it.
    const copy = document.createElement("canvas");
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext("2d", { willReadFrequently: true });
    ctx.drawImage(canvas, 0, 0);
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - data[i + 1]) > 30 || Math.abs(data[i + 1] - data[i + 2]) > 30) n += 1;
    }
    return n;
  });
}

/** Elements of the panel that stick out to the right of the viewport (the tab strip is not the panel's). */
function overflowing(panel) {
  return panel.evaluate((root) =>
    [...root.querySelectorAll("*")]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest(".table-wrap, .sn-table-wrap"))
      .map((el) => `${el.tagName}.${el.className}`),
  );
}

async function runAndWait(panel, timeout) {
  await panel.getByRole("button", { name: "Run", exact: true }).click();
  await panel.locator(".ls-status").getByText(/^Done in/).waitFor({ timeout });
}

const SMALL_LANDSCAPE = "#v=1&tab=landscape&ls=(ep:1,ts:1000,k:3,n:21,c:6,ev:500)";

test("a small landscape: coarse then full grid, plane, projection error, readout, table", async () => {
  const { page, problems, close } = await openPage(SMALL_LANDSCAPE, { width: 1280, height: 1100 });
  try {
    const panel = page.locator("#panel-landscape");
    assert.equal(await panel.getByLabel("Epochs").inputValue(), "1");
    assert.equal(await panel.getByLabel("Grid points per side").inputValue(), "21");
    assert.match(await panel.locator(".ls-plan").textContent(), /32 training iterations; about 12 parameter vectors of 101,770 values \(0\.41 MB each\)/);
    const t0 = Date.now();
    await runAndWait(panel, 120_000);
    console.log(`landscape e2e: small landscape (32 iterations, 21 x 21 over 500 digits) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const summary = await panel.locator(".ls-summary").textContent();
    assert.match(summary, /Plane: PCA of the path; d1 explains [\d.]+% of the path's variance/);
    assert.match(summary, /Projection error: the recorded points lie on average/);
    assert.match(summary, /21 × 21 grid/);
    const canvas = panel.locator("canvas.ls-canvas");
    assert.ok((await colored(canvas)) > 50_000, "the contours fill the plot");
    // Hover: the readout gives a, b, loss and accuracy at the nearest grid point.
    const frame = panel.locator(".ls-frame");
    await frame.scrollIntoViewIfNeeded();
    const box = await frame.boundingBox();
    await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.55);
    assert.match(await panel.locator(".ls-card .readout").textContent(), /^a = [-\d.e]+, b = [-\d.e]+: loss [\d.]+, accuracy [\d.]+%/);
    await frame.focus();
    await page.keyboard.press("ArrowRight");
    assert.match(await panel.locator(".ls-card .readout").textContent(), /grid point \d+, \d+/);
    // The accuracy surface.
    await panel.getByLabel("Surface").selectOption("accuracy");
    assert.equal(await panel.getByLabel("Log colour bands (loss)").isDisabled(), true);
    assert.ok((await colored(canvas)) > 50_000);
    await panel.getByLabel("Surface").selectOption("loss");
    await panel.getByRole("button", { name: "Show data as table" }).click();
    const tables = panel.locator("table.data-table");
    assert.equal(await tables.count(), 2);
    assert.match(await tables.nth(0).locator("caption").textContent(), /validation loss on the grid/);
    assert.equal(await tables.nth(0).locator("tbody tr").count(), 21);
    assert.equal(await tables.nth(1).locator("tbody tr").count(), 12);
    await panel.getByRole("button", { name: "Hide data table" }).click();
    assert.match(page.url(), /ls=\(/);
    await panel.locator(".ls-card").scrollIntoViewIfNeeded();
    await page.screenshot({ path: new URL("landscape-1280.png", SHOTS).pathname, fullPage: true });
    await page.setViewportSize({ width: 390, height: 900 });
    await page.waitForTimeout(300);
    assert.deepEqual(await overflowing(panel), [], "nothing in the panel is wider than a 390 px phone");
    assert.ok((await colored(canvas)) > 20_000, "redrawn for the phone");
    await page.screenshot({ path: new URL("landscape-390.png", SHOTS).pathname, fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("bad settings are refused next to the field; Cancel stops a run", async () => {
  const { page, problems, close } = await openPage("#v=1&tab=landscape&ls=(ep:1,ts:1000)", { width: 1280, height: 900 });
  try {
    const panel = page.locator("#panel-landscape");
    await panel.getByLabel("Memory budget (MB)").fill("0.5");
    await panel.getByText(/holds 1 parameter vectors/).waitFor();
    assert.equal(await panel.getByRole("button", { name: "Run", exact: true }).isDisabled(), true);
    await panel.getByLabel("Memory budget (MB)").fill("40");
    assert.equal(await panel.getByRole("button", { name: "Run", exact: true }).isDisabled(), false);
    await panel.getByRole("button", { name: "Run", exact: true }).click();
    await panel.locator(".ls-status").getByText(/Training|Evaluating|Choosing/).waitFor();
    await panel.getByRole("button", { name: "Cancel" }).click();
    await panel.locator(".ls-status").getByText(/^Cancelled after/).waitFor();
    assert.equal(await panel.getByRole("button", { name: "Run", exact: true }).isDisabled(), false);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("the default MLP's 41 x 41 grid over 2,000 digits (timings printed)", async () => {
  const { page, problems, close } = await openPage("#v=1&tab=landscape&ls=(ep:1,ts:1000)", { width: 1280, height: 900 });
  try {
    const panel = page.locator("#panel-landscape");
    assert.match(await panel.locator(".ls-plan").textContent(), /1,802 grid evaluations on 2,000 held-out digits/);
    await runAndWait(panel, 180_000);
    const timings = await panel.locator(".ls-timings").textContent();
    assert.match(timings, /coarse grid [\d.]+ m?s, 41 × 41 grid [\d.]+ m?s/);
    console.log(`landscape e2e: ${timings}`);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("a small snapshot experiment: scores, lr curves and Figure 1 side by side", async () => {
  const hash = "#v=1&tab=snapshots&sn=(ep:4,ts:1000,M:2,n:15,ms:!(2,3))";
  const { page, problems, close } = await openPage(hash, { width: 1280, height: 1100 });
  try {
    const panel = page.locator("#panel-snapshots");
    assert.match(await panel.locator(".ls-plan").textContent(), /Two runs of 128 iterations each \(4 epochs of 32\); 2 snapshots, after epochs 2, 4/);
    const t0 = Date.now();
    await runAndWait(panel, 180_000);
    console.log(`snapshots e2e: small experiment (2 x 128 iterations, 15 x 15 plane) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const finding = await panel.locator(".sn-finding").textContent();
    assert.match(finding, /The ensemble of all 2 snapshots reaches [\d.]+%/);
    console.log(`snapshots e2e: ${finding}`);
    const rows = panel.locator(".sn-table-wrap tbody tr");
    assert.equal(await rows.count(), 5, "2 snapshots, 2 ensembles, the baseline");
    assert.match(await rows.nth(4).textContent(), /single model, MultiStepLR/);
    await panel.getByLabel(/Average the snapshots' weights/).check();
    assert.match(await rows.nth(2).textContent(), /weights of the last 1 averaged/);
    assert.match(page.url(), /wa:1/);
    const figure = panel.locator(".sn-figure canvas.ls-canvas");
    assert.equal(await figure.count(), 2);
    for (let i = 0; i < 2; i += 1) assert.ok((await colored(figure.nth(i))) > 30_000, `Figure 1 panel ${i} drawn`);
    assert.match(await panel.locator(".sn-figure").textContent(), /Standard schedule: one minimum.*Cyclic schedule: snapshots at several minima/);
    assert.match(await panel.locator(".sn-explain").textContent(), /What to look for/);
    const charts = panel.locator(".sn-charts canvas.chart-canvas");
    assert.equal(await charts.count(), 2);
    await page.screenshot({ path: new URL("snapshots-1280.png", SHOTS).pathname, fullPage: true });
    await page.setViewportSize({ width: 390, height: 900 });
    await page.waitForTimeout(300);
    assert.deepEqual(await overflowing(panel), [], "nothing in the panel is wider than a 390 px phone");
    await page.screenshot({ path: new URL("snapshots-390.png", SHOTS).pathname, fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
