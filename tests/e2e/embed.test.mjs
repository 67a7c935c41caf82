// End-to-end: the widgets. embed.html shows each panel alone, follows its state in the hash and
// posts its height to the page framing it; the custom elements from www/embed.js work side by
// side (one WebAssembly module, separate state), honour `controls`, and say which attributes
// they could not use.
import assert from "node:assert/strict";
import { test } from "node:test";
import { openPage, useSite } from "./harness.mjs";

useSite();

const WIDGETS = [
  { id: "schedules", key: "sch", text: /Schedule 1: StepLR/ },
  { id: "train", key: "trn", text: /Ready to train/ },
  { id: "lrfind", key: "lrf", text: /LR range test/ },
  { id: "playground", key: "pg", text: /Presets: the step size on the bowl/ },
  { id: "tips", key: "tip", text: /Quick budget/ },
];

for (const w of WIDGETS) {
  test(`embed.html shows the ${w.id} widget alone and posts its height`, async () => {
    const { page, problems, close } = await openPage(`#widget=${w.id}`, { width: 900, height: 800, path: "embed.html" });
    await page.getByText(w.text).first().waitFor();
    assert.equal(await page.locator(".site-header, [role=tablist]").count(), 0, "no site header or tabs in a widget");
    assert.equal(await page.locator("section.panel").count(), 1);
    assert.match(page.url(), new RegExp(`#widget=${w.id}&v=1&${w.key}=`), "the hash carries the panel's state");
    assert.match(await page.getByRole("link", { name: "Open in lrlab" }).getAttribute("href"), new RegExp(`index\\.html#v=1&tab=${w.id}&`));
    // Framed by a page of the same site: the widget reports its height to its parent.
    const message = await page.evaluate(
      (src) =>
        new Promise((ok) => {
          addEventListener("message", (e) => e.data?.type === "lrlab:height" && ok(e.data));
          const frame = document.createElement("iframe");
          frame.src = src;
          document.body.append(frame);
        }),
      page.url(),
    );
    assert.equal(message.widget, w.id);
    assert.ok(message.height > 200, `height ${message.height}`);
    assert.deepEqual(problems, []);
    await close();
  });
}

test("embed.html restores a state from its hash and names unknown widgets", async () => {
  const hash = "#widget=schedules&v=1&sch=(steps:40,items:!((s:(scheduler:ExponentialLR,gamma:0.5),c:1)))";
  const { page, problems, close } = await openPage(hash, { width: 700, height: 800, path: "embed.html" });
  assert.equal(await page.getByLabel("Steps", { exact: true }).inputValue(), "40");
  assert.equal(await page.getByLabel("gamma").inputValue(), "0.5");
  assert.deepEqual(problems, []);
  await close();
  const unknown = await openPage("#widget=nope", { width: 700, height: 800, path: "embed.html" });
  await unknown.page.getByText(/There is no lrlab widget called "nope"/).waitFor();
  assert.deepEqual(unknown.problems, []);
  await unknown.close();
});

test("two custom elements on one page share one wasm module and keep separate state", async () => {
  const { page, problems, close } = await openPage("", { width: 1280, height: 900, path: "www/examples/course-notes.html", ready: "lrlab-lr-finder[data-ready=true]" });
  const wasmLoads = await page.evaluate(() => performance.getEntriesByType("resource").filter((r) => r.name.endsWith("lrlab_bg.wasm")).length);
  assert.equal(wasmLoads, 1, "one wasm download for every widget");
  const [first, second] = [page.locator("lrlab-schedules").nth(0), page.locator("lrlab-schedules").nth(2)];
  const before = await second.evaluate((e) => JSON.stringify(e.state));
  // controls="gamma step-size t-max eta-min": StepLR's lr field is not offered, gamma is.
  assert.equal(await first.getByLabel("lr", { exact: true }).isVisible(), false);
  assert.equal(await first.getByLabel("Steps", { exact: true }).isVisible(), false);
  const gamma = first.getByLabel("gamma");
  await gamma.fill("0.3");
  await page.waitForFunction(() => document.querySelector("lrlab-schedules").panel.state.items[0].cfg.gamma === 0.3);
  assert.equal(await second.evaluate((e) => JSON.stringify(e.state)), before, "the other widget is unchanged");
  assert.equal(await second.getByLabel("T_0").inputValue(), "10");
  assert.match(await first.getByRole("link", { name: "Open in lrlab" }).getAttribute("href"), /gamma:0\.3/);
  assert.deepEqual(problems, []);
  await close();
});

test("a custom element with bad attributes says so and shows the defaults", async () => {
  const { page, problems, close } = await openPage("", { width: 1000, height: 900, path: "www/examples/course-notes.html", ready: "lrlab-lr-finder[data-ready=true]" });
  await page.evaluate(() => {
    const el = document.createElement("lrlab-schedules");
    el.id = "bad";
    el.setAttribute("scheduler", "StepLR");
    el.setAttribute("gamma", "lots");
    el.setAttribute("colour", "red");
    document.querySelector("main").prepend(el);
  });
  const bad = page.locator("#bad");
  await page.waitForSelector("#bad[data-ready=true]");
  await bad.getByText(/could not be used; their defaults are shown instead/).waitFor();
  await bad.getByText(/colour: not an attribute of <lrlab-schedules>/).waitFor();
  await bad.getByText(/gamma/).first().waitFor();
  assert.equal(await bad.evaluate((e) => e.panel.state.items[0].cfg.gamma), 0.1);
  assert.deepEqual(problems, []);
  await close();
});
