// The popover for a fresh selection: a combobox to find, create or (by shortcut key, never by typing) apply a label;
// for anonymous readers a login link; for a selection that cannot be tagged, the reason.
import { api } from "../api.js";
import { wrapIndex } from "./data.js";
import { dot, el } from "./dom.js";
import { popoverHint, shortcutOf } from "./labels.js";
import { excerpt } from "./text.js";

function optionItem(o, i) {
  if (o.create) {
    return el("li", { "class": "pop-option pop-create", role: "option", id: "pop-opt-" + i }, ["Create label “" + o.create + "”"]);
  }
  return el("li", { "class": "pop-option", role: "option", id: "pop-opt-" + i }, [
    dot(o.label.color), o.label.name,
    o.via ? el("span", { "class": "pop-alias", text: "(" + o.via + ")" }) : null,
    o.label.key ? el("kbd", { text: o.label.key }) : null,
  ]);
}

function buildLoginPopover(ctx, p) {
  p.appendChild(el("p", { "class": "pop-hint", text: "Anyone can read; tagging needs an account." }));
  const a = el("a", { href: ctx.page.loginUrl, "class": "button button-small", text: "Log in to tag" });
  p.appendChild(el("div", { "class": "pop-actions" }, [a]));
}

// The label a reader just applied, shown with Undo after the page reloads (see undo.js).
const JUST_TAGGED = "tr.justTagged";

/** Applies `label` to the selection and reloads with the new tagging's permalink. */
async function applyLabel(sel, label) {
  const res = await api("POST", "/api/v1/taggings", {
    blockId: sel.blockId, start: sel.start, end: sel.end, quote: sel.quote, label: label,
  });
  if (res.created) {
    try { sessionStorage.setItem(JUST_TAGGED, JSON.stringify({ id: res.id, label: res.label })); } catch (e) { /* no undo toast without storage */ }
  }
  // Reload so the server renders the new highlight; the hash scrolls back to it.
  history.replaceState(null, "", location.pathname + location.search + "#tag-" + res.id);
  location.reload();
}

/**
 * Fills popover `p` with the label combobox for `sel` (its quote, and its range when there is one);
 * `submit(labelName)` stores the choice and throws an API error to show.
 */
export function buildLabelChooser(ctx, popover, sel, p, submit) {
  if (sel.range) { popover.markPending(sel.range); }
  p.appendChild(el("p", { "class": "pop-quote", text: "“" + excerpt(sel.quote, 160) + "”" }));
  const input = el("input", {
    type: "text", "class": "pop-input", id: "pop-input", role: "combobox", "aria-expanded": "true",
    "aria-controls": "pop-list", "aria-autocomplete": "list", autocomplete: "off", spellcheck: "false",
    placeholder: "Find or create a label…", "aria-label": "Label",
  });
  // A tab stop of its own: with focus on the list nothing is being typed, so a label's key alone applies it.
  const listbox = el("ul", { "class": "pop-options", id: "pop-list", role: "listbox", "aria-label": "Labels", tabindex: "0" });
  const error = el("p", { "class": "pop-error", role: "alert", hidden: "" });
  const hint = el("p", { "class": "pop-hint" }, [
    el("span", { "class": "hint-keys", text: popoverHint(ctx.labels.hasShortcuts) }),
    el("span", { "class": "hint-touch", text: "Tap a label to apply it, or type a new name and tap “Create”." }),
  ]);
  p.appendChild(input);
  p.appendChild(listbox);
  p.appendChild(error);
  p.appendChild(hint);
  let options = [];
  let active = 0;
  let busy = false;

  function render() {
    const typed = input.value.trim();
    options = ctx.labels.match(input.value);
    const exact = options.some(function (o) { return o.score === 0; });
    if (typed && !exact) { options.push({ create: typed }); }
    active = Math.min(active, Math.max(0, options.length - 1));
    listbox.replaceChildren();
    options.forEach(function (o, i) {
      const li = optionItem(o, i);
      li.setAttribute("aria-selected", String(i === active));
      li.addEventListener("mousedown", function (e) { e.preventDefault(); });
      li.addEventListener("click", function () { choose(o); });
      listbox.appendChild(li);
    });
    if (options.length === 0) {
      listbox.appendChild(el("li", { "class": "pop-hint", text: "Type a name to create the first label." }));
      input.removeAttribute("aria-activedescendant");
    } else {
      input.setAttribute("aria-activedescendant", "pop-opt-" + active);
      listbox.setAttribute("aria-activedescendant", "pop-opt-" + active);
      const cur = document.getElementById("pop-opt-" + active);
      if (cur) { cur.scrollIntoView({ block: "nearest" }); }
    }
  }

  async function choose(o) {
    if (busy) { return; }
    busy = true;
    error.hidden = true;
    input.disabled = true;
    const label = o.create ? o.create : (o.via || o.label.name);
    try {
      await submit(label);
    } catch (err) {
      busy = false;
      input.disabled = false;
      error.textContent = err.status === 401 ? "Your session has ended; log in again to tag." : err.message;
      error.hidden = false;
      input.focus();
    }
  }

  function onKey(e, inTextBox) {
    if (e.key === "ArrowDown") { e.preventDefault(); if (options.length) { active = wrapIndex(active, 1, options.length); render(); } }
    else if (e.key === "ArrowUp") { e.preventDefault(); if (options.length) { active = wrapIndex(active, -1, options.length); render(); } }
    else if (e.key === "Enter") { e.preventDefault(); if (options[active]) { choose(options[active]); } }
    else {
      const key = shortcutOf(e, inTextBox);
      const hit = key ? ctx.labels.byShortcut(key) : undefined;
      if (hit) { e.preventDefault(); choose({ label: hit, via: null }); }
    }
  }

  input.addEventListener("input", function () { active = 0; render(); });
  input.addEventListener("keydown", function (e) { onKey(e, true); });
  listbox.addEventListener("keydown", function (e) { onKey(e, false); });
  render();
  setTimeout(function () { input.focus(); }, 0);
}

/** Opens the popover for a selection from selection.js. */
export function openSelectionPopover(ctx, popover, sel) {
  if (sel.error) {
    popover.open("error", sel.rect, function (p) {
      p.appendChild(el("p", { "class": "pop-error", role: "alert", text: sel.error }));
    }, null);
  } else if (!ctx.signedIn) {
    popover.open("login", sel.rect, function (p) { buildLoginPopover(ctx, p); }, sel.range);
  } else {
    popover.open("tag", sel.rect, function (p) { buildLabelChooser(ctx, popover, sel, p, function (label) { return applyLabel(sel, label); }); }, sel.range);
  }
}
