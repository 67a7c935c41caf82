// One panel alone, as a widget: built from the shared registry into its own root, with no tabs
// and no other panels (an LR Finder gets a training setup of its own), its state restored from
// a link or from attributes, and its controls limited when asked.
import { h } from "../lib/dom.js";
import { limitControls } from "./controls.js";
import { trainSetup } from "./setup.js";

/**
 * Builds panel `def` into `host`. `link` / `trainState`: link states (objects) to restore;
 * `controls`: names to keep visible (null: all); `onChange()` after every change. Returns
 * `{ panel, problems, state() }` where `state()` maps hash keys to the widget's link states.
 */
export function mountPanel({ def, host, wasm, link, trainState, controls = null, onChange = () => {} }) {
  const root = h("section", { class: "panel lrlab-widget-panel", "aria-label": `lrlab: ${def.label}`, "data-panel": def.id });
  host.append(root);
  const problems = [];
  const setup = def.uses?.includes("train") ? trainSetup(wasm, trainState, problems) : null;
  const lab = { panel: (id) => (id === "train" ? (setup ?? undefined) : undefined), showTab: null };
  let ready = false;
  const panel = def.create(root, wasm, () => ready && onChange(), lab);
  if (link && Object.keys(link).length > 0) problems.push(...panel.setLinkState(link));
  limitControls(root, controls);
  ready = true;
  const state = () => ({ [def.key]: panel.linkState(), ...(setup ? { trn: setup.linkState() } : {}) });
  return { panel, root, problems, state };
}

/** A notice listing `problems` under `title` (or nothing when there are none). */
export function problemNotice(title, problems) {
  if (problems.length === 0) return null;
  const notice = h("div", { class: "notice", role: "status" }, h("p", {}, title), h("ul", {}, problems.slice(0, 12).map((p) => h("li", {}, p))));
  const dismiss = h("button", { type: "button", class: "secondary", onclick: () => notice.remove() }, "Dismiss");
  notice.append(dismiss);
  return notice;
}
