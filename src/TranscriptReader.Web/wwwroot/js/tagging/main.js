// Transcript page: tag passages, see and vote on everyone's tags. This entry module reads the page's
// JSON script tags (tr-page, tr-taggings, tr-labels) and starts each part. The pure rules are in
// offsets.js, labels.js, data.js and text.js (tested with node --test); the other modules touch the DOM.
// The "quote this passage" links of the sidebar's threads work as on the thread pages.
import "../discussion.js";
import { createListenerScope } from "../live/listeners.js";
import { joinTaggings } from "./data.js";
import { initDetails } from "./details.js";
import { readJson } from "./dom.js";
import { initEdit } from "./edit.js";
import { initFilters } from "./filter-view.js";
import { createLabelIndex } from "./labels.js";
import { initMarks } from "./marks.js";
import { initTagNavigation } from "./nav.js";
import { createPopover } from "./popover.js";
import { initSelection } from "./selection.js";
import { initSidebar } from "./sidebar.js";
import { openSelectionPopover } from "./tag-popover.js";
import { initThreadPanel } from "./thread-panel.js";
import { initTooltip } from "./tooltip.js";
import { initUndo } from "./undo.js";

function start(page, root, on) {
  const blockTexts = new Map();
  function blockText(id) {
    if (!blockTexts.has(id)) {
      const b = root.querySelector('.block-text[data-block-id="' + id + '"]');
      blockTexts.set(id, b ? b.textContent : "");
    }
    return blockTexts.get(id);
  }
  const taggings = joinTaggings(readJson("tr-taggings") || {}, page.myVotes, blockText);
  const ctx = {
    root: root,
    page: page,
    // Adds a document or window listener that is removed when a live swap starts the page again.
    on: on,
    signedIn: !!page.userId,
    byId: new Map(taggings.map(function (t) { return [t.id, t]; })),
    labels: createLabelIndex(readJson("tr-labels") || []),
  };

  const marks = initMarks(ctx);
  initFilters(ctx);
  const sidebar = initSidebar(ctx, marks);
  const tooltip = initTooltip(ctx, marks);
  const popover = createPopover(tooltip, on);
  const edit = initEdit(ctx, popover);
  initSelection(ctx, popover, function (sel) {
    if (!ctx.adjustSelection(sel)) { openSelectionPopover(ctx, popover, sel); }
  });
  initDetails(ctx, popover, marks, sidebar, edit);
  initUndo(ctx);
  const threads = initThreadPanel(ctx, marks, sidebar, popover);
  // j / k move an open tag thread along with the highlight.
  initTagNavigation(ctx, {
    showTagging: function (id, focus) { marks.showTagging(id, focus); threads.follow(id); },
  }, popover);
}

let scope = null;
function boot() {
  const page = readJson("tr-page");
  // The transcript page's reader, or both columns of the side-by-side page (Transcripts/Compare).
  const root = document.getElementById("reader") || document.getElementById("compare");
  if (scope) { scope.stop(); scope = null; }
  if (page && root) {
    scope = createListenerScope();
    start(page, root, scope.on);
  }
}
boot();
// Live updates swap in a newer shared part (js/live/swap.js): start again on it.
document.addEventListener("tr:reader-replaced", boot);
