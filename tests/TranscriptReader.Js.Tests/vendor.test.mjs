// The vendored browser libraries under wwwroot/lib are the versions the lock file names (scripts/vendor-js).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

const web = new URL("../../src/TranscriptReader.Web/", import.meta.url);

test("wwwroot/lib/microsoft-signalr is the @microsoft/signalr of package-lock.json", () => {
  const lock = JSON.parse(readFileSync(new URL("package-lock.json", web), "utf8"));
  const version = lock.packages["node_modules/@microsoft/signalr"].version;
  const script = readFileSync(new URL("wwwroot/lib/microsoft-signalr/signalr.min.js", web), "utf8");
  assert.ok(script.includes('"' + version + '"'), "signalr.min.js is not version " + version + ": run scripts/vendor-js");
});
