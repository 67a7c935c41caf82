// End-to-end: the widgets. embed.html shows each panel alone, follows its state in the hash and
// posts its height to the page framing it; the custom elements from www/embed.js work side by
// side (sharing the WebAssembly modules, separate state), honour `controls`, and say which
// attributes they could not use. A Schedules widget loads only that panel's small wasm module.
import assert from "node:assert/strict";
import { test } from "node:test";
import { openPage, useSite } from "./harness.mjs";

useSite();

/** The wasm files the page has fetched, by name, in order. */
const wasmFetched = (page) =>
  page.evaluate(() => performance.getEntriesByType("resource").map((r) => r.name.split("/").pop()).filter((n) => n.endsWith(".wasm")));

const WIDGETS = [
  { id: "schedules", key: "sch", text: /Schedule 1: StepLR/, wasm: "lrlab_schedules_bg.wasm" },
  { id: "train", key: "trn", text: /Ready to train/, wasm: "lrlab_panels_train_bg.wasm" },
  { id: "lrfind", key: "lrf", text: /LR range test/, wasm: "lrlab_panels_experiments_bg.wasm" },
  { id: "playground", key: "pg", text: /Presets: the step size on the bowl/, wasm: "lrlab_panels_train_bg.wasm" },
  { id: "tips", key: "tip", text: /Quick budget/, wasm: "lrlab_panels_experiments_bg.wasm" },
  { id: "landscape", key: "ls", text: /Visualizing the Loss Landscape/, wasm: "lrlab_panels_experiments_bg.wasm" },
  { id: "snapshots", key: "sn", text: /Train 1, get M for free/, wasm: "lrlab_panels_experiments_bg.wasm" },
];

for (const w of WIDGETS) {
  test(`embed.html shows the ${w.id} widget alone and posts its height`, async () => {
    const { page, problems, close } = await openPage(`#widget=${w.id}`, { width: 900, height: 800, path: "embed.html" });
    await page.getByText(w.text).first().waitFor();
    assert.equal(await page.locator(".site-header, [role=tablist]").count(), 0, "no site header or tabs in a widget");
    assert.equal(await page.locator("section.panel").count(), 1);
    assert.match(page.url(), new RegExp(`#widget=${w.id}&v=1&${w.key}=`), "the hash carries the panel's state");
    assert.match(await page.getByRole("link", { name: "Open in lrlab" }).getAttribute("href"), new RegExp(`index\\.html#v=1&tab=${w.id}&`));
    assert.deepEqual(await wasmFetched(page), [w.wasm], "the one wasm module this widget's page side needs");
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

test("custom elements on one page share the wasm modules and keep separate state", async () => {
  const { page, problems, close } = await openPage("", { width: 1280, height: 900, path: "www/examples/course-notes.html", ready: "lrlab-lr-finder[data-ready=true]" });
  // A Playground, three Schedules widgets, a Train and an LR Finder widget: each module is
  // downloaded once for all of its widgets.
  assert.deepEqual((await wasmFetched(page)).sort(), ["lrlab_panels_experiments_bg.wasm", "lrlab_panels_train_bg.wasm", "lrlab_schedules_bg.wasm"]);
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

/** Adds `<tag attrs...>` with id `id` to the course-notes page; its locator once ready. */
async function addElement(page, tag, id, attrs) {
  await page.evaluate(
    ([tag, id, attrs]) => {
      const el = document.createElement(tag);
      el.id = id;
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      document.querySelector("main").prepend(el);
    },
    [tag, id, attrs],
  );
  await page.waitForSelector(`#${id}[data-ready=true]`);
  return page.locator(`#${id}`);
}

const NOTES = { width: 1280, height: 900, path: "www/examples/course-notes.html", ready: "lrlab-lr-finder[data-ready=true]" };

test("<lrlab-landscape> and <lrlab-snapshots> render from their attributes", async () => {
  const { page, problems, close } = await openPage("", NOTES);
  try {
    const ls = await addElement(page, "lrlab-landscape", "ls", { plane: "random", "plane-seed": "3", "grid-size": "21", "eval-size": "500", metric: "accuracy", epochs: "2", extent: "-2 2 -1 1" });
    const s = await ls.evaluate((e) => e.panel.state);
    assert.deepEqual([s.src, s.pl, s.sd, s.n, s.ev, s.met, s.ep, s.ext, s.ax], ["lab", "random", 3, 21, 500, "accuracy", 2, true, [-2, 2, -1, 1]]);
    assert.equal(await ls.getByLabel("Random seed").inputValue(), "3");
    assert.equal(await ls.getByLabel("Grid points per side").inputValue(), "21");
    assert.equal(await ls.locator(".notice:not([hidden])").count(), 0, "no problems");

    // The Train panel's keywords train with those: source="train" is implied.
    const own = await addElement(page, "lrlab-landscape", "ls-own", { optimizer: "SGD", lr: "0.05", momentum: "0.5", epochs: "2", "batch-size": "64" });
    const state = await own.evaluate((e) => ({ panel: e.panel.state, links: e.state }));
    assert.equal(state.panel.src, "train");
    assert.equal(await own.getByLabel("Training run").inputValue(), "train");
    assert.match(JSON.stringify(state.links.trn), /lr:0\.05|"lr":0\.05/);
    assert.equal(state.links.trn.e, 2);
    assert.equal(state.links.trn.b, 64);

    const sn = await addElement(page, "lrlab-snapshots", "sn", { schedule: "warm-restarts", "t-0": "1", "t-mult": "2", epochs: "6", lr: "0.1", baseline: "step", "step-size": "2", gamma: "0.5", view: "weights", "grid-size": "15", controls: "t-0 t-mult" });
    const n = await sn.evaluate((e) => e.panel.state);
    assert.deepEqual([n.sch, n.t0, n.tm, n.ep, n.lr, n.bl, n.ss, n.g, n.wa, n.n], ["warm", 1, 2, 6, 0.1, "step", 2, 0.5, true, 15]);
    assert.equal(await sn.getByLabel("T_0 (epochs)").inputValue(), "1");
    assert.equal(await sn.getByLabel("T_0 (epochs)").isVisible(), true, "a listed control stays");
    assert.equal(await sn.getByLabel("Learning rate α0").isVisible(), false, "the others are hidden");
    assert.equal(await sn.getByLabel(/Average the snapshots' weights/).isChecked(), true);
    assert.match(await sn.getByRole("link", { name: "Open in lrlab" }).getAttribute("href"), /tab=snapshots&sn=\(.*sch:warm/);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("bad attributes of <lrlab-landscape> and <lrlab-snapshots> are named, and their defaults kept", async () => {
  const { page, problems, close } = await openPage("", NOTES);
  try {
    const ls = await addElement(page, "lrlab-landscape", "bad-ls", { source: "lab", lr: "0.5", "grid-size": "big", plane: "diagonal", points: "1 2" });
    const notice = ls.locator(".notice:not([hidden])");
    await notice.getByText(/could not be used; their defaults are shown instead/).waitFor();
    const text = await notice.textContent();
    assert.match(text, /lr: the lab's quick run is fixed .* set source="train"/);
    assert.match(text, /grid-size="big" is not a number/);
    assert.match(text, /plane="diagonal" must be one of pca, random, points/);
    assert.match(text, /points="1 2" must be 3 numbers/);
    const s = await ls.evaluate((e) => e.panel.state);
    assert.deepEqual([s.n, s.pl, s.pts], [41, "pca", [0, 40, -1]], "defaults kept");

    const sn = await addElement(page, "lrlab-snapshots", "bad-sn", { schedule: "sgdr", cycles: "2.5", colour: "red", view: "both" });
    const t = await sn.locator(".notice:not([hidden])").textContent();
    assert.match(t, /schedule="sgdr" must be one of huang, warm-restarts/);
    assert.match(t, /cycles="2.5" must be a whole number/);
    assert.match(t, /colour: not an attribute of <lrlab-snapshots>/);
    assert.match(t, /view="both" must be one of ensemble, weights/);
    const n = await sn.evaluate((e) => e.panel.state);
    assert.deepEqual([n.sch, n.M, n.wa], ["cyclic", 5, false]);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
