// index.html asks for the first panel's whole module graph and the wasm module at once
// (scripts/module-graph.mjs). A module added to that graph but not to the list would again be
// found one import level per round trip, silently delaying the first chart: this keeps the list
// exact, and checks in the browser that the preloaded wasm (the Schedules panel's module) is the
// one the page uses first.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import { preloadList } from "../../scripts/module-graph.mjs";
import { openPage, useSite } from "./harness.mjs";

useSite();

const html = await readFile(new URL("../../index.html", import.meta.url), "utf8");
const hrefs = (rel) => [...html.matchAll(new RegExp(`<link rel="${rel}" href="([^"]+)"`, "g"))].map((m) => m[1]);

test("index.html preloads exactly the modules app.js and the Schedules panel import", () => {
  const listed = hrefs("modulepreload");
  const missing = preloadList().filter((p) => !listed.includes(p));
  const extra = listed.filter((p) => !preloadList().includes(p));
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, "update index.html from `node scripts/module-graph.mjs`");
  assert.equal(new Set(listed).size, listed.length, "no module is listed twice");
});

test("the preloaded wasm module is fetched once and used by the page", async () => {
  assert.deepEqual(hrefs("preload"), ["www/pkg/lrlab_schedules_bg.wasm"]);
  const fetched = (page) => page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name.split("/").pop()).filter((n) => n.endsWith(".wasm")));
  const { page, problems, close } = await openPage("", { width: 1280, height: 900 });
  try {
    // The other panels, built in tab order once the Schedules tab has drawn, then load theirs
    // (the workers load their own, outside the page's timeline).
    assert.deepEqual(await fetched(page), ["lrlab_schedules_bg.wasm", "lrlab_panels_train_bg.wasm", "lrlab_panels_experiments_bg.wasm"], "one request each: the page's fetch reuses the preload");
    const memory = await page.evaluate(() => window.lrlabDiagnostics());
    assert.deepEqual(Object.keys(memory.modules).sort(), ["experiments", "schedules", "train"]);
    assert.equal(memory.wasmBytes, memory.modules.experiments + memory.modules.schedules + memory.modules.train);
    // Chromium warns when a preload goes unused (a credentials-mode mismatch, say) after 3 s.
    await page.waitForTimeout(3500);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
  // Opened on another tab, the Schedules panel still uses its own (preloaded) module.
  const train = await openPage("#v=1&tab=train", { width: 1280, height: 900 });
  try {
    assert.deepEqual((await fetched(train.page)).sort(), ["lrlab_panels_experiments_bg.wasm", "lrlab_panels_train_bg.wasm", "lrlab_schedules_bg.wasm"]);
    await train.page.waitForTimeout(3500);
    assert.deepEqual(train.problems, []);
  } finally {
    await train.close();
  }
});
