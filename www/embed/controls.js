// A widget's `controls` attribute: only the listed controls stay visible. Panels tag each
// control with data-control="<keyword>" (and containers with data-control-group); this marks
// the wanted ones, again whenever the panel rebuilds its forms, and widget.css hides the rest.
import { norm } from "./attributes.js";

/** The names a control answers to: its key, and the key's last part ("optimizer.lr" is also "lr"). */
function namesOf(el) {
  const key = norm(el.dataset.control);
  return [key, key.split(".").pop()];
}

/** Shows only the controls named in `names` inside `root` (all of them when `names` is null). */
export function limitControls(root, names) {
  if (!names) return;
  const wanted = new Set(names);
  root.classList.add("lrlab-limited");
  const mark = () => {
    for (const el of root.querySelectorAll("[data-control]")) {
      el.classList.toggle("lrlab-shown", namesOf(el).some((n) => wanted.has(n)));
    }
  };
  mark();
  // Class changes are attribute mutations: marking never triggers itself.
  new MutationObserver(mark).observe(root, { childList: true, subtree: true });
}
