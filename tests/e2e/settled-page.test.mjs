// Unit tests (plain Node, no browser) for how the benchmarks wait for a new window to settle
// before timing a page (scripts/settled-page.mjs).
import assert from "node:assert/strict";
import { test } from "node:test";
import { busyShare, isQuiet, untilQuiet } from "../../scripts/settled-page.mjs";

/** A /proc/stat reader replaying busy shares: each reading adds 100 ticks, `share` of them busy. */
function replay(shares) {
  let idle = 0;
  let total = 0;
  let i = 0;
  return async () => {
    if (i > 0) {
      const share = shares[Math.min(i - 1, shares.length - 1)];
      total += 100;
      idle += 100 * (1 - share);
    }
    i += 1;
    return { idle, total };
  };
}

test("the busy share is the CPU time not spent idle between two readings", () => {
  assert.equal(busyShare({ idle: 100, total: 200 }, { idle: 150, total: 400 }), 0.75);
  assert.equal(busyShare({ idle: 5, total: 10 }, { idle: 5, total: 10 }), 0);
});

test("quiet means two samples in a row under 30% busy", () => {
  assert.equal(isQuiet([]), false);
  assert.equal(isQuiet([0.1]), false);
  assert.equal(isQuiet([0.9, 0.1, 0.2]), true);
  assert.equal(isQuiet([0.1, 0.2, 0.5]), false);
});

test("the wait ends once the window's start-up is over", async () => {
  const shares = await untilQuiet({ read: replay([1, 0.95, 0.6, 0.2, 0.1, 0.9]), sleep: async () => {} });
  assert.deepEqual(shares.map((s) => Math.round(s * 100) / 100), [1, 0.95, 0.6, 0.2, 0.1]);
});

test("a machine that never gets quiet is waited for at most the cap", async () => {
  const shares = await untilQuiet({ read: replay([1]), sleep: async () => {}, maxMs: 1000 });
  assert.equal(shares.length, 10);
});

test("without /proc/stat the wait is a fixed pause", async () => {
  const pauses = [];
  const shares = await untilQuiet({ read: async () => null, sleep: async (ms) => pauses.push(ms) });
  assert.deepEqual(shares, []);
  assert.deepEqual(pauses, [1500]);
});
