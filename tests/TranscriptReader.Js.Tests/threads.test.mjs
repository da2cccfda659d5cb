// The sidebar's thread addresses and small rules (wwwroot/js/tagging/threads.js).
import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./wwwroot.mjs";

const { addedIds, commentIdOf, countIn, draftKey, sameTag, sameTarget, tabText, threadFromHash, threadHash, threadUrl } = await load("tagging/threads.js");

test("a hash names a tagging's thread, a comment's thread or the transcript's discussion", () => {
  assert.deepEqual(threadFromHash("#tag-12"), { kind: "tagging", id: 12 });
  assert.deepEqual(threadFromHash("#comment-7"), { kind: "comment", id: 7 });
  assert.deepEqual(threadFromHash("#discussion"), { kind: "transcript" });
  for (const other of ["", "#", "#tag-", "#tag-1x", "#msg-3", "#block-4", "#comment-", "#tag-12 ", "#Discussion"]) {
    assert.equal(threadFromHash(other), null, other);
  }
  assert.equal(threadFromHash(undefined), null);
});

test("the hash of a thread reads back as the same thread", () => {
  for (const target of [{ kind: "tagging", id: 3 }, { kind: "comment", id: 44 }, { kind: "transcript" }]) {
    assert.deepEqual(threadFromHash(threadHash(target)), target);
  }
});

test("each thread is fetched from the transcript's thread fragment", () => {
  assert.equal(threadUrl(5, { kind: "tagging", id: 3 }), "/Transcripts/5/Thread?tagging=3");
  assert.equal(threadUrl(5, { kind: "comment", id: 9 }), "/Transcripts/5/Thread?comment=9");
  assert.equal(threadUrl(5, { kind: "transcript" }), "/Transcripts/5/Thread");
});

test("targets are the same when kind and id agree", () => {
  assert.ok(sameTarget({ kind: "transcript" }, { kind: "transcript" }));
  assert.ok(sameTarget({ kind: "tagging", id: 2 }, { kind: "tagging", id: 2 }));
  assert.ok(!sameTarget({ kind: "tagging", id: 2 }, { kind: "comment", id: 2 }));
  assert.ok(!sameTarget({ kind: "tagging", id: 2 }, { kind: "tagging", id: 3 }));
  assert.ok(!sameTarget(null, { kind: "transcript" }));
});

test("tab texts carry the count from the page's own link", () => {
  assert.equal(countIn("Discussion (4)"), 4);
  assert.equal(countIn("Discussion (0)"), 0);
  assert.equal(countIn("Discussion"), 0);
  assert.equal(tabText("Discussion", 4), "Discussion (4)");
  assert.equal(tabText("Tags", 0), "Tags");
});

test("the comments a refresh added are the new ids, in order", () => {
  assert.deepEqual(addedIds([1, 2, 3], [1, 2, 3, 5, 4]), [5, 4]);
  assert.deepEqual(addedIds([1, 2], [1]), []);
  assert.equal(commentIdOf("comment-31"), 31);
  assert.equal(commentIdOf("discussion"), null);
});

test("a draft belongs to one form for one comment", () => {
  assert.notEqual(draftKey("/Comments/Write", "4", ""), draftKey("/Comments/Write", "5", ""));
  assert.notEqual(draftKey("/Comments/Write", "", ""), draftKey("/Comments/Write?handler=Edit", "", "4"));
  assert.equal(draftKey("/Comments/Write", "", ""), draftKey("/Comments/Write", undefined, null));
});

test("the same tag is the same passage under the same label, whoever applied it", () => {
  const t = { id: 1, blockId: 9, start: 0, end: 5, labelId: 2 };
  const all = [t, { id: 2, blockId: 9, start: 0, end: 5, labelId: 2 }, { id: 3, blockId: 9, start: 0, end: 5, labelId: 4 },
    { id: 4, blockId: 9, start: 1, end: 5, labelId: 2 }, { id: 5, blockId: 8, start: 0, end: 5, labelId: 2 }];
  assert.deepEqual(sameTag(t, all).map((x) => x.id), [1, 2]);
});
