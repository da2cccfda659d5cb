// The span rules of wwwroot/js/tagging/offsets.js, on the same cases as SpanAnchor.Create in C#.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fixture, load } from "./wwwroot.mjs";

const { acrossBlocksMessage, anchor, isBlank, splitsSurrogatePair } = await load("tagging/offsets.js");

for (const c of fixture("span-anchor-cases.json")) {
  test("shared case: " + c.name, () => {
    const result = anchor(c.text, c.start, c.end, c.quote);
    if (c.error) {
      assert.equal(result.ok, false);
      assert.equal(result.error, c.error);
    } else {
      assert.deepEqual(result, { ok: true, ...c.expect });
    }
  });
}

test("a missing quote is not checked, like null", () => {
  assert.deepEqual(anchor("x  goal  y", 1, 9, undefined), anchor("x  goal  y", 1, 9, null));
});

test("each failure names its reason", () => {
  assert.equal(anchor("abc", 0, 4, null).reason, "outside");
  assert.equal(anchor("a😀", 0, 2, null).reason, "splits");
  assert.equal(anchor("a  b", 1, 3, null).reason, "empty");
  assert.equal(anchor("abc", 0, 3, "abd").reason, "quote");
});

test("an offset splits a pair only between its two halves", () => {
  const text = "a😀b";
  assert.deepEqual([0, 1, 2, 3, 4].map((i) => splitsSurrogatePair(text, i)), [false, false, true, false, false]);
  assert.equal(splitsSurrogatePair("\udc00\ud800", 1), false);
});

test("a block counts as selected only with more than white space in it", () => {
  assert.equal(isBlank(""), true);
  assert.equal(isBlank(" \n\t"), true);
  assert.equal(isBlank("\u00a0\ufeff"), true);
  assert.equal(isBlank(" x "), false);
});

test("a selection across blocks says how many", () => {
  assert.match(acrossBlocksMessage(3), /^A tag must stay inside one block\. This selection runs across 3 blocks/);
});
