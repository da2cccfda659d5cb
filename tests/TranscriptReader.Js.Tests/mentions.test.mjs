// @name completion in comment boxes (wwwroot/js/discussion/mentions.js).
import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./wwwroot.mjs";

const m = await load("discussion/mentions.js");

test("the token at the caret starts at an @ that begins a word", () => {
  assert.deepEqual(m.mentionAt("@al", 3), { start: 0, query: "al" });
  assert.deepEqual(m.mentionAt("Ask @", 5), { start: 4, query: "" });
  assert.deepEqual(m.mentionAt("Thanks (@Ada Lo", 15), { start: 8, query: "Ada Lo" });
  assert.deepEqual(m.mentionAt("@bo and then", 3), { start: 0, query: "bo" });
  assert.equal(m.mentionAt("mail ada@example.org", 20), null);
  assert.equal(m.mentionAt("no mention here", 15), null);
  assert.equal(m.mentionAt("@ada", 0), null);
});

test("no token across a line break, after a space right behind the @, or longer than a name", () => {
  assert.equal(m.mentionAt("@ada\nnext", 9), null);
  assert.equal(m.mentionAt("@ bob", 5), null);
  assert.equal(m.mentionAt("@" + "a".repeat(51), 52), null);
  assert.deepEqual(m.mentionAt("@" + "a".repeat(50), 51), { start: 0, query: "a".repeat(50) });
});

test("names are ranked: prefix as typed, prefix in any case, then a word of the name; shorter first", () => {
  const names = ["Alan Turing", "alice", "Ada Lovelace", "Bob", "Al", "Sam Altman", "Malory"];
  assert.deepEqual(m.rankNames(names, "Al"), ["Al", "Alan Turing", "alice", "Sam Altman"]);
  assert.deepEqual(m.rankNames(names, "lo"), ["Ada Lovelace"]);
  assert.deepEqual(m.rankNames(names, "ada l"), ["Ada Lovelace"]);
  assert.deepEqual(m.rankNames(names, "Al", 2), ["Al", "Alan Turing"]);
  assert.deepEqual(m.rankNames(names, "zz"), []);
});

test("a longer query is answered from a shorter one's names unless that answer was cut off", () => {
  assert.ok(m.coveredBy({ query: "al", names: ["Alan", "Alice"] }, "Ali"));
  assert.ok(!m.coveredBy({ query: "al", names: ["Alan", "Alice"] }, "a"));
  assert.ok(!m.coveredBy({ query: "al", names: ["Alan", "Alice"] }, "bo"));
  assert.ok(!m.coveredBy({ query: "a", names: new Array(m.MAX_RESULTS).fill("Ann") }, "an"));
  assert.ok(!m.coveredBy(null, "a"));
});

test("choosing a name replaces the token and the rest of its word; a space ends the mention unless punctuation does", () => {
  assert.deepEqual(m.insertMention("Hi @al", 3, 6, "Alan Turing"), { value: "Hi @Alan Turing ", caret: 16 });
  assert.deepEqual(m.insertMention("Hi @al, see", 3, 6, "Alice"), { value: "Hi @Alice, see", caret: 9 });
  assert.deepEqual(m.insertMention("@alfoo", 0, 3, "Alice"), { value: "@Alice ", caret: 7 });
  assert.deepEqual(m.insertMention("@al there", 0, 3, "Alice"), { value: "@Alice there", caret: 7 });
  assert.deepEqual(m.insertMention("@alXYZ\nnext", 0, 3, "Alice"), { value: "@Alice\nnext", caret: 6 });
});

test("the name list opens below the box when it fits, else on the side with more room", () => {
  const view = { top: 0, height: 800 };
  assert.equal(m.listPlacement({ top: 100, bottom: 180 }, 200, view), "below");
  assert.equal(m.listPlacement({ top: 600, bottom: 680 }, 200, view), "above");
  assert.equal(m.listPlacement({ top: 300, bottom: 380 }, 600, view), "below");
  assert.equal(m.listPlacement({ top: 500, bottom: 580 }, 600, view), "above");
  // The visual viewport scrolled down (pinch zoom or a keyboard): its top moves, and with it the room above.
  assert.equal(m.listPlacement({ top: 1000, bottom: 1080 }, 200, { top: 700, height: 400 }), "above");
  assert.equal(m.listPlacement({ top: 720, bottom: 800 }, 200, { top: 700, height: 400 }), "below");
});
