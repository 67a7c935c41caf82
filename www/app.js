// The lab's entry point: loads the WebAssembly core, builds the tabs and panels, and keeps the
// URL hash in step with the panels' state (and the panels with the hash when it changes).
// The shown panel is built first (its modules fetched while its wasm module compiles), so its
// first chart does not wait for the other panels' modules, nor, on the Schedules tab, for the
// larger wasm module of the other panels (lib/wasm.js); they are built right after. Until a
// panel is built, the link state meant for it is kept as it came and stays in the URL.
import { installErrorBanner, showFatal } from "./lib/errors.js";
import { buildHash, parseHash } from "./lib/hash-state.js";
import { forgetSavedState, loadSavedState, saveState } from "./lib/saved-state.js";
import { h } from "./lib/dom.js";
import { createTabs } from "./lib/tabs.js";
import { PANELS } from "./lib/panels.js";
import { loadWasm, wasmMemory } from "./lib/wasm.js";
import { addPanelTools } from "./embed/tools.js";

const mounted = new Map();
/** Panels being built, by id (a promise each, so a panel is built once). */
const building = new Map();
/** The link states (by hash key) and link problems for panels not built yet. */
let pending = { panels: {}, problems: [] };
/** How panels reach each other: the mounted panels and the tabs. */
const lab = {
  panel: (id) => mounted.get(id),
  showTab: (id) => document.getElementById(`tab-${id}`)?.click(),
};
let activeTab = PANELS[0].id;
let lastHash = null;
let restoring = false;

function writeHash() {
  if (restoring) return;
  const panels = {};
  for (const { id, key } of PANELS) {
    const panel = mounted.get(id);
    if (panel) panels[key] = panel.linkState();
    else if (key in pending.panels) panels[key] = pending.panels[key];
  }
  const hash = buildHash({ tab: activeTab, panels });
  if (hash !== lastHash) {
    lastHash = hash;
    history.replaceState(null, "", `#${hash}`);
    saveState(hash);
  }
}

/**
 * Builds panel `id` (after the panels it needs) once, and gives it the link state kept for it.
 * Resolves to the panel.
 */
function mount(id) {
  if (!building.has(id)) {
    building.set(id, (async () => {
      const def = PANELS.find((p) => p.id === id);
      const [wasm] = await Promise.all([wasmFor(def), def.load(), ...(def.needs ?? []).map(mount)]);
      // As when the page first loads: building and restoring a panel write no hash of their own.
      const wasRestoring = restoring;
      restoring = true;
      try {
        const panel = def.create(document.getElementById(`panel-${id}`), wasm, writeHash, lab);
        mounted.set(id, panel);
        const problems = [...pending.problems];
        if (def.key in pending.panels) problems.push(...panel.setLinkState(pending.panels[def.key]));
        delete pending.panels[def.key];
        panel.showProblems(problems);
      } finally {
        restoring = wasRestoring;
      }
      writeHash();
      return mounted.get(id);
    })());
  }
  return building.get(id);
}

/**
 * Panel `def`'s wasm module. One that cannot load stops the page with a message; the error
 * thrown carries the same words, so a rejection nobody awaits shows them again, not others.
 */
async function wasmFor(def) {
  try {
    return await loadWasm(def.module);
  } catch (e) {
    const message = `The WebAssembly module could not be loaded (${e.message}). Was the site built with "make build"?`;
    showFatal(message);
    throw new Error(message);
  }
}

function restore(hash, selectTab) {
  const parsed = parseHash(hash);
  pending = { panels: { ...pending.panels }, problems: parsed.problems };
  restoring = true;
  try {
    for (const { id, key } of PANELS) {
      const panel = mounted.get(id);
      if (!panel) {
        if (key in parsed.panels) pending.panels[key] = parsed.panels[key];
        continue;
      }
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
  const initial = parseHash(initialHash);
  pending = { panels: { ...initial.panels }, problems: initial.problems };
  const first = PANELS.find((p) => p.id === initial.tab) ?? PANELS[0];
  activeTab = first.id;
  // The shown panel's modules (and those of the panels it needs) load while its wasm compiles.
  const needed = [first, ...(first.needs ?? []).map((id) => PANELS.find((p) => p.id === id))];
  const modules = Promise.all(needed.map((def) => def.load()));
  // For the console and the soak test: how much memory the page's wasm instances hold.
  window.lrlabDiagnostics = () => {
    const modules = wasmMemory();
    return { wasmBytes: Object.values(modules).reduce((a, b) => a + b, 0), modules };
  };
  try {
    await Promise.all(needed.map(wasmFor));
  } catch {
    return;
  }
  try {
    await modules;
  } catch (e) {
    showFatal(`The page's modules could not be loaded (${e.message}).`);
    return;
  }
  const updateTools = addPanelTools(document.getElementById("panel-tools"), {
    panel: () => PANELS.find((p) => p.id === activeTab),
    state: (id) => mounted.get(id)?.linkState() ?? pending.panels[PANELS.find((p) => p.id === id)?.key],
  });
  const selectTab = createTabs(document.getElementById("tabs"), PANELS, (id) => {
    activeTab = id;
    updateTools();
    // A tab shown before its panel is built: the panel fills its section when ready.
    if (mounted.has(id)) writeHash();
    else mount(id);
  });
  restoring = true;
  selectTab(activeTab);
  // mount() gives each panel the link state kept for it (what restore() does for built ones).
  await mount(activeTab);
  restoring = false;
  writeHash();
  window.addEventListener("hashchange", () => {
    // An in-page anchor such as the skip link ("#main") is not lab state: keep the state hash.
    if (!location.hash.includes("=")) {
      if (lastHash !== null) history.replaceState(null, "", `#${lastHash}`);
      return;
    }
    if (location.hash.replace(/^#/, "") !== lastHash) restore(location.hash, selectTab);
  });
  if (saved) noteRestored();
  // The other panels, in tab order, once the shown one has drawn.
  await Promise.all(PANELS.map((p) => mount(p.id)));
  writeHash();
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
