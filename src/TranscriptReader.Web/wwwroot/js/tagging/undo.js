// The toast after a reader applies a label: "Tagged goal guarding — Undo" for about 8 s. The page reloads
// after tagging, so tag-popover.js leaves the tagging in sessionStorage and this module picks it up.
import { api } from "../api.js";
import { el } from "./dom.js";

const JUST_TAGGED = "tr.justTagged";
const SHOW_MS = 8000;

function takeJustTagged() {
  try {
    const raw = sessionStorage.getItem(JUST_TAGGED);
    sessionStorage.removeItem(JUST_TAGGED);
    return raw ? JSON.parse(raw) : null;
  } catch (e) {
    return null;
  }
}

/** Shows the undo toast when the reader has just tagged something that is still on this page. */
export function initUndo(ctx) {
  const just = takeJustTagged();
  if (!just || !ctx.byId.has(just.id)) { return; }
  const undo = el("button", { type: "button", "class": "link-button toast-undo", text: "Undo" });
  const message = el("span", {}, ["Tagged ", el("strong", { text: just.label }), " — "]);
  const toast = el("div", { "class": "toast", role: "status" }, [message, undo]);
  // First in the document, so the first Tab after the reload lands on Undo without taking focus from the reader.
  document.body.prepend(toast);

  let timer = null;
  function dismiss() { clearTimeout(timer); toast.remove(); }
  function schedule() { clearTimeout(timer); timer = setTimeout(dismiss, SHOW_MS); }
  // The time runs only while the reader is not reaching for the button.
  toast.addEventListener("mouseenter", function () { clearTimeout(timer); });
  toast.addEventListener("mouseleave", schedule);
  toast.addEventListener("focusin", function () { clearTimeout(timer); });
  toast.addEventListener("focusout", schedule);
  toast.addEventListener("keydown", function (e) { if (e.key === "Escape") { dismiss(); } });
  undo.addEventListener("click", async function () {
    undo.disabled = true;
    try {
      await api("DELETE", "/api/v1/taggings/" + just.id);
      history.replaceState(null, "", location.pathname + location.search);
      location.reload();
    } catch (err) {
      undo.disabled = false;
      message.textContent = err.message + " ";
    }
  });
  schedule();
}
