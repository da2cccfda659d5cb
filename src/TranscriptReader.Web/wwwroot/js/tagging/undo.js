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
  const toast = el("div", { "class": "toast", role: "status", tabindex: "-1" }, [message, undo]);
  // First in the document, and focused (without scrolling) as the page has just loaded: the reload goes to the
  // new tag's permalink, which moves the browser's Tab starting point (or focus) to the highlight, so without
  // this the first Tab would reach a control far below instead of Undo. Nothing is being typed at this moment.
  document.body.prepend(toast);
  toast.focus({ preventScroll: true });

  let timer = null;
  function dismiss() { clearTimeout(timer); toast.remove(); }
  function schedule() { clearTimeout(timer); timer = setTimeout(dismiss, SHOW_MS); }
  // The time runs only while the reader is not reaching for the button.
  toast.addEventListener("mouseenter", function () { clearTimeout(timer); });
  toast.addEventListener("mouseleave", schedule);
  undo.addEventListener("focus", function () { clearTimeout(timer); });
  undo.addEventListener("blur", schedule);
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
