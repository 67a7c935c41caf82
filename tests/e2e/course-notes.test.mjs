// End-to-end: the course-notes example (www/examples/course-notes.html), a lecture page with
// the lab's widgets inline: every widget renders, draws and reports no error, at 1280 and
// 390 px (screenshots in test-results/course-notes-*.png).
import assert from "node:assert/strict";
import { test } from "node:test";
import { SHOTS, openPage, useSite } from "./harness.mjs";

useSite();

const TAGS = ["lrlab-playground", "lrlab-schedules", "lrlab-train", "lrlab-lr-finder"];

for (const width of [1280, 390]) {
  test(`the course notes' widgets all render at ${width} px`, async () => {
    const { page, problems, close } = await openPage("", { width, height: 900, path: "www/examples/course-notes.html", ready: "lrlab-lr-finder[data-ready=true]" });
    await page.waitForFunction((tags) => tags.every((t) => [...document.querySelectorAll(t)].every((e) => e.dataset.ready === "true")), TAGS);
    for (const tag of TAGS) assert.ok((await page.locator(tag).count()) >= 1, tag);
    assert.equal(await page.locator("lrlab-schedules").count(), 3);
    // No widget complains about its attributes, and each shows content of its own.
    for (const tag of TAGS) {
      const notices = await page.locator(tag).evaluateAll((els) => els.map((e) => e.shadowRoot.querySelector(".notice:not([hidden])")?.textContent ?? ""));
      assert.deepEqual(notices.filter(Boolean), [], `${tag}: ${notices.join(" | ")}`);
      const heights = await page.locator(tag).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
      assert.ok(heights.every((h) => h > 150), `${tag} heights ${heights}`);
    }
    // The schedule charts drew: some ink on the first comparison's canvas.
    const ink = await page.locator("lrlab-schedules").first().evaluate((e) => {
      const c = e.shadowRoot.querySelector("canvas");
      const copy = document.createElement("canvas");
      copy.width = c.width;
      copy.height = c.height;
      const ctx = copy.getContext("2d", { willReadFrequently: true });
      ctx.drawImage(c, 0, 0);
      return ctx.getImageData(0, 0, c.width, c.height).data.filter((v, i) => i % 4 === 3 && v > 0).length;
    });
    assert.ok(ink > 1000, `chart pixels: ${ink}`);
    // The page is no wider than the screen.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1));
    await page.screenshot({ path: new URL(`course-notes-${width}.png`, SHOTS).pathname, fullPage: true });
    assert.deepEqual(problems, []);
    await close();
  });
}

test("the lab's footer links to the course notes", async () => {
  const { page, problems, close } = await openPage("", { width: 1280, height: 900 });
  await page.getByRole("link", { name: "the course-notes example" }).click();
  await page.waitForSelector("lrlab-schedules[data-ready=true]");
  assert.match(await page.title(), /Learning-rate decay/);
  assert.deepEqual(problems, []);
  await close();
});
