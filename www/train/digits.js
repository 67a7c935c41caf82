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
const PER_FRAME = 12;

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
   * the grid is built a few digits per animation frame and shown whole once built.
   */
  render(data, { inFrames = false } = {}) {
    this.data = data;
    const n = data ? data.labels.length : 0;
    if (!data || n === 0) {
      this.build = null;
      this.empty.hidden = false;
      this.list.replaceChildren();
      return;
    }
    const theme = currentTheme();
    const items = [];
    const build = () => {
      // A newer render (the next epoch, the other gallery choice) replaced this one.
      if (this.build !== build) return;
      const end = inFrames ? Math.min(n, items.length + PER_FRAME) : n;
      for (let i = items.length; i < end; i += 1) items.push(digitItem(data, i, theme));
      if (items.length < n) return inOwnFrame(this, build);
      this.build = null;
      this.empty.hidden = true;
      this.list.replaceChildren(...items);
    };
    this.build = build;
    if (inFrames) inOwnFrame(this, build);
    else build();
  }
}

/** The `i`-th digit of `data` as a list item: its image, and the network's answer if any. */
function digitItem({ rows, cols, pixels, labels, predicted }, i, theme) {
  const truth = labels[i];
  const image = (alt) => h("img", { class: "digit-image", width: cols, height: rows, alt, src: pictureOf(pixels.subarray(i * rows * cols, (i + 1) * rows * cols), cols, rows, theme) });
  if (!predicted) return h("li", { class: "digit" }, image(article(truth)), h("span", { class: "digit-caption" }, String(truth)));
  const guess = predicted[i];
  const wrong = guess !== truth;
  // The network's answer, and for a mistake the true digit on a second line.
  const caption = wrong
    ? h("span", { class: "digit-caption" }, h("span", { "aria-hidden": "true" }, "✗"), String(guess), h("span", { class: "digit-truth" }, `is ${truth}`))
    : h("span", { class: "digit-caption" }, String(guess));
  return h("li", { class: wrong ? "digit mistake" : "digit" }, image(`${article(truth)}, predicted ${guess}: ${wrong ? "mistake" : "correct"}`), caption);
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
