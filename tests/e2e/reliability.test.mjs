// Security and persistence in the real page: links and file names carrying script are shown
// as text and never run; the page requests nothing outside its own origin; the settings
// survive closing the tab (local storage) and a link still wins over them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildHash } from "../../www/lib/hash-state.js";
import { openPage, useSite } from "./harness.mjs";

useSite();

const PAYLOADS = [
  `<img src=x onerror="window.__pwned='img'">`,
  `"><script>window.__pwned='script'</script>`,
  `javascript:window.__pwned='url'`,
  `<svg onload="window.__pwned='svg'"></svg>`,
];

/** A link whose every free-text field carries a script payload. */
function hostileLink(payload) {
  return `#${buildHash({
    tab: `train${payload}`,
    panels: {
      sch: { items: [{ s: { scheduler: "StepLR", step_size: 5 }, n: payload }, { s: { scheduler: payload } }], x: payload },
      trn: { sn: payload, o: { optimizer: payload, lr: payload }, s: { scheduler: "StepLR", step_size: payload } },
      [payload]: payload,
    },
  })}`;
}

test("script in a link is shown as text and never runs", async () => {
  for (const payload of PAYLOADS) {
    const { page, problems, close } = await openPage(hostileLink(payload), { width: 1280, height: 900 });
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__pwned), undefined, payload);
    assert.equal(await page.locator("main img, main svg, main script").count(), 0, `${payload}: markup from the link was inserted`);
    const shown = await page.locator("#panel-schedules").textContent();
    assert.ok(shown.includes(payload.slice(0, 20)) || (await page.locator(".notice").count()) > 0, `${payload}: neither kept as a name nor reported`);
    assert.deepEqual(problems, []);
    await close();
  }
});

test("a file name carrying script is shown as text in the error", async () => {
  const { page, problems, close } = await openPage("#v=1&tab=train", { width: 1280, height: 900 });
  const panel = page.locator("#panel-train");
  const name = `<img src=x onerror="window.__pwned=1">-images-idx3-ubyte`;
  await panel.getByLabel("Load IDX files…").setInputFiles([{ name, mimeType: "application/octet-stream", buffer: Buffer.from("not an idx file") }]);
  const error = panel.locator(".data-source .form-error");
  await error.waitFor();
  assert.ok((await error.textContent()).startsWith(name), await error.textContent());
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  // The page's only images are the digit pictures it paints itself.
  assert.equal(await page.locator("main img:not(.digit-image), main img[src='x']").count(), 0);
  assert.deepEqual(problems, []);
  await close();
});

test("the page requests nothing outside its own origin", async () => {
  const { page, problems, close } = await openPage("#v=1", { width: 1280, height: 900 });
  const origin = new URL(page.url()).origin;
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  // Every tab, then a reload so the first load's requests are recorded too.
  for (const tab of await page.getByRole("tab").all()) {
    await tab.click();
    await page.waitForTimeout(200);
  }
  await page.reload();
  await page.waitForSelector("html[data-ready=true]");
  for (const tab of await page.getByRole("tab").all()) await tab.click();
  await page.waitForTimeout(500);
  assert.ok(requests.length >= 5, `recorded ${requests.length} requests`);
  const foreign = requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith("blob:") && !url.startsWith("data:"));
  assert.deepEqual(foreign, []);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  assert.doesNotMatch(csp, /'unsafe-eval'|'unsafe-inline'/);
  assert.match(csp, /'wasm-unsafe-eval'/);
  assert.deepEqual(problems, []);
  await close();
});

test("settings survive closing the tab; a link wins over them; 'Start from the defaults' forgets them", async () => {
  const { page, problems, close } = await openPage("#v=1&tab=schedules", { width: 1280, height: 900 });
  const base = page.url().split("#")[0];
  await page.getByRole("tab", { name: "Train" }).click();
  const epochs = page.locator("#panel-train").getByLabel("Epochs", { exact: true });
  await epochs.fill("7");
  await epochs.press("Tab");
  await page.waitForFunction(() => location.hash.includes("e:7"));
  await page.goto(base);
  await page.waitForSelector("html[data-ready=true]");
  assert.equal(await page.locator("#panel-train").getByLabel("Epochs", { exact: true }).inputValue(), "7");
  assert.match(await page.locator("#app-notice").textContent(), /last settings in this browser were restored/);
  assert.match(page.url(), /tab=train/);

  // A link opened in a new tab wins over the saved settings (and says nothing about them).
  const linked = await page.context().newPage();
  await linked.goto(`${base}#v=1&tab=schedules`);
  await linked.waitForSelector("html[data-ready=true]");
  assert.equal(await linked.locator("#app-notice").isVisible(), false, "a link is not 'restored settings'");
  await linked.getByRole("tab", { name: "Train" }).click();
  assert.equal(await linked.locator("#panel-train").getByLabel("Epochs", { exact: true }).inputValue(), "5");
  await linked.close();

  // "Start from the defaults" forgets the saved settings.
  await page.goto(base);
  await page.waitForSelector("html[data-ready=true]");
  await page.getByRole("button", { name: "Start from the defaults" }).click();
  await page.waitForFunction(() => location.hash.startsWith("#v=1") && !location.hash.includes("e:7"));
  await page.waitForSelector("html[data-ready=true]");
  await page.getByRole("tab", { name: "Train" }).click();
  assert.equal(await page.locator("#panel-train").getByLabel("Epochs", { exact: true }).inputValue(), "5");
  assert.equal(await page.evaluate(() => localStorage.getItem("lrlab:last-state")?.includes("e:7") ?? false), false);
  assert.deepEqual(problems, []);
  await close();
});

test("a training worker that dies is replaced, the run says so, and the settings are kept", async () => {
  const { page, problems, close } = await openPage("#v=1&tab=train&trn=(d:(train_size:2000,val_size:200),e:50)", { width: 1280, height: 900 });
  const panel = page.locator("#panel-train");
  await panel.getByText(/^Bundled: real MNIST digits/).waitFor({ timeout: 30_000 });
  await panel.getByRole("button", { name: "Train", exact: true }).click();
  await page.waitForFunction(() => /^training/.test(document.querySelector("#panel-train .run-status")?.textContent ?? ""));
  // The worker dies as it would after a trap in its wasm instance.
  const worker = page.workers().at(-1);
  await worker.evaluate(() => setTimeout(() => { throw new WebAssembly.RuntimeError("unreachable executed"); }));
  await page.waitForFunction(() => /^failed/.test(document.querySelector("#panel-train .run-status")?.textContent ?? ""));
  assert.match(await panel.textContent(), /The training worker crashed \(.*unreachable executed.*\); the next run starts a new one\./);
  assert.equal(await panel.getByLabel("Epochs", { exact: true }).inputValue(), "50", "the settings are kept");
  assert.equal(await panel.getByLabel("Training images").inputValue(), "2000");
  // The new worker trains.
  await panel.getByLabel("Epochs", { exact: true }).fill("1");
  await panel.getByRole("button", { name: "Train", exact: true }).click();
  await page.waitForFunction(() => /^done/.test(document.querySelectorAll("#panel-train .run-status")[1]?.textContent ?? ""), null, { timeout: 60_000 });
  assert.deepEqual(problems, []);
  await close();
});

test("a trap in the page's wasm shows the error banner, whose Reload keeps the state", async () => {
  const { page, problems, close } = await openPage("#v=1&tab=train&trn=(e:3)", { width: 1280, height: 900 });
  await page.evaluate(() => setTimeout(() => { throw new WebAssembly.RuntimeError("unreachable executed"); }));
  const banner = page.getByRole("alert").filter({ hasText: "Something went wrong" });
  await banner.waitFor();
  assert.match(await banner.textContent(), /unreachable executed/);
  await banner.getByRole("button", { name: "Reload the lab" }).click();
  await page.waitForSelector("html[data-ready=true]");
  assert.equal(await page.locator("#app-error").isVisible(), false);
  assert.equal(await page.locator("#panel-train").getByLabel("Epochs", { exact: true }).inputValue(), "3");
  assert.deepEqual(problems.filter((p) => !/unreachable executed/.test(p)), []);
  await close();
});
