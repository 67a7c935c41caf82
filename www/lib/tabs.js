// WAI-ARIA tabs (https://www.w3.org/WAI/ARIA/apg/patterns/tabs/): one tab stop for the list,
// arrow keys move between tabs, Home/End jump, activation follows focus.
import { h } from "./dom.js";

/**
 * Builds the tab list for `panels` ([{ id, label }]) inside `list` and wires it to the
 * `#panel-<id>` sections. `onSelect(id)` runs on every change. Returns `select(id)`.
 */
export function createTabs(list, panels, onSelect) {
  const tabs = panels.map(({ id, label }) =>
    h("button", {
      type: "button",
      role: "tab",
      id: `tab-${id}`,
      "aria-controls": `panel-${id}`,
      "aria-selected": "false",
      tabindex: "-1",
      onclick: () => select(id, true),
      text: label,
    }),
  );
  list.replaceChildren(...tabs);
  list.addEventListener("keydown", (e) => {
    const i = tabs.indexOf(document.activeElement);
    if (i < 0) return;
    const last = tabs.length - 1;
    const next = { ArrowRight: i === last ? 0 : i + 1, ArrowLeft: i === 0 ? last : i - 1, Home: 0, End: last }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    select(panels[next].id, true);
    tabs[next].focus();
  });

  function select(id, byUser = false) {
    const known = panels.some((p) => p.id === id) ? id : panels[0].id;
    for (const [i, tab] of tabs.entries()) {
      const on = panels[i].id === known;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      const panel = document.getElementById(`panel-${panels[i].id}`);
      if (panel) panel.hidden = !on;
    }
    onSelect(known, byUser);
    return known;
  }
  return select;
}
