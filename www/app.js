// The lab's entry point: loads the WebAssembly core, builds the tabs and panels, and keeps the
// URL hash in step with the panels' state (and the panels with the hash when it changes).
import initWasm, * as wasm from "./pkg/lrlab.js";
import { installErrorBanner, showFatal } from "./lib/errors.js";
import { buildHash, parseHash } from "./lib/hash-state.js";
import { forgetSavedState, loadSavedState, saveState } from "./lib/saved-state.js";
import { h } from "./lib/dom.js";
import { createTabs } from "./lib/tabs.js";

/**
 * Every panel: its tab, its key in the URL hash, its module (imported on demand) and how to
 * build it from the module.
 */
const PANELS = [
  { id: "schedules", label: "Schedules", key: "sch", load: () => import("./schedules/panel.js"), create: (m, root, onChange) => new m.SchedulesPanel(root, wasm, onChange) },
  // The Train panel offers the schedules configured in the Schedules panel.
  { id: "train", label: "Train", key: "trn", load: () => import("./train/panel.js"), create: (m, root, onChange) => new m.TrainPanel(root, wasm, onChange, { schedules: () => mounted.get("schedules")?.state.items ?? [] }) },
  // The LR Finder runs on the Train panel's setup and sends suggestions to Train and Schedules.
  { id: "lrfind", label: "LR Finder", key: "lrf", load: () => import("./lrfind/panel.js"), create: (m, root, onChange) => new m.LrFinderPanel(root, wasm, onChange, { train: () => mounted.get("train"), schedules: () => mounted.get("schedules"), showTab: (id) => document.getElementById(`tab-${id}`)?.click() }) },
  // The Playground's paths may use the schedules configured in the Schedules panel.
  { id: "playground", label: "Playground", key: "pg", load: () => import("./playground/panel.js"), create: (m, root, onChange) => new m.PlaygroundPanel(root, wasm, onChange, { schedules: () => mounted.get("schedules")?.state.items ?? [] }) },
  // The Tips panel can run on the Train panel's setup, and its search tip opens the LR Finder.
  { id: "tips", label: "Tips", key: "tip", load: () => import("./tips/panel.js"), create: (m, root, onChange) => new m.TipsPanel(root, wasm, onChange, { train: () => mounted.get("train") ?? null, openPanel: (id) => document.getElementById(`tab-${id}`)?.click() }) },
];

// The first chart waits for the WebAssembly module and the shown panel's scripts only: the
// module is fetched and compiled while the scripts load (before, it was requested once every
// panel's whole module graph had loaded), and the other panels' scripts follow after it.
const wasmReady = initWasm();

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
  const parsed = parseHash(initialHash);
  const first = PANELS.find((p) => p.id === parsed.tab) ?? PANELS[0];
  let firstModule;
  try {
    const [exports, module] = await Promise.all([wasmReady, first.load()]);
    firstModule = module;
    // For the console and the soak test: how much memory the page's wasm instance holds.
    window.lrlabDiagnostics = () => ({ wasmBytes: exports.memory.buffer.byteLength });
  } catch (e) {
    showFatal(`The WebAssembly module could not be loaded (${e.message}). Was the site built with "make build"?`);
    return;
  }
  wasm.init();
  restoring = true;
  // The shown panel first, with its part of the link, and one frame to paint it; then the
  // others (restore() below applies the whole link to every panel, as before).
  for (const p of PANELS) document.getElementById(`panel-${p.id}`).hidden = p !== first;
  activeTab = first.id;
  const firstPanel = first.create(firstModule, document.getElementById(`panel-${first.id}`), writeHash);
  mounted.set(first.id, firstPanel);
  if (first.key in parsed.panels) firstPanel.setLinkState(parsed.panels[first.key]);
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  let modules;
  try {
    modules = await Promise.all(PANELS.map((p) => (p === first ? firstModule : p.load())));
  } catch (e) {
    showFatal(`Part of the lab could not be loaded (${e.message}). Reload the page to try again.`);
    return;
  }
  for (const [i, p] of PANELS.entries()) {
    if (p !== first) mounted.set(p.id, p.create(modules[i], document.getElementById(`panel-${p.id}`), writeHash));
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
