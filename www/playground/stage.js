// The playground's picture: two stacked canvases at the device pixel ratio. The lower one holds
// the filled contours, drawn by Rust once per surface, size, theme and band scale; the upper one
// the paths, cleared and drawn by Rust every animation frame. A click sets the start; so does
// the keyboard: the stage is focusable, arrow keys move a cursor (Shift: larger steps), Enter
// sets the start there, Escape hides the cursor.
import { h, textScale, uid } from "../lib/dom.js";
import { offscreenCanvas } from "../lib/export.js";
import { inOwnFrame } from "../lib/frame-queue.js";
import { currentTheme, onThemeChange } from "../lib/theme.js";

export class Stage {
  /** `handle` is the Rust `Playground`; `onStart([x, y])` when the user picks a start. */
  constructor({ handle, onStart }) {
    this.handle = handle;
    this.onStart = onStart;
    this.view = null;
    this.log = true;
    this.step = 0;
    this.cursor = null;
    this.layout = null;
    this.baseKey = "";
    this.base = h("canvas", { class: "pg-base" });
    this.layer = h("canvas", { class: "pg-layer", "aria-hidden": "true" });
    const helpId = uid("pg-stage-help");
    this.help = h("p", { class: "help", id: helpId }, "Click the surface to start the paths there, or focus it and use the arrow keys to move the cursor and Enter to set the start.");
    this.frame = h("div", { class: "pg-stage", tabindex: "0", role: "application", "aria-label": "Loss surface", "aria-describedby": helpId }, this.base, this.layer);
    this.element = h("div", { class: "pg-stage-wrap" }, this.frame, this.help);
    // A frame of its own, as every chart's drawing: the contours are the heaviest picture of the
    // panel (at two device pixels per CSS pixel, 1.2 million pixels).
    this.repaint = () => inOwnFrame(this, () => this.paint());
    new ResizeObserver(() => this.repaint()).observe(this.frame);
    onThemeChange(() => {
      this.baseKey = "";
      this.repaint();
    });
    this.frame.addEventListener("click", (e) => this.clicked(e));
    this.frame.addEventListener("keydown", (e) => this.key(e));
    this.frame.addEventListener("blur", () => {
      this.cursor = null;
      this.drawLayer();
    });
  }

  /** Shows `surface` (its entry from `playground_surfaces`) with `log` bands. */
  setSurface(surface, log) {
    this.view = surface;
    this.log = log;
    this.frame.setAttribute("aria-label", `Loss surface ${surface.label}, f(x, y) = ${surface.formula}`);
    const [x0, x1, y0, y1] = [surface.view.x_min, surface.view.x_max, surface.view.y_min, surface.view.y_max];
    this.frame.style.setProperty("--pg-aspect", String((y1 - y0) / (x1 - x0)));
    this.repaint();
  }

  /** Reveals the paths up to `step` (on the next frame). */
  setStep(step) {
    this.step = step;
    this.drawLayerSoon();
  }

  drawLayerSoon() {
    if (!this.layerPending) {
      this.layerPending = true;
      requestAnimationFrame(() => {
        this.layerPending = false;
        this.drawLayer();
      });
    }
  }

  /** Forces the contours to be drawn again (after the surface or scale changed). */
  invalidate() {
    this.baseKey = "";
    this.repaint();
  }

  settings() {
    return { theme: currentTheme(), pixel_ratio: window.devicePixelRatio || 1, text_scale: textScale(), log: this.log, levels: 16 };
  }

  paint() {
    if (!this.view) return;
    const ratio = window.devicePixelRatio || 1;
    const cssW = this.frame.clientWidth;
    if (cssW < 50) return;
    // The plot keeps one unit as long on x as on y: the height follows the surface's view box.
    const aspect = (this.view.view.y_max - this.view.view.y_min) / (this.view.view.x_max - this.view.view.x_min);
    const cssH = Math.round(Math.min(680, Math.max(220, (cssW - 170) * aspect + 80)));
    this.frame.style.height = `${cssH}px`;
    const width = Math.round(cssW * ratio);
    const height = Math.round(cssH * ratio);
    for (const c of [this.base, this.layer]) {
      if (c.width !== width) c.width = width;
      if (c.height !== height) c.height = height;
    }
    const s = this.settings();
    const key = JSON.stringify([this.view.id, width, height, s]);
    if (key === this.baseKey) {
      this.drawLayer();
      return;
    }
    this.baseKey = key;
    this.layout = this.handle.draw_surface(this.base, s);
    // The paths in the next frame: with the contours they made one task of 50-85 ms when the
    // panel was first shown (the two canvases' drawing and their commit).
    inOwnFrame(this.layer, () => this.drawLayer());
  }

  /** The stage (contours and paths so far) redrawn at `ratio` on a detached canvas. */
  exportPng(ratio) {
    const canvas = offscreenCanvas(this.frame.clientWidth || 600, this.frame.clientHeight || 600, ratio);
    const s = { ...this.settings(), pixel_ratio: ratio };
    try {
      this.handle.draw_surface(canvas, s);
      this.handle.draw_paths(canvas, this.step, null, s);
    } finally {
      // draw_surface kept the export's layout: the on-screen stage draws its own again.
      this.baseKey = "";
      this.paint();
    }
    return canvas;
  }

  /** The stage as an SVG document from the same Rust drawing code. */
  exportSvg() {
    const s = { ...this.settings(), pixel_ratio: 1 };
    return this.handle.draw_svg(this.frame.clientWidth || 600, this.frame.clientHeight || 600, this.step, s).svg;
  }

  drawLayer() {
    if (!this.layout) return;
    const ctx = this.layer.getContext("2d");
    ctx.clearRect(0, 0, this.layer.width, this.layer.height);
    this.handle.draw_paths(this.layer, this.step, this.cursor, this.settings());
  }

  /** The data point under CSS pixel (x, y) of the stage, or null outside the plot. */
  toData(cssX, cssY) {
    const l = this.layout;
    if (!l) return null;
    const px = cssX * l.pixel_ratio;
    const py = cssY * l.pixel_ratio;
    const { left, right, top, bottom } = l.plot;
    if (px < left || px > right || py < top || py > bottom) return null;
    const x = l.x.min + ((px - left) / (right - left)) * (l.x.max - l.x.min);
    const y = l.y.max - ((py - top) / (bottom - top)) * (l.y.max - l.y.min);
    return [round(x, l.x), round(y, l.y)];
  }

  clicked(e) {
    const rect = this.frame.getBoundingClientRect();
    const at = this.toData(e.clientX - rect.left, e.clientY - rect.top);
    if (at) this.onStart(at);
  }

  key(e) {
    if (!this.view) return;
    const v = this.view.view;
    const big = e.shiftKey ? 8 : 40;
    const dx = (v.x_max - v.x_min) / big;
    const dy = (v.y_max - v.y_min) / big;
    const moves = { ArrowLeft: [-dx, 0], ArrowRight: [dx, 0], ArrowUp: [0, dy], ArrowDown: [0, -dy] };
    if (e.key === "Escape") {
      this.cursor = null;
      this.drawLayer();
      return;
    }
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      if (this.cursor) this.onStart(this.cursor.slice());
      return;
    }
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    const from = this.cursor ?? this.startPoint ?? this.view.start;
    const clamp = (t, lo, hi) => Math.min(hi, Math.max(lo, t));
    this.cursor = [round(clamp(from[0] + move[0], v.x_min, v.x_max), { min: v.x_min, max: v.x_max }), round(clamp(from[1] + move[1], v.y_min, v.y_max), { min: v.y_min, max: v.y_max })];
    this.help.textContent = `Cursor at (${this.cursor[0]}, ${this.cursor[1]}): press Enter to start the paths here.`;
    this.drawLayer();
  }
}

/** Rounds to about a thousandth of the range, so links and readouts stay short. */
function round(value, range) {
  const step = 10 ** Math.floor(Math.log10((range.max - range.min) / 1000));
  return Number((Math.round(value / step) * step).toFixed(Math.max(0, -Math.log10(step))));
}
