// Import with live progress: posts the form to the import API and renders each file's transcripts as the
// server streams them (NDJSON), with a Cancel button that aborts the request (the server stops before the
// next transcript; what was stored stays, whole). For JSON no format fits, the field mapping panel suggests
// a mapping and imports with it. Without scripts the form posts to the page and shows a summary.
import { csrf } from "./api.js";
import { completeLines } from "./import/ndjson.js";
import { applyEvent, mappableFiles, newImport } from "./import/progress.js";
import { progressTable } from "./import/rows.js";
import { recipePanel } from "./import/recipe-panel.js";

function isJson(file) { return /\.(json|jsonl|ndjson)$/i.test(file.name); }

function start(form, panel, mapping) {
  var heading = panel.querySelector("h2");
  var cancel = document.getElementById("import-cancel");
  var note = panel.querySelector(".import-note");
  var mapButton = document.getElementById("map-fields");
  var fileInput = form.querySelector('input[type="file"]');
  var running = null;
  var recipes = null;
  var table = progressTable(panel, function (name) { openMapping(name); });

  function chosenFile(name) {
    var files = Array.prototype.slice.call(fileInput.files || []);
    return files.filter(function (f) { return f.name === name || name.indexOf(f.name + "/") === 0; })[0] || null;
  }

  function openMapping(name) {
    var file = name ? chosenFile(name) : fileInput.files[0];
    if (!file) { return; }
    recipes = recipes || recipePanel(mapping, function (f, recipe) { importWith(f, recipe); });
    recipes.open(file);
  }

  function syncMapButton() {
    var files = fileInput.files || [];
    mapButton.hidden = !(files.length === 1 && isJson(files[0]));
  }
  fileInput.addEventListener("change", syncMapButton);
  syncMapButton();
  mapButton.addEventListener("click", function () { openMapping(null); });

  function say(text) { note.hidden = !text; note.textContent = text || ""; }

  async function run(body) {
    var button = form.querySelector("button[type=submit]");
    var state = newImport();
    var abort = new AbortController();
    running = abort;
    button.disabled = true;
    cancel.hidden = false;
    cancel.disabled = false;
    table.reset();
    say("");
    panel.hidden = false;
    heading.textContent = "Importing…";
    table.update(state, null);
    var old = document.querySelector(".import-summary"); if (old) { old.remove(); }
    function handle(evt) {
      var file = applyEvent(state, evt);
      table.update(state, file);
      if (evt.type === "summary") {
        table.refreshTitles(state);
        heading.textContent = "Done";
      } else if (evt.type === "error") {
        // The server stopped part way (e.g. the database went away): what is listed was stored, the rest not.
        heading.textContent = "Stopped";
        say(evt.error);
      }
    }
    try {
      var res = await fetch("/api/v1/transcripts", {
        method: "POST", body: body, credentials: "same-origin", signal: abort.signal,
        headers: { "Accept": "application/x-ndjson", "X-CSRF-TOKEN": csrf() }
      });
      if (!res.ok) {
        var problem = await res.json().catch(function () { return {}; });
        handle({ type: "file", file: "upload", error: problem.detail || ("The server answered " + res.status) });
        heading.textContent = "Not imported";
        return;
      }
      var reader = res.body.getReader();
      var decoder = new TextDecoder();
      var buffered = "";
      for (;;) {
        var chunk = await reader.read();
        if (chunk.done) { break; }
        buffered += decoder.decode(chunk.value, { stream: true });
        var split = completeLines(buffered);
        buffered = split.rest;
        split.lines.forEach(function (line) { handle(JSON.parse(line)); });
      }
      if (buffered.trim()) { handle(JSON.parse(buffered)); }
      var mappable = mappableFiles(state);
      if (mappable.length === 1 && state.files.length === 1) {
        // One file that no format fits: show the suggested mapping straight away.
        openMapping(mappable[0]);
      }
    } catch (err) {
      if (abort.signal.aborted) {
        heading.textContent = "Cancelled";
        say("The import was cancelled. The transcripts listed were stored, each one whole; the rest were not imported. "
          + "Import the same files again to add the rest: those already stored are skipped as duplicates.");
      } else {
        handle({ type: "file", file: "upload", error: String(err.message || err) });
      }
    } finally {
      running = null;
      button.disabled = false;
      cancel.hidden = true;
    }
  }

  function importWith(file, recipe) {
    var body = new FormData();
    body.append("files", file, file.name);
    body.append("recipeDocument", recipe);
    var collection = form.elements.collection.value;
    if (collection) { body.append("collection", collection); }
    panel.scrollIntoView({ behavior: "smooth", block: "start" });
    run(body);
  }

  cancel.addEventListener("click", function () {
    if (running) { cancel.disabled = true; heading.textContent = "Cancelling…"; running.abort(); }
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    run(new FormData(form));
  });
}

const form = document.getElementById("import-form");
const panel = document.getElementById("import-progress");
const mapping = document.getElementById("recipe-panel");
if (form && panel && mapping && window.fetch && window.TextDecoder && window.AbortController) { start(form, panel, mapping); }
