// The range test's suggestions as a readable list: each rule's learning rate in its chart
// colour, how far the seeds' own suggestions scatter, and the rule's explanation (a tooltip on
// hover, and a disclosure a keyboard or touch user can open). One of them is chosen for "Use in
// Train panel"; CyclicLR's bounds feed the Schedules buttons. Swatch colours come from the
// page's palette custom properties (style.css), as the chart's come from charts::mark_color.
import { h, uid } from "../lib/dom.js";
import { formatNumber } from "../schedules/values.js";

/** The palette index of each rule (charts::mark_color). */
const COLORS = { steepest: 1, min_div_10: 2, valley: 3, cyclic_base: 4, cyclic_max: 4 };

export class SuggestionList {
  constructor({ onPick }) {
    this.onPick = onPick;
    this.picked = "valley";
    this.name = uid("lrf-pick");
    this.list = h("ul", { class: "lrf-suggestions", "aria-label": "Suggested learning rates" });
    this.empty = h("p", { class: "help" }, "Run the range test to see the suggestions.");
    this.element = h("div", { class: "lrf-suggestion-box" }, this.empty, this.list);
    this.marks = [];
  }

  /** Lists `marks` (from `LrFindCurves.analysis()`). */
  render(marks) {
    this.marks = marks;
    this.empty.hidden = marks.length > 0;
    if (marks.length > 0 && !marks.some((m) => m.kind === this.picked)) this.picked = marks.find((m) => m.kind === "valley")?.kind ?? marks[0].kind;
    this.list.replaceChildren(
      ...marks.map((m) => {
        const id = `${this.name}-${m.kind}`;
        const seeds = m.seeds ? ` (seeds: ${formatNumber(m.seeds[0])} to ${formatNumber(m.seeds[1])})` : "";
        const radio = h("input", {
          type: "radio",
          name: this.name,
          id,
          value: m.kind,
          checked: m.kind === this.picked,
          onchange: () => {
            this.picked = m.kind;
            this.onPick(m);
          },
        });
        return h(
          "li",
          { class: "lrf-suggestion", title: m.explanation },
          radio,
          h("span", { class: `lrf-swatch c${COLORS[m.kind]}`, "aria-hidden": "true" }),
          h("label", { for: id }, h("span", { class: "lrf-rule" }, m.label), " ", h("span", { class: "lrf-value mono" }, formatNumber(m.lr)), seeds),
          h("details", { class: "lrf-why" }, h("summary", {}, "Why?"), h("p", {}, m.explanation)),
        );
      }),
    );
  }

  /** The chosen suggestion, or null. */
  chosen() {
    return this.marks.find((m) => m.kind === this.picked) ?? null;
  }

  /** The suggestion of rule `kind`, or null. */
  find(kind) {
    return this.marks.find((m) => m.kind === kind) ?? null;
  }
}
