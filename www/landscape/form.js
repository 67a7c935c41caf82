// The Landscape panel's settings form: where the run comes from, how the path is recorded,
// which plane, which grid. Each field is labelled, parsed as typed, and shows the core's
// message when the spec is refused.
import { h } from "../lib/dom.js";
import { FieldSet } from "../train/fields.js";

/** Spec keys the core's messages may name, mapped to the form's fields. */
export const FIELD_KEYS = ["epochs", "train_size", "every", "budget_mb", "seed", "points", "size", "coarse", "margin", "extent", "eval_size"];

/** Builds the form for `state`; `set(change)` applies an edit. Returns `{ element, fields }`. */
export function buildForm(state, set) {
  const fields = new FieldSet({ prefix: "ls", onEdit: () => {} });
  const num = (key, label, type, value, help, apply) => fields.text({ key, label, type, value, help, set: apply });
  const lab = state.src === "lab";
  const source = fields.select({
    key: "source",
    label: "Training run",
    value: state.src,
    options: [
      { value: "lab", label: "the lab's quick run (SGD, momentum 0.9, StepLR)" },
      { value: "train", label: "the Train panel's settings" },
    ],
    help: "The Train panel's model, data, optimizer and schedule, or a short SGD run whose lr drops every epoch.",
    set: (v) => set({ src: v }, true),
  });
  const setup = h(
    "fieldset",
    { class: "ls-group" },
    h("legend", {}, "Training"),
    source,
    lab ? num("epochs", "Epochs", "int", state.ep, null, (v) => set({ ep: v })) : null,
    lab ? num("train_size", "Training digits per epoch", "int", state.ts, null, (v) => set({ ts: v })) : null,
  );
  const record = h(
    "fieldset",
    { class: "ls-group" },
    h("legend", {}, "Path"),
    num("every", "Record every k iterations", "int", state.k, "Epoch ends are always recorded.", (v) => set({ k: v })),
    num("budget_mb", "Memory budget (MB)", "float", state.mb, "When the path outgrows it, every other point is dropped.", (v) => set({ mb: v })),
  );
  const planeRows = [
    fields.select({
      key: "plane",
      label: "Plane",
      value: state.pl,
      options: [
        { value: "pca", label: "PCA of the path" },
        { value: "random", label: "random, filter-normalised" },
        { value: "points", label: "through three path points" },
      ],
      help: "PCA: the two directions the path moved most along. Random: Li et al.'s filter-normalised directions. Points: the plane through three recorded points.",
      set: (v) => set({ pl: v }, true),
    }),
  ];
  if (state.pl === "random") planeRows.push(num("seed", "Random seed", "int", state.sd, null, (v) => set({ sd: v })));
  if (state.pl === "points") {
    planeRows.push(
      fields.text({
        key: "points",
        label: "Path points (origin first)",
        type: "ints",
        value: state.pts,
        help: "Three indices into the recorded path; negative ones count from the end (-1 is the final point).",
        check: (v) => (v.length === 3 ? null : "give exactly three indices"),
        set: (v) => set({ pts: v }),
      }),
    );
  }
  const plane = h("fieldset", { class: "ls-group" }, h("legend", {}, "Plane"), planeRows);
  const gridRows = [
    num("size", "Grid points per side", "int", state.n, "The full grid is evaluated at size × size points.", (v) => set({ n: v })),
    num("coarse", "Coarse grid first (0: none)", "int", state.c, "Drawn first, then refined.", (v) => set({ c: v })),
    num("eval_size", "Evaluation digits", "int", state.ev, "Held-out digits each grid point is scored on.", (v) => set({ ev: v })),
    fields.check({ key: "fixed", label: "Fixed extent", value: state.ext, help: "Otherwise the grid is fitted around the path with a margin.", set: (v) => set({ ext: v }, true) }),
  ];
  if (state.ext) {
    const [x0, x1, y0, y1] = state.ax;
    const axis = (i, key, label, value) => num(key, label, "float", value, null, (v) => set({ ax: state.ax.map((old, k) => (k === i ? v : old)) }));
    gridRows.push(h("div", { class: "ls-extent" }, axis(0, "extent", "a from", x0), axis(1, "extent_a1", "a to", x1), axis(2, "extent_b0", "b from", y0), axis(3, "extent_b1", "b to", y1)));
  } else {
    gridRows.push(num("margin", "Margin around the path", "float", state.m, "A fraction of the path's span on every side.", (v) => set({ m: v })));
  }
  const grid = h("fieldset", { class: "ls-group" }, h("legend", {}, "Grid"), gridRows);
  return { element: h("div", { class: "ls-form" }, setup, record, plane, grid), fields };
}
