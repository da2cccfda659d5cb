// Reading the import API's streamed NDJSON (wwwroot/js/import/ndjson.js).
import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./wwwroot.mjs";

const { completeLines } = await load("import/ndjson.js");

test("complete lines are handed on and the unfinished rest waits", () => {
  assert.deepEqual(completeLines('{"a":1}\n{"b":'), { lines: ['{"a":1}'], rest: '{"b":' });
  assert.deepEqual(completeLines('{"a":1}\n'), { lines: ['{"a":1}'], rest: "" });
  assert.deepEqual(completeLines("partial"), { lines: [], rest: "partial" });
});

test("empty lines are skipped", () => {
  assert.deepEqual(completeLines("\n\n1\n\n2\n"), { lines: ["1", "2"], rest: "" });
});
