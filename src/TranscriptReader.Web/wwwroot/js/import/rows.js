// Draws the import's progress table from its state (progress.js): one row per file, with a progress bar
// while its transcripts are stored and a link to each one as it arrives. Touches the page only.
import { progressText, totals } from "./progress.js";

/** Links drawn per file before the rest wait behind a "show all" button (a dataset can hold 20,000). */
const SHOWN = 200;

function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) { e.className = cls; }
  if (text !== undefined) { e.textContent = text; }
  return e;
}

function link(row, transcript) {
  var li = el("li");
  var a = el("a", null, transcript.title || "Transcript " + transcript.id);
  a.href = "/Transcripts/" + transcript.id;
  row.anchors[transcript.id] = a;
  li.appendChild(a);
  return li;
}

function duplicate(d) {
  var li = el("li");
  li.appendChild(el("span", "badge", "duplicate"));
  li.appendChild(document.createTextNode(" "));
  var a = el("a", null, d.title);
  a.href = "/Transcripts/" + d.existingId;
  li.appendChild(a);
  return li;
}

/** One table body; call update(state, file) after each event, and done(state) at the end. */
export function progressTable(panel, onMap) {
  var body = panel.querySelector("tbody");
  var rows = {};

  function rowFor(file) {
    var row = rows[file.name];
    if (row) { return row; }
    var tr = el("tr");
    var name = el("td");
    name.appendChild(el("code", null, file.name));
    var result = el("td");
    var status = el("div", "import-status");
    var bar = el("progress");
    bar.hidden = true;
    var count = el("span", "import-count muted");
    status.appendChild(bar);
    status.appendChild(count);
    var list = el("ul", "import-titles");
    result.appendChild(status);
    result.appendChild(list);
    tr.appendChild(name);
    tr.appendChild(result);
    body.appendChild(tr);
    row = { tr: tr, result: result, status: status, bar: bar, count: count, list: list, shown: 0, dups: 0, more: null, anchors: {} };
    rows[file.name] = row;
    return row;
  }

  function drawMore(row, file) {
    var hidden = file.transcripts.length - row.shown;
    if (hidden <= 0) { if (row.more) { row.more.remove(); row.more = null; } return; }
    if (!row.more) {
      row.more = el("button", "link-button import-more");
      row.more.type = "button";
      row.more.addEventListener("click", function () {
        for (; row.shown < file.transcripts.length; row.shown++) { row.list.appendChild(link(row, file.transcripts[row.shown])); }
        drawMore(row, file);
      });
      row.result.appendChild(row.more);
    }
    row.more.textContent = "Show all " + file.transcripts.length.toLocaleString("en-US") + " (" + hidden.toLocaleString("en-US") + " more)";
  }

  function update(state, file) {
    if (file) {
      var row = rowFor(file);
      if (file.total !== null && !file.finished) {
        row.bar.hidden = false;
        row.bar.max = Math.max(1, file.total);
        row.bar.value = file.done;
      } else {
        row.bar.hidden = true;
      }
      row.count.textContent = file.finished ? "" : progressText(file);
      for (; row.shown < file.transcripts.length && row.shown < SHOWN; row.shown++) { row.list.appendChild(link(row, file.transcripts[row.shown])); }
      for (; row.dups < file.duplicates.length && row.dups < SHOWN; row.dups++) { row.list.appendChild(duplicate(file.duplicates[row.dups])); }
      drawMore(row, file);
      if (file.error && !row.error) {
        row.error = el("p", "import-error");
        row.error.appendChild(el("span", "badge badge-danger", "failed"));
        row.error.appendChild(document.createTextNode(" " + file.error));
        row.result.insertBefore(row.error, row.list);
        row.tr.className = "failed";
        if (file.noFormatFits && onMap) {
          var map = el("button", "button button-secondary button-small", "Map its fields…");
          map.type = "button";
          map.addEventListener("click", function () { onMap(file.name); });
          row.error.appendChild(document.createTextNode(" "));
          row.error.appendChild(map);
        }
      }
    }
    var sum = totals(state);
    ["imported", "duplicates", "failed"].forEach(function (k) {
      panel.querySelector('[data-count="' + k + '"]').textContent = sum[k].toLocaleString("en-US");
    });
  }

  /** Titles that arrived only with the summary replace the "Transcript 12" placeholders. */
  function refreshTitles(state) {
    state.files.forEach(function (file) {
      var row = rows[file.name];
      if (!row) { return; }
      file.transcripts.forEach(function (t) {
        if (t.title && row.anchors[t.id]) { row.anchors[t.id].textContent = t.title; }
      });
    });
  }

  function reset() { body.innerHTML = ""; rows = {}; }

  return { update: update, refreshTitles: refreshTitles, reset: reset };
}
