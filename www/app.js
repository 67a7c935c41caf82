// The lab's entry point: loads the WebAssembly core, builds the tabs and panels, and keeps the
// URL hash in step with the panels' state (and the panels with the hash when it changes).
import initWasm, * as wasm from "./pkg/lrlab.js";
import { installErrorBanner, showFatal } from "./lib/errors.js";
import { buildHash, parseHash } from "./lib/hash-state.js";
import { createTabs } from "./lib/tabs.js";
import { SchedulesPanel } from "./schedules/panel.js";
import { TrainPanel } from "./train/panel.js";
import { TipsPanel } from "./tips/panel.js";

/** Every panel: its tab, its key in the URL hash and how to build it. */
const PANELS = [
  { id: "schedules", label: "Schedules", key: "sch", create: (root, onChange) => new SchedulesPanel(root, wasm, onChange) },
  // The Train panel offers the schedules configured in the Schedules panel.
  { id: "train", label: "Train", key: "trn", create: (root, onChange) => new TrainPanel(root, wasm, onChange, { schedules: () => mounted.get("schedules")?.state.items ?? [] }) },
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
  const initialHash = location.hash;
  installErrorBanner();
  try {
    await initWasm();
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
  document.documentElement.dataset.ready = "true";
}

main();
