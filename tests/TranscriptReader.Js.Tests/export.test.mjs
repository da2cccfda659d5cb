// The Export page's download links: the query string matches the server's (ExportParameters.ToQueryString).
import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./wwwroot.mjs";

const { exportQuery, ready } = await load("export/links.js");

test("only filters that are set go into the query, in the server's order, the preview choice left out", () => {
  const q = exportQuery([["export", "pivot"], ["key", " is_free "], ["collection", ""], ["label", "a b"], ["label", "c&d"],
    ["status", "accepted"], ["denominator", "with_key"]]);
  assert.equal(q, "?label=a%20b&label=c%26d&status=accepted&key=is_free&denominator=with_key");
});

test("no filters give no query string", () => {
  assert.equal(exportQuery([["export", "label-counts"], ["key", "  "]]), "");
});

test("the pivot is ready only with a key; other exports always", () => {
  assert.equal(ready(true, [["key", ""]]), false);
  assert.equal(ready(true, [["key", "  "]]), false);
  assert.equal(ready(true, [["key", "model"]]), true);
  assert.equal(ready(false, []), true);
});
