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

// The import's state from the streamed events (wwwroot/js/import/progress.js).
const { newImport, applyEvent, totals, progressText, mappableFiles } = await load("import/progress.js");

test("transcripts are named as they are stored, before their file is done", () => {
  const state = newImport();
  applyEvent(state, { type: "parsed", file: "big.jsonl", total: 3 });
  const file = applyEvent(state, { type: "progress", file: "big.jsonl", done: 2, total: 3,
    transcripts: [{ id: 7, title: "First" }], duplicates: [{ title: "Second", existingId: 2 }] });
  assert.equal(file.name, "big.jsonl");
  assert.deepEqual(file.transcripts, [{ id: 7, title: "First" }]);
  assert.equal(progressText(file), "2 of 3");
  assert.deepEqual(totals(state), { imported: 1, duplicates: 1, failed: 0 });
  applyEvent(state, { type: "progress", file: "big.jsonl", done: 3, total: 3, transcripts: [{ id: 8, title: "Third" }], duplicates: [] });
  applyEvent(state, { type: "file", file: "big.jsonl", imported: [7, 8], duplicates: [{ title: "Second", existingId: 2 }], error: null });
  assert.equal(file.finished, true);
  assert.deepEqual(file.transcripts.map((t) => t.title), ["First", "Third"]);
  assert.deepEqual(totals(state), { imported: 2, duplicates: 1, failed: 0 });
});

test("a file reported only by its result still lists its transcripts, titled by the summary", () => {
  const state = newImport();
  const file = applyEvent(state, { type: "file", file: "a.txt", imported: [3], duplicates: [], error: null });
  assert.deepEqual(file.transcripts, [{ id: 3, title: null }]);
  applyEvent(state, { type: "summary", summary: { created: [{ id: 3, title: "Hello" }] } });
  assert.equal(file.transcripts[0].title, "Hello");
  assert.equal(state.phase, "done");
});

test("a failed file counts once and one no format fits can be mapped", () => {
  const state = newImport();
  applyEvent(state, { type: "file", file: "results.json", imported: [], duplicates: [], error: "no shape", noFormatFits: true });
  applyEvent(state, { type: "file", file: "broken.json", imported: [], duplicates: [], error: "not JSON", noFormatFits: false });
  assert.deepEqual(totals(state), { imported: 0, duplicates: 0, failed: 2 });
  assert.deepEqual(mappableFiles(state), ["results.json"]);
  applyEvent(state, { type: "error", error: "database gone" });
  assert.equal(state.phase, "stopped");
  assert.equal(state.message, "database gone");
});

// The field mapping editor's fields and the recipe document (wwwroot/js/import/recipe-form.js).
const { recipeToFields, fieldsToRecipe, pathOptions, cutAtLastNewline, linesToPairs } = await load("import/recipe-form.js");

test("a suggested recipe fills the editor and comes back the same", () => {
  const recipe = {
    version: 1, records: null, transcript: { each: "entry", path: "results", keyAs: "condition" }, system: null,
    user: ["query"], messages: null, reasoning: null, response: "@", title: "{id} — {@key}", model: null,
    metadata: { score: "scores.@key", id: "id" },
  };
  const fields = recipeToFields(recipe);
  assert.equal(fields.metadata, "score = scores.@key\nid = id");
  assert.equal(fields.user, "query");
  assert.deepEqual(fieldsToRecipe(fields).recipe, {
    version: 1, transcript: { each: "entry", path: "results", keyAs: "condition" }, user: ["query"], response: "@",
    title: "{id} — {@key}", metadata: { score: "scores.@key", id: "id" },
  });
});

test("a message list with a role map, and an unreadable line named", () => {
  const fields = recipeToFields({ messages: { path: "turns", role: "speaker", content: "utterance", roles: { A: "user", B: "assistant" } } });
  assert.equal(fields.messagesRoles, "A = user\nB = assistant");
  assert.deepEqual(fieldsToRecipe(fields).recipe.messages, { path: "turns", role: "speaker", content: "utterance", roles: { A: "user", B: "assistant" } });
  assert.equal(fieldsToRecipe({ ...fields, metadata: "score = s\njust a path" }).error, "Metadata, line 2: write it as name = path");
  assert.deepEqual(linesToPairs(" a = b = c \n\n", "x").map, { a: "b = c" });
});

test("a unit of each record leaves its path out, whatever the inputs still hold", () => {
  const fields = recipeToFields({ transcript: { each: "element", path: "responses", keyAs: "sample" }, response: "@" });
  assert.deepEqual(fieldsToRecipe({ ...fields, each: "record" }).recipe.transcript, { each: "record" });
});

test("paths are offered from the structure, inside lists and entries as paths from the item", () => {
  const structure = { fields: [{ path: "id" }, { path: "results.*" }, { path: "results.*.text" }, { path: "responses[]" }, { path: "responses[].response" }, { path: "question.text" }] };
  assert.deepEqual(pathOptions(structure), ["id", "results", "@.text", "responses", "@.response", "question.text"]);
  assert.deepEqual(pathOptions(null), []);
});

test("a preview of a large JSON Lines file is cut at its last whole line", () => {
  assert.equal(cutAtLastNewline('{"a":1}\n{"b":2}\n{"c":'), '{"a":1}\n{"b":2}\n');
  assert.equal(cutAtLastNewline("no newline"), "no newline");
});
