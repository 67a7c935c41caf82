// The lab page's tools above every panel: "Copy link" (the URL holds the whole lab's state)
// and "Embed…" (snippets for the shown panel).
import { copyText, h } from "../lib/dom.js";
import { EmbedDialog } from "./dialog.js";
import { elementSnippet, iframeSnippet } from "./snippets.js";

/**
 * Fills `bar` with the tools. `panel()`: the shown panel's registry entry; `state(id)`: a
 * mounted panel's link state. Returns `update()`, to call when another tab is shown.
 */
export function addPanelTools(bar, { panel, state }) {
  if (!bar) return () => {};
  let dialog = null;
  const status = h("span", { class: "help", role: "status", "aria-live": "polite" });
  const link = h("button", { type: "button", class: "secondary", onclick: async () => {
    status.textContent = (await copyText(location.href)) ? "Link copied: it restores every panel as it is now." : "Copy the address bar's link to share this view.";
  } }, "Copy link");
  const embed = h("button", { type: "button", class: "secondary", "aria-haspopup": "dialog", onclick: () => {
    const def = panel();
    const panels = { [def.key]: state(def.id) };
    if (def.uses?.includes("train")) panels.trn = state("train");
    dialog ??= new EmbedDialog();
    dialog.open(def.label, [
      { label: "Iframe", help: "Works on any page, even one that allows no scripts of its own; the script line lets the frame follow its content's height.", text: iframeSnippet(def, panels) },
      { label: "Custom element", help: "One module for every lrlab widget on the page; they share one WebAssembly module and their state stays separate.", text: elementSnippet(def, panels) },
    ]);
  } }, "Embed…");
  bar.replaceChildren(link, embed, status);
  const update = () => {
    const def = panel();
    embed.setAttribute("aria-label", `Embed the ${def.label} panel`);
    status.textContent = "";
  };
  update();
  return update;
}
