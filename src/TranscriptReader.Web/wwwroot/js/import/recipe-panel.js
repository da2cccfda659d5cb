// The field mapping panel of the import page: asks the API for a suggested mapping of one file, shows the
// file's structure and the mapping in an editor, previews the first three transcripts as the mapping changes,
// saves it under a name, and hands it to the import. Touches the page; the rules are in recipe-form.js.
import { api, csrf } from "../api.js";
import { cutAtLastNewline, fieldsToRecipe, pathOptions, recipeToFields } from "./recipe-form.js";
import { drawPreview, drawStructure } from "./preview.js";

/** A JSON Lines file larger than this is previewed from its first lines only. */
const PREVIEW_BYTES = 2 * 1024 * 1024;
const FIELDS = ["records", "each", "unitPath", "keyAs", "system", "user", "messagesPath", "messagesRole", "messagesContent",
  "messagesRoles", "reasoning", "response", "title", "model", "metadata"];

async function postFile(url, file, extra) {
  var data = new FormData();
  data.append("files", file, file.name);
  Object.keys(extra || {}).forEach(function (k) { data.append(k, extra[k]); });
  var res = await fetch(url, { method: "POST", body: data, credentials: "same-origin", headers: { "X-CSRF-TOKEN": csrf() } });
  var body = await res.json().catch(function () { return {}; });
  return { status: res.status, body: body };
}

async function previewFile(file) {
  if (!/\.(jsonl|ndjson)$/i.test(file.name) || file.size <= PREVIEW_BYTES) { return file; }
  var head = cutAtLastNewline(await file.slice(0, PREVIEW_BYTES).text());
  return new File([head], file.name, { type: file.type });
}

/** Wires the panel; onImport(file, recipeJson) runs the import with the mapping. */
export function recipePanel(panel, onImport) {
  var form = panel.querySelector("#recipe-form");
  var part = function (name) { return panel.querySelector('[data-recipe="' + name + '"]'); };
  var file = null;
  var sample = null;
  var timer = null;
  var asked = 0;

  function setStatus(text, isError) {
    var status = part("status");
    status.textContent = text;
    status.className = isError ? "import-error" : "muted";
  }

  function current() {
    var fields = {};
    FIELDS.forEach(function (name) { fields[name] = form.elements[name].value; });
    return fieldsToRecipe(fields);
  }

  function fill(recipe) {
    var fields = recipeToFields(recipe);
    FIELDS.forEach(function (name) { form.elements[name].value = fields[name]; });
  }

  function showJson() {
    var read = current();
    part("json").textContent = read.error ? read.error : JSON.stringify(read.recipe, null, 2);
    return read;
  }

  async function refresh() {
    var read = showJson();
    var preview = part("preview");
    if (read.error) { drawPreview(preview, [], read.error); return; }
    var mine = ++asked;
    preview.setAttribute("aria-busy", "true");
    var answer = await postFile("/api/v1/import-recipes/preview", sample, { recipe: JSON.stringify(read.recipe) })
      .catch(function (e) { return { status: 0, body: { detail: String(e.message || e) } }; });
    if (mine !== asked) { return; }
    preview.removeAttribute("aria-busy");
    if (answer.status === 200) {
      drawPreview(preview, answer.body.preview);
    } else {
      drawPreview(preview, [], answer.body.detail || ("The server answered " + answer.status));
    }
  }

  function later() {
    clearTimeout(timer);
    showJson();
    timer = setTimeout(refresh, 400);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("submit", function (e) { e.preventDefault(); });

  part("import").addEventListener("click", function () {
    var read = current();
    if (read.error) { setStatus(read.error, true); return; }
    onImport(file, JSON.stringify(read.recipe));
  });

  part("save").addEventListener("click", async function () {
    var read = current();
    var name = part("name").value.trim();
    if (read.error) { setStatus(read.error, true); return; }
    if (!name) { setStatus("Give the mapping a name to save it.", true); part("name").focus(); return; }
    try {
      var saved = await api("POST", "/api/v1/import-recipes", { name: name, recipe: read.recipe });
      setStatus("Saved as \u201c" + saved.name + "\u201d: choose it under Field mapping to import more files like this one.");
      var select = document.getElementById("recipe-select");
      if (select && !Array.prototype.some.call(select.options, function (o) { return o.value === saved.name; })) {
        select.appendChild(new Option(saved.name, saved.name));
      }
    } catch (err) {
      setStatus(err.message, true);
    }
  });

  part("close").addEventListener("click", function () { panel.hidden = true; });

  /** Opens the panel for one file and asks for a suggestion. */
  async function open(chosen) {
    file = chosen;
    sample = await previewFile(chosen);
    panel.hidden = false;
    part("file").textContent = chosen.name;
    part("name").value = "";
    setStatus("Reading the file…");
    part("preview").innerHTML = "";
    panel.scrollIntoView({ behavior: "smooth", block: "start" });
    var answer = await postFile("/api/v1/import-recipes/suggest", sample)
      .catch(function (e) { return { status: 0, body: { detail: String(e.message || e) } }; });
    var body = answer.body || {};
    var structure = body.structure || null;
    drawStructure(panel.querySelector(".structure-table tbody"), structure);
    var list = panel.querySelector("#recipe-paths");
    list.innerHTML = "";
    pathOptions(structure).forEach(function (p) { list.appendChild(new Option(p)); });
    if (answer.status === 200) {
      fill(body.recipe);
      setStatus("Suggested from the file's structure. Adjust any field; the preview follows.");
      showJson();
      drawPreview(part("preview"), body.preview);
    } else {
      fill({});
      showJson();
      setStatus(body.detail || ("The server answered " + answer.status), true);
    }
  }

  return { open: open };
}
