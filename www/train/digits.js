// A grid of digit images drawn from raw IDX bytes with ImageData: the preview of the training
// subset and the gallery of validation digits with the network's predictions. Each digit is an
// image with a text alternative; mistakes are marked by a border, a cross and words, never by
// colour alone.
import { h } from "../lib/dom.js";
import { inOwnFrame } from "../lib/frame-queue.js";
import { currentTheme, onThemeChange } from "../lib/theme.js";
import { article } from "./words.js";

/** Ink and paper per theme: dark digits on white, light digits on the dark surface. */
const PAPER = { light: [255, 255, 255], dark: [22, 27, 34] };
const INK = { light: [27, 31, 36], dark: [230, 237, 243] };

/** Digits made per animation frame when a grid is built in frames (each costs an image load). */
const PER_FRAME = 6;

export class DigitGrid {
  /** `label`: accessible name of the grid; `empty`: text shown when there is nothing. */
  constructor({ label, empty }) {
    this.emptyText = empty;
    this.data = null;
    this.build = null;
    this.list = h("ul", { class: "digit-grid", "aria-label": label });
    this.empty = h("p", { class: "help" }, empty);
    this.element = h("div", { class: "digits" }, this.list, this.empty);
    onThemeChange(() => this.data && this.render(this.data));
  }

  /**
   * `{ rows, cols, pixels: Uint8Array, labels: Uint8Array, predicted?: Uint8Array }`; null
   * clears the grid. With `inFrames` (the gallery renewed at an epoch end while a run trains)
   * the digits are updated a few per animation frame. The grid's items are kept and updated in
   * place, and an image is remade only when its digit changed: after each epoch the gallery
   * shows the same digits with new predictions.
   */
  render(data, { inFrames = false } = {}) {
    this.data = data;
    const n = data ? data.labels.length : 0;
    if (n === 0) {
      this.build = null;
      this.empty.hidden = false;
      this.list.replaceChildren();
      return;
    }
    const theme = currentTheme();
    let next = 0;
    const build = () => {
      // A newer render (the next epoch, the other gallery choice) replaced this one.
      if (this.build !== build) return;
      const end = inFrames ? Math.min(n, next + PER_FRAME) : n;
      for (; next < end; next += 1) this.showDigit(next, data, theme);
      this.empty.hidden = true;
      if (next < n) return inOwnFrame(this, build);
      this.build = null;
      while (this.list.children.length > n) this.list.lastElementChild.remove();
    };
    this.build = build;
    if (inFrames) inOwnFrame(this, build);
    else build();
  }

  /** Shows digit `i` of `data` in the grid's `i`-th item (made if missing). */
  showDigit(i, { rows, cols, pixels, labels, predicted }, theme) {
    let item = this.list.children[i];
    if (!item) {
      item = h("li", {}, h("img", { class: "digit-image", width: cols, height: rows, alt: "" }), h("span", { class: "digit-caption" }));
      this.list.append(item);
    }
    const [image, caption] = item.children;
    const truth = labels[i];
    const guess = predicted?.[i];
    const wrong = Boolean(predicted) && guess !== truth;
    // Only what changed is touched: every change costs style and layout.
    const className = wrong ? "digit mistake" : "digit";
    if (item.className !== className) item.className = className;
    const alt = predicted ? `${article(truth)}, predicted ${guess}: ${wrong ? "mistake" : "correct"}` : article(truth);
    if (image.alt !== alt) image.alt = alt;
    const words = wrong ? `✗${guess}is ${truth}` : String(predicted ? guess : truth);
    if (caption.textContent !== words) {
      // The network's answer, and for a mistake the true digit on a second line.
      if (wrong) caption.replaceChildren(h("span", { "aria-hidden": "true" }, "✗"), String(guess), h("span", { class: "digit-truth" }, `is ${truth}`));
      else caption.textContent = words;
    }
    const bytes = pixels.subarray(i * rows * cols, (i + 1) * rows * cols);
    const shown = pictures.get(image);
    if (!shown || shown.theme !== theme || !sameBytes(shown.bytes, bytes)) {
      // Attributes, not the width and height properties: reading those forces a layout.
      if (image.getAttribute("width") !== String(cols)) image.setAttribute("width", cols);
      if (image.getAttribute("height") !== String(rows)) image.setAttribute("height", rows);
      image.src = pictureOf(bytes, cols, rows, theme);
      pictures.set(image, { bytes, theme });
    }
  }
}

/** The digit (bytes and theme) each image shows. */
const pictures = new WeakMap();

function sameBytes(a, b) {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k += 1) if (a[k] !== b[k]) return false;
  return true;
}

/** One canvas to paint digits on; each becomes an image. */
let scratch = null;

/**
 * A `cols x rows` byte image (0 = background) as a PNG data URL. Digits are images, not a
 * canvas each: every canvas on the page is a compositor layer of its own, pushed again at each
 * frame that changes any canvas, and a run's charts change every frame while it trains.
 */
function pictureOf(bytes, cols, rows, theme) {
  scratch ??= document.createElement("canvas");
  if (scratch.width !== cols || scratch.height !== rows) Object.assign(scratch, { width: cols, height: rows });
  const ctx = scratch.getContext("2d");
  const image = ctx.createImageData(cols, rows);
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
  return scratch.toDataURL();
}
