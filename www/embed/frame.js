// embed.html: one panel alone, for an <iframe>. The hash names the widget and carries the
// panel's state in the lab's versioned format (`#widget=schedules&v=1&sch=(...)`); the page
// keeps the hash in step with the panel and posts its height to the framing page
// (`{ type: "lrlab:height", height, widget }`) whenever its content changes size.
import { installErrorBanner, showFatal } from "../lib/errors.js";
import { buildHash, parseHash } from "../lib/hash-state.js";
import { h } from "../lib/dom.js";
import { PANELS, findPanel } from "../lib/panels.js";
import { mountPanel, problemNotice } from "./mount.js";
import { labUrl, widgetHash } from "./snippets.js";
import { loadWasm } from "../lib/wasm.js";
import { LINK_PROBLEMS_TITLE } from "../lib/link-notice.js";

/** Splits "widget=x&rest" into the widget's name and the rest (the lab's hash format). */
function readHash(hash) {
  const parts = hash.replace(/^#/, "").split("&");
  const i = parts.findIndex((p) => p.startsWith("widget="));
  const name = i >= 0 ? decodeURIComponent(parts.splice(i, 1)[0].slice(7)) : "";
  return { name, rest: parts.join("&") };
}

function postHeight(widget) {
  if (window.parent === window) return;
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  window.parent.postMessage({ type: "lrlab:height", height, widget }, "*");
}

async function main() {
  installErrorBanner();
  const host = document.getElementById("widget");
  const { name, rest } = readHash(location.hash);
  const def = findPanel(name);
  if (!def) {
    const known = PANELS.map((p) => p.id).join(", ");
    host.replaceChildren(h("p", { class: "app-error" }, name ? `There is no lrlab widget called "${name}". ` : "The link names no widget. ", `Use #widget= followed by one of: ${known}.`));
    document.documentElement.dataset.ready = "true";
    return;
  }
  let wasm;
  try {
    [wasm] = await Promise.all([loadWasm(def.module), def.load()]);
  } catch (e) {
    showFatal(`The WebAssembly module could not be loaded (${e.message}).`);
    return;
  }
  const parsed = rest.includes("=") ? parseHash(rest) : { panels: {}, problems: [] };
  host.replaceChildren();
  const open = h("a", { class: "lrlab-open", target: "_blank", rel: "noopener" }, `Open in lrlab`);
  const widget = mountPanel({
    def,
    host,
    wasm,
    link: parsed.panels[def.key],
    trainState: parsed.panels.trn,
    onChange: () => sync(),
  });
  const sync = () => {
    const panels = widget.state();
    history.replaceState(null, "", `#${widgetHash(def, panels)}`);
    open.href = labUrl(def, panels);
  };
  const notice = problemNotice(LINK_PROBLEMS_TITLE, [...parsed.problems, ...widget.problems]);
  if (notice) host.prepend(notice);
  host.append(h("p", { class: "lrlab-foot" }, open));
  sync();
  new ResizeObserver(() => postHeight(def.id)).observe(document.documentElement);
  document.documentElement.dataset.ready = "true";
}

main();
