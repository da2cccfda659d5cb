// Discussion threads: "Quote this passage" inserts the tagging's quote as a Markdown block quote
// into the textarea of the form it sits in. Without scripts the link opens ?quote=1, which
// pre-fills the new-comment form on the server.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.quote-passage");
    if (!link) { return; }
    var form = link.closest("form");
    var area = form && form.querySelector("textarea");
    if (!area) { return; }
    event.preventDefault();
    var quote = link.getAttribute("data-quote") || "";
    var start = area.selectionStart, end = area.selectionEnd, text = area.value;
    // A block quote must start on a line of its own.
    var before = text.slice(0, start);
    var lead = before.length === 0 || before.endsWith("\n\n") ? "" : (before.endsWith("\n") ? "\n" : "\n\n");
    area.value = before + lead + quote + text.slice(end);
    var caret = (before + lead + quote).length;
    area.focus();
    area.setSelectionRange(caret, caret);
  });
})();
