// A chart card: a heading, a one-line explanation, the chart (a ChartView with its hover
// readout and download buttons) and its numbers as a table behind a toggle. Every panel's
// charts are cards, so each gets the readout, the table and the exports by construction.
import { ChartView } from "./chart-view.js";
import { renderTable } from "./data-table.js";
import { h, uid } from "./dom.js";
import { inOwnFrame } from "./frame-queue.js";

/** One chart with its heading, explanation and table toggle. */
export class ChartCard {
  constructor({ title, explain, label, draw, describe, table, name, svg, figure, placeholder = "Nothing to draw yet: press Train." }) {
    const headingId = uid("chart-heading");
    this.table = table;
    this.tableShown = false;
    this.view = new ChartView({ label, draw, describe, name, title, svg, table, figure });
    this.tableWrap = h("div", { class: "table-wrap", id: uid("table"), tabindex: "0", hidden: true });
    this.placeholder = h("p", { class: "trn-placeholder" }, placeholder);
    this.toggle = h("button", { type: "button", class: "secondary", "aria-expanded": "false", "aria-controls": this.tableWrap.id, onclick: () => this.toggleTable() }, "Show data as table");
    this.element = h(
      "section",
      { class: "trn-card", "aria-labelledby": headingId },
      h("div", { class: "trn-card-head" }, h("h3", { id: headingId }, title), this.toggle),
      h("p", { class: "help trn-explain" }, explain),
      this.placeholder,
      this.view.element,
      this.tableWrap,
    );
  }

  /** Draws `data`; with `empty` the chart gives way to a placeholder (and the table stays). */
  setData(data, label, empty = false) {
    this.placeholder.hidden = !empty;
    this.view.element.hidden = empty;
    this.view.setData(data, label);
    this.view.menu?.setEnabled(!empty);
    // A shown table follows the data, in a frame of its own (thousands of rows while training).
    if (this.tableShown) inOwnFrame(this.tableWrap, () => this.tableShown && this.renderTable());
  }

  toggleTable() {
    this.tableShown = !this.tableShown;
    this.tableWrap.hidden = !this.tableShown;
    this.toggle.setAttribute("aria-expanded", String(this.tableShown));
    this.toggle.textContent = this.tableShown ? "Hide data table" : "Show data as table";
    if (this.tableShown) this.renderTable();
  }

  renderTable() {
    renderTable(this.tableWrap, this.table());
  }
}
