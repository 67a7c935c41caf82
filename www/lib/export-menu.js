// The download buttons under every chart: PNG, SVG, CSV and JSON. The chart supplies how to
// draw itself (a canvas at any pixel ratio, an SVG string) and its table model; the buttons
// turn those into files named lrlab-<panel>-<chart>.<ext>.
import { h } from "./dom.js";
import { canvasBlob, download, fileName, toCsv, toJson } from "./export.js";

/**
 * `name`: file base (e.g. "train-loss"); `title`: the chart's name for labels; `png()` and
 * `svg()` return a canvas / SVG text (or throw); `table()` the table model; `figure()` the
 * `lrlab plot` input or null.
 */
export class ExportMenu {
  constructor({ name, title, png, svg, table, figure = () => null }) {
    this.note = h("span", { class: "export-note", role: "status", "aria-live": "polite" });
    const button = (ext, label, make, type) =>
      h(
        "button",
        {
          type: "button",
          class: "secondary export-button",
          "aria-label": `Download ${title} as ${label}`,
          onclick: () => this.save(ext, make, type),
        },
        label,
      );
    this.buttons = [
      button("png", "PNG", async () => canvasBlob(png()), "image/png"),
      button("svg", "SVG", () => svg(), "image/svg+xml"),
      button("csv", "CSV", () => toCsv(table()), "text/csv"),
      button("json", "JSON", () => toJson(title, table(), figure()), "application/json"),
    ];
    this.element = h("div", { class: "export-menu", role: "group", "aria-label": `Download ${title}` }, h("span", { class: "export-label", "aria-hidden": "true" }, "Download"), ...this.buttons, this.note);
    this.name = name;
  }

  /** Disabled while the chart has nothing to export. */
  setEnabled(enabled) {
    for (const b of this.buttons) b.disabled = !enabled;
  }

  async save(ext, make, type) {
    const file = fileName(this.name, ext);
    try {
      const made = await make();
      const blob = made instanceof Blob ? made : new Blob([made], { type });
      download(file, blob);
      this.note.textContent = `Saved ${file}.`;
    } catch (e) {
      this.note.textContent = `Could not export ${file}: ${e.message ?? e}`;
    }
  }
}
