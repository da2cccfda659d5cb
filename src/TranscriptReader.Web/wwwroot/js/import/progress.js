// The state of a streamed import, built from the server's NDJSON events (see Api/ImportStream.cs):
// one entry per file with its transcripts as they are stored. Pure: tested with node --test.

/** A new import: no files yet, running. */
export function newImport() {
  return { files: [], byName: {}, phase: "running", message: null };
}

function entry(state, name) {
  var found = state.byName[name];
  if (!found) {
    found = { name: name, total: null, done: 0, transcripts: [], duplicates: [], error: null, noFormatFits: false, finished: false };
    state.byName[name] = found;
    state.files.push(found);
  }
  return found;
}

/**
 * Applies one event and returns the file it was about (null for the import as a whole). Events:
 * parsed {file, total}, progress {file, done, total, transcripts: [{id, title}], duplicates: [{title, existingId}]},
 * file {file, imported: [ids], duplicates, error, noFormatFits}, summary {summary}, error {error}.
 */
export function applyEvent(state, evt) {
  switch (evt.type) {
    case "parsed": {
      var parsed = entry(state, evt.file);
      parsed.total = evt.total;
      return parsed;
    }
    case "progress": {
      var p = entry(state, evt.file);
      p.total = evt.total;
      p.done = evt.done;
      (evt.transcripts || []).forEach(function (t) { p.transcripts.push({ id: t.id, title: t.title }); });
      (evt.duplicates || []).forEach(function (d) { p.duplicates.push({ existingId: d.existingId, title: d.title }); });
      return p;
    }
    case "file": {
      var f = entry(state, evt.file);
      f.finished = true;
      f.error = evt.error || null;
      f.noFormatFits = !!evt.noFormatFits;
      // A file whose transcripts were not announced one by one still lists what it stored.
      var known = {};
      f.transcripts.forEach(function (t) { known[t.id] = true; });
      (evt.imported || []).forEach(function (id) { if (!known[id]) { f.transcripts.push({ id: id, title: null }); } });
      if (f.duplicates.length === 0) {
        (evt.duplicates || []).forEach(function (d) { f.duplicates.push({ existingId: d.existingId, title: d.title }); });
      }
      if (f.total === null) { f.total = f.transcripts.length + f.duplicates.length; }
      f.done = f.transcripts.length + f.duplicates.length;
      return f;
    }
    case "summary": {
      var titles = {};
      ((evt.summary && evt.summary.created) || []).forEach(function (c) { titles[c.id] = c.title; });
      state.files.forEach(function (file) {
        file.transcripts.forEach(function (t) { if (!t.title && titles[t.id]) { t.title = titles[t.id]; } });
      });
      state.phase = "done";
      return null;
    }
    case "error":
      state.phase = "stopped";
      state.message = evt.error;
      return null;
    default:
      return null;
  }
}

/** Totals over all files, as the page shows them. */
export function totals(state) {
  var result = { imported: 0, duplicates: 0, failed: 0 };
  state.files.forEach(function (f) {
    result.imported += f.transcripts.length;
    result.duplicates += f.duplicates.length;
    if (f.error) { result.failed++; }
  });
  return result;
}

/** "1,234 of 20,000" for a file being stored; "" before its size is known. */
export function progressText(file) {
  if (file.total === null) { return ""; }
  return file.done.toLocaleString("en-US") + " of " + file.total.toLocaleString("en-US");
}

/** The file a reader can map fields for after it failed: JSON that no format fits. */
export function mappableFiles(state) {
  return state.files.filter(function (f) { return f.finished && f.error && f.noFormatFits; }).map(function (f) { return f.name; });
}
