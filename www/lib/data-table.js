// "Show data as table": a chart's numbers as an HTML table, for screen readers, for copying
// into a spreadsheet and for anyone who would rather read than squint.
import { h } from "./dom.js";

/** Tables longer than this show every k-th row (and say so). */
export const MAX_ROWS = 2001;

/**
 * Renders `{ caption, columns: [label], rows: number of rows, cell(row, column) -> string }`
 * into `container`, thinning evenly (first and last row kept) when there are too many rows.
 */
export function renderTable(container, { caption, columns, rows, cell }) {
  const stride = rows > MAX_ROWS ? Math.ceil((rows - 1) / (MAX_ROWS - 1)) : 1;
  const picked = [];
  for (let r = 0; r < rows; r += stride) picked.push(r);
  if (picked[picked.length - 1] !== rows - 1 && rows > 0) picked.push(rows - 1);
  const body = document.createDocumentFragment();
  for (const r of picked) {
    body.append(h("tr", {}, columns.map((_, c) => (c === 0 ? h("th", { scope: "row" }, cell(r, c)) : h("td", {}, cell(r, c))))));
  }
  const note = stride > 1 ? ` Every ${stride}th row of ${rows} is shown.` : "";
  container.replaceChildren(
    h(
      "table",
      { class: "data-table" },
      h("caption", {}, caption + note),
      h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, body),
    ),
  );
}
