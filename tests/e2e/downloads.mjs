// Shared by the export tests: download a chart's four files through its menu (a group
// "Download <title>") and check each: a PNG at twice the chart's CSS size, an SVG that parses
// and carries the chart's text, a CSV and a JSON holding the same table.
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { SHOTS, openPage } from "./harness.mjs";

export async function open(hash, options = {}) {
  return openPage(hash, { width: 1280, height: 900, acceptDownloads: true, ...options });
}

/** The menu note next to `button`: "Saved <file>." or "Could not export <file>: <why>". */
const noteOf = (button) => button.locator("xpath=..").locator(".export-note").textContent().catch(() => "");

/**
 * Clicks `button` and returns the download: its name and bytes. Headless Chromium now and then
 * drops one of many quick downloads from a page although the page started it (the menu's note
 * says "Saved …"); then, and only then, the button is clicked once more. A file the page
 * failed to make fails at once, with the note's reason.
 */
export async function saved(page, button) {
  for (let attempt = 1; ; attempt += 1) {
    const pending = page.waitForEvent("download", { timeout: 15_000 }).catch((e) => e);
    await button.click();
    const file = await pending;
    if (!(file instanceof Error)) return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
    const note = await noteOf(button);
    if (attempt === 2 || !/^Saved /.test(note)) {
      throw new Error(`no download after clicking ${await button.getAttribute("aria-label")} (${note || "no note"}): ${file.message}`);
    }
  }
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(bytes) {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "PNG signature");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Parses an SVG in the page: [root element name, parser errors, text content]. */
export function parseSvg(page, text) {
  return page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, "image/svg+xml");
    return [doc.documentElement.nodeName, doc.getElementsByTagName("parsererror").length, doc.documentElement.textContent];
  }, text);
}

/** The fields of one CSV line (RFC 4180: quoted fields may hold commas and doubled quotes). */
export function csvFields(line) {
  const fields = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (field += '"'), (i += 1);
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") fields.push(field), (field = "");
    else field += ch;
  }
  fields.push(field);
  return fields;
}

/** Downloads all four files from `menu` (a group "Download <title>") and checks each. */
export async function checkAll(page, menu, base, cssBox, svgText) {
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
  const width = csvFields(lines[0]).length;
  assert.ok(lines.slice(1, 20).every((l) => csvFields(l).length === width), "rows as wide as the header");

  const json = await saved(page, group.getByRole("button", { name: `${menu} as JSON` }));
  assert.equal(json.name, `lrlab-${base}.json`);
  const doc = JSON.parse(json.bytes.toString("utf8"));
  // Kept in test-results/exports/ for `lrlab plot` (the CLI tests draw the same shapes).
  const kept = new URL("exports/", SHOTS);
  await mkdir(kept, { recursive: true });
  await writeFile(new URL(json.name, kept), json.bytes);
  assert.equal(doc.lrlab, "chart");
  assert.equal(doc.rows.length, lines.length - 1, "JSON and CSV have the same rows");
  assert.deepEqual(doc.columns, csvFields(lines[0]));
  return doc;
}

