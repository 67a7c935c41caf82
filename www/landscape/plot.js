// A landscape picture on the page: the filled contours and the path drawn by Rust into a canvas
// at the device pixel ratio, an overlay canvas for the hover cursor, an aria-live readout of
// (a, b, loss, accuracy) at the grid point nearest the pointer (arrow keys move it too, Shift
// in larger steps), and the grid and the path as tables. Its download buttons save it as PNG
// (redrawn at pixel ratio 2), SVG (the same Rust drawing code), CSV (grid and path, one row per
// grid point or path point) and JSON (with the drawn chart as the `lrlab plot` figure
// "landscape", data included: a landscape is too costly to recompute for a slide).
import { renderTable } from "../lib/data-table.js";
import { h, perFrame, textScale, uid } from "../lib/dom.js";
import { ExportMenu } from "../lib/export-menu.js";
import { PNG_RATIO, offscreenCanvas } from "../lib/export.js";
import { currentTheme, onThemeChange } from "../lib/theme.js";
import { fmt, pct } from "./format.js";

/** A hidden panel's canvas has no room to draw in; it is drawn again when shown. */
const MIN_PX = 64;

/** Export size when the picture is not on screen (a hidden tab). */
const FALLBACK_SIZE = { width: 800, height: 640 };

/**
 * The drawable chart (charts::LandscapeChart) of `data` (`{x, y, loss, accuracy, path,
 * lr_range?}`) under `view` (`{metric, log}`).
 */
export function landscapeChart(data, view, pixelRatio, scale = textScale()) {
  return {
    x: data.x,
    y: data.y,
    values: view.metric === "accuracy" ? data.accuracy : data.loss,
    metric: view.metric,
    log: view.log,
    path: data.path,
    lr_range: data.lr_range ?? null,
    levels: 16,
    theme: currentTheme(),
    pixel_ratio: pixelRatio,
    text_scale: scale,
  };
}

/**
 * One table of everything a landscape figure shows, for CSV and JSON: a row per grid point
 * (a, b, loss, accuracy), then a row per point of each path (`paths`: `[{name, path}]`).
 */
export function landscapeTable(caption, data, paths) {
  const columns = ["series", "a", "b", "validation loss", "validation accuracy", "iteration", "epoch", "lr", "mark"];
  if (!data) return { caption, columns, rows: 0, cell: () => "" };
  const nx = data.x.length;
  const grid = data.x.length * data.y.length;
  const points = paths.flatMap(({ name, path }) => path.map((p) => [name, p]));
  const mark = (p) => [p.epoch_end ? "epoch end" : "", p.snapshot !== null && p.snapshot !== undefined ? `snapshot S${p.snapshot + 1}` : ""].filter(Boolean).join("; ");
  const num = (v) => (v === null || v === undefined || !Number.isFinite(v) ? "" : String(v));
  return {
    caption,
    columns,
    rows: grid + points.length,
    cell: (r, c) => {
      if (r < grid) {
        const i = r % nx;
        const j = Math.floor(r / nx);
        return ["grid", num(data.x[i]), num(data.y[j]), num(data.loss[r]), num(data.accuracy[r]), "", "", "", ""][c];
      }
      const [name, p] = points[r - grid];
      return [name, num(p.x), num(p.y), "", "", String(p.iteration ?? ""), String(p.epoch ?? ""), num(p.lr), mark(p)][c];
    },
  };
}

export class LandscapePlot {
  /**
   * `wasm`: the lrlab module; `title`: heading; `explain`: one line under it; `name`: the
   * downloads' base (lrlab-<name>.<ext>); `pathName`: what the path is called in the CSV.
   */
  constructor(wasm, { title, explain, label, name = "landscape", pathName = "path" }) {
    this.wasm = wasm;
    this.pathName = pathName;
    this.data = null;
    this.layout = null;
    this.cursor = null;
    this.title = title;
    this.canvas = h("canvas", { class: "ls-canvas" });
    this.overlay = h("canvas", { class: "ls-overlay", "aria-hidden": "true" });
    const readoutId = uid("ls-readout");
    this.hint = "Point at the landscape, or focus it and use the arrow keys, to read a, b, loss and accuracy.";
    this.frame = h("div", { class: "ls-frame", tabindex: "0", role: "img", "aria-label": label, "aria-describedby": readoutId }, this.canvas, this.overlay);
    this.readout = h("p", { class: "readout", id: readoutId, "aria-live": "polite", text: this.hint });
    this.tableWrap = h("div", { class: "table-wrap", id: uid("ls-table"), tabindex: "0", hidden: true });
    this.toggle = h("button", { type: "button", class: "secondary", "aria-expanded": "false", "aria-controls": this.tableWrap.id, onclick: () => this.toggleTable() }, "Show data as table");
    const headingId = uid("ls-heading");
    this.placeholder = h("p", { class: "trn-placeholder" }, "Nothing to draw yet: press Run.");
    this.menu = new ExportMenu({
      name,
      title,
      png: () => this.exportPng(),
      svg: () => this.exportSvg(),
      table: () => landscapeTable(`${title}: the grid and the path`, this.data, this.data ? [{ name: this.pathName, path: this.data.path }] : []),
      figure: () => (this.data ? { figure: "landscape", chart: landscapeChart(this.data, this.view, 1, 1) } : null),
    });
    this.menu.setEnabled(false);
    this.figure = h("figure", { class: "chart ls-figure", hidden: true }, this.frame, h("figcaption", {}, this.readout), this.menu.element);
    this.element = h(
      "section",
      { class: "trn-card ls-card", "aria-labelledby": headingId },
      h("div", { class: "trn-card-head" }, h("h3", { id: headingId }, title), this.toggle),
      explain ? h("p", { class: "help trn-explain" }, explain) : null,
      this.placeholder,
      this.figure,
      this.tableWrap,
    );
    this.repaint = perFrame(() => this.paint());
    new ResizeObserver(() => this.repaint()).observe(this.frame);
    onThemeChange(() => this.repaint());
    this.frame.addEventListener("pointermove", (e) => this.pointAt(e.offsetX, e.offsetY));
    this.frame.addEventListener("pointerleave", () => this.setCursor(null));
    this.frame.addEventListener("blur", () => this.setCursor(null));
    this.frame.addEventListener("keydown", (e) => this.key(e));
  }

  /**
   * `data`: `{x, y, loss, accuracy (flat row-major), path, lr_range?}`; `view`: `{metric:
   * "loss" | "accuracy", log}`; `label`: the accessible name.
   */
  setData(data, view, label) {
    this.data = data;
    this.view = view;
    this.placeholder.hidden = Boolean(data);
    this.figure.hidden = !data;
    this.menu.setEnabled(Boolean(data));
    if (label) this.frame.setAttribute("aria-label", label);
    if (this.tableShown) this.renderTable();
    this.repaint();
  }

  paint() {
    if (!this.data) return;
    const ratio = window.devicePixelRatio || 1;
    const cssW = this.frame.clientWidth;
    const cssH = this.frame.clientHeight;
    const width = Math.round(cssW * ratio);
    const height = Math.round(cssH * ratio);
    if (width < MIN_PX || height < MIN_PX) return;
    for (const c of [this.canvas, this.overlay]) {
      if (c.width !== width) c.width = width;
      if (c.height !== height) c.height = height;
    }
    this.layout = this.wasm.draw_landscape(this.canvas, landscapeChart(this.data, this.view, ratio));
    this.drawCursor();
  }

  /** The picture's size on screen in CSS pixels (a fixed size while hidden). */
  exportSize() {
    const width = this.frame.clientWidth;
    const height = this.frame.clientHeight;
    return width >= 64 && height >= 64 ? { width, height } : FALLBACK_SIZE;
  }

  /** A detached canvas with the picture redrawn at twice its CSS size. */
  exportPng() {
    if (!this.data) throw new Error("the landscape has nothing to draw yet");
    const { width, height } = this.exportSize();
    const canvas = offscreenCanvas(width, height, PNG_RATIO);
    this.wasm.draw_landscape(canvas, landscapeChart(this.data, this.view, PNG_RATIO));
    return canvas;
  }

  /** The picture as an SVG document from the same Rust drawing code. */
  exportSvg() {
    if (!this.data) throw new Error("the landscape has nothing to draw yet");
    const { width, height } = this.exportSize();
    return this.wasm.draw_landscape_svg(width, height, landscapeChart(this.data, this.view, 1)).svg;
  }

  pointAt(cssX, cssY) {
    const l = this.layout;
    if (!l || !this.data) return;
    const px = cssX * l.pixel_ratio;
    const py = cssY * l.pixel_ratio;
    const { left, right, top, bottom } = l.plot;
    if (px < left || px > right || py < top || py > bottom) return this.setCursor(null);
    const nx = this.data.x.length;
    const ny = this.data.y.length;
    const i = Math.round(((px - left) / (right - left)) * (nx - 1));
    const j = Math.round(((bottom - py) / (bottom - top)) * (ny - 1));
    this.setCursor([i, j]);
  }

  key(e) {
    if (!this.data) return;
    const nx = this.data.x.length;
    const ny = this.data.y.length;
    if (e.key === "Escape") return this.setCursor(null);
    const step = e.shiftKey ? 5 : 1;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step], Home: null };
    if (!(e.key in moves)) return;
    e.preventDefault();
    const [i, j] = this.cursor ?? [Math.floor(nx / 2), Math.floor(ny / 2)];
    const move = moves[e.key] ?? [-i + Math.floor(nx / 2), -j + Math.floor(ny / 2)];
    const clamp = (v, n) => Math.min(n - 1, Math.max(0, v));
    this.setCursor([clamp(i + move[0], nx), clamp(j + move[1], ny)]);
  }

  setCursor(cursor) {
    this.cursor = cursor;
    if (!cursor || !this.data) {
      this.readout.textContent = this.hint;
    } else {
      const [i, j] = cursor;
      const d = this.data;
      const k = j * d.x.length + i;
      this.readout.textContent = `a = ${fmt(d.x[i])}, b = ${fmt(d.y[j])}: loss ${fmt(d.loss[k])}, accuracy ${pct(d.accuracy[k])} (grid point ${i + 1}, ${j + 1})`;
    }
    this.drawCursor();
  }

  drawCursor() {
    const ctx = this.overlay.getContext("2d");
    ctx.clearRect(0, 0, this.overlay.width, this.overlay.height);
    const l = this.layout;
    if (!this.cursor || !l || !this.data) return;
    const [i, j] = this.cursor;
    const { left, right, top, bottom } = l.plot;
    const x = left + (i / (this.data.x.length - 1)) * (right - left);
    const y = bottom - (j / (this.data.y.length - 1)) * (bottom - top);
    const r = l.pixel_ratio;
    ctx.save();
    ctx.strokeStyle = currentTheme() === "dark" ? "#ffffff" : "#1b1f24";
    ctx.lineWidth = 1.5 * r;
    ctx.beginPath();
    ctx.moveTo(x - 12 * r, y);
    ctx.lineTo(x + 12 * r, y);
    ctx.moveTo(x, y - 12 * r);
    ctx.lineTo(x, y + 12 * r);
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(x, y, 6 * r, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.restore();
  }

  toggleTable() {
    this.tableShown = !this.tableShown;
    this.tableWrap.hidden = !this.tableShown;
    this.toggle.setAttribute("aria-expanded", String(this.tableShown));
    this.toggle.textContent = this.tableShown ? "Hide data table" : "Show data as table";
    if (this.tableShown) this.renderTable();
  }

  renderTable() {
    const d = this.data;
    if (!d) {
      this.tableWrap.replaceChildren(h("p", {}, "No data yet."));
      return;
    }
    const metric = this.view.metric;
    const values = metric === "accuracy" ? d.accuracy : d.loss;
    const cellOf = (v) => (metric === "accuracy" ? pct(v) : fmt(v));
    const grid = h("div", {});
    const path = h("div", {});
    const rows = [...d.y.keys()].reverse();
    renderTable(grid, {
      caption: `${this.title}: validation ${metric} on the grid (rows: b, columns: a)`,
      columns: ["b \\ a", ...d.x.map(fmt)],
      rows: rows.length,
      cell: (r, c) => (c === 0 ? fmt(d.y[rows[r]]) : cellOf(values[rows[r] * d.x.length + c - 1])),
    });
    renderTable(path, {
      caption: `${this.title}: the path on the plane`,
      columns: ["iteration", "epoch", "a", "b", "lr", "distance from the plane (relative)", "mark"],
      rows: d.path.length,
      cell: (r, c) => {
        const p = d.path[r];
        const mark = [p.epoch_end ? "epoch end" : "", p.snapshot !== null && p.snapshot !== undefined ? `snapshot S${p.snapshot + 1}` : ""].filter(Boolean).join(", ");
        return [String(p.iteration), String(p.epoch), fmt(p.x), fmt(p.y), fmt(p.lr), pct(p.relative_error), mark][c];
      },
    });
    this.tableWrap.replaceChildren(grid, path);
  }
}
