// End-to-end: the Train panel of the built site (make build), served as a static host would and
// used in headless Chromium the way a student would: by labels and roles. It trains real MNIST
// digits in the module Worker, reads the accuracy from the page, and saves screenshots to
// test-results/.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { test } from "node:test";
import { SHOTS, openPage, useSite } from "./harness.mjs";

const DATA = new URL("../../www/data/", import.meta.url);
useSite();

/** A fresh page on the Train tab that records console errors, page errors and failed loads. */
async function open(hash = "#v=1&tab=train", { width = 1400, height = 1000, colorScheme = "light" } = {}) {
  const opened = await openPage(hash, { width, height, colorScheme, acceptDownloads: true });
  // The Schedules panel (hidden) has fields of the same names: every lookup is scoped.
  return { ...opened, panel: opened.page.locator("#panel-train") };
}

/** Waits for the bundled digits (the panel loads them the first time it is shown). */
function dataReady(panel) {
  return panel.getByText(/^Bundled: real MNIST digits/).waitFor({ timeout: 30_000 });
}

/** The status line of the run named `name` in the runs list. */
function runStatus(panel, name) {
  return panel.locator(".run", { has: panel.page().locator(".run-name", { hasText: name }) }).locator(".run-status");
}

/** Waits until the runs list says the run has finished (done, stopped, diverged or failed). */
async function finished(panel, name, timeout = 120_000) {
  const status = runStatus(panel, name);
  const end = Date.now() + timeout;
  for (;;) {
    // The list is rebuilt as runs start and end: read it afresh each time.
    const text = (await status.count()) === 1 ? await status.textContent() : "";
    if (/^(done|stopped|failed|diverged)/.test(text)) return text;
    if (Date.now() > end) throw new Error(`run "${name}" did not finish in ${timeout} ms: "${text}"`);
    await panel.page().waitForTimeout(100);
  }
}

/** How many pixels of the canvas inside `locator` differ from its top-left pixel. */
function ink(locator) {
  return locator.locator("canvas").first().evaluate((canvas) => {
    const copy = document.createElement("canvas");
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext("2d", { willReadFrequently: true });
    ctx.drawImage(canvas, 0, 0);
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - data[0]) + Math.abs(data[i + 1] - data[1]) + Math.abs(data[i + 2] - data[2]) > 60) n += 1;
    }
    return n;
  });
}

/** The visible error text of the field labelled `label`. */
function fieldError(locator) {
  return locator.evaluate((el) =>
    (el.getAttribute("aria-describedby") ?? "")
      .split(/\s+/)
      .map((id) => document.getElementById(id))
      .filter((n) => n && n.classList.contains("field-error") && !n.hidden)
      .map((n) => n.textContent)
      .join(" "),
  );
}

function card(panel, title) {
  return panel.getByRole("region", { name: title, exact: true });
}

test("one epoch with the defaults, through the UI, reaches more than 85% validation accuracy", async () => {
  const { page, panel, problems, close } = await open("");
  await page.getByRole("tab", { name: "Train" }).click();
  assert.equal(await page.getByRole("tab", { name: "Train" }).getAttribute("aria-selected"), "true");
  await dataReady(panel);
  assert.equal(await panel.getByLabel("Optimizer", { exact: true }).inputValue(), "Adam");
  assert.equal(await panel.getByLabel("lr", { exact: true }).inputValue(), "0.002");
  assert.equal(await panel.getByLabel("Training images").inputValue(), "8000");
  assert.equal(await panel.getByRole("list", { name: "Sample training digits" }).getByRole("listitem").count(), 24);

  await panel.getByLabel("Epochs", { exact: true }).fill("1");
  assert.match(await page.evaluate(() => location.hash), /tab=train&.*trn=\(.*e:1\)/);
  await panel.getByRole("button", { name: "Train", exact: true }).click();
  const status = await finished(panel, "Adam lr=0.002");
  const accuracy = Number(status.match(/([\d.]+)% validation accuracy/)?.[1]);
  assert.ok(accuracy > 85, `validation accuracy after one epoch: ${status}`);
  assert.match(await panel.locator(".trn-progress-text").textContent(), /done: [\d.]+% validation accuracy after 1 epoch/);
  assert.equal(await panel.locator("#trn-progress").evaluate((p) => p.value === p.max), true, "the progress bar is full");

  for (const title of ["Training loss", "Validation loss and accuracy", "Learning rate applied", "Update-to-weight ratio"]) {
    assert.ok((await ink(card(panel, title))) > 3000, `${title} is drawn`);
  }
  const predictions = panel.getByRole("region", { name: /^Predictions of Adam/ });
  assert.match(await predictions.textContent(), /After epoch 1: [\d.]+% of 2,000 validation digits right/);
  assert.ok((await ink(predictions.locator(".confusion-frame"))) > 3000, "the confusion matrix is drawn");
  const gallery = panel.getByRole("list", { name: "Validation digits with the network's predictions" });
  // The gallery is built a few digits per frame after the epoch ends, and shown whole.
  await gallery.getByRole("listitem").nth(47).waitFor();
  assert.equal(await gallery.getByRole("listitem").count(), 48);
  await panel.getByLabel("mistakes only").check();
  const mistakes = await gallery.getByRole("img").evaluateAll((imgs) => imgs.map((i) => i.getAttribute("alt")));
  assert.ok(mistakes.length > 0 && mistakes.every((l) => /mistake$/.test(l)), mistakes.join(", "));

  const download = page.waitForEvent("download");
  await panel.getByRole("button", { name: "Export the config of Adam lr=0.002" }).click();
  const file = await download;
  assert.equal(file.suggestedFilename(), "lrlab-Adam-lr=0.002.json");
  const config = JSON.parse(await readFile(await file.path(), "utf8"));
  assert.deepEqual([config.epochs, config.batch_size, config.optimizer.optimizer, config.data.train_size], [1, 32, "Adam", 8000]);
  assert.match(await panel.getByRole("status").filter({ hasText: "Saved" }).textContent(), /lrlab train lrlab-Adam-lr=0\.002\.json/);

  await page.screenshot({ path: new URL("train-desktop.png", SHOTS).pathname, fullPage: true });
  await card(panel, "Training loss").screenshot({ path: new URL("train-loss.png", SHOTS).pathname });
  await predictions.screenshot({ path: new URL("train-predictions.png", SHOTS).pathname });
  assert.deepEqual(problems, []);
  await close();
});

test("pause, single-step, resume and stop; the readouts and tables give the numbers", async () => {
  const { page, panel, problems, close } = await open();
  await dataReady(panel);
  await panel.getByLabel("Epochs", { exact: true }).fill("30");
  await panel.getByRole("button", { name: "Train", exact: true }).click();
  await page.waitForFunction(() => Number(document.querySelector("#trn-progress")?.value) > 20);
  await panel.getByRole("button", { name: "Pause" }).click();
  await panel.getByRole("button", { name: "Resume" }).waitFor();
  await page.waitForTimeout(300);
  const bar = panel.locator("#trn-progress");
  const paused = Number(await bar.getAttribute("value"));
  await page.waitForTimeout(300);
  assert.equal(Number(await bar.getAttribute("value")), paused, "a paused run does not advance");
  await panel.getByRole("button", { name: "Step" }).click();
  await page.waitForFunction((n) => Number(document.querySelector("#trn-progress").value) === n + 1, paused);
  assert.match(await runStatus(panel, "Adam").textContent(), /^paused: \d+%/);
  const shown = (paused + 1).toLocaleString("en-US");
  assert.match(await panel.locator(".trn-progress-text").textContent(), new RegExp(`iteration ${shown} of 7,500 \\(\\d+%\\), about .* left, [\\d,]+ samples/s`));

  const loss = card(panel, "Training loss");
  await loss.locator(".chart-frame").focus();
  await page.keyboard.press("End");
  assert.match(await loss.locator(".readout").textContent(), new RegExp(`^Iteration ${paused + 1}: Adam lr=0.002: loss [\\d.]+ \\(smoothed [\\d.]+\\)$`));
  await panel.getByRole("button", { name: "Resume" }).click();
  await page.waitForFunction((n) => Number(document.querySelector("#trn-progress").value) > n + 10, paused);
  await panel.getByRole("button", { name: "Stop" }).click();
  assert.match(await finished(panel, "Adam"), /^stopped/);
  assert.equal(await panel.getByRole("button", { name: "Train", exact: true }).isEnabled(), true);

  // Step with no run going starts one, paused after its first optimizer.step().
  await panel.getByRole("button", { name: "Step" }).click();
  await page.waitForFunction(() => /^paused: 0%/.test(document.querySelectorAll(".run-status")[1]?.textContent ?? ""));
  assert.equal(await panel.locator(".run-name").nth(1).textContent(), "Adam lr=0.002 (2)");
  await page.waitForFunction(() => document.querySelector("#trn-progress").value === 1);
  await panel.getByRole("button", { name: "Stop" }).click();
  assert.match(await finished(panel, "Adam lr=0.002 (2)"), /^stopped/);
  await panel.getByRole("button", { name: "Remove Adam lr=0.002 (2)" }).click();
  assert.equal(await panel.locator(".run").count(), 1);

  await loss.getByRole("button", { name: "Show data as table" }).click();
  const table = loss.getByRole("table");
  assert.deepEqual(await table.locator("thead th").allTextContents(), ["iteration", "Adam lr=0.002 loss", "Adam lr=0.002 smoothed"]);
  assert.equal(await table.locator("tbody tr").first().locator("th").textContent(), "1");
  const lrCard = card(panel, "Learning rate applied");
  await lrCard.getByRole("button", { name: "Show data as table" }).click();
  assert.deepEqual(await lrCard.getByRole("table").locator("tbody tr").first().locator("th, td").allTextContents(), ["1", "0.002", "0.9"]);
  assert.deepEqual(problems, []);
  await close();
});

test("settings PyTorch refuses are explained next to their field and block training", async () => {
  const { page, panel, problems, close } = await open();
  await dataReady(panel);
  const lr = panel.getByLabel("lr", { exact: true });
  await lr.fill("-0.1");
  assert.equal(await fieldError(lr), "Invalid learning rate: -0.1");
  assert.equal(await lr.getAttribute("aria-invalid"), "true");
  assert.equal(await panel.getByRole("button", { name: "Train", exact: true }).isDisabled(), true);
  assert.match(await panel.locator(".trn-reason").textContent(), /Fix the highlighted settings/);
  await lr.fill("abc");
  assert.equal(await fieldError(lr), 'lr: "abc" is not a number');
  await lr.fill("0.002");
  assert.equal(await fieldError(lr), "");
  assert.equal(await panel.getByRole("button", { name: "Train", exact: true }).isEnabled(), true);

  await panel.getByLabel("Optimizer", { exact: true }).selectOption("SGD");
  assert.equal(await panel.getByLabel("lr", { exact: true }).inputValue(), "0.001", "PyTorch's SGD default");
  await panel.getByLabel("nesterov").check();
  assert.equal(await fieldError(panel.getByLabel("nesterov")), "Nesterov momentum requires a momentum and zero dampening");
  await panel.getByLabel("momentum", { exact: true }).fill("0.9");
  assert.equal(await fieldError(panel.getByLabel("nesterov")), "");

  const train = panel.getByLabel("Training images");
  await train.fill("9000");
  assert.equal(await fieldError(train), "invalid data: train_size 9000 + val_size 2000 = 11000 exceeds the 10000 images available");
  await train.fill("8000");
  assert.equal(await fieldError(train), "");
  await panel.getByLabel("Hidden layers").fill("256, x");
  assert.match(await fieldError(panel.getByLabel("Hidden layers")), /not a whole number/);
  await panel.getByLabel("Hidden layers").fill("256, 64");
  assert.equal(await fieldError(panel.getByLabel("Hidden layers")), "");
  assert.match(await page.evaluate(() => location.hash), /m:\(hidden:!\(256,64\)\)/);
  await page.screenshot({ path: new URL("train-settings.png", SHOTS).pathname });
  assert.deepEqual(problems, []);
  await close();
});

test("a diverging run stops with a banner saying where and at which lr", async () => {
  const { page, panel, problems, close } = await open();
  await dataReady(panel);
  await panel.getByLabel("Optimizer", { exact: true }).selectOption("SGD");
  await panel.getByLabel("lr", { exact: true }).fill("1e12");
  await panel.getByRole("button", { name: "Train", exact: true }).click();
  const status = await finished(panel, "SGD lr=1000000000000");
  assert.match(status, /^diverged at iteration \d+, lr = 1000000000000\.0$/);
  const banner = panel.getByRole("alert").filter({ hasText: "diverged" });
  assert.match(await banner.textContent(), /SGD lr=1000000000000 diverged at iteration \d+, lr = 1000000000000\.0\. The loss became NaN or infinite/);
  const loss = card(panel, "Training loss");
  assert.ok((await ink(loss)) > 1000, "the loss before the divergence is drawn, with its marker");
  await page.screenshot({ path: new URL("train-diverged.png", SHOTS).pathname });
  await banner.getByRole("button", { name: "Dismiss" }).click();
  assert.equal(await banner.isVisible(), false);
  assert.deepEqual(problems, []);
  await close();
});

test("own IDX files: bad files are explained and change nothing, good ones are used", async () => {
  const { page, panel, problems, close } = await open();
  await dataReady(panel);
  const picker = panel.getByLabel("Load IDX files…");
  const status = panel.locator(".data-status");
  const before = await status.textContent();
  await picker.setInputFiles([{ name: "train-images-idx3-ubyte", mimeType: "application/octet-stream", buffer: Buffer.from("<img src=x onerror=alert(1)>") }]);
  const error = panel.locator(".data-source .form-error");
  await error.waitFor();
  assert.match(await error.textContent(), /^train-images-idx3-ubyte: invalid data: not an IDX image or label file \(magic number 0x3c696d67/);
  assert.equal(await status.textContent(), before, "the bundled digits are still in use");
  // The page's only images are the digit pictures it paints itself.
  assert.equal(await page.locator("img:not(.digit-image), img[src='x']").count(), 0, "file contents are never parsed as HTML");

  const images = gunzipSync(await readFile(new URL("mnist-10k-images-idx3-ubyte.gz", DATA)));
  const labels = gunzipSync(await readFile(new URL("mnist-10k-labels-idx1-ubyte.gz", DATA)));
  await picker.setInputFiles([
    { name: "my-train-images-idx3-ubyte", mimeType: "application/octet-stream", buffer: images },
    { name: "my-train-labels-idx1-ubyte", mimeType: "application/octet-stream", buffer: labels.subarray(0, 5008) },
  ]);
  await page.waitForFunction(() => /truncated/.test(document.querySelector(".data-source .form-error")?.textContent ?? ""));
  assert.match(await error.textContent(), /labels: the header announces \[10000\] = 10000 bytes but the file holds 5000 \(truncated\?\)\. The current digits are still in use\./);
  assert.equal(await status.textContent(), before);

  await picker.setInputFiles([
    { name: "my-train-images-idx3-ubyte", mimeType: "application/octet-stream", buffer: images },
    { name: "my-train-labels-idx1-ubyte", mimeType: "application/octet-stream", buffer: labels },
  ]);
  await page.waitForFunction(() => document.querySelector(".data-status")?.textContent.startsWith("my-train-images"));
  assert.equal(await status.textContent(), "my-train-images-idx3-ubyte + my-train-labels-idx1-ubyte: 10,000 images of 28×28 pixels.");
  assert.equal(await error.isVisible(), false);
  const download = page.waitForEvent("download");
  await panel.getByRole("button", { name: "Export config (JSON)" }).click();
  const file = await download;
  assert.equal(file.suggestedFilename(), "lrlab-train.json");
  const config = JSON.parse(await readFile(await file.path(), "utf8"));
  assert.equal(config.data.train_images, "my-train-images-idx3-ubyte");
  assert.equal(config.optimizer.optimizer, "Adam");
  assert.equal(config.epochs, 5);
  await panel.getByRole("button", { name: "Use the bundled digits" }).click();
  await panel.getByText(/^Bundled: real MNIST digits/).waitFor();

  // Dropped files take the same path: a dropped label file alone waits for its image file.
  const drop = await page.evaluateHandle((bytes) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], "t10k-labels-idx1-ubyte", { type: "application/octet-stream" }));
    return transfer;
  }, [...labels.subarray(0, 2008)]);
  await panel.dispatchEvent("dragenter", { dataTransfer: drop });
  assert.match(await panel.getAttribute("class"), /dropping/, "the panel shows where to drop");
  await panel.dispatchEvent("drop", { dataTransfer: drop });
  await page.waitForFunction(() => /^Got t10k-labels-idx1-ubyte; now add the test images file\.$/.test(document.querySelector(".data-status")?.textContent ?? ""));
  assert.doesNotMatch(await panel.getAttribute("class"), /dropping/);
  assert.deepEqual(problems, []);
  await close();
});

test("each run trains on the digits in use when it starts (the worker keeps them between runs)", async () => {
  const { page, panel, problems, close } = await open();
  await dataReady(panel);
  await panel.getByLabel("Epochs", { exact: true }).fill("1");
  // The bundled images with every label 0: a network learns to answer 0 and is always right.
  const images = gunzipSync(await readFile(new URL("mnist-10k-images-idx3-ubyte.gz", DATA)));
  const labels = gunzipSync(await readFile(new URL("mnist-10k-labels-idx1-ubyte.gz", DATA)));
  const zeros = Buffer.concat([labels.subarray(0, 8), Buffer.alloc(labels.length - 8)]);
  await panel.getByLabel("Load IDX files…").setInputFiles([
    { name: "zeros-images-idx3-ubyte", mimeType: "application/octet-stream", buffer: images },
    { name: "zeros-labels-idx1-ubyte", mimeType: "application/octet-stream", buffer: zeros },
  ]);
  await page.waitForFunction(() => document.querySelector("#panel-train .data-status")?.textContent.startsWith("zeros-images"));
  await panel.getByRole("button", { name: "Train", exact: true }).click();
  assert.match(await finished(panel, "Adam lr=0.002"), /^done: 100\.00% validation accuracy/);
  // Back to the real labels: the next run must not train on the files the worker had.
  await panel.getByRole("button", { name: "Use the bundled digits" }).click();
  await dataReady(panel);
  await panel.getByLabel("lr", { exact: true }).fill("0.003");
  await panel.getByRole("button", { name: "Train", exact: true }).click();
  const status = await finished(panel, "Adam lr=0.003");
  const accuracy = Number(status.match(/([\d.]+)% validation accuracy/)?.[1]);
  assert.ok(accuracy > 80 && accuracy < 99, status);
  assert.deepEqual(problems, []);
  await close();
});

test("a schedule from the Schedules panel drives training; the link restores the settings", async () => {
  const { page, panel, problems, close } = await open("#v=1&tab=schedules");
  const schedules = page.locator("#panel-schedules");
  await schedules.getByRole("button", { name: "Add schedule" }).click();
  await schedules.getByLabel("T_max", { exact: true }).fill("3");
  await page.getByRole("tab", { name: "Train" }).click();
  await dataReady(panel);
  const schedule = panel.getByLabel("Schedule", { exact: true });
  await schedule.selectOption({ label: "CosineAnnealingLR" });
  assert.equal(await panel.locator(".trn-sched-summary").textContent(), "CosineAnnealingLR(T_max=3, eta_min=0)");
  await panel.getByLabel("Training images").fill("1000");
  await panel.getByLabel("Validation images").fill("500");
  await panel.getByLabel("Epochs", { exact: true }).fill("3");
  await panel.getByLabel("Optimizer", { exact: true }).selectOption("SGD");
  await panel.getByLabel("lr", { exact: true }).fill("0.1");
  assert.match(await panel.getByText(/^This run calls scheduler.step\(\)/).textContent(), /3 times: once per epoch/);
  await panel.getByRole("button", { name: "Train", exact: true }).click();
  assert.match(await finished(panel, "SGD lr=0.1 + CosineAnnealingLR"), /^done/);
  const lrCard = card(panel, "Learning rate applied");
  await lrCard.getByRole("button", { name: "Show data as table" }).click();
  const rows = lrCard.getByRole("table").locator("tbody tr");
  assert.equal(await rows.count(), 96, "32 batches of 32 in each of 3 epochs");
  assert.deepEqual(await rows.nth(32).locator("th, td").allTextContents(), ["33", "0.075", "0"], "cos(pi/3) annealing after epoch 1; SGD's momentum 0");

  const url = await page.evaluate(() => location.href);
  assert.match(url, /trn=\(/);
  await close();
  const again = await open(new URL(url).hash);
  await dataReady(again.panel);
  assert.equal(await again.panel.getByLabel("Epochs", { exact: true }).inputValue(), "3");
  assert.equal(await again.panel.getByLabel("lr", { exact: true }).inputValue(), "0.1");
  assert.equal(await again.panel.locator(".trn-sched-summary").textContent(), "CosineAnnealingLR(T_max=3, eta_min=0)");
  await again.page.evaluate(() => {
    location.hash = "#v=1&tab=train&trn=(e:0,o:(optimizer:Lion),d:(train_size:'<b>x</b>'))";
  });
  const notice = again.panel.locator(".notice:not([hidden])").filter({ hasText: "link" });
  await notice.waitFor();
  assert.match(await notice.textContent(), /ignored epochs=0/);
  assert.match(await notice.textContent(), /ignored optimizer "Lion"/);
  assert.equal(await again.page.locator("b").count(), 0, "link text is never parsed as HTML");
  assert.deepEqual([...problems, ...again.problems], []);
  await again.close();
});

test("the lecture comparison trains four schedules one after another and overlays them", async () => {
  const { page, panel, problems, close } = await open();
  await dataReady(panel);
  await panel.getByLabel("Training images").fill("1000");
  await panel.getByLabel("Validation images").fill("500");
  await panel.getByRole("button", { name: "Lecture comparison" }).click();
  assert.match(await panel.locator(".trn-note").textContent(), /SGD \(lr 0\.1, momentum 0\.9\) for 10 epochs/);
  assert.deepEqual(await panel.locator(".run-name").allTextContents(), ["constant lr", "StepLR", "CosineAnnealingLR", "ReduceLROnPlateau"], "all four listed at once");
  for (const name of ["constant lr", "StepLR", "CosineAnnealingLR", "ReduceLROnPlateau"]) {
    assert.match(await finished(panel, name), /^done: [\d.]+% validation accuracy after 10 epochs$/, name);
  }
  const epochs = card(panel, "Validation loss and accuracy");
  await epochs.getByRole("button", { name: "Show data as table" }).click();
  const head = await epochs.getByRole("table").locator("thead th").allTextContents();
  assert.equal(head.length, 1 + 4 * 4);
  assert.equal(await epochs.getByRole("table").locator("tbody tr").count(), 10);
  await page.screenshot({ path: new URL("train-lecture-comparison.png", SHOTS).pathname, fullPage: true });
  assert.deepEqual(problems, []);
  await close();
});

test("phones and dark mode get a usable Train panel", async () => {
  const phone = await open("#v=1&tab=train&trn=(d:(train_size:500,val_size:200),e:1)", { width: 390, height: 844 });
  await dataReady(phone.panel);
  await phone.panel.getByRole("button", { name: "Train", exact: true }).click();
  await finished(phone.panel, "Adam");
  const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px too wide)`);
  assert.ok((await ink(card(phone.panel, "Training loss"))) > 1000, "the loss chart draws on a phone");
  await phone.page.screenshot({ path: new URL("train-phone.png", SHOTS).pathname, fullPage: true });
  assert.deepEqual(phone.problems, []);
  await phone.close();

  const dark = await open("#v=1&tab=train&trn=(d:(train_size:500,val_size:200),e:1)", { colorScheme: "dark" });
  await dataReady(dark.panel);
  await dark.panel.getByRole("button", { name: "Train", exact: true }).click();
  await finished(dark.panel, "Adam");
  const corner = await card(dark.panel, "Training loss").locator("canvas").first().evaluate((c) => {
    const copy = document.createElement("canvas");
    copy.width = c.width;
    copy.height = c.height;
    const ctx = copy.getContext("2d", { willReadFrequently: true });
    ctx.drawImage(c, 0, 0);
    return Array.from(ctx.getImageData(2, 2, 1, 1).data);
  });
  assert.deepEqual(corner, [0x16, 0x1b, 0x22, 255], "the charts follow the dark scheme");
  await dark.page.screenshot({ path: new URL("train-dark.png", SHOTS).pathname, fullPage: true });
  assert.deepEqual(dark.problems, []);
  await dark.close();
});
