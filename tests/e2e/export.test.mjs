// End-to-end: every chart's download buttons. PNG files are PNGs at twice the chart's CSS
// size, SVG files parse (DOMParser) and carry the chart's text, CSV and JSON hold the chart's
// table; the JSON of a schedule chart is what `lrlab plot` reads.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkAll, open } from "./downloads.mjs";
import { useSite } from "./harness.mjs";

useSite();

test("Schedules chart: PNG at 2x, SVG from the same drawing, CSV and JSON with the plot figure", async () => {
  const { page, problems, close } = await open("#v=1&tab=schedules");
  const frame = page.locator("#panel-schedules .chart-frame");
  const doc = await checkAll(page, "Download Learning-rate schedules", "schedules", frame, /learning rate/);
  assert.equal(doc.figure.figure, "schedule");
  assert.ok(doc.figure.chart.series.length >= 1 && Array.isArray(doc.figure.chart.series[0].lr), "figure carries plain arrays");
  assert.equal(doc.rows[0].length, doc.columns.length);
  assert.equal(typeof doc.rows[1][1], "number", "numbers stay numbers in JSON");
  await page.locator("#panel-schedules").getByRole("status").filter({ hasText: "Saved lrlab-schedules.json" }).waitFor();
  assert.deepEqual(problems, []);
  await close();
});

test("Playground: the surface with its paths and the lr strip", async () => {
  const { page, problems, close } = await open("#v=1&tab=playground");
  const panel = page.locator("#panel-playground");
  await checkAll(page, "Download Paths on the loss surface", "playground-surface", panel.locator(".pg-stage canvas").first(), /\S/);
  await checkAll(page, "Download Learning rate along each path", "playground-lr", panel.locator(".pg-main .chart-frame"), /lr|learning rate/i);
  assert.deepEqual(problems, []);
  await close();
});

test("Train and LR Finder charts export after a short run, and wait for one before it", async () => {
  const { page, problems, close } = await open("#v=1&tab=train&trn=(e:1,d:(train_size:1000))");
  const panel = page.locator("#panel-train");
  await panel.getByText(/^Bundled: real MNIST digits/).waitFor({ timeout: 30_000 });
  const png = panel.getByRole("button", { name: "Download Training loss as PNG" });
  assert.equal(await png.count(), 0, "no download buttons before a run: the chart gives way to a placeholder");
  await panel.getByRole("button", { name: "Train", exact: true }).click();
  await page.waitForFunction(() => /done:/.test(document.querySelector("#panel-train .trn-progress-text")?.textContent ?? ""), null, { timeout: 120_000 });
  const loss = panel.locator(".trn-card", { has: page.getByRole("heading", { name: "Training loss" }) }).locator(".chart-frame");
  const doc = await checkAll(page, "Download Training loss", "train-loss", loss, /loss/);
  assert.equal(doc.figure.figure, "training");
  assert.equal(doc.figure.runs[0].config.epochs, 1);
  const confusion = await checkAll(page, "Download Confusion matrix", "train-confusion", panel.locator(".confusion-frame"), /\d/);
  assert.equal(confusion.figure.figure, "confusion");
  assert.equal(confusion.figure.chart.counts.length, 100);
  assert.equal(confusion.rows.length, 10, "one row per true digit");
  const ratio = await checkAll(page, "Download Update-to-weight ratio", "train-update-ratio", panel.locator(".trn-card", { has: page.getByRole("heading", { name: "Update-to-weight ratio" }) }).locator(".chart-frame"), /ratio/i);
  assert.equal(ratio.figure.chart, "update-ratio", "lrlab plot can draw it again");
  assert.equal(ratio.figure.runs.length, 1, "one run's layers");

  await page.getByRole("tab", { name: "LR Finder" }).click();
  const lrf = page.locator("#panel-lrfind");
  await lrf.getByLabel("Iterations (num_iter)").fill("40");
  await lrf.getByRole("button", { name: "Run range test" }).click();
  await page.waitForFunction(() => /Range test finished/.test(document.querySelector(".lrf-range .trn-progress-text")?.textContent ?? ""), null, { timeout: 120_000 });
  await checkAll(page, "Download Loss against learning rate", "lr-finder-range-test", lrf.locator(".lrf-range .chart-frame"), /loss/);
  assert.deepEqual(problems, []);
  await close();
});
