// Rules for every browser script under wwwroot/js: small files, pure modules free of the DOM, and
// every module's imports resolving (a typo in an import path would otherwise show only in a browser).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { jsRoot, load } from "./wwwroot.mjs";

function scripts(dir = "") {
  return readdirSync(new URL(dir, jsRoot), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? scripts(dir + entry.name + "/") : entry.name.endsWith(".js") ? [dir + entry.name] : []);
}

function source(path) {
  return readFileSync(new URL(path, jsRoot), "utf8");
}

// Modules that compute without a page; each has its own tests.
const pure = ["tagging/text.js", "tagging/offsets.js", "tagging/labels.js", "tagging/data.js", "tagging/filters.js", "discussion/quote.js", "import/ndjson.js",
  "import/progress.js", "import/recipe-form.js", "compare/align.js", "tagging/dispute.js", "live/versions.js", "live/rules.js", "live/parts.js", "export/links.js",
  "tagging/threads.js", "live/listeners.js", "discussion/mentions.js", "export/reader-names.js"];
// Entry modules start work at once on the page they are loaded into, so node cannot import them.
const entries = ["site.js", "early.js", "account.js", "discussion.js", "mentions.js", "import.js", "tagging/main.js", "compare/main.js", "live/main.js",
  "live/inbox-badge.js", "export/page.js", "export/readers.js"];

test("no script is over 300 lines", () => {
  for (const path of scripts()) {
    const lines = source(path).split("\n").length - 1;
    assert.ok(lines <= 300, path + " has " + lines + " lines");
  }
});

test("pure modules touch no page", () => {
  for (const path of pure) {
    const code = source(path).replace(/\/\/.*$/gm, "");
    assert.doesNotMatch(code, /\b(document|window|localStorage|location|history|navigator|fetch)\b/, path);
  }
});

test("every module other than the entries loads in node, so its imports resolve", async () => {
  const modules = scripts().filter((path) => entries.indexOf(path) < 0);
  assert.ok(modules.length >= pure.length);
  for (const path of modules) {
    await load(path);
  }
});

test("entries import only modules that exist", () => {
  for (const path of entries) {
    for (const [, spec] of source(path).matchAll(/^import .* from "(\.[^"]+)";$/gm)) {
      const target = new URL(spec, new URL(path, jsRoot));
      assert.ok(scripts().some((p) => new URL(p, jsRoot).href === target.href), path + " imports missing " + spec);
    }
  }
});
