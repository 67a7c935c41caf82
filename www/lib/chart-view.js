// A chart on the page: a canvas sized to its box at the device pixel ratio and redrawn by Rust
// (plotters) when the data, the size or the colour scheme changes, plus an overlay canvas for
// the hover crosshair and an aria-live readout. Mouse and keyboard (arrow keys) both move the
// readout, so the values are reachable without a pointer. Given an export `name`, the chart
// also offers itself as PNG (redrawn at pixel ratio 2), SVG (the same Rust drawing code on
// plotters' SVG backend), CSV and JSON (its table model).
import { h, textScale, uid } from "./dom.js";
import { inOwnFrame } from "./frame-queue.js";
import { ExportMenu } from "./export-menu.js";
import { PNG_RATIO, offscreenCanvas } from "./export.js";
import { currentTheme, onThemeChange } from "./theme.js";

/** Export size when the chart is not on screen (a hidden tab): a 16:9 slide figure. */
const FALLBACK_SIZE = { width: 800, height: 450 };

/**
 * `draw(canvas, data)` draws and returns the layout (see charts::ChartLayout);
 * `describe(step)` returns `{ text, marks: [{ value, axis: "y"|"right"|"metric", color }] }`
 * for the readout, or null when there is nothing at that step.
 * Exports (all optional together): `name` the file base ("train-loss"), `title` the chart's
 * name, `svg(width, height, data)` the wasm `*_svg` twin of `draw` (answers `{svg, ...}`),
 * `table()` the table model, `figure()` the `lrlab plot` input for this chart (or null).
 */
export class ChartView {
  constructor({ label, draw, describe, hint = "Point at the chart or focus it and use the arrow keys to read values.", name, title, svg, table, figure }) {
    this.drawFn = draw;
    this.svgFn = svg;
    this.describe = describe;
    this.hint = hint;
    this.data = null;
    this.layout = null;
    this.step = null;
    this.canvas = h("canvas", { class: "chart-canvas" });
    this.overlay = h("canvas", { class: "chart-overlay", "aria-hidden": "true" });
    const readoutId = uid("readout");
    this.frame = h(
      "div",
      { class: "chart-frame", tabindex: "0", role: "img", "aria-label": label, "aria-describedby": readoutId },
      this.canvas,
      this.overlay,
    );
    this.readout = h("p", { class: "readout", id: readoutId, "aria-live": "polite", text: hint });
    this.menu = name
      ? new ExportMenu({ name, title: title ?? label, png: () => this.exportPng(), svg: () => this.exportSvg(), table, figure: figure ?? (() => null) })
      : null;
    this.menu?.setEnabled(false);
    this.element = h("figure", { class: "chart" }, this.frame, h("figcaption", {}, this.readout), this.menu?.element);
    // The frame's size in CSS pixels, as the last layout left it (null before the first one).
    this.size = null;
    this.overlayMarked = false;
    // A chart with no room (in a hidden panel) waits for the ResizeObserver to report a size.
    this.redraw = () => {
      if (this.size === null || hasRoom(this.size)) inOwnFrame(this, () => this.paint());
    };

    // Read here, where layout is fresh: reading it while drawing would force a layout.
    new ResizeObserver(() => {
      this.size = { width: this.frame.clientWidth, height: this.frame.clientHeight };
      this.redraw();
    }).observe(this.frame);
    onThemeChange(() => this.redraw());
    this.frame.addEventListener("pointermove", (e) => this.pointAt(e.offsetX));
    this.frame.addEventListener("pointerleave", () => this.clearHover());
    this.frame.addEventListener("keydown", (e) => this.onKey(e));
    this.frame.addEventListener("blur", () => this.clearHover());
  }

  /** Sets the chart's data (anything `draw` accepts) and an accessible name for it. */
  setData(data, label) {
    this.data = data;
    this.menu?.setEnabled(Boolean(data));
    if (label) this.frame.setAttribute("aria-label", label);
    this.redraw();
  }

  paint() {
    if (!this.data) return;
    // Before the ResizeObserver's first report the size is read here, once in the chart's life.
    this.size ??= { width: this.frame.clientWidth, height: this.frame.clientHeight };
    if (!hasRoom(this.size)) return;
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(this.size.width * ratio));
    const height = Math.max(1, Math.round(this.size.height * ratio));
    if (this.canvas.width !== width || this.canvas.height !== height) {
      // Resizing a canvas also wipes it.
      for (const c of [this.canvas, this.overlay]) Object.assign(c, { width, height });
      this.overlayMarked = false;
    }
    this.layout = this.drawFn(this.canvas, this.drawData(ratio));
    this.showStep(this.step);
  }

  /** The chart's data with the drawing settings for `ratio` device pixels per CSS pixel. */
  drawData(ratio) {
    return { ...this.data, pixel_ratio: ratio, text_scale: textScale(), theme: currentTheme() };
  }

  /** The chart's size on screen in CSS pixels (a slide-sized figure while hidden). */
  exportSize() {
    const width = this.frame.clientWidth;
    const height = this.frame.clientHeight;
    return width >= 64 && height >= 64 ? { width, height } : FALLBACK_SIZE;
  }

  /** A detached canvas with the chart redrawn at twice its CSS size. */
  exportPng() {
    if (!this.data) throw new Error("the chart has nothing to draw yet");
    const { width, height } = this.exportSize();
    const canvas = offscreenCanvas(width, height, PNG_RATIO);
    this.drawFn(canvas, this.drawData(PNG_RATIO));
    return canvas;
  }

  /** The chart as an SVG document (CSS-pixel units) from the same Rust drawing code. */
  exportSvg() {
    if (!this.data || !this.svgFn) throw new Error("the chart has nothing to draw yet");
    const { width, height } = this.exportSize();
    const out = this.svgFn(width, height, this.drawData(1));
    if (!out?.svg) throw new Error("the chart has nothing to draw yet");
    return out.svg;
  }

  lastStep() {
    const l = this.layout;
    return l ? Math.round(l.x.max * l.steps_per_x) : 0;
  }

  pointAt(cssX) {
    const l = this.layout;
    if (!l) return;
    const px = cssX * l.pixel_ratio;
    const { left, right } = l.plot;
    if (px < left - 4 || px > right + 4) return this.clearHover();
    const x = l.x.min + ((px - left) / (right - left)) * (l.x.max - l.x.min);
    this.showStep(Math.round(x * l.steps_per_x));
  }

  onKey(e) {
    const last = this.lastStep();
    const current = this.step ?? 0;
    const jump = e.shiftKey ? 10 : 1;
    const next = {
      ArrowRight: current + jump,
      ArrowLeft: current - jump,
      Home: 0,
      End: last,
      PageUp: current + Math.max(1, Math.round(last / 10)),
      PageDown: current - Math.max(1, Math.round(last / 10)),
    }[e.key];
    if (e.key === "Escape") return this.clearHover();
    if (next === undefined) return;
    e.preventDefault();
    this.showStep(Math.min(last, Math.max(0, next)));
  }

  clearHover() {
    this.step = null;
    this.readout.textContent = this.hint;
    this.clearOverlay();
  }

  /**
   * Wipes the crosshair. An overlay with nothing on it is left alone: a canvas drawn on, even
   * by clearRect, is copied to the compositor again in that frame, and charts redraw (and
   * re-place the crosshair) several times a second while a run trains.
   */
  clearOverlay() {
    if (!this.overlayMarked) return;
    this.overlayMarked = false;
    this.overlay.getContext("2d").clearRect(0, 0, this.overlay.width, this.overlay.height);
  }

  showStep(step) {
    this.clearOverlay();
    if (step === null || step === undefined || !this.layout) return;
    const info = this.describe(Math.min(this.lastStep(), Math.max(0, step)));
    if (!info) return;
    this.step = step;
    this.readout.textContent = info.text;
    this.overlayMarked = true;
    this.drawCrosshair(this.overlay.getContext("2d"), step, info.marks);
  }

  drawCrosshair(ctx, step, marks) {
    const l = this.layout;
    const r = l.pixel_ratio;
    const x = l.plot.left + ((step / l.steps_per_x - l.x.min) / (l.x.max - l.x.min)) * (l.plot.right - l.plot.left);
    const bottom = l.metric_panel ? l.metric_panel.plot.bottom : l.plot.bottom;
    ctx.save();
    ctx.strokeStyle = currentTheme() === "dark" ? "rgba(230,237,243,0.6)" : "rgba(27,31,36,0.55)";
    ctx.lineWidth = Math.max(1, r);
    ctx.beginPath();
    ctx.moveTo(Math.round(x) + 0.5, l.plot.top);
    ctx.lineTo(Math.round(x) + 0.5, bottom);
    ctx.stroke();
    for (const mark of marks) {
      const y = this.yPixel(mark);
      if (y === null) continue;
      ctx.beginPath();
      ctx.fillStyle = mark.color;
      ctx.strokeStyle = currentTheme() === "dark" ? "#161b22" : "#ffffff";
      ctx.lineWidth = 2 * r;
      ctx.arc(x, y, 4.5 * r, 0, 2 * Math.PI);
      ctx.stroke();
      ctx.fill();
    }
    ctx.restore();
  }

  yPixel({ value, axis }) {
    const l = this.layout;
    const where =
      axis === "metric" && l.metric_panel
        ? { rect: l.metric_panel.plot, range: l.metric_panel.y }
        : axis === "right" || axis === "metric"
          ? l.right && { rect: l.plot, range: l.right.range }
          : { rect: l.plot, range: l.y };
    if (!where || !Number.isFinite(value)) return null;
    const { rect, range } = where;
    const t = (v) => (range.log ? Math.log10(v) : v);
    if (range.log && value <= 0) return null;
    const frac = (t(value) - t(range.min)) / (t(range.max) - t(range.min));
    if (!(frac >= -0.01 && frac <= 1.01)) return null;
    return rect.bottom - frac * (rect.bottom - rect.top);
  }
}

function hasRoom({ width, height }) {
  return width > 0 && height > 0;
}
