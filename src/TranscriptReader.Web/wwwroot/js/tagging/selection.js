// The reader's selection: mouse, keyboard (Shift+arrows) and touch, turned into a span of one
// block. The text content of a .block-text element equals the stored block text exactly, so the
// length of a Range's text before the selection is the selection's UTF-16 offset on the server;
// anchor() (offsets.js) then applies the server's trimming and checks.
import { acrossBlocksMessage, anchor, isBlank } from "./offsets.js";

// Chromium without caret browsing ignores Shift+arrows in read-only text, so the page moves and
// extends the selection itself while it sits inside a block.
const MOVES = {
  ArrowLeft: ["backward", "character"], ArrowRight: ["forward", "character"],
  ArrowUp: ["backward", "line"], ArrowDown: ["forward", "line"],
  Home: ["backward", "lineboundary"], End: ["forward", "lineboundary"],
};

function blockOf(node) {
  const n = node && node.nodeType === 3 ? node.parentNode : node;
  return n && n.closest ? n.closest(".block-text") : null;
}

/**
 * The current selection as { blockId, start, end, quote, rect, range }, or { error, rect, range }
 * when it cannot be tagged, or null when nothing (or only white space) is selected in `root`.
 */
function currentSelection(root) {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) { return null; }
  const range = sel.getRangeAt(0);
  const hits = [];
  root.querySelectorAll(".block-text").forEach(function (blockEl) {
    if (!range.intersectsNode(blockEl)) { return; }
    const r = document.createRange();
    r.selectNodeContents(blockEl);
    if (range.compareBoundaryPoints(Range.START_TO_START, r) > 0) { r.setStart(range.startContainer, range.startOffset); }
    if (range.compareBoundaryPoints(Range.END_TO_END, r) < 0) { r.setEnd(range.endContainer, range.endOffset); }
    if (!isBlank(r.toString())) { hits.push({ el: blockEl, range: r }); }
  });
  if (hits.length === 0) { return null; }
  if (hits.length > 1) {
    return { error: acrossBlocksMessage(hits.length), rect: range.getBoundingClientRect(), range: range.cloneRange() };
  }
  const hit = hits[0];
  const before = document.createRange();
  before.selectNodeContents(hit.el);
  before.setEnd(hit.range.startContainer, hit.range.startOffset);
  const start = before.toString().length;
  const span = anchor(hit.el.textContent, start, start + hit.range.toString().length, null);
  const rect = hit.range.getBoundingClientRect();
  if (!span.ok) {
    return span.reason === "empty" ? null : { error: span.error, rect: rect, range: range.cloneRange() };
  }
  return {
    blockId: Number(hit.el.getAttribute("data-block-id")),
    start: span.start,
    end: span.end,
    quote: span.quote,
    rect: rect,
    range: range.cloneRange(),
  };
}

/** Calls onSelection(selection) whenever the reader finishes a selection while no tag popover is open. */
export function initSelection(ctx, popover, onSelection) {
  const root = ctx.root;

  function selectionDone() {
    const kind = popover.kind();
    if (kind === "tag" || kind === "login") { return; }
    const sel = currentSelection(root);
    if (sel) { onSelection(sel); }
  }

  // A block is a tab stop for readers who can tag: focusing one puts a caret at its start, and
  // plain arrows then move it.
  if (ctx.signedIn) {
    root.querySelectorAll(".block-text").forEach(function (b) { b.tabIndex = 0; });
    root.addEventListener("focusin", function (e) {
      // Only keyboard focus places a caret; a click makes its own selection.
      if (!e.target.classList || !e.target.classList.contains("block-text") || !e.target.matches(":focus-visible")) { return; }
      const sel = window.getSelection();
      if (sel.rangeCount === 0 || blockOf(sel.focusNode) !== e.target) {
        const first = document.createTreeWalker(e.target, NodeFilter.SHOW_TEXT).nextNode();
        if (first) { sel.collapse(first, 0); }
      }
    });
  }
  ctx.on(document, "keydown", function (e) {
    const move = MOVES[e.key];
    if (!move || e.metaKey || popover.contains(e.target)) { return; }
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || !blockOf(sel.focusNode)) { return; }
    const active = document.activeElement;
    const focusedBlock = active && active.classList && active.classList.contains("block-text");
    if (!e.shiftKey && !focusedBlock) { return; }
    const unit = (e.ctrlKey || e.altKey) && move[1] === "character" ? "word" : move[1];
    e.preventDefault();
    sel.modify(e.shiftKey ? "extend" : "move", move[0], unit);
  });

  // Touch screens select with long-press handles and send no mouseup: wait for the selection to settle.
  let lastPointer = "mouse";
  let settle = null;
  ctx.on(document, "pointerdown", function (e) { lastPointer = e.pointerType; });
  ctx.on(document, "selectionchange", function () {
    if (lastPointer !== "touch") { return; }
    clearTimeout(settle);
    settle = setTimeout(selectionDone, 700);
  });
  ctx.on(document, "mouseup", function (e) {
    if (popover.contains(e.target)) { return; }
    setTimeout(selectionDone, 0);
  });
  ctx.on(document, "keyup", function (e) {
    // Keyboard selections (Shift+arrows) open the popover when Shift is released.
    if (e.key === "Shift" && !popover.contains(e.target)) { selectionDone(); }
  });
}
