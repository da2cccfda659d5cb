// Quoting a passage into a comment (wwwroot/js/discussion/quote.js).
import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./wwwroot.mjs";

const { insertQuote } = await load("discussion/quote.js");

test("a quote into an empty box needs no line break before it", () => {
  assert.deepEqual(insertQuote("", 0, 0, "> q\n\n"), { value: "> q\n\n", caret: 5 });
});

test("a quote after text starts a paragraph of its own", () => {
  assert.deepEqual(insertQuote("I think", 7, 7, "> q\n\n"), { value: "I think\n\n> q\n\n", caret: 14 });
  assert.deepEqual(insertQuote("I think\n", 8, 8, "> q\n\n"), { value: "I think\n\n> q\n\n", caret: 14 });
  assert.deepEqual(insertQuote("I think\n\n", 9, 9, "> q\n\n"), { value: "I think\n\n> q\n\n", caret: 14 });
});

test("a quote replaces the selected text and keeps what follows", () => {
  assert.deepEqual(insertQuote("a XX b", 2, 4, "> q\n"), { value: "a \n\n> q\n b", caret: 8 });
});
