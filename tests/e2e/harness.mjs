// The end-to-end tests' shared harness: the built site served as a static host would, one
// headless Chromium (Debian's; never a downloaded browser), and fresh pages that record every
// console error or warning, page error, failed load and HTTP error.
import { mkdir } from "node:fs/promises";
import { after, before } from "node:test";
import { chromium } from "playwright-core";
import { serve } from "../../scripts/serve.mjs";

export const SHOTS = new URL("../../test-results/", import.meta.url);

const site = { server: null, base: "", browser: null };

/** Registers the suite's before/after hooks: start the server and the browser, then stop them. */
export function useSite() {
  before(async () => {
    await mkdir(SHOTS, { recursive: true });
    ({ server: site.server, url: site.base } = await serve({ port: 0 }));
    site.browser = await chromium.launch({
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
    await site.browser?.close();
    site.server?.close();
  });
}

/**
 * A fresh context and page (a new user: no storage) at `path` (index.html) + hash, once `ready`
 * (the lab's readiness mark) is there.
 */
export async function openPage(hash, { width, height, colorScheme = "light", acceptDownloads = false, path = "index.html", ready = "html[data-ready=true]" }) {
  const context = await site.browser.newContext({ viewport: { width, height }, colorScheme, acceptDownloads });
  // The Copy buttons write to the clipboard; the tests read it back.
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: site.base });
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
  await page.goto(`${site.base}${path}${hash}`);
  await page.waitForSelector(ready, { timeout: 30_000 });
  return { page, problems, close: () => context.close() };
}
