// The Export page's reader suggestions (wwwroot/js/export/reader-names.js).
import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./wwwroot.mjs";

const r = await load("export/reader-names.js");

test("names matching what is typed are offered best first, without readers already chosen", () => {
  const names = ["ada", "Ada Lovelace", "bob", "Sam Adams"];
  assert.deepEqual(r.offered(names, "ad", []), ["ada", "Ada Lovelace", "Sam Adams"]);
  assert.deepEqual(r.offered(names, " Ad ", ["ada"]), ["Ada Lovelace", "Sam Adams"]);
  assert.deepEqual(r.offered(names, "zed", []), []);
});

test("an empty box offers nothing", () => {
  assert.deepEqual(r.offered(["ada"], "", []), []);
  assert.deepEqual(r.offered(["ada"], "   ", []), []);
});
