// Every panel of the lab in one registry, shared by the page (app.js), the widget page
// (embed.html) and the custom elements (embed.js): its id, tab label, key in the URL hash,
// custom-element tag, and how to build it. A new panel plugs in with one entry here.
//
// `create(root, wasm, onChange, lab)` builds the panel into `root`; `lab` is how a panel
// reaches the others: `lab.panel(id)` is the mounted panel (or undefined when the panel is
// alone, as in a widget) and `lab.showTab(id)` opens another tab (or null when there are none).
import { SchedulesPanel } from "../schedules/panel.js";
import { TrainPanel } from "../train/panel.js";
import { LrFinderPanel } from "../lrfind/panel.js";
import { PlaygroundPanel } from "../playground/panel.js";
import { TipsPanel } from "../tips/panel.js";
import { LandscapePanel } from "../landscape/panel.js";
import { SnapshotsPanel } from "../snapshots/panel.js";

const scheduleItems = (lab) => () => lab.panel("schedules")?.state.items ?? [];

export const PANELS = [
  {
    id: "schedules",
    label: "Schedules",
    key: "sch",
    tag: "lrlab-schedules",
    create: (root, wasm, onChange) => new SchedulesPanel(root, wasm, onChange),
  },
  {
    id: "train",
    label: "Train",
    key: "trn",
    tag: "lrlab-train",
    // The Train panel offers the schedules configured in the Schedules panel.
    create: (root, wasm, onChange, lab) => new TrainPanel(root, wasm, onChange, { schedules: scheduleItems(lab), showTab: lab.showTab }),
  },
  {
    id: "lrfind",
    label: "LR Finder",
    key: "lrf",
    tag: "lrlab-lr-finder",
    // Runs on the Train panel's setup and sends suggestions to Train and Schedules; a widget
    // alone carries the Train panel's settings without its page (see embed/setup.js).
    uses: ["train"],
    create: (root, wasm, onChange, lab) =>
      new LrFinderPanel(root, wasm, onChange, { train: () => lab.panel("train"), schedules: () => lab.panel("schedules"), showTab: lab.showTab }),
  },
  {
    id: "playground",
    label: "Playground",
    key: "pg",
    tag: "lrlab-playground",
    // The Playground's paths may use the schedules configured in the Schedules panel.
    create: (root, wasm, onChange, lab) => new PlaygroundPanel(root, wasm, onChange, { schedules: scheduleItems(lab) }),
  },
  {
    id: "tips",
    label: "Tips",
    key: "tip",
    tag: "lrlab-tips",
    // The Tips panel can run on the Train panel's setup, and its search tip opens the LR Finder.
    uses: ["train"],
    create: (root, wasm, onChange, lab) =>
      new TipsPanel(root, wasm, onChange, { train: () => lab.panel("train") ?? null, openPanel: (id) => lab.showTab?.(id) }),
  },
  {
    id: "landscape",
    label: "Landscape",
    key: "ls",
    tag: "lrlab-landscape",
    // The Landscape panel can train with the Train panel's settings.
    uses: ["train"],
    create: (root, wasm, onChange, lab) => new LandscapePanel(root, wasm, onChange, { train: () => lab.panel("train") ?? null }),
  },
  {
    id: "snapshots",
    label: "Snapshots",
    key: "sn",
    tag: "lrlab-snapshots",
    create: (root, wasm, onChange) => new SnapshotsPanel(root, wasm, onChange),
  },
];

/** The registry entry for `id` (a panel id, hash key or tag), or undefined. */
export function findPanel(id) {
  return PANELS.find((p) => p.id === id || p.key === id || p.tag === id);
}
