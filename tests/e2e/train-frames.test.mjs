// End-to-end: while the Train panel trains, each animation frame draws at most one chart.
// A chart drawn by Rust costs its drawing calls and, in the same frame, the raster of its whole
// canvas; several in one frame (all charts and the confusion matrix at an epoch's or a run's
// end) were the page's longest main-thread tasks. The test counts which chart canvases each
// frame draws on, so it says nothing about timings and fails only if two charts share a frame
// or a chart is drawn outside an animation frame.
import assert from "node:assert/strict";
import { test } from "node:test";
import { openPage, useSite } from "./harness.mjs";

useSite();

/**
 * Runs in the page before its scripts: tags every animation-frame callback with its frame's
 * timestamp (one per frame) and records, per frame, the chart canvases drawn on.
 */
function recordChartDraws() {
  const request = window.requestAnimationFrame.bind(window);
  let frame = null;
  window.requestAnimationFrame = (callback) =>
    request((time) => {
      frame = time;
      try {
        callback(time);
      } finally {
        frame = null;
      }
    });
  const ids = new WeakMap();
  const record = { frames: {}, outside: 0, canvases: 0, on: false };
  window.__chartDraws = record;
  for (const method of ["fillRect", "fillText", "stroke", "fill", "putImageData", "drawImage"]) {
    const draw = CanvasRenderingContext2D.prototype[method];
    CanvasRenderingContext2D.prototype[method] = function (...args) {
      const canvas = this.canvas;
      if (record.on && canvas.isConnected && canvas.classList.contains("chart-canvas")) {
        if (!ids.has(canvas)) ids.set(canvas, `${canvas.closest(".panel")?.id} ${canvas.parentElement.getAttribute("aria-label")?.slice(0, 40)} ${(record.canvases += 1)}`);
        if (frame === null) record.outside += 1;
        else {
          const drawn = (record.frames[frame] ??= []);
          if (!drawn.includes(ids.get(canvas))) drawn.push(ids.get(canvas));
        }
      }
      return draw.apply(this, args);
    };
  }
}

test("no animation frame draws more than one chart while a run trains, at its epoch ends or at its end", async () => {
  // Tall enough for all four charts and the predictions to be in view, so that every redraw
  // during the run draws all of them.
  const { page, problems, close } = await openPage("#v=1&tab=train", { width: 1400, height: 4000 });
  await page.addInitScript(recordChartDraws);
  await page.reload();
  await page.waitForSelector("html[data-ready=true]", { timeout: 30_000 });
  const panel = page.locator("#panel-train");
  await panel.getByText(/^Bundled: real MNIST digits/).waitFor({ timeout: 30_000 });
  await panel.getByLabel("Epochs", { exact: true }).fill("2");
  await page.evaluate(() => (window.__chartDraws.on = true));
  await panel.getByRole("button", { name: "Train", exact: true }).click();
  await panel.locator(".run-status", { hasText: /^done/ }).waitFor({ timeout: 120_000 });
  // The end of the run redraws every chart, one frame each; the queue has long emptied after
  // the gallery is complete and another second has passed.
  await page.getByRole("list", { name: "Validation digits with the network's predictions" }).getByRole("listitem").nth(47).waitFor();
  await page.waitForTimeout(1000);

  const { frames, outside } = await page.evaluate(() => window.__chartDraws);
  const crowded = Object.entries(frames).filter(([, drawn]) => drawn.length > 1);
  assert.equal(outside, 0, "every chart is drawn in an animation frame");
  assert.deepEqual(crowded, [], "frames that drew more than one chart");
  // Four charts at each of the two epoch ends and at the end, the confusion matrix after each
  // epoch, and the live redraws in between: fewer would mean the charts were not redrawn.
  assert.ok(Object.keys(frames).length >= 14, `chart frames: ${Object.keys(frames).length}`);
  assert.deepEqual(problems, []);
  await close();
});
