// Import with live progress: posts the form to the import API and renders one row per file as the
// server streams results (NDJSON). Without scripts the form posts to the page and shows a summary.
import { csrf } from "./api.js";
import { completeLines } from "./import/ndjson.js";

function start(form, panel) {
  var body = panel.querySelector("tbody");
  var counts = { imported: 0, duplicates: 0, failed: 0 };

  function setCount(name) { panel.querySelector('[data-count="' + name + '"]').textContent = String(counts[name]); }
  function row(file) {
    var tr = document.createElement("tr");
    var td1 = document.createElement("td"); var code = document.createElement("code"); code.textContent = file; td1.appendChild(code);
    var td2 = document.createElement("td");
    tr.appendChild(td1); tr.appendChild(td2); body.appendChild(tr);
    return td2;
  }
  function link(cell, href, text) {
    var a = document.createElement("a"); a.href = href; a.textContent = text; cell.appendChild(a); cell.appendChild(document.createElement("br"));
  }
  function badge(cell, text, cls) {
    var b = document.createElement("span"); b.className = "badge " + (cls || ""); b.textContent = text; cell.appendChild(b); cell.appendChild(document.createTextNode(" "));
  }
  function handle(evt) {
    if (evt.type === "file") {
      var cell = row(evt.file);
      if (evt.error) { badge(cell, "failed", "badge-danger"); cell.appendChild(document.createTextNode(evt.error)); cell.parentNode.className = "failed"; counts.failed++; }
      (evt.imported || []).forEach(function (id) { link(cell, "/Transcripts/" + id, "Transcript " + id); counts.imported++; });
      (evt.duplicates || []).forEach(function (d) { badge(cell, "duplicate"); link(cell, "/Transcripts/" + d.existingId, d.title); counts.duplicates++; });
      ["imported", "duplicates", "failed"].forEach(setCount);
    } else if (evt.type === "summary") {
      var titles = {};
      (evt.summary.created || []).forEach(function (c) { titles[c.id] = c.title; });
      body.querySelectorAll("a").forEach(function (a) {
        var id = a.getAttribute("href").split("/").pop();
        if (titles[id]) { a.textContent = titles[id]; }
      });
      panel.querySelector("h2").textContent = "Done";
    } else if (evt.type === "error") {
      // The server stopped part way (e.g. the database went away): the rows above were stored, the rest not.
      var stopped = row("import stopped");
      badge(stopped, "failed", "badge-danger");
      stopped.appendChild(document.createTextNode(evt.error));
      stopped.parentNode.className = "failed";
      panel.querySelector("h2").textContent = "Stopped";
    }
  }

  form.addEventListener("submit", async function (e) {
    e.preventDefault();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    body.innerHTML = "";
    counts = { imported: 0, duplicates: 0, failed: 0 };
    ["imported", "duplicates", "failed"].forEach(setCount);
    panel.hidden = false;
    panel.querySelector("h2").textContent = "Importing…";
    var old = document.querySelector(".import-summary"); if (old) { old.remove(); }
    try {
      var res = await fetch("/api/v1/transcripts", {
        method: "POST", body: new FormData(form), credentials: "same-origin",
        headers: { "Accept": "application/x-ndjson", "X-CSRF-TOKEN": csrf() }
      });
      if (!res.ok) {
        var problem = await res.json().catch(function () { return {}; });
        handle({ type: "file", file: "upload", error: problem.detail || ("The server answered " + res.status) });
        panel.querySelector("h2").textContent = "Not imported";
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
    } catch (err) {
      handle({ type: "file", file: "upload", error: String(err.message || err) });
    } finally {
      button.disabled = false;
    }
  });
}

const form = document.getElementById("import-form");
const panel = document.getElementById("import-progress");
if (form && panel && window.fetch && window.TextDecoder) { start(form, panel); }
