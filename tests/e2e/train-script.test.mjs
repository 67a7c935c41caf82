// The Train panel's "PyTorch script" button: the downloaded script builds the configured
// network, optimizer and scheduler and steps the scheduler where the lab does.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import { openPage, useSite } from "./harness.mjs";

useSite();

test("the Train panel exports a runnable PyTorch script of its settings", async () => {
  const link = "#v=1&tab=train&trn=(o:(optimizer:SGD,lr:0.1,momentum:0.9),s:(scheduler:StepLR,step_size:2,gamma:0.5),e:4)";
  const { page, problems, close } = await openPage(link, { width: 1280, height: 900, acceptDownloads: true });
  const panel = page.locator("#panel-train");
  const download = page.waitForEvent("download");
  await panel.getByRole("button", { name: "PyTorch script" }).click();
  const file = await download;
  assert.equal(file.suggestedFilename(), "train_lrlab.py");
  const script = await readFile(await file.path(), "utf8");
  assert.match(script, /optimizer = torch\.optim\.SGD\(model\.parameters\(\), lr=0\.1, .*momentum=0\.9/);
  assert.match(script, /scheduler = lr_scheduler\.StepLR\(optimizer, step_size=2, gamma=0\.5\)/);
  assert.match(script, /batch_size, epochs = 32, 4/);
  assert.ok(script.indexOf("model.eval()") < script.lastIndexOf("scheduler.step()"), "validate, then scheduler.step()");
  assert.match(await panel.locator(".trn-note, [class*=note]").first().textContent(), /train_lrlab\.py/);
  assert.deepEqual(problems, []);
  await close();
});
