// Unit tests (plain Node) for what the Schedules panel derives from its simulations: the chart
// data, the readout and the data table.
import assert from "node:assert/strict";
import { test } from "node:test";
import { chartData, describeStep, plateauSpans, tableModel } from "../../www/schedules/chart-data.js";

const state = {
  steps: 4,
  spe: 2,
  x: "ep",
  log: true,
  sel: 1,
  items: [
    { name: "step", color: 0, cfg: { scheduler: "StepLR" } },
    { name: "plateau", color: 2, cfg: { scheduler: "ReduceLROnPlateau", factor: 0.5, patience: 1 } },
  ],
};
const runs = [
  { result: { lr: [1, 1, 0.1, 0.1, 0.01], momentum: null, markers: [{ step: 2, label: "× 0.1" }] } },
  {
    result: {
      lr: [1, 1, 1, 0.5, 0.5],
      momentum: null,
      markers: [],
      plateau: { reductions: [3], cooldowns: [[4, 4]], bad_epochs: [0, 0, 1, 0, 0], best: [null, 2, 2, 2, 1] },
    },
  },
];
const metrics = [2, 2.1, 2.2, 1];

test("ReduceLROnPlateau's trace becomes patience and cooldown spans", () => {
  assert.deepEqual(plateauSpans(runs[1].result.plateau, 2), [
    { from: 1, to: 3, kind: "patience", color: 2 },
    { from: 3, to: 4, kind: "cooldown", color: null },
  ]);
  assert.deepEqual(plateauSpans({ reductions: [], cooldowns: [], bad_epochs: [0] }, 0), []);
});

test("the chart shows every curve and the selected schedule's markers", () => {
  const { data, label } = chartData(state, runs, metrics);
  assert.deepEqual(data.series.map((s) => [s.name, s.color]), [["step", 0], ["plateau", 2]]);
  assert.deepEqual(data.markers, [{ step: 3, label: "× 0.5", color: 2 }]);
  assert.equal(data.spans.length, 2);
  assert.deepEqual(data.metric, { name: "validation loss", values: metrics, first_step: 1 });
  assert.equal(data.x_unit, "epochs");
  assert.equal(data.steps_per_epoch, 2);
  assert.equal(data.log_y, true);
  assert.equal(label, "Learning rate against epochs for step, plateau. The validation loss is drawn too.");

  const first = chartData({ ...state, sel: 0 }, runs, metrics).data;
  assert.deepEqual(first.markers, [{ step: 2, label: "× 0.1", color: 0 }]);
  assert.deepEqual(first.spans, []);
  const failed = chartData(state, [runs[0], undefined], metrics).data;
  assert.equal(failed.series.length, 1, "a schedule without a successful run is left out");
});

test("the readout names every value at the step", () => {
  const colorOf = (i) => `c${i}`;
  const r = describeStep(state, runs, metrics, 3, colorOf);
  assert.equal(r.text, "Step 3 (epoch 1.5): step lr 0.1; plateau lr 0.5, bad epochs 0 of patience 1; validation loss 2.2");
  assert.deepEqual(r.marks, [
    { value: 0.1, axis: "y", color: "c0" },
    { value: 0.5, axis: "y", color: "c2" },
    { value: 2.2, axis: "metric", color: "#444444" },
  ]);
  assert.equal(describeStep(state, runs, metrics, 0, colorOf).text, "Step 0 (epoch 0): step lr 1; plateau lr 1, bad epochs 0 of patience 1");
});

test("the table has a row per step and a column per curve", () => {
  const t = tableModel(state, runs, metrics);
  assert.deepEqual(t.columns, ["step", "epoch", "step lr", "plateau lr", "validation loss"]);
  assert.equal(t.rows, 5);
  assert.deepEqual([0, 1, 2, 3, 4].map((c) => t.cell(4, c)), ["4", "2", "0.01", "0.5", "1"]);
  assert.equal(t.cell(0, 4), "", "no metric before the first step");
});
