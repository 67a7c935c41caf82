// The notice a panel shows when parts of a link (URL hash, widget attributes) could not be used:
// what was wrong, at most twelve items, and a Dismiss button; hidden when nothing was.
import { h } from "./dom.js";

/** Heading of the list of a link's problems (also used by embed/frame.js). */
export const LINK_PROBLEMS_TITLE = "Parts of the link could not be used and were replaced by defaults:";

/** Fills `notice` with `problems` (or hides it when there are none). */
export function showLinkProblems(notice, problems) {
  if (!problems || problems.length === 0) {
    notice.hidden = true;
    return;
  }
  const dismiss = h("button", { type: "button", class: "secondary", onclick: () => (notice.hidden = true) }, "Dismiss");
  notice.replaceChildren(h("p", {}, LINK_PROBLEMS_TITLE), h("ul", {}, problems.slice(0, 12).map((p) => h("li", {}, p))), dismiss);
  notice.hidden = false;
}

/**
 * A lazily built panel's `showProblems`: into its notice once `panel.built`, else kept in
 * `panel.pendingProblems` for the build to show.
 */
export function showOrKeepLinkProblems(panel, problems) {
  if (!panel.built) {
    panel.pendingProblems = problems;
    return;
  }
  showLinkProblems(panel.notice, problems);
}
