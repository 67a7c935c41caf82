// One WebAssembly instance for the whole page: every widget (and the lab) awaits the same
// initialisation, so several widgets on one page load and compile the module once.
import initWasm, * as wasm from "../pkg/lrlab.js";

let ready = null;

/** Resolves to the initialised lrlab module (the same promise for every caller). */
export function loadWasm() {
  ready ??= initWasm().then(() => {
    wasm.init();
    return wasm;
  });
  ready.catch(() => (ready = null));
  return ready;
}
