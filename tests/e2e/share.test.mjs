// End-to-end: sharing. Each panel is changed through its controls; its URL, opened in a fresh
// browser context, shows the same settings (and, for training, the same seeded configuration)
// and writes back the very same hash. The Embed dialog offers both snippets for the current
// state, copies them, and closes on Escape with focus back on its button.
import assert from "node:assert/strict";
import { test } from "node:test";
import { openPage, useSite } from "./harness.mjs";

useSite();

/** Opens `url`'s hash in a fresh context; returns the page and its settled hash. */
async function reopen(url) {
  const opened = await openPage(new URL(url).hash, { width: 1280, height: 900 });
  return opened;
}

const settled = (page) => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok(location.hash)))));

const CASES = [
  {
    tab: "schedules",
    change: async (panel) => {
      await panel.getByLabel("Steps", { exact: true }).fill("150");
      await panel.getByRole("button", { name: "Add schedule" }).click();
      await panel.getByLabel("T_max").fill("150");
    },
    check: async (panel) => {
      assert.equal(await panel.getByLabel("Steps", { exact: true }).inputValue(), "150");
      assert.equal(await panel.getByLabel("T_max").inputValue(), "150");
    },
    expect: /sch=\(steps:150,.*CosineAnnealingLR.*T_max:150/,
  },
  {
    tab: "train",
    change: async (panel) => {
      await panel.getByLabel("lr", { exact: true }).fill("0.005");
      await panel.getByLabel("Seed", { exact: true }).fill("7");
      await panel.getByLabel("Epochs", { exact: true }).fill("2");
    },
    check: async (panel) => {
      assert.equal(await panel.getByLabel("lr", { exact: true }).inputValue(), "0.005");
      assert.equal(await panel.getByLabel("Seed", { exact: true }).inputValue(), "7");
      assert.equal(await panel.getByLabel("Epochs", { exact: true }).inputValue(), "2");
    },
    expect: /trn=\(.*lr:0\.005.*e:2,seed:7/,
  },
  {
    tab: "lrfind",
    change: async (panel) => {
      await panel.getByLabel("Iterations (num_iter)").fill("50");
      await panel.getByLabel("End lr (end_lr)").fill("3");
    },
    check: async (panel) => {
      assert.equal(await panel.getByLabel("Iterations (num_iter)").inputValue(), "50");
      assert.equal(await panel.getByLabel("End lr (end_lr)").inputValue(), "3");
    },
    expect: /lrf=\(r:\(end:3,it:50\)\)/,
  },
  {
    tab: "playground",
    change: async (panel) => {
      await panel.getByRole("button", { name: "lr too large" }).click();
    },
    check: async (panel) => {
      assert.equal(await panel.getByRole("button", { name: "lr too large" }).getAttribute("aria-pressed"), "true");
    },
    expect: /pg=\(.*pre:too_large/,
  },
  {
    tab: "tips",
    change: async (panel) => {
      await panel.getByLabel(/Quick budget/).check();
    },
    check: async (panel) => {
      assert.equal(await panel.getByLabel(/Quick budget/).isChecked(), true);
    },
    expect: /tip=\(q:1\)/,
  },
];

for (const c of CASES) {
  test(`a link restores the ${c.tab} panel`, async () => {
    const first = await openPage(`#v=1&tab=${c.tab}`, { width: 1280, height: 900 });
    const panel = first.page.locator(`#panel-${c.tab}`);
    await c.change(panel);
    const hash = await settled(first.page);
    assert.match(decodeURIComponent(hash), c.expect);
    const second = await reopen(first.page.url());
    const again = second.page.locator(`#panel-${c.tab}`);
    assert.equal(await again.isVisible(), true, "the link opens the same tab");
    await c.check(again);
    assert.equal(await settled(second.page), hash, "the restored lab writes back the same state");
    assert.deepEqual(first.problems, []);
    assert.deepEqual(second.problems, []);
    await first.close();
    await second.close();
  });
}

test("a training link reproduces the run's configuration and seed", async () => {
  const first = await openPage("#v=1&tab=train", { width: 1280, height: 900 });
  const panel = first.page.locator("#panel-train");
  await panel.getByLabel("Seed", { exact: true }).fill("42");
  await panel.getByLabel("Optimizer", { exact: true }).selectOption("SGD");
  const hash = await settled(first.page);
  const second = await reopen(first.page.url());
  // The exported config (the JSON `lrlab train` reads) is the same on both pages.
  const config = async (page) => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export config (JSON)" }).click()]);
    const chunks = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk);
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  };
  await first.close();
  const a = await openPage(hash, { width: 1280, height: 900, acceptDownloads: true });
  const b = await openPage(hash, { width: 1280, height: 900, acceptDownloads: true });
  const [ca, cb] = [await config(a.page), await config(b.page)];
  assert.deepEqual(ca, cb);
  assert.equal(ca.seed, 42);
  assert.equal(ca.optimizer.optimizer, "SGD");
  assert.deepEqual([...second.problems, ...a.problems, ...b.problems], []);
  await Promise.all([second.close(), a.close(), b.close()]);
});

test("the Embed dialog gives both snippets for the current state", async () => {
  const { page, problems, close } = await openPage("#v=1&tab=schedules", { width: 1280, height: 900 });
  await page.locator("#panel-schedules").getByLabel("Steps", { exact: true }).fill("77");
  const button = page.getByRole("button", { name: "Embed the Schedules panel" });
  await button.click();
  const dialog = page.getByRole("dialog", { name: "Embed the Schedules panel" });
  await dialog.waitFor();
  const iframe = await dialog.getByLabel("Iframe").inputValue();
  const element = await dialog.getByLabel("Custom element").inputValue();
  assert.match(iframe, /<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\.html#widget=schedules&amp;v=1&amp;sch=\(steps:77,/);
  assert.match(iframe, /lrlab:height/);
  assert.match(element, /<script type="module" src="http:\/\/127\.0\.0\.1:\d+\/www\/embed\.js"><\/script>\n<lrlab-schedules state="\(steps:77,/);
  await dialog.getByRole("button", { name: "Copy custom element" }).click();
  await dialog.getByText("Custom element: copied to the clipboard.").waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), element);
  // The copied element, pasted into a page, shows the same state.
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden" });
  assert.equal(await button.evaluate((b) => b === document.activeElement), true, "focus returns to the Embed button");
  await page.evaluate(async (html) => {
    await import(new URL("www/embed.js", location.href).href);
    const box = document.createElement("div");
    box.innerHTML = html.split("\n")[1];
    document.querySelector("main").append(box);
  }, element);
  await page.waitForSelector("lrlab-schedules[data-ready=true]");
  assert.equal(await page.locator("lrlab-schedules").getByLabel("Steps", { exact: true }).inputValue(), "77");
  assert.deepEqual(problems, []);
  await close();
});
