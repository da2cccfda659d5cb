// Counter-label disputes (wwwroot/js/tagging/dispute.js).
import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./wwwroot.mjs";

const { canCounter, disputeLine, disputeOf } = await load("tagging/dispute.js");

const original = { id: 5, label: "goal guarding", agrees: 3, userId: "ada" };
const counter = { id: 9, label: "doubts about setup", agrees: 2, userId: "bo", alternativeTo: 5 };
const another = { id: 12, label: "goal guarding", agrees: 1, userId: "cy", alternativeTo: 5 };
const unrelated = { id: 7, label: "sycophancy", agrees: 4, userId: "bo" };
const all = [unrelated, another, counter, original];

test("a dispute is the first tagging and every counter-label linked to it, whichever member is asked", () => {
  assert.deepEqual(disputeOf(original, all).map((t) => t.id), [5, 9, 12]);
  assert.deepEqual(disputeOf(counter, all).map((t) => t.id), [5, 9, 12]);
  assert.deepEqual(disputeOf(unrelated, all).map((t) => t.id), [7]);
});

test("a counter-label whose original is gone is its own dispute", () => {
  assert.deepEqual(disputeOf(counter, [counter]).map((t) => t.id), [9]);
});

test("the line shows each label once with its agrees, most first", () => {
  assert.equal(disputeLine(disputeOf(original, all)), "goal guarding 4 · doubts about setup 2");
});

test("only a signed-in reader answers, and only another reader's tagging", () => {
  assert.equal(canCounter(original, { userId: "bo" }), true);
  assert.equal(canCounter(original, { userId: "ada" }), false);
  assert.equal(canCounter(original, { userId: null }), false);
});
