// The pieces every lab worker runs its wasm handle with: the work goes in chunks of a few tens
// of milliseconds, so the page never freezes and commands (cancel, pause) take effect between
// chunks.

/**
 * Initialises the worker's wasm module from its glue (`import * as glue from
 * "../pkg/lrlab_jobs_<name>.js"`); resolves with the instance's exports once it is ready.
 */
export const boot = (glue) =>
  glue.default().then((exports) => {
    glue.init();
    return exports;
  });

/**
 * Calls `tick` for each chunk. The next chunk is queued as a message, not with setTimeout
 * (nested timeouts are clamped to 4 ms), so commands from the page still get their turn in
 * between; each message carries the chain it belongs to, and `stop()` starts a new chain, so a
 * chunk queued before a cancel or a pause is dropped.
 */
export function chunkTicker(tick) {
  const channel = new MessageChannel();
  let chain = 0;
  channel.port1.onmessage = ({ data }) => {
    if (data === chain) tick();
  };
  return {
    schedule: () => channel.port2.postMessage(chain),
    stop: () => {
      chain += 1;
    },
  };
}

/** Units for the next chunk to last about `chunkMs`, from `work` units taking `dt` ms. */
export function nextChunkSize(dt, work, chunkMs, max) {
  const pace = dt / Math.max(1, work);
  return Math.max(1, Math.min(max, Math.round(chunkMs / Math.max(pace, 1e-3))));
}

/** The wasm constructors' dataset arguments: images, labels and the optional test files. */
export function fileArgs(files) {
  const bytes = (b) => (b ? new Uint8Array(b) : undefined);
  return [bytes(files.images), bytes(files.labels), bytes(files.testImages), bytes(files.testLabels)];
}

/** Whether `e` is a trap: it leaves the wasm instance unusable, so the worker should close. */
export const isTrap = (e) => e instanceof WebAssembly.RuntimeError;
