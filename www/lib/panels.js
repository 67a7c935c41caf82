// Every panel of the lab in one registry, shared by the page (app.js), the widget page
// (embed.html) and the custom elements (embed.js): its id, tab label, key in the URL hash,
// custom-element tag, and how to build it. A new panel plugs in with one entry here.
//
// A panel's modules are fetched only when it is first built: `load()` imports them (once) and
// must have resolved before `create(root, wasm, onChange, lab)` builds the panel into `root`.
// The page then fetches only the shown panel's modules before its first chart, not all of them.
// `lab` is how a panel reaches the others: `lab.panel(id)` is the mounted panel (or undefined
// when the panel is alone, as in a widget) and `lab.showTab(id)` opens another tab (or null
// when there are none). `needs`: the panels the page builds first because this one reads them
// while it is built or running (a widget gets its own training setup instead, see `uses`).
// `module`: the wasm module `create` is given (lib/wasm.js): "schedules", "train" or
// "experiments".

/** `load()` imports the module at `url` once; `exports()` is it afterwards. */
function lazyModule(url) {
  let exports = null;
  return {
    load: async () => {
      exports ??= await import(url);
      return exports;
    },
    exports: () => {
      if (!exports) throw new Error(`${url} was built before load() resolved`);
      return exports;
    },
  };
}

const schedules = lazyModule("../schedules/panel.js");
const train = lazyModule("../train/panel.js");
const lrfind = lazyModule("../lrfind/panel.js");
const playground = lazyModule("../playground/panel.js");
const tips = lazyModule("../tips/panel.js");
const landscape = lazyModule("../landscape/panel.js");
const snapshots = lazyModule("../snapshots/panel.js");

const scheduleItems = (lab) => () => lab.panel("schedules")?.state.items ?? [];

export const PANELS = [
  {
    id: "schedules",
    label: "Schedules",
    key: "sch",
    tag: "lrlab-schedules",
    module: "schedules",
    load: schedules.load,
    create: (root, wasm, onChange) => new (schedules.exports().SchedulesPanel)(root, wasm, onChange),
  },
  {
    id: "train",
    label: "Train",
    key: "trn",
    tag: "lrlab-train",
    module: "train",
    // The Train panel offers the schedules configured in the Schedules panel.
    needs: ["schedules"],
    load: train.load,
    create: (root, wasm, onChange, lab) => new (train.exports().TrainPanel)(root, wasm, onChange, { schedules: scheduleItems(lab), showTab: lab.showTab }),
  },
  {
    id: "lrfind",
    label: "LR Finder",
    key: "lrf",
    tag: "lrlab-lr-finder",
    module: "experiments",
    // Runs on the Train panel's setup and sends suggestions to Train and Schedules; a widget
    // alone carries the Train panel's settings without its page (see embed/setup.js).
    uses: ["train"],
    needs: ["train", "schedules"],
    load: lrfind.load,
    create: (root, wasm, onChange, lab) =>
      new (lrfind.exports().LrFinderPanel)(root, wasm, onChange, { train: () => lab.panel("train"), schedules: () => lab.panel("schedules"), showTab: lab.showTab }),
  },
  {
    id: "playground",
    label: "Playground",
    key: "pg",
    tag: "lrlab-playground",
    module: "train",
    // The Playground's paths may use the schedules configured in the Schedules panel.
    needs: ["schedules"],
    load: playground.load,
    create: (root, wasm, onChange, lab) => new (playground.exports().PlaygroundPanel)(root, wasm, onChange, { schedules: scheduleItems(lab) }),
  },
  {
    id: "tips",
    label: "Tips",
    key: "tip",
    tag: "lrlab-tips",
    module: "experiments",
    // The Tips panel can run on the Train panel's setup, and its search tip opens the LR Finder.
    uses: ["train"],
    needs: ["train"],
    load: tips.load,
    create: (root, wasm, onChange, lab) =>
      new (tips.exports().TipsPanel)(root, wasm, onChange, { train: () => lab.panel("train") ?? null, openPanel: (id) => lab.showTab?.(id) }),
  },
  {
    id: "landscape",
    label: "Landscape",
    key: "ls",
    tag: "lrlab-landscape",
    module: "experiments",
    // The Landscape panel can train with the Train panel's settings.
    uses: ["train"],
    needs: ["train"],
    load: landscape.load,
    create: (root, wasm, onChange, lab) => new (landscape.exports().LandscapePanel)(root, wasm, onChange, { train: () => lab.panel("train") ?? null }),
  },
  {
    id: "snapshots",
    label: "Snapshots",
    key: "sn",
    tag: "lrlab-snapshots",
    module: "experiments",
    load: snapshots.load,
    create: (root, wasm, onChange) => new (snapshots.exports().SnapshotsPanel)(root, wasm, onChange),
  },
];

/** The registry entry for `id` (a panel id, hash key or tag), or undefined. */
export function findPanel(id) {
  return PANELS.find((p) => p.id === id || p.key === id || p.tag === id);
}
