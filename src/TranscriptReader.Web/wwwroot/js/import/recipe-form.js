// A field mapping ("import recipe", docs/import-recipes.md) as the import page's editor shows it: one
// input per recipe field, lists as one line each. Pure: tested with node --test.

/** The editor's fields, all strings, for a recipe as the API sends it (absent fields may be null). */
export function recipeToFields(recipe) {
  var r = recipe || {};
  var unit = r.transcript || {};
  var messages = r.messages || {};
  return {
    records: r.records || "",
    each: unit.each || "record",
    unitPath: unit.path || "",
    keyAs: unit.keyAs || "",
    system: r.system || "",
    user: (r.user || []).join("\n"),
    messagesPath: messages.path || "",
    messagesRole: r.messages ? (messages.role || "role") : "",
    messagesContent: r.messages ? (messages.content || "content") : "",
    messagesRoles: pairsToLines(messages.roles),
    reasoning: r.reasoning || "",
    response: r.response || "",
    title: r.title || "",
    model: r.model || "",
    metadata: pairsToLines(r.metadata),
  };
}

function pairsToLines(map) {
  return Object.keys(map || {}).map(function (k) { return k + " = " + map[k]; }).join("\n");
}

/** "name = path" lines as an object; a line without "=" is an error naming it. */
export function linesToPairs(text, what) {
  var map = {};
  var lines = (text || "").split("\n");
  for (var i = 0; i < lines.length; i++) {
    var line = lines[i].trim();
    if (!line) { continue; }
    var eq = line.indexOf("=");
    if (eq <= 0) { return { error: what + ", line " + (i + 1) + ": write it as name = path" }; }
    map[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return { map: map };
}

/** The recipe (as JSON) for the editor's fields, without empty fields; or {error} for a line that cannot be read. */
export function fieldsToRecipe(fields) {
  var f = fields;
  var recipe = { version: 1 };
  var text = function (v) { return (v || "").trim(); };
  if (text(f.records)) { recipe.records = text(f.records); }
  recipe.transcript = { each: text(f.each) || "record" };
  if (recipe.transcript.each !== "record") {
    if (text(f.unitPath)) { recipe.transcript.path = text(f.unitPath); }
    if (text(f.keyAs)) { recipe.transcript.keyAs = text(f.keyAs); }
  }
  if (text(f.system)) { recipe.system = text(f.system); }
  var user = (f.user || "").split("\n").map(function (u) { return u.trim(); }).filter(Boolean);
  if (user.length) { recipe.user = user; }
  if (text(f.messagesPath)) {
    recipe.messages = { path: text(f.messagesPath), role: text(f.messagesRole) || "role", content: text(f.messagesContent) || "content" };
    var roles = linesToPairs(f.messagesRoles, "Roles");
    if (roles.error) { return { error: roles.error }; }
    if (Object.keys(roles.map).length) { recipe.messages.roles = roles.map; }
  }
  ["reasoning", "response", "title", "model"].forEach(function (name) {
    if (text(f[name])) { recipe[name] = text(f[name]); }
  });
  var metadata = linesToPairs(f.metadata, "Metadata");
  if (metadata.error) { return { error: metadata.error }; }
  if (Object.keys(metadata.map).length) { recipe.metadata = metadata.map; }
  return { recipe: recipe };
}

/**
 * Paths to offer in the editor's inputs, from the file's structure (the suggest answer): fields of the record
 * as paths, and fields inside a list of objects (responses[].text) or an object of entries (results.*.score)
 * also as paths from the element or entry ("@.text").
 */
export function pathOptions(structure) {
  var seen = {};
  var out = [];
  function add(p) { if (p && !seen[p]) { seen[p] = true; out.push(p); } }
  ((structure && structure.fields) || []).forEach(function (field) {
    var path = field.path;
    var inner = path.match(/^(.*?)(\[\]|\.\*)\.(.+)$/);
    if (inner) {
      add("@." + inner[3]);
      return;
    }
    add(path.replace(/(\[\]|\.\*)$/, ""));
  });
  return out;
}

/** For a preview of a large JSON Lines file: the text up to its last complete line. */
export function cutAtLastNewline(text) {
  var end = text.lastIndexOf("\n");
  return end < 0 ? text : text.slice(0, end + 1);
}
