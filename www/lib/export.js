// Exporting a chart: its picture (PNG at twice the CSS size, SVG from the same Rust drawing
// code), its numbers (CSV, JSON) and files to download with lab-wide names.
import { h } from "./dom.js";

/** Pixels per CSS pixel of exported PNGs: sharp on slides and in print. */
export const PNG_RATIO = 2;

/** `lrlab-<panel>-<chart>.<ext>`, lower-case words joined by dashes. */
export function fileName(base, ext) {
  const slug = String(base)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `lrlab-${slug || "chart"}.${ext}`;
}

/** Saves `blob` as `name` through a temporary link (the page's own origin, no network). */
export function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: name, class: "visually-hidden" }, name);
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Every row of a table model (`{caption, columns, rows, cell(r, c)}`), unthinned. */
export function tableRows({ columns, rows, cell }) {
  const out = [];
  for (let r = 0; r < rows; r++) out.push(columns.map((_, c) => cell(r, c)));
  return out;
}

function csvField(text) {
  const s = String(text ?? "");
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV of a table model: a header row, then one line per row. */
export function toCsv(model) {
  const lines = [model.columns, ...tableRows(model)].map((row) => row.map(csvField).join(","));
  return lines.join("\r\n") + "\r\n";
}

/** A table cell as JSON: numbers as numbers, empty cells as null, other text as text. */
function jsonCell(text) {
  if (text === "" || text === null || text === undefined) return null;
  const n = Number(text);
  return Number.isFinite(n) && /^[-+0-9.eE]+$/.test(String(text).trim()) ? n : String(text);
}

/**
 * The chart's numbers as JSON: `{title, caption, columns, rows: [[...]]}`, and, when the chart
 * has one, `figure`: the input `lrlab plot` draws the same chart from.
 */
export function toJson(title, model, figure) {
  const doc = { lrlab: "chart", title, caption: model.caption, columns: model.columns, rows: tableRows(model).map((row) => row.map(jsonCell)) };
  if (figure) doc.figure = figure;
  return JSON.stringify(doc, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v), 1) + "\n";
}

/** `canvas` as a PNG blob. */
export function canvasBlob(canvas) {
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("the browser could not encode the PNG"))), "image/png"));
}

/** A detached canvas of `width` x `height` CSS pixels at `ratio` device pixels each. */
export function offscreenCanvas(width, height, ratio = PNG_RATIO) {
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(width * ratio));
  canvas.height = Math.max(1, Math.round(height * ratio));
  return canvas;
}
