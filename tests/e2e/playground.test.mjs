// End-to-end: the Playground panel of the built site, used the way a teacher would: open the
// "lr too large" preset, play it to the end, read the divergence message and check the pixels,
// click the surface to move the start, set it with the keyboard, and refuse a bad lr next to
// its field. Screenshots go to test-results/playground-*.png at 1280 and 390 px.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SHOTS, openPage, useSite } from "./harness.mjs";

useSite();

async function open(width, height = 1000, hash = "#v=1&tab=playground") {
  const opened = await openPage(hash, { width, height });
  return { ...opened, panel: opened.page.locator("#panel-playground") };
}

/** Pixels of the path layer that are not transparent, and those near (r, g, b). */
function layerInk(page, rgb) {
  return page.locator("#panel-playground canvas.pg-layer").evaluate((c, [r, g, b]) => {
    // Read a copy: reading the page's own canvas twice makes Chromium warn about readbacks.
    const copy = document.createElement("canvas");
    copy.width = c.width;
    copy.height = c.height;
    const ctx = copy.getContext("2d", { willReadFrequently: true });
    ctx.drawImage(c, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let any = 0;
    let near = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] === 0) continue;
      any += 1;
      if (Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < 40) near += 1;
    }
    return { any, near };
  }, rgb);
}

test("the 'lr too large' preset diverges when played to the end", async () => {
  const { page, panel, problems, close } = await open(1280);
  await panel.getByRole("button", { name: "lr too large" }).click();
  await assert.doesNotReject(panel.getByText(/lr = 0\.22: along the steep y direction/).waitFor());
  assert.equal(await panel.getByRole("button", { name: "lr too large" }).getAttribute("aria-pressed"), "true");
  await panel.getByLabel("Speed").selectOption("200");
  await panel.getByRole("button", { name: "Play" }).click();
  const status = panel.getByRole("status");
  // y grows 1.2-fold per step from 1.5: it passes the escape box's 100 at step 24.
  await status.getByText(/diverged: left the region 50× the view at step 24/).waitFor({ timeout: 10_000 });
  assert.match(await panel.locator(".pg-counter").textContent(), /^Step 24 of 24$/);
  await panel.getByRole("button", { name: "Play" }).waitFor();
  // The blue path (Okabe-Ito #0072b2) is on the layer, and so is its end cross.
  const ink = await layerInk(page, [0x00, 0x72, 0xb2]);
  assert.ok(ink.near > 300, `blue pixels: ${JSON.stringify(ink)}`);
  assert.match(page.url(), /pre:too_large/);
  await page.screenshot({ path: new URL("playground-too-large-1280.png", SHOTS).pathname, fullPage: true });

  // Stepping back hides the divergence note; Restart starts from the start point only.
  await panel.getByRole("button", { name: "Step back" }).click();
  assert.equal(await panel.locator(".pg-status").textContent(), "");
  await panel.getByRole("button", { name: "Restart" }).click();
  const start = await layerInk(page, [0x00, 0x72, 0xb2]);
  assert.ok(start.near < ink.near / 3, `only the start is drawn: ${JSON.stringify(start)}`);
  assert.deepEqual(problems, []);
  await close();
});

test("a click and the keyboard set the start; a bad lr is refused by its field", async () => {
  const { page, panel, problems, close } = await open(1280);
  const startText = panel.locator(".pg-start");
  assert.match(await startText.textContent(), /Start: \(-2\.5, 1\.5\), the surface's default/);
  const stage = panel.getByRole("application", { name: /Loss surface Ill-conditioned bowl/ });
  const box = await stage.boundingBox();
  await stage.click({ position: { x: box.width * 0.45, y: box.height * 0.3 } });
  const moved = await startText.textContent();
  assert.doesNotMatch(moved, /default/);
  assert.match(page.url(), /at:!\(/);

  await stage.focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Enter");
  const keyed = await startText.textContent();
  assert.notEqual(keyed, moved);

  const lr = panel.locator("fieldset.pg-path").first().getByLabel("lr", { exact: true });
  const before = await panel.locator(".pg-legend").textContent();
  await lr.fill("-0.5");
  const error = panel.locator("fieldset.pg-path").first().getByText("Invalid learning rate: -0.5");
  await error.waitFor();
  assert.equal(await lr.getAttribute("aria-invalid"), "true");
  assert.equal(await panel.locator(".pg-legend").textContent(), before, "the paths are unchanged");
  await lr.fill("0.05");
  await error.waitFor({ state: "hidden" });
  assert.match(await panel.locator(".pg-legend").textContent(), /SGD lr=0\.05/);

  await panel.getByLabel("Surface", { exact: true }).selectOption("rosenbrock");
  assert.match(await startText.textContent(), /\(-1\.2, 1\)/);
  await panel.getByRole("button", { name: "Add a path" }).click();
  assert.equal(await panel.locator("fieldset.pg-path").count(), 3);
  assert.deepEqual(problems, []);
  await close();
});

test("a link restores the playground; a broken part is reported", async () => {
  const hash = "#v=1&tab=playground&pg=(s:two_basins,sp:60,p:!((o:(optimizer:SGD,lr:0.08),n:300),(o:(optimizer:Nope))))";
  const { panel, problems, close } = await open(1280, 1000, hash);
  assert.equal(await panel.getByLabel("Surface", { exact: true }).inputValue(), "two_basins");
  assert.equal(await panel.getByLabel("Speed").inputValue(), "60");
  assert.equal(await panel.locator("fieldset.pg-path").count(), 1);
  await panel.getByText(/path 2: unknown optimizer "Nope"/).waitFor();
  assert.match(await panel.locator(".pg-counter").textContent(), /of 300$/);
  assert.deepEqual(problems, []);
  await close();
});

test("screenshots at 390 px", async () => {
  const { page, panel, problems, close } = await open(390, 900);
  await panel.getByRole("button", { name: "large lr, then decay" }).click();
  await panel.getByRole("button", { name: "Show all" }).click();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling: ${overflow}px`);
  await page.screenshot({ path: new URL("playground-390.png", SHOTS).pathname, fullPage: true });
  assert.deepEqual(problems, []);
  await close();
  const wide = await open(1280);
  await wide.page.screenshot({ path: new URL("playground-1280.png", SHOTS).pathname, fullPage: true });
  await wide.close();
});
