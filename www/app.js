// The lab's entry point: loads the WebAssembly core, builds the tabs and panels, and keeps the
// URL hash in step with the panels' state (and the panels with the hash when it changes).
import initWasm, * as wasm from "./pkg/lrlab.js";
import { installErrorBanner, showFatal } from "./lib/errors.js";
import { buildHash, parseHash } from "./lib/hash-state.js";
import { forgetSavedState, loadSavedState, saveState } from "./lib/saved-state.js";
import { h } from "./lib/dom.js";
import { createTabs } from "./lib/tabs.js";
import { SchedulesPanel } from "./schedules/panel.js";
import { TrainPanel } from "./train/panel.js";
import { LrFinderPanel } from "./lrfind/panel.js";
import { PlaygroundPanel } from "./playground/panel.js";
import { TipsPanel } from "./tips/panel.js";

/** Every panel: its tab, its key in the URL hash and how to build it. */
const PANELS = [
  { id: "schedules", label: "Schedules", key: "sch", create: (root, onChange) => new SchedulesPanel(root, wasm, onChange) },
  // The Train panel offers the schedules configured in the Schedules panel.
  { id: "train", label: "Train", key: "trn", create: (root, onChange) => new TrainPanel(root, wasm, onChange, { schedules: () => mounted.get("schedules")?.state.items ?? [] }) },
  // The LR Finder runs on the Train panel's setup and sends suggestions to Train and Schedules.
  { id: "lrfind", label: "LR Finder", key: "lrf", create: (root, onChange) => new LrFinderPanel(root, wasm, onChange, { train: () => mounted.get("train"), schedules: () => mounted.get("schedules"), showTab: (id) => document.getElementById(`tab-${id}`)?.click() }) },
  // The Playground's paths may use the schedules configured in the Schedules panel.
  { id: "playground", label: "Playground", key: "pg", create: (root, onChange) => new PlaygroundPanel(root, wasm, onChange, { schedules: () => mounted.get("schedules")?.state.items ?? [] }) },
  // The Tips panel can run on the Train panel's setup, and its search tip opens the LR Finder.
  { id: "tips", label: "Tips", key: "tip", create: (root, onChange) => new TipsPanel(root, wasm, onChange, { train: () => mounted.get("train") ?? null, openPanel: (id) => document.getElementById(`tab-${id}`)?.click() }) },
];

const mounted = new Map();
let activeTab = PANELS[0].id;
let lastHash = null;
let restoring = false;

function writeHash() {
  if (restoring) return;
  const panels = {};
  for (const { id, key } of PANELS) {
    const panel = mounted.get(id);
    if (panel) panels[key] = panel.linkState();
  }
  const hash = buildHash({ tab: activeTab, panels });
  if (hash !== lastHash) {
    lastHash = hash;
    history.replaceState(null, "", `#${hash}`);
    saveState(hash);
  }
}

function restore(hash, selectTab) {
  const parsed = parseHash(hash);
  restoring = true;
  try {
    for (const { id, key } of PANELS) {
      const panel = mounted.get(id);
      if (!panel) continue;
      const problems = [...parsed.problems];
      if (key in parsed.panels) problems.push(...panel.setLinkState(parsed.panels[key]));
      panel.showProblems(problems);
    }
    if (parsed.tab) selectTab(parsed.tab);
  } finally {
    restoring = false;
  }
  writeHash();
}

async function main() {
  // Read before anything runs: building the panels writes their default state to the hash.
  // Without a link, the settings this browser used last come back.
  const linked = location.hash.includes("=");
  const saved = linked ? null : loadSavedState();
  const initialHash = saved ?? location.hash;
  installErrorBanner();
  try {
    const exports = await initWasm();
    // For the console and the soak test: how much memory the page's wasm instance holds.
    window.lrlabDiagnostics = () => ({ wasmBytes: exports.memory.buffer.byteLength });
  } catch (e) {
    showFatal(`The WebAssembly module could not be loaded (${e.message}). Was the site built with "make build"?`);
    return;
  }
  wasm.init();
  restoring = true;
  for (const { id, create } of PANELS) {
    const root = document.getElementById(`panel-${id}`);
    mounted.set(id, create(root, writeHash));
  }
  const selectTab = createTabs(document.getElementById("tabs"), PANELS, (id) => {
    activeTab = id;
    writeHash();
  });
  selectTab(activeTab);
  restoring = false;
  restore(initialHash, selectTab);
  window.addEventListener("hashchange", () => {
    // An in-page anchor such as the skip link ("#main") is not lab state: keep the state hash.
    if (!location.hash.includes("=")) {
      if (lastHash !== null) history.replaceState(null, "", `#${lastHash}`);
      return;
    }
    if (location.hash.replace(/^#/, "") !== lastHash) restore(location.hash, selectTab);
  });
  if (saved) noteRestored();
  document.documentElement.dataset.ready = "true";
}

/** Says that saved settings came back, with a way to start from the defaults instead. */
function noteRestored() {
  const notice = document.getElementById("app-notice");
  if (!notice) return;
  // Every panel given an empty state is every panel at its defaults; the hashchange applies it.
  const defaults = buildHash({ tab: activeTab, panels: Object.fromEntries(PANELS.map(({ key }) => [key, {}])) });
  const fresh = h("button", { type: "button", class: "link-button", onclick: () => {
    forgetSavedState();
    notice.hidden = true;
    location.hash = defaults;
  } }, "Start from the defaults");
  const dismiss = h("button", { type: "button", class: "link-button", onclick: () => { notice.hidden = true; } }, "Dismiss");
  notice.replaceChildren(h("p", {}, "Your last settings in this browser were restored. ", fresh, " ", dismiss));
  notice.hidden = false;
}

main();
