// The Embed dialog: the iframe and custom-element snippets for the current state, each in a
// labelled read-only text box with its own Copy button. A modal <dialog> keeps focus inside
// (the rest of the page is inert), closes on Escape and returns focus to the Embed button.
import { copyText, h, uid } from "../lib/dom.js";

export class EmbedDialog {
  constructor() {
    const titleId = uid("embed-title");
    this.title = h("h2", { id: titleId }, "Embed");
    this.status = h("p", { class: "help", role: "status", "aria-live": "polite" });
    this.boxes = h("div", { class: "embed-snippets" });
    const close = h("button", { type: "button", class: "secondary", onclick: () => this.element.close() }, "Close");
    this.element = h(
      "dialog",
      { class: "embed-dialog", "aria-labelledby": titleId },
      this.title,
      h("p", { class: "help" }, "Paste one of these into course notes or slides. Both show the panel exactly as it is now; the widget keeps working offline from this site's files."),
      this.boxes,
      this.status,
      h("div", { class: "trn-buttons" }, close),
    );
    document.body.append(this.element);
  }

  /** Opens the dialog for `label` with `snippets` ([{ label, help, text }]). */
  open(label, snippets) {
    this.title.textContent = `Embed the ${label} panel`;
    this.status.textContent = "";
    this.boxes.replaceChildren(...snippets.map((s) => this.snippet(s)));
    this.element.showModal();
    this.boxes.querySelector("textarea")?.focus();
  }

  snippet({ label, help, text }) {
    const id = uid("embed-snippet");
    const area = h("textarea", { id, class: "mono", readonly: true, rows: "5", spellcheck: "false", "aria-describedby": `${id}-help` });
    area.value = text;
    const copy = h("button", { type: "button", onclick: async () => {
      const ok = await copyText(text);
      this.status.textContent = ok ? `${label}: copied to the clipboard.` : `${label}: the browser refused to copy; select the text and copy it.`;
    } }, `Copy ${label.toLowerCase()}`);
    return h("div", { class: "field" }, h("label", { for: id }, label), area, h("p", { class: "help", id: `${id}-help` }, help), copy);
  }
}
