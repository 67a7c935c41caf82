// The formula card of the selected scheduler and the PyTorch script that reproduces its curve,
// with a Copy button.
import { copyText, h, uid } from "../lib/dom.js";

export class FormulaCard {
  constructor() {
    const headingId = uid("card-heading");
    this.title = h("h3", { id: headingId });
    this.formula = h("p", { class: "formula" });
    this.when = h("p", { class: "when" });
    this.element = h("section", { class: "card formula-card", "aria-labelledby": headingId }, this.title, this.formula, this.when);
  }

  /** `card`: { name, formula, when } or null; `summary`: the panel's own one-liner. */
  render(name, card, summary) {
    this.title.textContent = name;
    this.formula.textContent = card?.formula ?? "";
    this.formula.hidden = !card;
    this.when.textContent = card?.when ?? summary ?? "";
  }
}

export class Snippet {
  constructor() {
    const headingId = uid("snippet-heading");
    this.code = h("code", {});
    this.status = h("span", { class: "copy-status", role: "status", "aria-live": "polite" });
    this.copy = h("button", { type: "button", class: "secondary", onclick: () => this.copyCode() }, "Copy");
    this.element = h(
      "section",
      { class: "card snippet", "aria-labelledby": headingId },
      h("div", { class: "snippet-head" }, h("h3", { id: headingId }, "PyTorch code for this curve"), this.copy, this.status),
      h("p", { class: "help" }, "Run it with torch installed: it prints the plotted learning rates."),
      h("pre", { tabindex: "0", "aria-label": "PyTorch code" }, this.code),
    );
  }

  render(text) {
    if (this.code.textContent !== text) {
      this.code.textContent = text;
      this.status.textContent = "";
    }
  }

  async copyCode() {
    const ok = await copyText(this.code.textContent);
    this.status.textContent = ok ? "Copied." : "Copy failed: select the code and copy it by hand.";
  }
}
