// What the Embed dialog copies: an <iframe> of embed.html and a custom element, both for the
// current state, with absolute URLs of the site they were made on.
import { buildHash } from "../lib/hash-state.js";
import { encode } from "../lib/rison.js";

/** The site's root (the folder holding index.html, embed.html and www/). */
export const SITE = new URL("../../", import.meta.url);

const attr = (text) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;");

/** The widget hash of `def` with `panels` (hash key -> link state): "widget=schedules&v=1&sch=...". */
export function widgetHash(def, panels) {
  return `widget=${def.id}&${buildHash({ panels })}`;
}

/** The lab's own URL showing `def`'s tab with `panels`. */
export function labUrl(def, panels) {
  return new URL(`index.html#${buildHash({ tab: def.id, panels })}`, SITE).href;
}

/** An <iframe> snippet, with the few lines that let it follow its content's height. */
export function iframeSnippet(def, panels) {
  const src = new URL(`embed.html#${widgetHash(def, panels)}`, SITE).href;
  return [
    `<iframe src="${attr(src)}" title="lrlab: ${def.label}" width="100%" height="720" loading="lazy" style="border:0"></iframe>`,
    `<script>addEventListener("message", (e) => { if (e.data?.type !== "lrlab:height") return; for (const f of document.querySelectorAll("iframe")) if (f.contentWindow === e.source) f.height = e.data.height; });</script>`,
  ].join("\n");
}

/** A custom-element snippet: the module once per page, then the element with the state. */
export function elementSnippet(def, panels) {
  const state = panels[def.key];
  const attrs = [];
  if (state && Object.keys(state).length > 0) attrs.push(` state="${attr(encode(state))}"`);
  if (def.uses?.includes("train") && panels.trn && Object.keys(panels.trn).length > 0) attrs.push(` train-state="${attr(encode(panels.trn))}"`);
  return [`<script type="module" src="${attr(new URL("www/embed.js", SITE).href)}"></script>`, `<${def.tag}${attrs.join("")}></${def.tag}>`].join("\n");
}
