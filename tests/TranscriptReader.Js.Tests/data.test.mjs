// The page data rules of wwwroot/js/tagging/data.js and text.js.
import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./wwwroot.mjs";

const data = await load("tagging/data.js");
const { excerpt, isWhiteSpace } = await load("tagging/text.js");

test("taggings get their label, reader, own vote and the quote cut from their block", () => {
  const shared = {
    labels: { 7: { name: "goal guarding", color: "#123456" } },
    users: { u1: "Ada" },
    taggings: [
      { id: 1, labelId: 7, userId: "u1", blockId: 10, start: 4, end: 10 },
      { id: 2, labelId: 99, userId: "gone", blockId: 11, start: 0, end: 2 },
    ],
  };
  const texts = { 10: "say 😀hi😀 now", 11: "" };

  const taggings = data.joinTaggings(shared, { 1: -1 }, (id) => texts[id]);

  assert.deepEqual(
    taggings.map((t) => [t.label, t.color, t.user, t.quote, t.myVote]),
    [["goal guarding", "#123456", "Ada", "😀hi😀", -1], ["", "", "", "", 0]]);
});

test("missing parts of the page data count as empty", () => {
  assert.deepEqual(data.joinTaggings({}, undefined, () => ""), []);
});

test("id lists parse from space-separated attributes", () => {
  assert.deepEqual(data.parseIds("3 14  15"), [3, 14, 15]);
  assert.deepEqual(data.parseIds(""), []);
  assert.deepEqual(data.parseIds(null), []);
});

test("a sidebar entry sums the votes of its taggings", () => {
  const byId = new Map([[1, { agrees: 2, disputes: 1 }], [2, { agrees: 1, disputes: 0 }]]);
  assert.deepEqual(data.sumVotes([1, 2, 3], byId), { agrees: 3, disputes: 1 });
  assert.equal(data.votesText(3, 1), "3 agree · 1 dispute");
  assert.equal(data.statusLine({ agrees: 0, disputes: 2, status: "contested" }), "0 agree · 2 dispute · contested");
});

test("pressing one's own vote again withdraws it", () => {
  assert.equal(data.nextVote(1, 1), 0);
  assert.equal(data.nextVote(-1, 1), 1);
  assert.equal(data.nextVote(0, -1), -1);
});

test("only #tag-<digits> is a permalink", () => {
  assert.equal(data.taggingIdFromHash("#tag-42"), 42);
  assert.equal(data.taggingIdFromHash("#tag-"), null);
  assert.equal(data.taggingIdFromHash("#tag-4x"), null);
  assert.equal(data.taggingIdFromHash(""), null);
});

test("readers delete their own taggings, moderators anyone's, anonymous readers none", () => {
  const t = { userId: "u1" };
  assert.equal(data.canDelete(t, { userId: "u1" }), true);
  assert.equal(data.canDelete(t, { userId: "u2" }), false);
  assert.equal(data.canDelete(t, { userId: "u2", canModerate: true }), true);
  assert.equal(data.canDelete(t, { canModerate: true }), false);
});

test("small texts of the popovers", () => {
  assert.equal(data.discussText(0), "Discuss");
  assert.equal(data.discussText(3), "Discuss (3)");
  assert.equal(data.popoverName("tag"), "Tag the selected passage");
  assert.equal(data.popoverName("details"), "Tag details");
  assert.equal(data.popoverName("login"), "Tagging");
});

test("arrow keys wrap around the options", () => {
  assert.equal(data.wrapIndex(2, 1, 3), 0);
  assert.equal(data.wrapIndex(0, -1, 3), 2);
  assert.equal(data.wrapIndex(1, 1, 3), 2);
});

test("an excerpt never ends on half an emoji", () => {
  assert.equal(excerpt("short", 10), "short");
  assert.equal(excerpt("abcdef", 3), "abc…");
  assert.equal(excerpt("ab😀cd", 3), "ab…");
  assert.equal(excerpt("ab😀cd", 4), "ab😀…");
});

test("white space is .NET's char.IsWhiteSpace, not JavaScript's \\s", () => {
  for (const ch of ["\t", "\n", "\u000b", "\f", "\r", " ", "\u0085", "\u00a0", "\u1680", "\u2000", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000"]) {
    assert.equal(isWhiteSpace(ch), true, "U+" + ch.charCodeAt(0).toString(16));
  }
  for (const ch of ["\ufeff", "\u200b", "\u180e", "x", "", "  "]) {
    assert.equal(isWhiteSpace(ch), false, JSON.stringify(ch));
  }
});

test("a tag's status follows TaggingStatus.Of on its summed votes", () => {
  assert.equal(data.statusOf(0, 0), "proposed");
  assert.equal(data.statusOf(1, 0), "proposed");
  assert.equal(data.statusOf(2, 0), "accepted");
  assert.equal(data.statusOf(2, 2), "contested");
  assert.equal(data.statusOf(3, 2), "accepted");
  assert.equal(data.statusOf(0, 1), "contested");
});

test("a tag's summary counts its readers and sums its taggings' votes", () => {
  const byId = new Map([[1, { agrees: 1, disputes: 0 }], [2, { agrees: 1, disputes: 1 }]]);
  assert.equal(data.tagSummary([1, 2], byId), "2 readers · 2 agree · 1 dispute · accepted");
  assert.equal(data.tagSummary([1], byId), "1 reader · 1 agree · 0 dispute · proposed");
});
