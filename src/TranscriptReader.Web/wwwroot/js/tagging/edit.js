// Changing one's own tagging from its details popover: another label, another span of the same block,
// and the tagging's history (loaded when asked for). The server clears the votes of a changed tagging.
import { api } from "../api.js";
import { el } from "./dom.js";
import { buildLabelChooser } from "./tag-popover.js";

function reloadAt(id) {
  history.replaceState(null, "", location.pathname + location.search + "#tag-" + id);
  location.reload();
}

/**
 * Wires span adjustment into the page. Returns ownActions(t), the popover's buttons for an own tagging,
 * and historyButton(t, box), which loads a tagging's history into `box`.
 */
export function initEdit(ctx, popover) {
  let banner = null;

  function stopAdjusting() {
    ctx.adjusting = null;
    if (banner) { banner.remove(); banner = null; }
  }

  /** Called by main.js for a finished selection while a span is being adjusted; true when it took it. */
  ctx.adjustSelection = function (sel) {
    const t = ctx.adjusting;
    if (!t) { return false; }
    if (sel.error || sel.blockId !== t.blockId) {
      banner.querySelector(".toast-text").textContent = "Select the new passage inside the same block as the tag. ";
      return true;
    }
    api("PATCH", "/api/v1/taggings/" + t.id, { start: sel.start, end: sel.end, quote: sel.quote })
      .then(function () { reloadAt(t.id); })
      .catch(function (err) { banner.querySelector(".toast-text").textContent = err.message + " "; });
    return true;
  };
  ctx.on(document, "keydown", function (e) { if (e.key === "Escape" && ctx.adjusting) { stopAdjusting(); } });

  function startAdjusting(t) {
    popover.close(false);
    stopAdjusting();
    ctx.adjusting = t;
    const cancel = el("button", { type: "button", "class": "link-button toast-undo", text: "Cancel" });
    cancel.addEventListener("click", stopAdjusting);
    banner = el("div", { "class": "toast", role: "status" }, [
      el("span", { "class": "toast-text", text: "Select the new passage for “" + t.label + "” (its votes will be cleared). " }), cancel,
    ]);
    document.body.prepend(banner);
  }

  function changeLabel(t) {
    const mark = ctx.root.querySelector('mark.hl[data-t~="' + t.id + '"]');
    const rect = mark ? mark.getBoundingClientRect() : ctx.root.getBoundingClientRect();
    popover.open("tag", rect, function (p) {
      p.appendChild(el("p", { "class": "pop-hint", text: "Change the label of your tag (its votes will be cleared)." }));
      buildLabelChooser(ctx, popover, { quote: t.quote, range: null }, p, async function (label) {
        await api("PATCH", "/api/v1/taggings/" + t.id, { label: label });
        reloadAt(t.id);
      });
    }, null);
  }

  async function showHistory(t, box) {
    const list = el("ul", { "class": "pop-history", "aria-label": "History" });
    box.appendChild(list);
    try {
      const changes = await api("GET", "/api/v1/taggings/" + t.id + "/history");
      if (changes.length === 0) { list.appendChild(el("li", { "class": "muted", text: "Not changed since it was applied." })); }
      changes.forEach(function (c) {
        list.appendChild(el("li", { text: new Date(c.at).toLocaleString() + " · " + c.by + ": " + c.text }));
      });
    } catch (err) {
      list.appendChild(el("li", { "class": "pop-error", text: err.message }));
    }
  }

  function ownActions(t) {
    const change = el("button", { type: "button", "class": "button button-secondary button-small", text: "Change label" });
    change.addEventListener("click", function () { changeLabel(t); });
    const adjust = el("button", { type: "button", "class": "button button-secondary button-small", text: "Adjust span" });
    adjust.addEventListener("click", function () { startAdjusting(t); });
    return [change, adjust];
  }

  function historyButton(t, box) {
    const hist = el("button", { type: "button", "class": "link-button", text: "History" });
    hist.addEventListener("click", function () { hist.remove(); showHistory(t, box); });
    return hist;
  }

  return { ownActions: ownActions, historyButton: historyButton };
}
