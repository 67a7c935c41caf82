// End-to-end accessibility: an axe-core audit of every panel in light and dark (no serious or
// critical violations), a keyboard-only session on the Schedules panel with a visible focus
// ring, and a 390 px-wide screenshot of every panel.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { test } from "node:test";
import { SHOTS, openPage, useSite } from "./harness.mjs";

useSite();

const AXE = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const PANELS = [
  ["schedules", "Schedules"],
  ["train", "Train"],
  ["lrfind", "LR Finder"],
  ["playground", "Playground"],
];

/** Runs axe on the page; returns the violations as "impact rule: target" lines. */
async function audit(page) {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const result = await globalThis.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  });
  return violations;
}

for (const scheme of ["light", "dark"]) {
  test(`axe finds no serious or critical violation in any panel (${scheme})`, async () => {
    const report = [];
    for (const [id] of PANELS) {
      const { page, problems, close } = await openPage(`#v=1&tab=${id}`, { width: 1280, height: 900, colorScheme: scheme });
      await page.waitForTimeout(300);
      const found = await audit(page);
      for (const v of found) report.push(`${id}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.join(", ")}`);
      assert.deepEqual(problems, []);
      await close();
    }
    console.log(`axe (${scheme}): ${report.length ? report.join("\n  ") : "no violations"}`);
    const blocking = report.filter((line) => / (serious|critical) /.test(line));
    assert.deepEqual(blocking, []);
  });
}

test("keyboard only: add a schedule, change a value, read the chart, with a visible focus", async () => {
  const { page, problems, close } = await openPage("#v=1&tab=schedules", { width: 1280, height: 900 });
  const panel = page.locator("#panel-schedules");
  const focusOn = async (predicate, limit = 80) => {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate(predicate)) return;
    }
    throw new Error(`focus never reached ${predicate}`);
  };
  await focusOn(() => /^Add/.test(document.activeElement?.textContent?.trim() ?? "") && document.activeElement.closest("#panel-schedules"));
  // The focused control shows a ring: an outline wider than zero in a colour other than none.
  const ring = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  assert.ok(ring.style !== "none" && ring.width >= 2, `focus ring: ${JSON.stringify(ring)}`);
  const items = () => panel.getByRole("group", { name: "Schedules on the chart" }).getByRole("listitem").count();
  const count = await items();
  await page.keyboard.press("Enter");
  await page.waitForTimeout(100);
  assert.equal(await items(), count + 1, "a schedule was added");

  await focusOn(() => document.activeElement?.tagName === "INPUT" && document.activeElement.closest("#panel-schedules .sch-side") !== null);
  const label = await page.evaluate(() => document.activeElement.labels?.[0]?.textContent ?? "");
  assert.ok(label.length > 0, "the focused input has a label");
  await page.keyboard.press("Control+A");
  await page.keyboard.type("0.05");
  await page.keyboard.press("Tab");
  await page.waitForTimeout(100);
  assert.match(await page.evaluate(() => location.hash), /0\.05/, "the change reached the state");

  await panel.locator(".chart-frame").focus();
  const height = await panel.locator(".chart .readout").evaluate((r) => r.getBoundingClientRect().height);
  await page.keyboard.press("End");
  const text = await panel.locator(".chart .readout").textContent();
  assert.match(text, /\d/, `readout: ${text}`);
  const after = await panel.locator(".chart .readout").evaluate((r) => r.getBoundingClientRect().height);
  assert.equal(after, height, "the readout keeps its reserved height");
  assert.deepEqual(problems, []);
  await close();
});

test("every panel at 390 px: no sideways scroll, screenshot saved", async () => {
  for (const [id] of PANELS) {
    for (const scheme of ["light", "dark"]) {
      const { page, problems, close } = await openPage(`#v=1&tab=${id}`, { width: 390, height: 844, colorScheme: scheme });
      await page.waitForTimeout(300);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${id}: no horizontal scroll at 390 px (${overflow})`);
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const dark = await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches);
      assert.equal(dark, scheme === "dark");
      assert.notEqual(bg, "rgba(0, 0, 0, 0)");
      await page.screenshot({ path: new URL(`a11y-${id}-390-${scheme}.png`, SHOTS).pathname, fullPage: true });
      assert.deepEqual(problems, []);
      await close();
    }
  }
});
