// Fetches the current shared part of the transcript page and swaps it in, keeping what the reader had:
// the scroll position of the passage being read, opened long blocks, the sidebar filters.
import { readerPartIds } from "./parts.js";

function jsonIn(doc, id) {
  const node = doc.getElementById(id);
  if (!node) { return null; }
  try { return JSON.parse(node.textContent); } catch (e) { return null; }
}

/** The page at `url` parsed (never run: DOMParser documents are inert), with its tr-page JSON. */
export async function fetchShared(url) {
  const res = await fetch(url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "text/html" } });
  if (!res.ok) { throw new Error("The page answered " + res.status + "."); }
  const doc = new DOMParser().parseFromString(await res.text(), "text/html");
  const page = jsonIn(doc, "tr-page");
  if (!doc.getElementById("reader") || !page) { throw new Error("The page has no transcript."); }
  return { doc: doc, page: page };
}

/** What the reader is doing that an update must not disturb (see rules.js wouldDisturb). */
export function readerActivity() {
  const reader = document.getElementById("reader");
  const sel = window.getSelection();
  const active = document.activeElement;
  const popover = document.getElementById("tr-popover");
  return {
    selecting: !!(sel && !sel.isCollapsed && reader && sel.anchorNode && reader.contains(sel.anchorNode)),
    popoverOpen: !!(popover && !popover.hidden),
    typing: !!(active && reader && reader.contains(active) && (active.matches("input, textarea, select") || active.isContentEditable)),
  };
}

// The first block at least partly on screen, and where its top is: after the swap the same block is put
// back there, whatever was added above it.
function scrollAnchor() {
  const blocks = document.querySelectorAll("#reader .blk");
  for (let i = 0; i < blocks.length; i++) {
    const rect = blocks[i].getBoundingClientRect();
    if (rect.bottom > 0) { return { id: blocks[i].id, top: rect.top }; }
  }
  return null;
}

function uiState() {
  const value = function (id) { const n = document.getElementById(id); return n ? n.value : null; };
  return {
    open: Array.prototype.map.call(document.querySelectorAll("#reader .blk-long.open"), function (b) { return b.id; }),
    filterLabel: value("filter-label"),
    filterReader: value("filter-reader"),
  };
}

function restoreUi(ui) {
  ui.open.forEach(function (id) {
    const btn = document.querySelector("#" + CSS.escape(id) + ":not(.open) .blk-more");
    if (btn) { btn.click(); }
  });
  [["filter-label", ui.filterLabel], ["filter-reader", ui.filterReader]].forEach(function (pair) {
    const select = document.getElementById(pair[0]);
    if (select && pair[1] && Array.prototype.some.call(select.options, function (o) { return o.value === pair[1]; })) {
      select.value = pair[1];
      select.dispatchEvent(new Event("change"));
    }
  });
}

/**
 * Replaces the shared part (and the request's own tr-page JSON) with the fetched one, then tells the
 * tagging script to start again on it (event tr:reader-replaced).
 */
export function swapIn(fetched) {
  const anchor = scrollAnchor();
  const ui = uiState();
  readerPartIds.forEach(function (id) {
    const fresh = fetched.doc.getElementById(id);
    const old = document.getElementById(id);
    if (fresh && old) { old.replaceWith(document.importNode(fresh, true)); }
  });
  document.dispatchEvent(new CustomEvent("tr:reader-replaced"));
  restoreUi(ui);
  if (anchor) {
    const again = document.getElementById(anchor.id);
    if (again) { window.scrollBy(0, again.getBoundingClientRect().top - anchor.top); }
  }
}
