// The static import graph of the page's ES modules, for the <link rel="modulepreload"> list in
// index.html: without it the browser discovers the graph one level per round trip (app.js, then
// its imports, then theirs...), and the first chart waits for the deepest module.
// `node scripts/module-graph.mjs` prints the links index.html should carry;
// tests/e2e/preload.test.mjs checks that it does.
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

/** The page's entry module and the default tab's panel, which app.js imports dynamically first. */
export const PRELOAD_ENTRIES = ["www/app.js", "www/schedules/panel.js"];

// `import x from "./a.js"`, `import { a } from "./a.js"`, `import "./a.js"`, `export ... from "./a.js"`;
// dynamic import() is left out on purpose: those modules load later, when needed.
const STATIC_IMPORT = /^\s*(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']/gm;

/** Paths (relative to the repository root) of `entry` and every module it imports statically. */
export function staticClosure(entry) {
  const seen = new Set();
  const visit = (path) => {
    if (seen.has(path)) return;
    seen.add(path);
    const source = readFileSync(resolve(ROOT, path), "utf8");
    for (const match of source.matchAll(STATIC_IMPORT)) {
      const spec = match[1] ?? match[2];
      if (!spec.startsWith(".")) continue;
      visit(relative(ROOT, resolve(ROOT, dirname(path), spec)));
    }
  };
  visit(entry);
  return seen;
}

/** The module paths index.html should preload: everything the entries reach, minus app.js itself. */
export function preloadList() {
  const all = new Set();
  for (const entry of PRELOAD_ENTRIES) for (const path of staticClosure(entry)) all.add(path);
  all.delete(PRELOAD_ENTRIES[0]);
  return [...all].sort();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const path of preloadList()) console.log(`    <link rel="modulepreload" href="${path}">`);
}
