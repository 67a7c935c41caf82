// End-to-end: every chart's download buttons. PNG files are PNGs at twice the chart's CSS
// size, SVG files parse (DOMParser) and carry the chart's text, CSV and JSON hold the chart's
// table; the JSON of a schedule chart is what `lrlab plot` reads.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import { openPage, useSite } from "./harness.mjs";

useSite();

async function open(hash, options = {}) {
  return openPage(hash, { width: 1280, height: 900, acceptDownloads: true, ...options });
}

/** Clicks `button` and returns the download: its name and bytes. */
async function saved(page, button) {
  const pending = page.waitForEvent("download");
  await button.click();
  const file = await pending;
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes) {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "PNG signature");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Parses an SVG in the page: [root element name, parser errors, text content]. */
function parseSvg(page, text) {
  return page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, "image/svg+xml");
    return [doc.documentElement.nodeName, doc.getElementsByTagName("parsererror").length, doc.documentElement.textContent];
  }, text);
}

/** Downloads all four files from `menu` (a group "Download <title>") and checks each. */
async function checkAll(page, menu, base, cssBox, svgText) {
  const group = page.getByRole("group", { name: menu });
  const png = await saved(page, group.getByRole("button", { name: `${menu} as PNG` }));
  assert.equal(png.name, `lrlab-${base}.png`);
  const box = await cssBox.boundingBox();
  const size = pngSize(png.bytes);
  assert.equal(size.width, Math.round(box.width) * 2, "PNG width is twice the CSS width");
  assert.equal(size.height, Math.round(box.height) * 2, "PNG height is twice the CSS height");

  const svg = await saved(page, group.getByRole("button", { name: `${menu} as SVG` }));
  assert.equal(svg.name, `lrlab-${base}.svg`);
  const [root, errors, text] = await parseSvg(page, svg.bytes.toString("utf8"));
  assert.equal(root, "svg");
  assert.equal(errors, 0, "the SVG parses");
  assert.match(text, svgText);

  const csv = await saved(page, group.getByRole("button", { name: `${menu} as CSV` }));
  assert.equal(csv.name, `lrlab-${base}.csv`);
  const lines = csv.bytes.toString("utf8").trim().split("\r\n");
  assert.ok(lines.length > 2, `CSV rows: ${lines.length}`);
  const width = lines[0].split(",").length;
  assert.ok(lines.slice(1, 20).every((l) => l.split(",").length >= width), "rows as wide as the header");

  const json = await saved(page, group.getByRole("button", { name: `${menu} as JSON` }));
  assert.equal(json.name, `lrlab-${base}.json`);
  const doc = JSON.parse(json.bytes.toString("utf8"));
  assert.equal(doc.lrlab, "chart");
  assert.equal(doc.rows.length, lines.length - 1, "JSON and CSV have the same rows");
  assert.deepEqual(doc.columns, lines[0].split(",").map((c) => c.replace(/^"|"$/g, "")));
  return doc;
}

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
  await checkAll(page, "Download Update-to-weight ratio", "train-update-ratio", panel.locator(".trn-card", { has: page.getByRole("heading", { name: "Update-to-weight ratio" }) }).locator(".chart-frame"), /ratio/i);

  await page.getByRole("tab", { name: "LR Finder" }).click();
  const lrf = page.locator("#panel-lrfind");
  await lrf.getByLabel("Iterations (num_iter)").fill("40");
  await lrf.getByRole("button", { name: "Run range test" }).click();
  await page.waitForFunction(() => /Range test finished/.test(document.querySelector(".lrf-range .trn-progress-text")?.textContent ?? ""), null, { timeout: 120_000 });
  await checkAll(page, "Download Loss against learning rate", "lr-finder-range-test", lrf.locator(".lrf-range .chart-frame"), /loss/);
  assert.deepEqual(problems, []);
  await close();
});
