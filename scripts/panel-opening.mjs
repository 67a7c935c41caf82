// How long the page's thread is held when each panel is first shown: a panel is built the first
// time its tab is clicked (its DOM, its data, its first charts), so that click is where a
// student waits. `make bench` reports the longest task of each first show, at device pixel
// ratios 1 and 2 (a laptop's high-density display draws four times the pixels), as
// information: issue 7's long-task target is about training.

import { longTasksBetween, recordLongTasks } from "./long-tasks.mjs";
import { settledPage } from "./settled-page.mjs";

/** How long each first show is watched before the next tab is clicked. */
const WATCH_MS = 2000;

/**
 * Opens index.html in a new context of `browser` (site at `base`) and clicks every tab once.
 * Resolves to `{ [panel]: longest task in ms (0 for none over 50 ms) }`.
 */
export async function panelOpening(browser, base, { pixelRatio = 1 } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: pixelRatio });
  try {
    await recordLongTasks(context);
    const page = await settledPage(context);
    await page.goto(`${base}index.html`);
    await page.waitForSelector("html[data-ready=true]");
    await page.waitForTimeout(WATCH_MS);
    // Every tab but the one the page opened on (already built), in the page's order.
    const ids = await page.$$eval("[role=tab]", (tabs) => tabs.filter((t) => t.getAttribute("aria-selected") !== "true").map((t) => t.id.replace(/^tab-/, "")));
    const out = {};
    for (const id of ids) {
      const start = await page.evaluate(() => performance.now());
      await page.click(`#tab-${id}`);
      await page.waitForTimeout(WATCH_MS);
      const tasks = await longTasksBetween(page, start);
      out[id] = Math.round(Math.max(0, ...tasks.map((t) => t.duration)));
    }
    return out;
  } finally {
    await context.close();
  }
}
