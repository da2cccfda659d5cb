// "I'd call this…" in the details popover: apply another label to exactly the span of another reader's
// tagging, as a counter-label (alternativeTo), then reload to show the dispute.
import { api } from "../api.js";
import { el } from "./dom.js";

/** The button and its small form for tagging t; `counts` shows an error. */
export function counterControl(ctx, t, counts) {
  const wrap = el("div", {});
  const open = el("button", { type: "button", "class": "button button-secondary button-small pop-counter-open", text: "I’d call this…" });
  open.addEventListener("click", function () {
    // A label's name or alias (or a new name), resolved by the server as for any tagging.
    const input = el("input", { type: "text", "aria-label": "Another label for this passage", placeholder: "another label", maxlength: "100" });
    const apply = el("button", { type: "submit", "class": "button button-small", text: "Apply" });
    const form = el("form", { "class": "pop-counter" }, [input, apply]);
    form.addEventListener("submit", async function (e) {
      e.preventDefault();
      if (!input.value.trim()) { input.focus(); return; }
      try {
        await api("POST", "/api/v1/taggings", { blockId: t.blockId, start: t.start, end: t.end, quote: t.quote, label: input.value.trim(), alternativeTo: t.id });
        location.reload();
      } catch (err) {
        counts.textContent = err.message;
      }
    });
    open.replaceWith(form);
    input.focus();
  });
  wrap.appendChild(open);
  return wrap;
}
