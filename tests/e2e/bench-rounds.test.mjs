// Unit tests (plain Node, no browser) for how `make bench` combines its rounds
// (scripts/bench-rounds.mjs): each figure's best, the page's figures the strict way.
import assert from "node:assert/strict";
import { test } from "node:test";
import { bestOfRounds, median, pageOverRounds, withRoundValues } from "../../scripts/bench-rounds.mjs";

test("rates take their highest round, times their lowest, descriptions the first", () => {
  const rounds = [
    { train: { batch_32: { samples_per_s: 100, final_loss: 0.3 } }, grid_ms: 700, points: 1681, blas: "openblas", simd: true, kernel_gflops: { a: 10, b: 30 } },
    { train: { batch_32: { samples_per_s: 250, final_loss: 0.31 } }, grid_ms: 650, points: 1681, blas: "other", simd: false, kernel_gflops: { a: 20, b: 5 } },
    { train: { batch_32: { samples_per_s: 180, final_loss: 0.29 } }, grid_ms: 900, points: 1681, kernel_gflops: { a: 15 } },
  ];
  assert.deepEqual(bestOfRounds(rounds), {
    train: { batch_32: { samples_per_s: 250, final_loss: 0.3 } },
    grid_ms: 650,
    points: 1681,
    blas: "openblas",
    simd: true,
    kernel_gflops: { a: 20, b: 30 },
  });
});

test("a round that could not measure a figure does not decide it", () => {
  const rounds = [{ gflops: null, error: "numpy missing" }, { gflops: 88.5 }];
  assert.deepEqual(bestOfRounds(rounds), { gflops: 88.5, error: "numpy missing" });
  assert.deepEqual(bestOfRounds([{ gflops: null }, { gflops: null }]), { gflops: null });
});

test("the page's first chart is the median of every load, its longest task the worst round's", () => {
  const page = (runs, longest, over) => ({
    first_chart: { median_ms: runs[1], runs_ms: runs },
    training: { training_ms: 9000, longest_task_ms: longest, tasks_over_50ms: over },
  });
  const got = pageOverRounds([page([300, 420, 700], 0, 0), page([410, 450, 460], 61, 1), page([380, 390, 520], 0, 0)]);
  assert.equal(got.first_chart.median_ms, 420);
  assert.deepEqual(got.first_chart.runs_ms, [300, 380, 390, 410, 420, 450, 460, 520, 700]);
  assert.equal(got.training.longest_task_ms, 61);
  assert.equal(got.training.tasks_over_50ms, 1);
  assert.equal(median([1, 2, 3, 10]), 2.5);
});

test("each panel's first show keeps its worst round, at each pixel ratio, as information", async () => {
  const page = (train, playground) => ({
    first_chart: { median_ms: 1, runs_ms: [1] },
    training: { training_ms: 1, longest_task_ms: 0, tasks_over_50ms: 0 },
    panels: { pixel_ratio_1: { train, playground }, pixel_ratio_2: { train: 2 * train, playground: 2 * playground } },
  });
  const got = pageOverRounds([page(0, 60), page(55, 0), page(0, 0)]);
  assert.deepEqual(got.panels, { pixel_ratio_1: { train: 55, playground: 60 }, pixel_ratio_2: { train: 110, playground: 120 } });
  assert.equal(pageOverRounds([{ first_chart: { runs_ms: [1] }, training: { longest_task_ms: 0, tasks_over_50ms: 0 } }]).panels, undefined);
  const { targets } = await import("../../scripts/bench-targets.mjs");
  const train = { batch_32: { samples_per_s: 100 }, batch_128: { samples_per_s: 200, gflops: 40 } };
  const rows = targets({
    native: { train, simd128_fma_peak_gflops: 40, simd128_mul_add_peak_gflops: 25 },
    browser: { lrlab: { train, kernel_gflops: {}, simd128_mul_add_peak_gflops: 32 }, tfjs: { wasm: { train } } },
    paired_training: { native: train, wasm: train, sgemm: { gflops: 100 } },
    landscape: { measured: false, reason: "-" },
    page: { wasm: { lrlab_schedules: { bytes: 2, gzip_bytes: 1 }, lrlab_jobs_search: { bytes: 4, gzip_bytes: 3 } }, first_chart: { median_ms: 400 }, training: { longest_task_ms: 0, tasks_over_50ms: 0, training_ms: 1 }, panels: got.panels },
  }).filter((t) => t.name.includes("first shown"));
  assert.deepEqual(rows.map((t) => [t.name, t.value, t.met]), [
    ["longest task as the train panel is first shown, pixel ratio 1", 55, null],
    ["longest task as the playground panel is first shown, pixel ratio 1", 60, null],
    ["longest task as the train panel is first shown, pixel ratio 2", 110, null],
    ["longest task as the playground panel is first shown, pixel ratio 2", 120, null],
  ]);
});

test("every target keeps its value in each round, matched by name", () => {
  const best = [{ name: "x", value: 0.7 }, { name: "y", value: 2 }];
  const rounds = [[{ name: "y", value: 1 }, { name: "x", value: 0.5 }], [{ name: "x", value: 0.6 }]];
  assert.deepEqual(withRoundValues(best, rounds), [
    { name: "x", value: 0.7, rounds: [0.5, 0.6] },
    { name: "y", value: 2, rounds: [1, null] },
  ]);
});

test("the kernels' target is the SIMD128 ceiling timed in the page; the native peaks are for reading it", async () => {
  const { targets } = await import("../../scripts/bench-targets.mjs");
  const train = { batch_32: { samples_per_s: 100 }, batch_128: { samples_per_s: 200, gflops: 40 } };
  const summary = {
    native: { train, simd128_fma_peak_gflops: 40, simd128_mul_add_peak_gflops: 25 },
    browser: { lrlab: { train, kernel_gflops: { square: 20 }, simd128_mul_add_peak_gflops: 32 }, tfjs: { wasm: { train } } },
    paired_training: { native: train, wasm: train, sgemm: { gflops: 100 } },
    landscape: { measured: true, browser_ms: 700, coarse_ms: 90 },
    page: { wasm: { lrlab_schedules: { bytes: 2, gzip_bytes: 1 }, lrlab_jobs_search: { bytes: 4, gzip_bytes: 3 } }, first_chart: { median_ms: 400 }, training: { longest_task_ms: 0, tasks_over_50ms: 0, training_ms: 1 } },
  };
  const rows = targets(summary).filter((t) => t.name.startsWith("wasm kernel square"));
  assert.deepEqual(rows.map((t) => [t.name, t.value, t.met]), [
    ["wasm kernel square / wasm SIMD128 multiply + add peak", 0.625, true],
    ["wasm kernel square / native 128-bit fused multiply-add peak", 0.5, null],
    ["wasm kernel square / native 128-bit multiply + add peak", 0.8, null],
  ]);
});

test("wasm / native and native / sgemm compare the figures timed in pairs, not a round's halves", async () => {
  const { targets } = await import("../../scripts/bench-targets.mjs");
  const rate = (b32, b128, gflops = 40) => ({ batch_32: { samples_per_s: b32 }, batch_128: { samples_per_s: b128, gflops } });
  const summary = {
    // The round's own native and browser runs, minutes apart, say 0.25 and 0.5.
    native: { train: rate(400, 400, 10), simd128_fma_peak_gflops: 40, simd128_mul_add_peak_gflops: 25 },
    browser: { lrlab: { train: rate(100, 200), kernel_gflops: {}, simd128_mul_add_peak_gflops: 32 }, tfjs: { wasm: { train: rate(10, 10) } } },
    paired_training: { native: rate(200, 250), wasm: rate(130, 140), sgemm: { gflops: 80, blas: "openblas" } },
    landscape: { measured: true, browser_ms: 700, coarse_ms: 90 },
    page: { wasm: { lrlab_schedules: { bytes: 2, gzip_bytes: 1 }, lrlab_jobs_search: { bytes: 4, gzip_bytes: 3 } }, first_chart: { median_ms: 400 }, training: { longest_task_ms: 0, tasks_over_50ms: 0, training_ms: 1 } },
  };
  const rows = targets(summary).filter((t) => t.name.includes("native"));
  assert.deepEqual(rows.filter((t) => t.met !== null).map((t) => [t.name, t.value, t.met]), [
    ["training batch 32: wasm / native x86-64", 0.65, true],
    ["training batch 128: wasm / native x86-64", 0.56, false],
    // 40 GFLOP/s against the sgemm timed beside it (80), not the round's own figures.
    ["native training batch 128 / single-core sgemm peak", 0.5, true],
  ]);
});
