// The chart theme follows the page's colour scheme (prefers-color-scheme).

const query = window.matchMedia("(prefers-color-scheme: dark)");

/** "light" or "dark". */
export function currentTheme() {
  return query.matches ? "dark" : "light";
}

/** Calls `fn(theme)` whenever the colour scheme changes. */
export function onThemeChange(fn) {
  query.addEventListener("change", () => fn(currentTheme()));
}
