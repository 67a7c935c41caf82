// The experiments' job client (www/lib/job-client.js) against a stand-in worker: job ids, the
// digit files sent once per change (and again to a worker that replaced a crashed one), late
// messages of an older job ignored. The real workers run jobs in lrfind, tips and landscape
// tests.
import assert from "node:assert/strict";
import { test } from "node:test";
import { openPage, useSite } from "./harness.mjs";

useSite();

test("the job client sends the digit files only when they change, and again after a crash", async () => {
  const { page, problems, close } = await openPage("", { width: 800, height: 600 });
  try {
    const log = await page.evaluate(async () => {
      const { JobClient } = await import("/www/lib/job-client.js");
      const url = new URL("/tests/e2e/fixtures/job-worker.js", location.href);
      const seen = [];
      let next;
      const client = new JobClient(url, "test", (m) => {
        seen.push(m);
        if (m.type === "done" || m.type === "error") next();
      });
      const sent = [];
      const run = async (spec, files) => {
        const done = new Promise((ok) => (next = ok));
        const worker = client.live;
        if (!worker.spied) {
          const post = worker.postMessage.bind(worker);
          worker.postMessage = (m) => {
            sent.push(m.type);
            post(m);
          };
          worker.spied = true;
        }
        const job = client.start({ spec }, files);
        await done;
        return job;
      };
      const a = { name: "a" };
      const b = { name: "b" };
      const jobs = [await run("one", a), await run("two", a), await run("three", b), await run("crash", b), await run("four", b)];
      return { jobs, sent, seen: seen.map((m) => [m.type, m.job, m.files ?? null, m.spec ?? null, Boolean(m.crashed)]), busy: client.busy() };
    });
    assert.deepEqual(log.jobs, [1, 2, 3, 4, 5]);
    // Files before the first job, not before the second (the same object), before the third
    // (new ones) and before the fifth (the fresh worker after the crash has none).
    assert.deepEqual(log.sent, ["files", "start", "start", "files", "start", "start", "files", "start"]);
    assert.deepEqual(log.seen, [
      ["done", 1, "a", "one", false],
      ["done", 2, "a", "two", false],
      ["done", 3, "b", "three", false],
      ["error", 4, null, null, true],
      ["done", 5, "b", "four", false],
    ]);
    assert.equal(log.busy, false);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("a worker that cannot load fails its job once and is not restarted in a loop", async () => {
  const { page, problems, close } = await openPage("", { width: 800, height: 600 });
  try {
    const result = await page.evaluate(async () => {
      const { JobClient } = await import("/www/lib/job-client.js");
      let created = 0;
      const Native = window.Worker;
      window.Worker = class extends Native {
        constructor(...args) {
          super(...args);
          created += 1;
        }
      };
      const messages = [];
      const client = new JobClient(new URL("/tests/e2e/fixtures/no-such-worker.js", location.href), "test", (m) => messages.push(m));
      client.start({ spec: "one" }, { name: "a" });
      await new Promise((ok) => setTimeout(ok, 1500));
      window.Worker = Native;
      return { created, messages: messages.map((m) => [m.type, m.job, m.crashed]), busy: client.busy() };
    });
    assert.equal(result.created, 1, "one worker, not one per failure");
    assert.deepEqual(result.messages, [["error", 1, true]]);
    assert.equal(result.busy, false);
    // The browser reports the missing script itself.
    assert.ok(problems.every((p) => p.includes("no-such-worker.js")), problems.join("\n"));
  } finally {
    await close();
  }
});
