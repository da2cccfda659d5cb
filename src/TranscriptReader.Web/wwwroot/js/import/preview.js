// Draws what the field mapping API answers: the file's structure and the first transcripts a mapping makes.
// Text goes in as text (textContent), never as markup. Touches the page only.

function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) { e.className = cls; }
  if (text !== undefined && text !== null) { e.textContent = text; }
  return e;
}

const KIND_LABELS = {
  reasoning: "Reasoning", reasoning_summary: "Reasoning summary", redacted_reasoning: "Reasoning redacted",
  output: "Output", draft_output: "Draft output", tool_call: "Tool call", tool_result: "Tool result",
};

function short(value) {
  var text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 120 ? text.slice(0, 119) + "…" : text;
}

/** Fills the structure table's body with one row per field. */
export function drawStructure(body, structure) {
  body.innerHTML = "";
  ((structure && structure.fields) || []).forEach(function (field) {
    var tr = el("tr");
    var path = el("td");
    path.appendChild(el("code", null, field.path));
    tr.appendChild(path);
    tr.appendChild(el("td", null, field.types.join(", ")));
    tr.appendChild(el("td", "num", field.present + " of " + structure.sampled));
    var samples = el("td", "structure-samples");
    if (field.keys && field.keys.length) {
      samples.appendChild(el("span", "muted", "keys: "));
      samples.appendChild(el("code", null, field.keys.join(", ")));
    } else {
      field.samples.forEach(function (s) { samples.appendChild(el("code", "structure-sample", short(s))); });
    }
    tr.appendChild(samples);
    body.appendChild(tr);
  });
}

function drawBlock(block) {
  var div = el("div", "preview-block preview-" + block.kind.replace(/_/g, "-"));
  if (KIND_LABELS[block.kind]) {
    div.appendChild(el("div", "blk-label", KIND_LABELS[block.kind] + (block.caption && block.kind === "tool_call" ? ": " + block.caption : "")));
  }
  if (block.kind === "image") {
    div.appendChild(el("p", "muted", "Image (" + (block.caption || "image") + ")"));
  } else if (block.kind === "empty_response") {
    div.appendChild(el("p", "muted", "(empty response)"));
  } else {
    div.appendChild(el("div", "preview-text", block.text + (block.truncated ? " [cut for the preview]" : "")));
  }
  return div;
}

function drawTranscript(t) {
  var card = el("article", "preview-transcript");
  card.appendChild(el("h4", null, t.title));
  var sub = [t.model, t.locator].filter(Boolean).join(" · ");
  if (sub) { card.appendChild(el("p", "muted preview-sub", sub)); }
  var keys = Object.keys(t.metadata || {});
  if (keys.length) {
    var dl = el("dl", "meta-list preview-meta");
    keys.forEach(function (k) {
      dl.appendChild(el("dt", null, k));
      dl.appendChild(el("dd", null, short(t.metadata[k])));
    });
    card.appendChild(dl);
  }
  t.messages.forEach(function (m) {
    var section = el("section", "preview-msg msg-" + m.role);
    var head = el("div", "msg-head");
    head.appendChild(el("span", "msg-role", m.role));
    if (m.speaker) { head.appendChild(el("span", "msg-speaker", m.speaker)); }
    section.appendChild(head);
    m.blocks.forEach(function (b) { section.appendChild(drawBlock(b)); });
    card.appendChild(section);
  });
  return card;
}

/** Replaces the preview with these transcripts, or with a message when there are none. */
export function drawPreview(into, transcripts, message) {
  into.innerHTML = "";
  if (message) {
    into.appendChild(el("p", "import-error", message));
    return;
  }
  if (!transcripts.length) {
    into.appendChild(el("p", "muted", "This mapping makes no transcripts of the file."));
    return;
  }
  transcripts.forEach(function (t) { into.appendChild(drawTranscript(t)); });
}
