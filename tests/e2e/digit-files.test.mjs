// The digit files reach the wasm parsers decompressed by the browser (www/lib/digit-files.js),
// and anything the browser cannot turn into a well-formed IDX file reaches them as it was, so
// the parser's own messages (and its multi-member gzip reader) still apply.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { gunzipSync, gzipSync } from "node:zlib";
import { test } from "node:test";
import { openPage, useSite } from "./harness.mjs";

const DATA = new URL("../../www/data/", import.meta.url);
useSite();

const gzImages = await readFile(new URL("mnist-10k-images-idx3-ubyte.gz", DATA));
const gzLabels = await readFile(new URL("mnist-10k-labels-idx1-ubyte.gz", DATA));
const rawLabels = gunzipSync(gzLabels);

/** `inflated(bytes)` in the page: `{same, bytes}`, whether it returned its argument, and the result. */
function inflate(page, bytes) {
  return page.evaluate(async (input) => {
    const { inflated } = await import(new URL("www/lib/digit-files.js", location.href).href);
    const buffer = new Uint8Array(input).buffer;
    const out = await inflated(buffer);
    return { same: out === buffer, bytes: [...new Uint8Array(out)] };
  }, [...bytes]);
}

test("gzipped IDX files are inflated by the browser, anything else is passed on untouched", async () => {
  const { page, problems, close } = await openPage("", { width: 1280, height: 900 });
  try {
    const labels = await inflate(page, gzLabels);
    assert.equal(labels.same, false);
    assert.deepEqual(Buffer.from(labels.bytes), rawLabels, "the browser's inflate gives the file's bytes");
    assert.equal((await inflate(page, rawLabels.subarray(0, 100))).same, true, "raw files are not copied");
    const truncated = gzLabels.subarray(0, gzLabels.length - 40);
    assert.equal((await inflate(page, truncated)).same, true, "a broken gzip goes to the parser, which names the problem");
    assert.equal((await inflate(page, gzipSync(Buffer.from("not an IDX file")))).same, true);
    const short = gzipSync(rawLabels.subarray(0, 508));
    assert.equal((await inflate(page, short)).same, true, "an IDX file shorter than its header says goes to the parser");
    // Two gzip members one after the other: the wasm reader reads both, so the page must not
    // hand on the first member alone.
    const twoMembers = Buffer.concat([gzipSync(rawLabels.subarray(0, 5008)), gzipSync(rawLabels.subarray(5008))]);
    const both = await inflate(page, twoMembers);
    assert.ok(both.same || Buffer.from(both.bytes).equals(rawLabels), "either all of it or the gzip as it was");

    const bundled = await page.evaluate(async () => {
      const { bundledFiles, idxSize } = await import(new URL("www/lib/digit-files.js", location.href).href);
      const files = await bundledFiles();
      return {
        once: files === (await bundledFiles()),
        images: [files.images.byteLength, idxSize(files.images)],
        labels: [files.labels.byteLength, idxSize(files.labels)],
      };
    });
    assert.deepEqual(bundled, { once: true, images: [7840016, 7840016], labels: [10008, 10008] });
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("the Train panel reads the user's gzipped files, in one gzip member or several", async () => {
  const { page, problems, close } = await openPage("#v=1&tab=train", { width: 1280, height: 900 });
  try {
    const panel = page.locator("#panel-train");
    await panel.getByText(/^Bundled: real MNIST digits/).waitFor({ timeout: 30_000 });
    const picker = panel.getByLabel("Load IDX files…");
    const status = panel.locator(".data-status");
    const rawImages = gunzipSync(gzImages);
    const half = 16 + 5000 * 784;
    const split = Buffer.concat([gzipSync(rawImages.subarray(0, half)), gzipSync(rawImages.subarray(half))]);
    for (const images of [gzImages, split]) {
      await picker.setInputFiles([
        { name: "mine-images-idx3-ubyte.gz", mimeType: "application/gzip", buffer: images },
        { name: "mine-labels-idx1-ubyte.gz", mimeType: "application/gzip", buffer: gzLabels },
      ]);
      await page.waitForFunction(() => document.querySelector("#panel-train .data-status")?.textContent.startsWith("mine-images"));
      assert.equal(await status.textContent(), "mine-images-idx3-ubyte.gz + mine-labels-idx1-ubyte.gz: 10,000 images of 28×28 pixels.");
      await panel.getByRole("button", { name: "Use the bundled digits" }).click();
      await panel.getByText(/^Bundled: real MNIST digits/).waitFor();
    }
    await picker.setInputFiles([
      { name: "mine-images-idx3-ubyte.gz", mimeType: "application/gzip", buffer: gzImages.subarray(0, 100_000) },
      { name: "mine-labels-idx1-ubyte.gz", mimeType: "application/gzip", buffer: gzLabels },
    ]);
    const error = panel.locator(".data-source .form-error");
    await error.waitFor();
    assert.match(await error.textContent(), /^mine-images-idx3-ubyte\.gz \+ mine-labels-idx1-ubyte\.gz: invalid data: images: /);
    assert.match(await status.textContent(), /^Bundled: real MNIST digits/, "a broken file changes nothing");
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
