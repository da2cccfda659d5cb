// Loads modules of src/TranscriptReader.Web/wwwroot/js and the shared case files for tests.
// The browser modules are ES modules named .js with no package.json to say so (browsers need none).
// Node reads such files as ES modules only from 20.19 on; the load hook registered here tells older
// versions too, so a test must import them through load(), after the hook is in place.
import { readFileSync } from "node:fs";
import { register } from "node:module";

register("./esm-hooks.mjs", import.meta.url);

/** The folder of the browser scripts. */
export const jsRoot = new URL("../../src/TranscriptReader.Web/wwwroot/js/", import.meta.url);

/** Imports a browser module by its path under wwwroot/js, e.g. "tagging/offsets.js". */
export function load(path) {
  return import(new URL(path, jsRoot).href);
}

/** The cases of a file in tests/Fixtures, which the C# tests read too. */
export function fixture(file) {
  return JSON.parse(readFileSync(new URL("../Fixtures/" + file, import.meta.url), "utf8")).cases;
}
