// The page's WebAssembly modules, each loaded and initialised once per page: every widget (and
// the lab) awaits the same promise, so several widgets on one page compile a module once.
// Two modules come from the one crate (see README, "Two wasm modules"): "schedules" holds only
// what the Schedules panel and its widgets call, a third of the size of "lab", which holds every
// panel (and runs in the workers). The Schedules panel, shown first, waits for the small one;
// a panel names the module it needs in the registry (lib/panels.js, `module`).
import initSchedules, * as schedules from "../pkg/lrlab_schedules.js";

const MODULES = {
  // Imported statically (index.html preloads it with its wasm): the first chart needs it.
  schedules: async () => ({ glue: schedules, init: initSchedules }),
  // Its JavaScript is fetched only when a panel needs it.
  lab: async () => {
    const glue = await import("../pkg/lrlab.js");
    return { glue, init: glue.default };
  },
};

const ready = new Map();
/** The wasm instances' exports (their memories), by module name, once loaded. */
const instances = new Map();

/** Resolves to the initialised module `name` ("schedules" or "lab"; the same promise for every caller). */
export function loadWasm(name = "lab") {
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
