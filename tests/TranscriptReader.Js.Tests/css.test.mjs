// The stylesheet's structure. Merges have dropped "@media (...) {" lines before, which silently
// applied phone rules at every width and made the browser discard the rule after the stray "}".
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

const css = readFileSync(new URL("../../src/TranscriptReader.Web/wwwroot/css/site.css", import.meta.url), "utf8");

// Comments and strings blanked out (same length, lines kept), so their braces do not count.
const code = css.replace(/\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, (m) => m.replace(/[^\n]/g, " "));

test("site.css braces balance and never close more than they opened", () => {
  let depth = 0;
  code.split("\n").forEach((line, i) => {
    for (const ch of line) {
      if (ch === "{") { depth++; }
      if (ch === "}") { depth--; }
      assert.ok(depth >= 0, "line " + (i + 1) + " closes a block that was never opened");
    }
  });
  assert.equal(depth, 0);
});

test("site.css indents exactly the rules inside an at-rule", () => {
  let depth = 0;
  code.split("\n").forEach((line, i) => {
    if (line.trim() !== "" && !line.trim().startsWith("}") && depth <= 1) {
      const indented = /^\s/.test(line);
      assert.equal(indented, depth === 1, "line " + (i + 1) + (indented ? " is indented outside an at-rule" : " is not indented inside an at-rule") + ": " + line.trim());
    }
    for (const ch of line) {
      if (ch === "{") { depth++; }
      if (ch === "}") { depth--; }
    }
  });
});
