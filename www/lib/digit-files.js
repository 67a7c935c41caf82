// The digit files every panel trains on: the bundled MNIST digits (fetched once for the whole
// page) and the user's IDX files, handed to the wasm parsers decompressed.
//
// The browser's own gzip decoder (DecompressionStream) inflates the files natively, fed a slice
// at a time with a task boundary between slices, so the page stays responsive: inflating them
// in wasm took 85 ms of one task on the page's thread when the Train panel first opened
// (10,000 digits), and again in every worker that trained on them. Anything the browser cannot
// inflate into a well-formed IDX file goes to the wasm parser as it was, which reads gzip too
// and names the problem.
import { nextTask } from "./dom.js";

/** Compressed bytes inflated per task: about 5 ms of work on a slow machine. */
const SLICE_BYTES = 1 << 16;

const BUNDLED = {
  images: new URL("../data/mnist-10k-images-idx3-ubyte.gz", import.meta.url),
  labels: new URL("../data/mnist-10k-labels-idx1-ubyte.gz", import.meta.url),
};

let bundled = null;

/** The bundled digits as `{images, labels}` (raw IDX ArrayBuffers), fetched once. */
export function bundledFiles() {
  if (!bundled) {
    bundled = Promise.all([fetchBytes(BUNDLED.images), fetchBytes(BUNDLED.labels)]).then(async ([images, labels]) => ({
      images: await inflated(images),
      labels: await inflated(labels),
    }));
    // A failed download is tried again next time.
    bundled.catch(() => (bundled = null));
  }
  return bundled;
}

/**
 * `bytes` (an ArrayBuffer) decompressed when it is gzip and decompresses to an IDX file of the
 * size its header announces; otherwise `bytes` itself.
 */
export async function inflated(bytes) {
  const head = new Uint8Array(bytes, 0, Math.min(2, bytes.byteLength));
  if (head[0] !== 0x1f || head[1] !== 0x8b || typeof DecompressionStream !== "function") return bytes;
  let offset = 0;
  const slices = new ReadableStream({
    async pull(controller) {
      if (offset >= bytes.byteLength) return controller.close();
      await nextTask();
      controller.enqueue(new Uint8Array(bytes.slice(offset, offset + SLICE_BYTES)));
      offset += SLICE_BYTES;
    },
  });
  try {
    const raw = await new Response(slices.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
    return idxSize(raw) === raw.byteLength ? raw : bytes;
  } catch {
    return bytes;
  }
}

/** The byte length the IDX header of `buffer` announces, or null for no IDX header. */
export function idxSize(buffer) {
  const view = new DataView(buffer);
  if (buffer.byteLength < 4 || view.getUint16(0) !== 0 || view.getUint8(2) !== 0x08) return null;
  const dims = view.getUint8(3);
  if (dims === 0 || buffer.byteLength < 4 + 4 * dims) return null;
  let values = 1;
  for (let d = 0; d < dims; d += 1) values *= view.getUint32(4 + 4 * d);
  return 4 + 4 * dims + values;
}

async function fetchBytes(url) {
  const failed = (why) => new Error(`the bundled digits could not be downloaded (${url.pathname.split("/").pop()}: ${why})`);
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw failed(e.message);
  }
  if (!response.ok) throw failed(`HTTP ${response.status}`);
  return response.arrayBuffer();
}
