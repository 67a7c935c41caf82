// lrlab's custom elements, one module for a whole page:
//   <script type="module" src=".../www/embed.js"></script>
//   <lrlab-schedules scheduler="StepLR" step-size="30" gamma="0.1" controls="gamma"></lrlab-schedules>
// One element per panel of the registry (lib/panels.js). Each renders into its own open shadow
// root with the site's stylesheet: the host page's CSS cannot break the widget, the widget's
// cannot restyle the page, and the panels' element ids stay inside each widget. All elements
// on a page share the WebAssembly modules they need (a page of Schedules widgets loads only the
// small module of that panel, lib/wasm.js); each has its own state and its own workers.
import { h } from "./lib/dom.js";
import { PANELS } from "./lib/panels.js";
import { controlList, linkFromAttributes } from "./embed/attributes.js";
import { mountPanel, problemNotice } from "./embed/mount.js";
import { labUrl } from "./embed/snippets.js";
import { loadWasm } from "./lib/wasm.js";

const STYLES = [new URL("./style.css", import.meta.url), new URL("./embed/widget.css", import.meta.url)];

/** Resolves once `link` has loaded (or failed: the widget then shows unstyled, not never). */
function loaded(link) {
  return new Promise((ok) => {
    link.addEventListener("load", ok, { once: true });
    link.addEventListener("error", ok, { once: true });
  });
}

export class LrlabElement extends HTMLElement {
  /** The panel this element shows (set on each subclass). */
  static panel = null;

  connectedCallback() {
    if (this.started) return;
    this.started = true;
    this.start();
  }

  async start() {
    const def = this.constructor.panel;
    const shadow = this.attachShadow({ mode: "open" });
    const links = STYLES.map((url) => h("link", { rel: "stylesheet", href: url.href }));
    const status = h("p", { class: "loading", role: "status" }, `Loading lrlab: ${def.label}…`);
    const box = h("div", { class: "lrlab-widget" });
    shadow.append(...links, status, box);
    await Promise.all(links.map(loaded));
    let wasm;
    try {
      [wasm] = await Promise.all([loadWasm(def.module), def.load()]);
    } catch (e) {
      status.textContent = `lrlab could not load its WebAssembly module (${e.message}).`;
      return;
    }
    const examples = (name) => wasm.scheduler_example(name);
    // The training defaults are read only by the widgets that train: the Schedules module has none.
    const ctx = { wasm, examples, get trainDefaults() { return wasm.train_defaults(); }, optimizerDefaults: (name) => wasm.optimizer_defaults(name) };
    const read = linkFromAttributes(def.id, this, ctx);
    const open = h("a", { class: "lrlab-open", target: "_blank", rel: "noopener" }, "Open in lrlab");
    this.widget = mountPanel({
      def,
      host: box,
      wasm,
      link: read.link,
      trainState: read.trainState,
      controls: controlList(this.getAttribute("controls")),
      onChange: () => (open.href = labUrl(def, this.widget.state())),
    });
    // The panel's own notice speaks of links; attributes get their own words.
    this.widget.panel.showProblems([]);
    const notice = problemNotice(`Some attributes of <${def.tag}> could not be used; their defaults are shown instead:`, [...read.problems, ...this.widget.problems]);
    if (notice) box.prepend(notice);
    open.href = labUrl(def, this.widget.state());
    box.append(h("p", { class: "lrlab-foot" }, open));
    status.remove();
    this.dataset.ready = "true";
    this.dispatchEvent(new CustomEvent("lrlab-ready", { bubbles: true }));
  }

  /** The panel (its `state`, `linkState()`, ...), once ready. */
  get panel() {
    return this.widget?.panel ?? null;
  }

  /** The widget's link states by hash key, once ready. */
  get state() {
    return this.widget?.state() ?? null;
  }
}

for (const def of PANELS) {
  if (!customElements.get(def.tag)) customElements.define(def.tag, class extends LrlabElement { static panel = def; });
}
