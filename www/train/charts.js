// The Train panel's live charts, drawn by Rust from the run book: training loss per iteration,
// validation loss and accuracy per epoch, the learning rate (and momentum) applied, and the
// update-to-weight ratio per layer. Each has a one-line explanation, a hover and keyboard
// readout, and its numbers as a table.
import { ChartCard } from "../lib/chart-card.js";
import { h } from "../lib/dom.js";
import { currentTheme } from "../lib/theme.js";
import { formatNumber } from "../schedules/values.js";

/** The chart's neutral ink for readout marks that belong to no run (theme.rs `metric`). */
const NEUTRAL = { light: "#444444", dark: "#c9d1d9" };

/** A hidden panel's canvas has no room to draw in; it is drawn again when shown. */
function tooSmall(canvas) {
  return canvas.width < 64 || canvas.height < 64;
}

/**
 * The four charts. `book()` is the RunBook, `runs()` the runs shown ([{id, name, color, ipe,
 * layers}]), `focus()` the run whose details are shown, `view()` the panel's view settings,
 * `palette` the Okabe-Ito swatches, `configs(id?)` what `lrlab plot` needs of the runs shown
 * (or of run `id` alone).
 */
export class TrainCharts {
  constructor({ book, runs, focus, view, palette, configs = () => [] }) {
    this.book = book;
    this.runs = runs;
    this.focus = focus;
    this.viewState = view;
    this.palette = palette;
    const ids = (d) => Uint32Array.from(d.ids);
    // What `lrlab plot` needs to draw the same chart natively: the runs' configs (it trains them).
    const figure = (chart) => () => ({ figure: "training", chart, view: this.plotView(), runs: configs() });
    this.loss = new ChartCard({
      title: "Training loss",
      explain: "Cross-entropy of every mini-batch (faint) and its moving average (bold): the learning rate decides how fast and how smoothly it falls.",
      label: "Training loss per iteration",
      draw: (canvas, d) => (tooSmall(canvas) ? null : this.book().draw_loss(canvas, ids(d), d)),
      svg: (w, hh, d) => this.book().draw_loss_svg(w, hh, ids(d), d),
      name: "train-loss",
      figure: figure("loss"),
      describe: (step) => this.describeIteration(this.loss, step, "loss"),
      table: () => this.iterationTable("Training loss per iteration", [["loss", "loss"], ["smoothed", "smoothed"]]),
    });
    this.epochs = new ChartCard({
      title: "Validation loss and accuracy",
      explain: "Scored on held-out digits after every epoch; the dashed line is the epoch's mean training loss.",
      label: "Validation loss and accuracy per epoch",
      draw: (canvas, d) => (tooSmall(canvas) ? null : this.book().draw_epochs(canvas, ids(d), d)),
      svg: (w, hh, d) => this.book().draw_epochs_svg(w, hh, ids(d), d),
      name: "train-validation",
      figure: figure("epochs"),
      describe: (step) => this.describeEpoch(step),
      table: () => this.epochTable(),
    });
    this.lr = new ChartCard({
      title: "Learning rate applied",
      explain: "param_groups[0]['lr'] at each optimizer.step(), as the scheduler left it; dashed: the momentum (SGD, RMSprop) or beta1 (Adam) in force.",
      label: "Learning rate and momentum per iteration",
      draw: (canvas, d) => (tooSmall(canvas) ? null : this.book().draw_lr(canvas, ids(d), d)),
      svg: (w, hh, d) => this.book().draw_lr_svg(w, hh, ids(d), d),
      name: "train-lr",
      figure: figure("lr"),
      describe: (step) => this.describeIteration(this.lr, step, "lr"),
      table: () => this.iterationTable("Learning rate and momentum per iteration", [["lr", "lr"], ["momentum", "momentum"]]),
    });
    this.ratio = new ChartCard({
      title: "Update-to-weight ratio",
      explain: "How much each step changes a layer's weights, ‖ΔW‖ / ‖W‖: the learning rate scales the size of the updates, and about 1e-3 (the cs231n rule of thumb) is healthy; far above, training is unstable, far below, it crawls.",
      label: "Update-to-weight ratio per layer",
      draw: (canvas, d) => (tooSmall(canvas) ? null : this.book().draw_update_ratio(canvas, d.id ?? undefined, d)),
      svg: (w, hh, d) => this.book().draw_update_ratio_svg(w, hh, d.id ?? undefined, d),
      name: "train-update-ratio",
      // One run's layers: the run whose details are shown.
      figure: () => {
        const run = this.focus();
        const runs = run ? configs(run.id) : [];
        return runs.length ? { figure: "training", chart: "update-ratio", view: this.plotView(), runs } : null;
      },
      describe: (step) => this.describeRatio(step),
      table: () => this.ratioTable(),
    });
    this.cards = [this.loss, this.epochs, this.lr, this.ratio];
    this.element = h("div", { class: "trn-charts" }, ...this.cards.map((c) => c.element));
    // Each chart draws in an animation frame of its own (ChartView queues its drawing), so a
    // redraw of all four spreads over four frames. During a run, charts scrolled out of view
    // wait until they come back.
    const seen = new IntersectionObserver((entries) => {
      for (const e of entries) {
        const card = this.cards.find((c) => c.element === e.target);
        if (!card) continue;
        card.visible = e.isIntersecting;
        if (card.visible) this.hand(card);
      }
    }, { rootMargin: "200px 0px" });
    for (const card of this.cards) {
      card.visible = true;
      seen.observe(card.element);
    }
  }

  /**
   * Redraws every chart from the book. With `live` (the throttled redraws while a run trains)
   * charts out of view are left for when they scroll back; otherwise all are drawn.
   */
  redraw({ live = false } = {}) {
    const v = this.viewState();
    const runs = this.runs();
    const view = { x_unit: v.x === "ep" ? "epochs" : "iterations", log_y: v.log, smoothing: v.smooth, show_raw: v.raw };
    const names = runs.map((r) => r.name).join(", ") || "no runs yet";
    const data = { ...view, ids: runs.map((r) => r.id) };
    const empty = runs.length === 0;
    const focus = this.focus();
    this.loss.pending = [data, `Training loss per iteration for ${names}.`, empty];
    this.epochs.pending = [{ ...data, x_unit: "epochs" }, `Validation loss and accuracy per epoch for ${names}.`, empty];
    this.lr.pending = [data, `Learning rate applied per iteration for ${names}.`, empty];
    this.ratio.pending = [{ ...view, id: focus?.id ?? null }, focus ? `Update-to-weight ratio per layer for ${focus.name}.` : "Update-to-weight ratio: no run yet.", !focus];
    // Visible charts first (their frames come first); the others too unless the run is live.
    for (const card of [...this.cards.filter((c) => c.visible), ...this.cards.filter((c) => !c.visible)]) {
      if (card.visible || !live) this.hand(card);
    }
  }

  /**
   * Draws each chart once, empty, on a small detached canvas while the page is idle. The wasm
   * module compiles a function the first time it runs, so the first real drawing of each chart
   * (when Train is pressed, or at the first epoch's end) would otherwise also pay for that.
   */
  warmUp() {
    const view = { x_unit: "iterations", log_y: false, smoothing: 0.9, show_raw: true, pixel_ratio: 1, text_scale: 1, theme: currentTheme() };
    const none = new Uint32Array(0);
    const draws = [
      (c) => this.book().draw_loss(c, none, view),
      (c) => this.book().draw_epochs(c, none, { ...view, x_unit: "epochs" }),
      (c) => this.book().draw_lr(c, none, view),
      (c) => this.book().draw_update_ratio(c, undefined, view),
    ];
    const next = () => {
      const draw = draws.shift();
      if (!draw) return;
      draw(Object.assign(document.createElement("canvas"), { width: 160, height: 100 }));
      idle(next);
    };
    idle(next);
  }

  /** Gives `card` the data last meant for it, if it has not drawn it yet. */
  hand(card) {
    if (!card.pending) return;
    const [data, label, empty] = card.pending;
    card.pending = null;
    card.setData(data, label, empty);
  }

  /** The view settings as `lrlab plot` reads them (charts::TrainingView). */
  plotView() {
    const v = this.viewState();
    return { x_unit: v.x === "ep" ? "epochs" : "iterations", log_y: v.log, smoothing: v.smooth, show_raw: v.raw, theme: currentTheme() };
  }

  colorOf(run) {
    return this.palette[run.color % this.palette.length][currentTheme()];
  }

  /** The iteration of `run` at chart step `step` (iterations, or epochs times the finest run's batches). */
  iterationAt(card, run, step) {
    const spx = card.view.layout?.steps_per_x ?? 1;
    return spx === 1 ? step : Math.round((step / spx) * run.ipe);
  }

  describeIteration(card, step, what) {
    const smoothing = this.viewState().smooth;
    const parts = [];
    const marks = [];
    for (const run of this.runs()) {
      const i = this.iterationAt(card, run, step);
      const r = this.book().reading(run.id, i, smoothing);
      if (!r) continue;
      const color = this.colorOf(run);
      if (what === "loss") {
        parts.push(`${run.name}: loss ${formatNumber(r.loss)} (smoothed ${formatNumber(r.smoothed)})`);
        marks.push({ value: r.smoothed, axis: "y", color });
      } else {
        let text = `${run.name}: lr ${formatNumber(r.lr)}`;
        marks.push({ value: r.lr, axis: "y", color });
        if (r.momentum !== null && r.momentum !== undefined) {
          text += `, momentum ${formatNumber(r.momentum)}`;
          marks.push({ value: r.momentum, axis: "right", color });
        }
        parts.push(text);
      }
    }
    if (parts.length === 0) return null;
    const spx = card.view.layout?.steps_per_x ?? 1;
    const head = spx === 1 ? `Iteration ${step}` : `Epoch ${formatNumber(step / spx)}`;
    return { text: `${head}: ${parts.join("; ")}`, marks };
  }

  describeEpoch(epoch) {
    const parts = [];
    const marks = [];
    for (const run of this.runs()) {
      const e = this.book().epochs(run.id)[epoch - 1];
      if (!e) continue;
      const color = this.colorOf(run);
      parts.push(`${run.name}: validation loss ${formatNumber(e.val_loss)}, accuracy ${(100 * e.val_acc).toFixed(2)}%, training loss ${formatNumber(e.train_loss)}`);
      marks.push({ value: e.val_loss, axis: "y", color }, { value: 100 * e.val_acc, axis: "metric", color });
    }
    return parts.length ? { text: `Epoch ${epoch}: ${parts.join("; ")}`, marks } : null;
  }

  describeRatio(step) {
    const run = this.focus();
    if (!run) return null;
    const i = this.iterationAt(this.ratio, run, step);
    const r = this.book().reading(run.id, i, this.viewState().smooth);
    if (!r) return null;
    const theme = currentTheme();
    const text = r.update_ratio.map((v, l) => `${run.layers[l] ?? `layer ${l + 1}`} ${formatNumber(v)}`).join("; ");
    const marks = r.update_ratio.map((v, l) => ({ value: v, axis: "y", color: this.palette[l % this.palette.length][theme] ?? NEUTRAL[theme] }));
    return { text: `Iteration ${i} of ${run.name}: ${text}`, marks };
  }

  iterationTable(caption, series) {
    const runs = this.runs();
    const smoothing = this.viewState().smooth;
    const columns = [{ label: "iteration", values: null }];
    // Long runs are thinned (one value per `stride` iterations): rows follow the coarsest run.
    const stride = Math.max(1, ...runs.map((run) => this.book().stride(run.id)));
    for (const run of runs) {
      for (const [name, label] of series) {
        const values = this.book().series(run.id, name, smoothing, stride);
        if (values.length > 0) columns.push({ label: `${run.name} ${label}`, values });
      }
    }
    const rows = Math.max(0, ...columns.slice(1).map((c) => c.values.length));
    return {
      caption,
      columns: columns.map((c) => c.label),
      rows,
      cell: (r, c) => (c === 0 ? String((r + 1) * stride) : r < columns[c].values.length ? formatNumber(columns[c].values[r]) : ""),
    };
  }

  epochTable() {
    const runs = this.runs().map((run) => ({ run, epochs: this.book().epochs(run.id) }));
    const columns = ["epoch"];
    const cells = [];
    for (const { run, epochs } of runs) {
      columns.push(`${run.name} val. loss`, `${run.name} val. accuracy (%)`, `${run.name} train loss`, `${run.name} lr`);
      cells.push((e) => [formatNumber(e.val_loss), (100 * e.val_acc).toFixed(2), formatNumber(e.train_loss), formatNumber(e.lr)]);
    }
    const rows = Math.max(0, ...runs.map((r) => r.epochs.length));
    return {
      caption: "Validation loss and accuracy after each epoch",
      columns,
      rows,
      cell: (r, c) => {
        if (c === 0) return String(r + 1);
        const k = Math.floor((c - 1) / 4);
        const e = runs[k].epochs[r];
        return e ? cells[k](e)[(c - 1) % 4] : "";
      },
    };
  }

  ratioTable() {
    const run = this.focus();
    const stride = run ? this.book().stride(run.id) : 1;
    const layers = run ? run.layers.map((name, l) => ({ name, values: this.book().series(run.id, `ratio${l}`, 0, stride) })) : [];
    return {
      caption: run ? `Update-to-weight ratio per layer, ${run.name}` : "Update-to-weight ratio: no run yet",
      columns: ["iteration", ...layers.map((l) => l.name)],
      rows: layers.length ? layers[0].values.length : 0,
      cell: (r, c) => (c === 0 ? String((r + 1) * stride) : formatNumber(layers[c - 1].values[r])),
    };
  }
}

/** Runs `fn` when the page is idle (soon, where idle callbacks are not supported). */
function idle(fn) {
  if (typeof requestIdleCallback === "function") requestIdleCallback(fn, { timeout: 2000 });
  else setTimeout(fn, 50);
}
