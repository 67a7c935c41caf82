// A grid of digit images drawn from raw IDX bytes with ImageData: the preview of the training
// subset and the gallery of validation digits with the network's predictions. Each digit is an
// image with a text alternative; mistakes are marked by a border, a cross and words, never by
// colour alone.
import { h } from "../lib/dom.js";
import { currentTheme, onThemeChange } from "../lib/theme.js";
import { article } from "./words.js";

/** Ink and paper per theme: dark digits on white, light digits on the dark surface. */
const PAPER = { light: [255, 255, 255], dark: [22, 27, 34] };
const INK = { light: [27, 31, 36], dark: [230, 237, 243] };

export class DigitGrid {
  /** `label`: accessible name of the grid; `empty`: text shown when there is nothing. */
  constructor({ label, empty }) {
    this.emptyText = empty;
    this.data = null;
    this.list = h("ul", { class: "digit-grid", "aria-label": label });
    this.empty = h("p", { class: "help" }, empty);
    this.element = h("div", { class: "digits" }, this.list, this.empty);
    onThemeChange(() => this.data && this.render(this.data));
  }

  /**
   * `{ rows, cols, pixels: Uint8Array, labels: Uint8Array, predicted?: Uint8Array }`; null
   * clears the grid.
   */
  render(data) {
    this.data = data;
    const n = data ? data.labels.length : 0;
    this.empty.hidden = n > 0;
    if (!data || n === 0) {
      this.list.replaceChildren();
      return;
    }
    const { rows, cols, pixels, labels, predicted } = data;
    const theme = currentTheme();
    const items = [];
    for (let i = 0; i < n; i += 1) {
      const canvas = h("canvas", { width: cols, height: rows, class: "digit-canvas" });
      paint(canvas, pixels.subarray(i * rows * cols, (i + 1) * rows * cols), theme);
      const truth = labels[i];
      if (predicted) {
        const guess = predicted[i];
        const wrong = guess !== truth;
        canvas.setAttribute("role", "img");
        canvas.setAttribute("aria-label", `${article(truth)}, predicted ${guess}: ${wrong ? "mistake" : "correct"}`);
        // The network's answer, and for a mistake the true digit on a second line.
        const caption = wrong
          ? h("span", { class: "digit-caption" }, h("span", { "aria-hidden": "true" }, "✗"), String(guess), h("span", { class: "digit-truth" }, `is ${truth}`))
          : h("span", { class: "digit-caption" }, String(guess));
        items.push(h("li", { class: wrong ? "digit mistake" : "digit" }, canvas, caption));
      } else {
        canvas.setAttribute("role", "img");
        canvas.setAttribute("aria-label", article(truth));
        items.push(h("li", { class: "digit" }, canvas, h("span", { class: "digit-caption" }, String(truth))));
      }
    }
    this.list.replaceChildren(...items);
  }
}

/** Draws one `rows x cols` byte image (0 = background) onto `canvas`. */
function paint(canvas, bytes, theme) {
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(canvas.width, canvas.height);
  const [pr, pg, pb] = PAPER[theme];
  const [ir, ig, ib] = INK[theme];
  for (let p = 0; p < bytes.length; p += 1) {
    const t = bytes[p] / 255;
    image.data[4 * p] = pr + (ir - pr) * t;
    image.data[4 * p + 1] = pg + (ig - pg) * t;
    image.data[4 * p + 2] = pb + (ib - pb) * t;
    image.data[4 * p + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}
