// End-to-end: the download buttons of the charts that come from an experiment (Tips,
// Landscape, Snapshots). Each chart saves a PNG at twice its CSS size, an SVG that parses, a
// CSV and a JSON of its table; the JSON carries the drawn data as the `lrlab plot` figure, so
// the command line redraws it without running the experiment again.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkAll, open } from "./downloads.mjs";
import { SHOTS, useSite } from "./harness.mjs";

useSite();

const tipCard = (panel, id) => panel.locator(`details#tip-${id}`);

async function runTip(tip) {
  await tip.getByRole("button", { name: "Run", exact: true }).click();
  await tip.locator(".tip-finding").getByText(/^What the data shows:/).waitFor({ timeout: 240_000 });
}

/** The chart card titled `title` inside `scope`: its on-screen frame. */
const frameOf = (scope, title) => scope.locator(".trn-card", { has: scope.page().getByRole("heading", { name: title, exact: true }) }).locator(".chart-frame");

test("Tips: the warm-up curves and the batch-size heatmap download with their data", async () => {
  const { page, problems, close } = await open("#v=1&tab=tips&tip=(o:warmup,q:1)", { height: 1000 });
  try {
    const panel = page.locator("#panel-tips");
    const warmup = tipCard(panel, "warmup");
    const before = warmup.getByRole("button", { name: "Download Loss over the first 200 iterations as PNG" });
    assert.equal(await before.isVisible(), false, "no downloads before the tip has run");
    await runTip(warmup);
    const loss = await checkAll(page, "Download Loss over the first 200 iterations", "tips-warmup-loss", frameOf(warmup, "Loss over the first 200 iterations"), /loss/);
    assert.equal(loss.figure.figure, "tip-curves");
    assert.equal(loss.figure.chart.runs.length, 2);
    assert.equal(loss.figure.chart.runs[0].loss.length, 200, "the figure carries every iteration's loss");
    assert.equal(loss.figure.chart.pixel_ratio, 1);
    const lr = await checkAll(page, "Download The learning rate applied", "tips-warmup-lr", frameOf(warmup, "The learning rate applied"), /learning rate|lr/i);
    assert.equal(lr.figure.chart.kind, "lr");

    const batch = tipCard(panel, "batch");
    await batch.locator("summary").click();
    await runTip(batch);
    const title = "Final validation loss, batch size × learning rate";
    const heat = await checkAll(page, `Download ${title}`, "tips-batch-heatmap", frameOf(batch, title), /batch/);
    assert.equal(heat.figure.figure, "tip-heatmap");
    assert.equal(heat.figure.chart.values.length, heat.figure.chart.rows.length * heat.figure.chart.cols.length);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("Landscape: the picture downloads with its grid and path", async () => {
  const { page, problems, close } = await open("#v=1&tab=landscape&ls=(ep:1,ts:1000,k:3,n:11,c:0,ev:300)", { height: 1100 });
  try {
    const panel = page.locator("#panel-landscape");
    await panel.getByRole("button", { name: "Run", exact: true }).click();
    await panel.locator(".ls-status").getByText(/^Done in/).waitFor({ timeout: 180_000 });
    const title = "Loss landscape and the optimizer's path";
    const doc = await checkAll(page, `Download ${title}`, "landscape", panel.locator(".ls-frame"), /validation loss|loss/);
    assert.equal(doc.figure.figure, "landscape");
    const chart = doc.figure.chart;
    assert.equal(chart.values.length, 121, "the 11 × 11 grid is in the figure");
    assert.ok(chart.path.length > 3, "and the path");
    const gridRows = doc.rows.filter((r) => r[0] === "grid");
    assert.equal(gridRows.length, 121, "a CSV row per grid point");
    assert.equal(doc.rows.length, 121 + chart.path.length, "then one per path point");
    await page.screenshot({ path: new URL("landscape-export-1280.png", SHOTS).pathname });
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("Snapshots: scores, lr curves, both pictures and Figure 1 as one download", async () => {
  const { page, problems, close } = await open("#v=1&tab=snapshots&sn=(ep:4,ts:1000,M:2,n:11,ms:!(2,3))", { height: 1100 });
  try {
    const panel = page.locator("#panel-snapshots");
    await panel.getByRole("button", { name: "Run", exact: true }).click();
    await panel.locator(".ls-status").getByText(/^Done in/).waitFor({ timeout: 180_000 });
    const scoresTitle = "Validation accuracy: snapshots, ensembles and the single model";
    const scores = await checkAll(page, `Download ${scoresTitle}`, "snapshots-scores", frameOf(panel, scoresTitle), /validation accuracy/);
    assert.equal(scores.figure.figure, "tip-bars");
    assert.equal(scores.figure.chart.bars.length, 5, "2 snapshots, 2 ensembles, the baseline");
    const lrTitle = "The learning rate of both runs";
    const lr = await checkAll(page, `Download ${lrTitle}`, "snapshots-lr", frameOf(panel, lrTitle), /learning rate|lr/i);
    assert.equal(lr.figure.chart.runs.length, 2);
    const frames = panel.locator(".sn-figure .ls-frame");
    await checkAll(page, "Download Standard schedule: one minimum", "snapshots-standard-path", frames.nth(0), /loss/);
    await checkAll(page, "Download Cyclic schedule: snapshots at several minima", "snapshots-cyclic-path", frames.nth(1), /S1/);
    const pair = await checkAll(page, "Download Figure 1, both paths on the shared plane", "snapshots-figure-1", panel.locator(".sn-figure"), /Standard schedule: one minimum[\s\S]*Cyclic schedule/);
    assert.equal(pair.figure.figure, "landscape-pair");
    assert.equal(pair.figure.chart.left.values.length, 121);
    assert.deepEqual(pair.figure.chart.left.lr_range, pair.figure.chart.right.lr_range, "one lr colour scale");
    assert.ok(pair.rows.some((r) => r[0] === "cyclic run path" && /snapshot S1/.test(r[8] ?? "")), "the snapshots are marked in the CSV");
    await page.screenshot({ path: new URL("snapshots-export-1280.png", SHOTS).pathname, fullPage: true });
    await page.setViewportSize({ width: 390, height: 900 });
    await panel.getByRole("group", { name: "Download Figure 1, both paths on the shared plane" }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: new URL("snapshots-export-390.png", SHOTS).pathname });
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
