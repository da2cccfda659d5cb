// Highlights in the transcript: long blocks, which marks are the reader's own, keyboard stops,
// the "hide all" toggle and permalinks (#tag-ID). The filters are filter-view.js.
import { initCollapse } from "./collapse.js";
import { taggingIdFromHash } from "./data.js";
import { idsOf } from "./dom.js";

function initLongBlocks(root) {
  root.querySelectorAll(".blk-long").forEach(function (blk) {
    const btn = blk.querySelector(".blk-more");
    if (!btn) { return; }
    const label = btn.textContent;
    btn.hidden = false;
    btn.addEventListener("click", function () {
      const open = blk.classList.toggle("open");
      btn.setAttribute("aria-expanded", String(open));
      btn.textContent = open ? "Show less" : label;
    });
  });
}

function expandAround(node) {
  const blk = node.closest(".blk-long");
  if (blk && !blk.classList.contains("open")) {
    const btn = blk.querySelector(".blk-more");
    if (btn) { btn.click(); } else { blk.classList.add("open"); }
  }
}

function initTabStops(marks, ctx) {
  marks.forEach(function (m) {
    const ids = idsOf(m);
    // One tab stop per tagging start, not per fragment.
    const prev = m.previousSibling;
    if (prev && prev.nodeType === 1 && prev.classList.contains("hl-anchor")) {
      m.tabIndex = 0;
      m.setAttribute("role", "button");
      m.setAttribute("aria-label", "Tag: " + ids.map(function (id) { const t = ctx.byId.get(id); return t ? t.label : ""; }).join(", "));
    }
  });
}

// A highlight is a tab stop for keyboard readers, but a mouse press that focuses it starts no text
// selection in Chromium, so a drag from inside a highlight (to tag the same words again, or part of them)
// selected nothing. While a pointer is down the highlights are not focusable; a click still opens them.
function keepPointerSelection(root) {
  root.addEventListener("pointerdown", function (e) {
    const stops = root.querySelectorAll("mark.hl[tabindex]");
    if (stops.length === 0 || !(e.target.closest && e.target.closest("mark.hl"))) { return; }
    stops.forEach(function (m) { m.removeAttribute("tabindex"); });
    document.addEventListener("pointerup", function () {
      setTimeout(function () { stops.forEach(function (m) { m.tabIndex = 0; }); }, 0);
    }, { once: true });
  });
}

function bindToggle(root, id, cls, key) {
  const box = document.getElementById(id);
  if (!box) { return; }
  let stored = null;
  try { stored = localStorage.getItem(key); } catch (e) { stored = null; }
  box.checked = stored === "1";
  root.classList.toggle(cls, box.checked);
  box.addEventListener("change", function () {
    root.classList.toggle(cls, box.checked);
    try { localStorage.setItem(key, box.checked ? "1" : "0"); } catch (e) { /* private mode: not remembered */ }
  });
}

/**
 * Sets up the highlights of ctx.root. Returns showTagging(id, focus), which scrolls to a tagging and
 * outlines it, and highlightsHidden(mark), true when the toggle or the filters hide that mark.
 */
export function initMarks(ctx) {
  const root = ctx.root;
  initLongBlocks(root);
  const unfoldAround = initCollapse(root);
  const marks = Array.prototype.slice.call(root.querySelectorAll("mark.hl"));
  initTabStops(marks, ctx);
  keepPointerSelection(root);
  bindToggle(root, "toggle-hide", "hide-highlights", "tr.hideHighlights");

  function highlightsHidden(mark) {
    return root.classList.contains("hide-highlights") || mark.classList.contains("hl-filtered");
  }

  function showTagging(id, focus) {
    const anchor = document.getElementById("tag-" + id);
    if (!anchor) { return; }
    expandAround(anchor);
    unfoldAround(anchor);
    root.querySelectorAll("mark.hl-target").forEach(function (m) { m.classList.remove("hl-target"); });
    let first = null;
    marks.forEach(function (m) {
      if (idsOf(m).indexOf(id) >= 0) { m.classList.add("hl-target"); first = first || m; }
    });
    anchor.scrollIntoView({ block: "center" });
    if (focus && first && first.tabIndex === 0) { first.focus({ preventScroll: true }); }
  }

  function fromHash() {
    const id = taggingIdFromHash(location.hash);
    if (id !== null) { showTagging(id, false); }
  }
  ctx.on(window, "hashchange", fromHash);
  fromHash();

  return { showTagging: showTagging, highlightsHidden: highlightsHidden };
}
