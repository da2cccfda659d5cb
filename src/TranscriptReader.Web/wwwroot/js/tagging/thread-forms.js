// The forms of a thread shown in the sidebar are the thread pages' own (_Thread.cshtml, _Comment.cshtml:
// reply, edit, delete, hide, unhide, lock), posted to the same pages. Their return path is the sidebar
// fragment itself, so posting one with fetch and following the redirect answers with the thread as it is
// now; a refusal answers the form page with its message, shown beside the form, the text kept.
import { el } from "./dom.js";
import { draftKey } from "./threads.js";

function formKey(form) {
  const value = function (name) { const i = form.querySelector('input[name="' + name + '"]'); return i ? i.value : ""; };
  return draftKey(form.getAttribute("action") || "", value("Data.ParentId"), value("Data.CommentId"));
}

function typedField(form) {
  return form.querySelector("textarea, input:not([type=hidden])");
}

/** What the reader has typed into the forms of `node` and not sent, by form. */
export function takeDrafts(node) {
  const drafts = new Map();
  if (!node) { return drafts; }
  node.querySelectorAll("form").forEach(function (form) {
    const field = typedField(form);
    if (field && field.value.trim() !== "" && field.value !== field.defaultValue) { drafts.set(formKey(form), field.value); }
  });
  return drafts;
}

/** Puts `drafts` back into the matching forms of `node`, opening the folded ones they sit in. */
export function putDrafts(node, drafts) {
  if (drafts.size === 0) { return; }
  node.querySelectorAll("form").forEach(function (form) {
    const field = typedField(form);
    const text = field && drafts.get(formKey(form));
    if (!text) { return; }
    field.value = text;
    const details = form.closest("details");
    if (details) { details.open = true; }
  });
}

/** GETs or POSTs a sidebar fragment; answers { ok, redirected, status, doc }. */
export async function fetchFragment(url, init) {
  const res = await fetch(url, Object.assign({ credentials: "same-origin", cache: "no-store", headers: { Accept: "text/html" } }, init || {}));
  const doc = new DOMParser().parseFromString(await res.text(), "text/html");
  return { ok: res.ok, redirected: res.redirected, status: res.status, doc: doc };
}

function showError(form, message) {
  let p = form.querySelector(".side-thread-error");
  if (!p) {
    p = el("p", { "class": "pop-error side-thread-error", role: "alert" });
    form.appendChild(p);
  }
  p.textContent = message;
}

/**
 * Sends the forms of `container` with fetch. `show(doc)` draws the thread answered after a successful post;
 * a refusal's message goes beside the form.
 */
export function wireForms(container, show) {
  container.addEventListener("submit", async function (e) {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || (form.method || "").toLowerCase() !== "post") { return; }
    e.preventDefault();
    const button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    try {
      const answer = await fetchFragment(form.action, { method: "POST", body: new FormData(form) });
      if (answer.ok && answer.redirected && answer.doc.querySelector(".side-thread-body")) {
        // Sent: its text is not a draft to carry over into the thread drawn again.
        form.reset();
        show(answer.doc);
        return;
      }
      const errors = answer.doc.querySelector(".errors");
      showError(form, errors ? errors.textContent.trim() : "Not sent: the server answered " + answer.status + ".");
    } catch (err) {
      showError(form, "Not sent: " + err.message);
    } finally {
      if (button && document.contains(button)) { button.disabled = false; }
    }
  });
}
