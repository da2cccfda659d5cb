// The tooltip over a highlight (hover or keyboard focus): each tagging's label, reader and votes.
import { statusLine } from "./data.js";
import { chip, el, idsOf } from "./dom.js";

/** Wires the tooltip element #tr-tooltip to ctx.root's marks; returns hide(). */
export function initTooltip(ctx, marks) {
  const root = ctx.root;
  const tooltip = document.getElementById("tr-tooltip");

  function show(mark) {
    if (marks.highlightsHidden(mark)) { return; }
    tooltip.replaceChildren();
    idsOf(mark).forEach(function (id) {
      const t = ctx.byId.get(id);
      if (!t) { return; }
      tooltip.appendChild(el("div", { "class": "tt-row" }, [
        chip(t),
        el("div", { "class": "tt-meta", text: "by " + t.user + " · " + statusLine(t) }),
      ]));
    });
    const r = mark.getBoundingClientRect();
    tooltip.hidden = false;
    const left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - tooltip.offsetWidth - 8));
    tooltip.style.left = left + "px";
    tooltip.style.top = (r.bottom + window.scrollY + 6) + "px";
  }

  function hide() { tooltip.hidden = true; }

  root.addEventListener("mouseover", function (e) {
    const m = e.target.closest && e.target.closest("mark.hl");
    if (m) { show(m); }
  });
  root.addEventListener("mouseout", function (e) {
    if (e.target.closest && e.target.closest("mark.hl")) { hide(); }
  });
  root.addEventListener("focusin", function (e) {
    if (e.target.matches && e.target.matches("mark.hl")) { show(e.target); }
  });
  root.addEventListener("focusout", function (e) {
    if (e.target.matches && e.target.matches("mark.hl")) { hide(); }
  });

  return { hide: hide };
}
