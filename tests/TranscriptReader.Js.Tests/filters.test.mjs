// The page filters (wwwroot/js/tagging/filters.js): one rule for highlights and list, kept in the address.
import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./wwwroot.mjs";

const { anyFilter, anyPasses, filtersToSearch, parseFilters, taggingPasses } = await load("tagging/filters.js");

test("filters round-trip through the query string and keep other parameters", () => {
  const f = { label: "3", reader: "u-1", status: "accepted", mine: true };
  const search = filtersToSearch(f, "?x=1");
  assert.equal(search, "?x=1&label=3&reader=u-1&status=accepted&mine=1");
  assert.deepEqual(parseFilters(search), f);
  assert.equal(filtersToSearch({ label: "", reader: "", status: "", mine: false }, "?label=3"), "");
});

test("malformed values in the address mean any", () => {
  assert.deepEqual(parseFilters("?label=abc&status=maybe&mine=yes"), { label: "", reader: "", status: "", mine: false });
  assert.equal(anyFilter(parseFilters("")), false);
});

const taggings = new Map([
  [1, { labelId: 3, userId: "ada", status: "accepted" }],
  [2, { labelId: 4, userId: "bob", status: "proposed" }],
]);

test("every filter applies to each tagging, and an entry shows when any of its taggings passes", () => {
  const f = { label: "", reader: "", status: "", mine: false };
  assert.ok(taggingPasses(taggings.get(1), Object.assign({}, f, { label: "3" }), null));
  assert.ok(!taggingPasses(taggings.get(2), Object.assign({}, f, { label: "3" }), null));
  assert.ok(!taggingPasses(taggings.get(1), Object.assign({}, f, { status: "contested" }), null));
  assert.ok(taggingPasses(taggings.get(2), Object.assign({}, f, { mine: true }), "bob"));
  assert.ok(!taggingPasses(taggings.get(2), Object.assign({}, f, { mine: true }), null));
  assert.ok(anyPasses([1, 2], taggings, Object.assign({}, f, { reader: "bob" }), null));
  assert.ok(!anyPasses([1, 99], taggings, Object.assign({}, f, { reader: "bob" }), null));
});
