// Discussion threads: "Quote this passage" inserts the tagging's quote as a Markdown block quote
// into the textarea of the form it sits in. Without scripts the link opens ?quote=1, which
// pre-fills the new-comment form on the server.
import { insertQuote } from "./discussion/quote.js";

document.addEventListener("click", function (event) {
  const link = event.target.closest("a.quote-passage");
  if (!link) { return; }
  const form = link.closest("form");
  const area = form && form.querySelector("textarea");
  if (!area) { return; }
  event.preventDefault();
  const next = insertQuote(area.value, area.selectionStart, area.selectionEnd, link.getAttribute("data-quote") || "");
  area.value = next.value;
  area.focus();
  area.setSelectionRange(next.caret, next.caret);
});
