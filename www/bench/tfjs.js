// The same training in TensorFlow.js (the global `tf` of the UMD builds): a hand-written loop
// on tfjs-core, the fastest way tfjs offers (no tf.layers, no model.fit): gather a shuffled
// batch, forward 784-128-10 with ReLU, softmax cross-entropy (mean), gradients and plain SGD
// through optimizer.minimize, and the loss read back every step as lrlab records it.
import { breathe, shuffled } from "./timing.js";
import { mean, round } from "./lrlab.js";

const WASM_DIR = new URL("../../node_modules/@tensorflow/tfjs-backend-wasm/dist/", import.meta.url).href;

/** Switches tfjs to `backend` ("wasm" or "cpu"); returns what the wasm backend found. */
export async function useBackend(backend) {
  const tf = globalThis.tf;
  if (backend === "wasm") tf.wasm.setWasmPaths(WASM_DIR);
  if (!(await tf.setBackend(backend))) throw new Error(`TensorFlow.js backend ${backend} failed to start`);
  await tf.ready();
  if (backend !== "wasm") return { backend };
  return {
    backend,
    simd: await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT"),
    threads: await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT"),
  };
}

/**
 * Samples/s of the training loop at `batch` on `set` ({x, y, size, pixels}) with SGD at `lr`,
 * timed like lrlab's: one warm-up epoch, then the best of three epochs over all full batches
 * but the last.
 */
export async function tfjsTraining(set, batch, lr) {
  const tf = globalThis.tf;
  const { size, pixels } = set;
  const hidden = 128;
  const classes = 10;
  const X = tf.tensor2d(set.x, [size, pixels]);
  const Y = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(set.y), "int32"), classes), "float32"));
  // PyTorch's nn.Linear initialisation: U(-1/sqrt(in), 1/sqrt(in)) for weights and biases.
  const uniform = (shape, fanIn, seed) => tf.variable(tf.randomUniform(shape, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn), "float32", seed));
  const vars = [uniform([pixels, hidden], pixels, 1), uniform([hidden], pixels, 2), uniform([hidden, classes], hidden, 3), uniform([classes], hidden, 4)];
  const [w0, b0, w1, b1] = vars;
  const optimizer = tf.train.sgd(lr);
  const step = (indices) =>
    tf.tidy(() => {
      const idx = tf.tensor1d(indices, "int32");
      const xb = tf.gather(X, idx);
      const yb = tf.gather(Y, idx);
      const loss = optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(yb, tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(xb, w0), b0)), w1), b1)),
        true,
        vars,
      );
      return loss.dataSync()[0];
    });
  const epoch = (seed, timed) => {
    const order = shuffled(size, seed);
    const full = Math.floor(size / batch);
    const losses = [];
    const t0 = performance.now();
    for (let i = 0; i < full - 1; i += 1) losses.push(step(order.subarray(i * batch, (i + 1) * batch)));
    const ms = performance.now() - t0;
    if (size > (full - 1) * batch) step(order.subarray((full - 1) * batch));
    return { rate: timed ? (((full - 1) * batch) / ms) * 1000 : 0, losses };
  };
  try {
    epoch(0, false);
    let best = 0;
    let losses = [];
    for (let e = 1; e <= 3; e += 1) {
      await breathe();
      const r = epoch(e, true);
      best = Math.max(best, r.rate);
      losses = r.losses;
    }
    return { samples_per_s: Math.round(best), final_loss: round(mean(losses)) };
  } finally {
    tf.dispose([X, Y, ...vars]);
    optimizer.dispose();
  }
}
