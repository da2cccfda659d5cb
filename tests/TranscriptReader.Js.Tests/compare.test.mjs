// Side-by-side alignment (wwwroot/js/compare/align.js).
import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./wwwroot.mjs";

const { rowHeights, mirroredTop } = await load("compare/align.js");

test("each row takes the taller message of the two columns", () => {
  assert.deepEqual(rowHeights([10, 50, 30], [20, 40, 30]), [20, 50, 30]);
});

test("a shorter column leaves rows of the longer one as they are", () => {
  assert.deepEqual(rowHeights([10], [20, 40, 5]), [20, 40, 5]);
  assert.deepEqual(rowHeights([], []), []);
});

test("the other column scrolls to the same offset, within its own limit", () => {
  assert.equal(mirroredTop(120, 1000, 400), 120);
  assert.equal(mirroredTop(900, 1000, 400), 600);
  assert.equal(mirroredTop(50, 300, 400), 0);
});
