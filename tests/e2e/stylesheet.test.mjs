// The stylesheet is one file that every panel appends to: a rule left open (a merge gone
// wrong) silently swallows every rule after it. This checks its structure: braces balance
// outside comments, and a block opens inside another only under an at-rule (@media ...).
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";

test("www/style.css has no unclosed or nested rule blocks", async () => {
  const css = (await readFile(new URL("../../www/style.css", import.meta.url), "utf8")).replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, " "));
  const stack = [];
  let line = 1;
  let start = 0;
  for (let i = 0; i < css.length; i += 1) {
    const ch = css[i];
    if (ch === "\n") line += 1;
    if (ch === "{") {
      const prelude = css.slice(start, i).trim();
      if (stack.length > 0) assert.ok(stack.at(-1).startsWith("@"), `line ${line}: "${prelude}" opens inside "${stack.at(-1)}"`);
      stack.push(prelude);
      start = i + 1;
    } else if (ch === "}") {
      assert.ok(stack.length > 0, `line ${line}: a "}" closes nothing`);
      stack.pop();
      start = i + 1;
    } else if (ch === ";" && stack.length === 0) {
      start = i + 1;
    }
  }
  assert.deepEqual(stack, [], "every block is closed");
});
