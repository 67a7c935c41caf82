// The page's WebAssembly modules, each loaded and initialised once per page: every widget (and
// the lab) awaits the same promise, so several widgets on one page compile a module once.
// The crate builds five modules (see README, "Five wasm modules"). The page side uses three:
// "schedules" (the Schedules panel, shown first), "train" (the Train and Playground panels) and
// "experiments" (LR Finder, Tips, Landscape, Snapshots); a panel names its module in the
// registry (lib/panels.js, `module`). The workers import the other two themselves.
import initSchedules, * as schedules from "../pkg/lrlab_schedules.js";

/** A module whose JavaScript is fetched only when a panel needs it. */
const lazy = (load) => async () => {
  const glue = await load();
  return { glue, init: glue.default };
};

const MODULES = {
  // Imported statically (index.html preloads it with its wasm): the first chart needs it.
  schedules: async () => ({ glue: schedules, init: initSchedules }),
  train: lazy(() => import("../pkg/lrlab_panels_train.js")),
  experiments: lazy(() => import("../pkg/lrlab_panels_experiments.js")),
};

const ready = new Map();
/** The wasm instances' exports (their memories), by module name, once loaded. */
const instances = new Map();

/** Resolves to the initialised module `name` (a key of MODULES; the same promise for every caller). */
export function loadWasm(name) {
  if (!(name in MODULES)) return Promise.reject(new Error(`there is no lrlab wasm module called "${name}"`));
  if (!ready.has(name)) {
    const loading = MODULES[name]().then(async ({ glue, init }) => {
      instances.set(name, await init());
      glue.init();
      return glue;
    });
    loading.catch(() => ready.delete(name));
    ready.set(name, loading);
  }
  return ready.get(name);
}

/** Bytes of linear memory each loaded module holds, by name (for `lrlabDiagnostics`). */
export function wasmMemory() {
  return Object.fromEntries([...instances].map(([name, exports]) => [name, exports.memory.buffer.byteLength]));
}
