// What one run's network does with the validation digits after its last epoch: the confusion
// matrix (drawn by Rust, also as a table) and a gallery of digits with their predicted labels,
// mistakes marked. The matrix downloads as PNG (pixel ratio 2), SVG (the same Rust drawing),
// CSV and JSON (with the counts as the `lrlab plot` figure "confusion").
import { renderTable } from "../lib/data-table.js";
import { h, textScale, uid } from "../lib/dom.js";
import { isFatal } from "../lib/errors.js";
import { ExportMenu } from "../lib/export-menu.js";
import { inOwnFrame } from "../lib/frame-queue.js";
import { PNG_RATIO, offscreenCanvas } from "../lib/export.js";
import { currentTheme, onThemeChange } from "../lib/theme.js";
import { DigitGrid } from "./digits.js";
import { describeConfusion } from "./words.js";

const CLASSES = 10;

/** Export size when the matrix is not on screen (a hidden tab): square. */
const FALLBACK_SIZE = { width: 560, height: 560 };

export class RunDetails {
  /** `wasm`: the lrlab module (draws the confusion matrix). */
  constructor(wasm) {
    this.wasm = wasm;
    this.run = null;
    this.mistakesOnly = false;
    const headingId = uid("details-heading");
    this.heading = h("h3", { id: headingId }, "Predictions");
    this.note = h("p", { class: "help", "aria-live": "polite" }, "Train a run to see what its network predicts.");
    this.canvas = h("canvas", { class: "chart-canvas" });
    this.frame = h("div", { class: "confusion-frame", role: "img", "aria-label": "Confusion matrix: no run yet" }, this.canvas);
    this.tableWrap = h("div", { class: "table-wrap", id: uid("confusion-table"), tabindex: "0", hidden: true });
    this.toggle = h("button", { type: "button", class: "secondary", "aria-expanded": "false", "aria-controls": this.tableWrap.id, onclick: () => this.toggleTable() }, "Show data as table");
    this.menu = new ExportMenu({
      name: "train-confusion",
      title: "Confusion matrix",
      png: () => this.exportPng(),
      svg: () => this.exportSvg(),
      table: () => this.tableModel(),
      figure: () => (this.run?.confusion ? { figure: "confusion", chart: { counts: Array.from(this.run.confusion), classes: CLASSES, theme: currentTheme(), pixel_ratio: 1, text_scale: 1 } } : null),
    });
    this.menu.setEnabled(false);
    this.gallery = new DigitGrid({ label: "Validation digits with the network's predictions", empty: "No predictions yet: they appear after the first epoch." });
    const radio = (value, label) =>
      h("label", { class: "radio" }, h("input", { type: "radio", name: "trn-gallery", value, checked: value === "all", onchange: () => this.showMistakes(value === "mistakes") }), label);
    this.element = h(
      "section",
      { class: "trn-details", "aria-labelledby": headingId },
      this.heading,
      this.note,
      h(
        "div",
        { class: "trn-details-grid" },
        h(
          "figure",
          { class: "trn-card confusion" },
          h("div", { class: "trn-card-head" }, h("h4", {}, "Confusion matrix"), this.toggle),
          h("p", { class: "help" }, "Rows: the true digit; columns: the network's answer. Blue on the diagonal is right, vermillion off it is a mistake, shaded by its share of the row."),
          this.frame,
          this.menu.element,
          this.tableWrap,
        ),
        h(
          "figure",
          { class: "trn-card gallery" },
          h("h4", {}, "Validation digits"),
          h("fieldset", { class: "x-unit" }, h("legend", { class: "visually-hidden" }, "Digits shown"), radio("all", "first digits"), radio("mistakes", "mistakes only")),
          this.gallery.element,
        ),
      ),
    );
    // The matrix and the gallery each take a frame of their own (see frame-queue.js); the
    // frame's size is read when the ResizeObserver reports it, where layout is fresh.
    this.size = null;
    this.redraw = () => inOwnFrame(this, () => this.paint());
    new ResizeObserver(() => {
      this.size = { width: this.frame.clientWidth, height: this.frame.clientHeight };
      this.redraw();
    }).observe(this.frame);
    onThemeChange(() => this.redraw());
    // While a run trains the matrix and the gallery are renewed only in (or near) view; the
    // rest of the time, or once scrolled to, they catch up.
    this.stale = false;
    this.inView = true;
    new IntersectionObserver(
      (entries) => {
        this.inView = entries[entries.length - 1].isIntersecting;
        if (this.inView) this.catchUp();
      },
      { rootMargin: "200px 0px" },
    ).observe(this.element);
  }

  /**
   * Shows `run` ({name, confusion, gallery, mistakes, epoch}) or nothing (null). `live`: an
   * epoch end while the run trains, drawn only if the section is in view.
   */
  show(run, { live = false } = {}) {
    // The end of a run shows again what its last epoch showed: nothing new.
    if (!sameDetail(run, this.run)) this.describe(run);
    if (!live || this.inView) this.catchUp();
  }

  /** The words about `run`; its matrix and gallery are left for `catchUp`. */
  describe(run) {
    this.stale = true;
    this.run = run;
    const has = Boolean(run?.confusion);
    this.menu.setEnabled(has);
    this.heading.textContent = run ? `Predictions of ${run.name}` : "Predictions";
    this.note.textContent = !run
      ? "Train a run to see what its network predicts."
      : has
        ? `After epoch ${run.epoch}: ${describeConfusion(run.confusion)}`
        : "Its predictions appear after the first epoch.";
    this.frame.setAttribute("aria-label", has ? `Confusion matrix of ${run.name}. ${describeConfusion(run.confusion)}` : "Confusion matrix: no predictions yet");
  }

  /** Draws the matrix and the gallery of the run shown, if they are behind. */
  catchUp() {
    if (!this.stale) return;
    this.stale = false;
    this.renderGallery({ inFrames: true });
    if (!this.tableWrap.hidden) this.renderTable();
    this.redraw();
  }

  showMistakes(on) {
    this.mistakesOnly = on;
    this.renderGallery();
  }

  /** Shows the digits chosen (all, or mistakes only); `inFrames` see DigitGrid.render. */
  renderGallery(options) {
    const run = this.run;
    const g = run ? (this.mistakesOnly ? run.mistakes : run.gallery) : null;
    this.gallery.render(g ? { rows: g.rows, cols: g.cols, pixels: g.pixels, labels: g.label, predicted: g.predicted } : null, options);
  }

  paint() {
    if (!this.size) return;
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(this.size.width * ratio));
    const height = Math.max(1, Math.round(this.size.height * ratio));
    // A hidden panel has no room to draw in; it is drawn again when shown.
    if (width < 64 || height < 64) return;
    if (this.canvas.width !== width) this.canvas.width = width;
    if (this.canvas.height !== height) this.canvas.height = height;
    try {
      this.wasm.draw_confusion(this.canvas, this.run?.confusion ?? new Uint32Array(0), this.viewAt(ratio));
    } catch (e) {
      if (isFatal(e)) throw e;
      this.note.textContent = e.message;
    }
  }

  /** The view settings the matrix is drawn with at `ratio` device pixels per CSS pixel. */
  viewAt(ratio) {
    return { pixel_ratio: ratio, text_scale: textScale(), theme: currentTheme() };
  }

  exportSize() {
    const width = this.frame.clientWidth;
    const height = this.frame.clientHeight;
    return width >= 64 && height >= 64 ? { width, height } : FALLBACK_SIZE;
  }

  /** A detached canvas with the matrix redrawn at twice its CSS size. */
  exportPng() {
    if (!this.run?.confusion) throw new Error("no predictions yet");
    const { width, height } = this.exportSize();
    const canvas = offscreenCanvas(width, height, PNG_RATIO);
    this.wasm.draw_confusion(canvas, this.run.confusion, this.viewAt(PNG_RATIO));
    return canvas;
  }

  /** The matrix as an SVG document from the same Rust drawing code. */
  exportSvg() {
    if (!this.run?.confusion) throw new Error("no predictions yet");
    const { width, height } = this.exportSize();
    return this.wasm.draw_confusion_svg(width, height, this.run.confusion, this.viewAt(1)).svg;
  }

  toggleTable() {
    const shown = this.tableWrap.hidden;
    this.tableWrap.hidden = !shown;
    this.toggle.setAttribute("aria-expanded", String(shown));
    this.toggle.textContent = shown ? "Hide data table" : "Show data as table";
    if (shown) this.renderTable();
  }

  tableModel() {
    const c = this.run?.confusion;
    return {
      caption: "Validation digits by true class (rows) and predicted class (columns)",
      columns: ["true \\ predicted", ...Array.from({ length: CLASSES }, (_, p) => String(p))],
      rows: c ? CLASSES : 0,
      cell: (t, p) => (p === 0 ? String(t) : String(c[t * CLASSES + p - 1])),
    };
  }

  renderTable() {
    renderTable(this.tableWrap, this.tableModel());
  }
}

/** Whether detail `a` shows exactly what `b` shows (the same run after the same epoch). */
function sameDetail(a, b) {
  if (!a || !b) return a === b;
  return a.name === b.name && a.epoch === b.epoch && a.confusion === b.confusion && a.gallery === b.gallery && a.mistakes === b.mistakes;
}
