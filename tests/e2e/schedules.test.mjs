// End-to-end: the built site (make build) served as a static host would, used in headless
// Chromium the way a new user would: finding controls by their labels and roles, checking the
// chart's pixels and the page's text, and saving screenshots to test-results/.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { serve } from "../../scripts/serve.mjs";

const SHOTS = new URL("../../test-results/", import.meta.url);
let server;
let base;
let browser;

before(async () => {
  await mkdir(SHOTS, { recursive: true });
  ({ server, url: base } = await serve({ port: 0 }));
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** A fresh page (new user: no storage, no hash) that records console errors and failed loads. */
async function open(hash = "", { width = 1280, height = 900, colorScheme = "light" } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(`${base}index.html${hash}`);
  await page.waitForSelector("html[data-ready=true]", { timeout: 30_000 });
  await settle(page);
  return { page, problems, close: () => context.close() };
}

/** The Schedules panel: other panels have controls with the same labels. */
function inSchedules(page) {
  return page.locator("#panel-schedules");
}

/** Waits two animation frames: edits redraw on the next one. */
function settle(page) {
  return page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
}

/** A fingerprint of the chart canvas's pixels and how many are not background. */
function chartPixels(page) {
  return page.evaluate(() => {
    // Read through a copy made for reading, so the page's own canvas stays fast to draw on.
    const canvas = document.querySelector("#panel-schedules .chart-canvas");
    const copy = document.createElement("canvas");
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext("2d", { willReadFrequently: true });
    ctx.drawImage(canvas, 0, 0);
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let hash = 0;
    let ink = 0;
    const [r0, g0, b0] = data;
    for (let i = 0; i < data.length; i += 4) {
      hash = (hash * 31 + data[i] * 7 + data[i + 1] * 3 + data[i + 2]) >>> 0;
      if (Math.abs(data[i] - r0) + Math.abs(data[i + 1] - g0) + Math.abs(data[i + 2] - b0) > 60) ink += 1;
    }
    return { hash, ink, width: canvas.width, height: canvas.height };
  });
}

async function changedPixels(page, before) {
  await settle(page);
  const after = await chartPixels(page);
  return after.hash !== before.hash;
}

/** The error text shown for the field labelled `label` (via aria-describedby). */
function fieldError(page, locator) {
  return locator.evaluate((el) =>
    (el.getAttribute("aria-describedby") ?? "")
      .split(/\s+/)
      .map((id) => document.getElementById(id))
      .filter((n) => n && n.classList.contains("field-error") && !n.hidden)
      .map((n) => n.textContent)
      .join(" "),
  );
}

test("a new user sees a StepLR chart and can change it by label", async () => {
  const { page, problems, close } = await open();
  const tab = page.getByRole("tab", { name: "Schedules" });
  assert.equal(await tab.getAttribute("aria-selected"), "true");
  const first = await chartPixels(page);
  assert.ok(first.ink > 2000, `the chart has ink: ${first.ink} pixels`);

  const gamma = inSchedules(page).getByLabel("gamma", { exact: true });
  assert.equal(await gamma.inputValue(), "0.1");
  await gamma.fill("0.5");
  assert.ok(await changedPixels(page, first), "the chart redraws when gamma changes");
  assert.match(page.url(), /gamma:0\.5/);

  await inSchedules(page).getByLabel("Log-scale learning rate").check();
  const log = await chartPixels(page);
  assert.notEqual(log.hash, first.hash);
  await inSchedules(page).getByLabel("epochs").check();
  await inSchedules(page).getByLabel("Steps per epoch").fill("10");
  assert.ok(await changedPixels(page, log), "the x axis now reads in epochs");

  await page.screenshot({ path: new URL("schedules-desktop.png", SHOTS).pathname, fullPage: true });
  assert.deepEqual(problems, []);
  await close();
});

test("bad input shows PyTorch's message next to the field and keeps the last curve", async () => {
  const { page, problems, close } = await open();
  await inSchedules(page).getByLabel("Scheduler", { exact: true }).selectOption("CosineAnnealingWarmRestarts");
  await settle(page);
  const t0 = inSchedules(page).getByLabel("T_0", { exact: true });
  const good = await chartPixels(page);

  await t0.fill("0");
  await settle(page);
  assert.equal(await fieldError(page, t0), "Expected positive integer T_0, but got 0");
  assert.equal(await t0.getAttribute("aria-invalid"), "true");
  assert.equal((await chartPixels(page)).hash, good.hash, "the chart keeps the last valid curve");
  await t0.evaluate((el) => el.scrollIntoView({ block: "center" }));
  await page.screenshot({ path: new URL("schedules-error.png", SHOTS).pathname });

  await t0.fill("abc");
  await settle(page);
  assert.equal(await fieldError(page, t0), 'T_0: "abc" is not a whole number');
  await t0.fill("");
  await settle(page);
  assert.equal(await fieldError(page, t0), "T_0: enter a whole number");

  const lr = inSchedules(page).getByLabel("lr", { exact: true });
  await t0.fill("10");
  await lr.fill("-0.1");
  await settle(page);
  assert.equal(await fieldError(page, lr), "Invalid learning rate: -0.1");
  assert.equal(await fieldError(page, t0), "");
  await lr.fill("nan");
  await settle(page);
  assert.equal(await fieldError(page, lr), "lr must be a finite number, got nan");

  await lr.fill("0.1");
  await settle(page);
  assert.equal(await fieldError(page, lr), "");
  assert.equal(await lr.getAttribute("aria-invalid"), "false");
  assert.deepEqual(problems, []);
  await close();
});

test("schedules can be overlaid, renamed, recoloured and removed; the link restores them", async () => {
  const { page, problems, close } = await open();
  const before = await chartPixels(page);
  await inSchedules(page).getByRole("button", { name: "Add schedule" }).click();
  assert.ok(await changedPixels(page, before), "the new schedule is drawn");
  const chips = inSchedules(page).getByRole("group", { name: "Schedules on the chart" }).getByRole("button", { pressed: true });
  assert.equal(await chips.count(), 1);
  assert.match(await chips.textContent(), /CosineAnnealingLR/);

  await inSchedules(page).getByLabel("Name", { exact: true }).fill("cosine, T_max 50");
  await inSchedules(page).getByLabel("Colour").selectOption({ label: "reddish purple" });
  await inSchedules(page).getByLabel("T_max", { exact: true }).fill("100");
  await inSchedules(page).getByRole("button", { name: "Add schedule" }).click();
  await inSchedules(page).getByLabel("Scheduler", { exact: true }).selectOption("OneCycleLR");
  await settle(page);
  assert.equal(await inSchedules(page).getByRole("button", { name: /^Remove / }).count(), 3);
  await inSchedules(page).getByRole("button", { name: "Remove StepLR" }).click();
  await settle(page);
  assert.equal(await inSchedules(page).getByRole("button", { name: /^Remove / }).count(), 2);

  const url = page.url();
  assert.match(url, /#v=1&tab=schedules&sch=/);
  const shown = await chartPixels(page);
  await page.screenshot({ path: new URL("schedules-overlay.png", SHOTS).pathname, fullPage: true });
  await close();

  const again = await open(new URL(url).hash);
  const restored = inSchedules(again.page).getByRole("group", { name: "Schedules on the chart" });
  assert.deepEqual(
    await restored.getByRole("button", { name: /^Remove / }).evaluateAll((bs) => bs.map((b) => b.getAttribute("aria-label"))),
    ["Remove cosine, T_max 50", "Remove OneCycleLR"],
  );
  assert.equal(await inSchedules(again.page).getByLabel("Scheduler", { exact: true }).inputValue(), "OneCycleLR");
  assert.equal((await chartPixels(again.page)).hash, shown.hash, "the same chart after reload");
  await restored.getByRole("button", { name: "cosine, T_max 50", exact: true }).click();
  assert.equal(await inSchedules(again.page).getByLabel("T_max", { exact: true }).inputValue(), "100");
  assert.equal(await inSchedules(again.page).getByLabel("Colour").inputValue(), "3");
  assert.deepEqual([...problems, ...again.problems], []);
  await again.close();
});

test("the hash is followed when it changes and mangled links are explained", async () => {
  const { page, problems, close } = await open("#v=1&sch=(steps:50,items:!((s:(scheduler:ExponentialLR,gamma:0.9))))");
  assert.equal(await inSchedules(page).getByLabel("Steps", { exact: true }).inputValue(), "50");
  assert.equal(await inSchedules(page).getByLabel("gamma", { exact: true }).inputValue(), "0.9");
  await page.evaluate(() => {
    location.hash = "#v=1&sch=(items:!((s:(scheduler:NoSuchLR)),(s:(scheduler:StepLR,step_size:7))),steps:1e99)";
  });
  await page.waitForFunction(() => document.querySelector("#panel-schedules .notice:not([hidden])"));
  const notice = await inSchedules(page).locator(".notice").textContent();
  assert.match(notice, /unknown scheduler "NoSuchLR"/);
  assert.match(notice, /ignored steps=1e\+99/);
  assert.equal(await inSchedules(page).getByLabel("step_size", { exact: true }).inputValue(), "7");
  assert.equal(await inSchedules(page).getByLabel("Steps", { exact: true }).inputValue(), "100");
  await page.evaluate(() => {
    location.hash = "#v=1&sch=(items:!((s:(scheduler:StepLR,step_size:'<img src=x onerror=alert(1)>'))))";
  });
  await page.waitForFunction(() => document.querySelector("#panel-schedules .notice")?.textContent.includes("step_size"));
  assert.equal(await page.locator("img").count(), 0, "link text is never parsed as HTML");
  assert.deepEqual(problems, []);
  await close();
});

test("ReduceLROnPlateau reacts to the synthetic validation loss", async () => {
  const { page, problems, close } = await open();
  await inSchedules(page).getByLabel("Scheduler", { exact: true }).selectOption("ReduceLROnPlateau");
  await settle(page);
  const loss = inSchedules(page).getByRole("group", { name: "Synthetic validation loss" });
  assert.ok(await loss.isVisible());
  const before = await chartPixels(page);
  await inSchedules(page).getByLabel("patience", { exact: true }).fill("3");
  await inSchedules(page).getByLabel("cooldown", { exact: true }).fill("4");
  assert.ok(await changedPixels(page, before));
  const noise = inSchedules(page).getByLabel("Noise");
  await noise.fill("-1");
  await settle(page);
  assert.match(await fieldError(page, noise), /noise must be a non-negative number, got -1/);
  await noise.fill("0.05");
  await inSchedules(page).getByLabel("Seed").fill("3");
  await settle(page);
  assert.equal(await fieldError(page, noise), "");

  const frame = inSchedules(page).locator(".chart-frame");
  await frame.focus();
  await page.keyboard.press("End");
  const readout = inSchedules(page).locator(".readout");
  assert.match(await readout.textContent(), /^Step 100: ReduceLROnPlateau lr [\d.e-]+, bad epochs \d+ of patience 3; validation loss [\d.]+$/);
  await page.screenshot({ path: new URL("schedules-plateau.png", SHOTS).pathname, fullPage: true });
  assert.deepEqual(problems, []);
  await close();
});

test("the readout follows the pointer and the keyboard; the data table lists every step", async () => {
  const { page, problems, close } = await open();
  const frame = inSchedules(page).locator(".chart-frame");
  const box = await frame.boundingBox();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  await settle(page);
  assert.match(await inSchedules(page).locator(".readout").textContent(), /^Step \d+: StepLR lr /);
  await frame.focus();
  await page.keyboard.press("Home");
  assert.equal(await inSchedules(page).locator(".readout").textContent(), "Step 0: StepLR lr 0.1");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Shift+ArrowRight");
  assert.equal(await inSchedules(page).locator(".readout").textContent(), "Step 11: StepLR lr 0.1");

  const toggle = inSchedules(page).getByRole("button", { name: "Show data as table" });
  await toggle.click();
  assert.equal(await inSchedules(page).getByRole("button", { name: "Hide data table" }).getAttribute("aria-expanded"), "true");
  const table = inSchedules(page).getByRole("table");
  assert.equal(await table.locator("tbody tr").count(), 101);
  assert.deepEqual(await table.locator("thead th").allTextContents(), ["step", "StepLR lr"]);
  assert.deepEqual(await table.locator("tbody tr").nth(30).locator("th, td").allTextContents(), ["30", "0.01"]);
  assert.deepEqual(problems, []);
  await close();
});

test("phones and dark mode get a usable layout", async () => {
  const phone = await open("", { width: 390, height: 844 });
  const px = await chartPixels(phone.page);
  assert.ok(px.ink > 1000, "the chart draws on a phone");
  const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px too wide)`);
  await phone.page.screenshot({ path: new URL("schedules-phone.png", SHOTS).pathname, fullPage: true });
  assert.deepEqual(phone.problems, []);
  await phone.close();

  const dark = await open("", { colorScheme: "dark" });
  const corner = await dark.page.evaluate(() => {
    const c = document.querySelector("#panel-schedules .chart-canvas");
    const copy = document.createElement("canvas");
    copy.width = c.width;
    copy.height = c.height;
    const ctx = copy.getContext("2d", { willReadFrequently: true });
    ctx.drawImage(c, 0, 0);
    return Array.from(ctx.getImageData(2, 2, 1, 1).data);
  });
  assert.deepEqual(corner, [0x16, 0x1b, 0x22, 255], "the chart follows the dark scheme");
  await dark.page.screenshot({ path: new URL("schedules-dark.png", SHOTS).pathname, fullPage: true });
  assert.deepEqual(dark.problems, []);
  await dark.close();
});

test("the formula card and a copyable PyTorch snippet follow the selected schedule", async () => {
  const { page, problems, close } = await open();
  const card = inSchedules(page).locator(".formula-card");
  assert.equal(await card.getByRole("heading").textContent(), "StepLR");
  assert.match(await card.locator(".formula").textContent(), /gamma/);
  const code = inSchedules(page).getByRole("region", { name: "PyTorch code for this curve" }).locator("code");
  assert.match(await code.textContent(), /lr_scheduler\.StepLR\(optimizer, step_size=30\)/);
  await inSchedules(page).getByLabel("step_size", { exact: true }).fill("25");
  await settle(page);
  assert.match(await code.textContent(), /step_size=25/);
  await inSchedules(page).getByRole("button", { name: "Copy" }).click();
  await inSchedules(page).getByText("Copied.").waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, await code.textContent());
  assert.match(copied, /^import torch/m);
  assert.match(copied, /for step in range\(100\):/);

  await inSchedules(page).getByLabel("Scheduler", { exact: true }).selectOption("TimeBasedDecay");
  await settle(page);
  assert.equal(await card.getByRole("heading").textContent(), "TimeBasedDecay");
  assert.match(await code.textContent(), /MultiplicativeLR/);
  assert.deepEqual(problems, []);
  await close();
});

test("the tab list and the page are keyboard operable", async () => {
  const { page, problems, close } = await open();
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Skip to the lab");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("role")), "tab");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.evaluate(() => document.activeElement.id), "tab-train");
  assert.equal(await page.getByRole("tab", { name: "Train" }).getAttribute("aria-selected"), "true");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await page.evaluate(() => document.activeElement.id), "tab-schedules");
  assert.equal(await page.getByRole("tab", { name: "Schedules" }).getAttribute("aria-selected"), "true");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.equal(outline, "solid", "focus is visible");
  assert.deepEqual(problems, []);
  await close();
});
