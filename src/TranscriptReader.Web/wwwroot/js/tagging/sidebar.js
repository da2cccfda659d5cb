// The sidebar's tag list: label and reader filters, links that jump to a tagging, vote counts.
import { parseIds, passesFilters, sumVotes, votesText } from "./data.js";

/** Wires the list; returns refreshVotes(), which redraws each entry's counts from ctx.byId. */
export function initSidebar(ctx, marks) {
  const list = document.getElementById("tag-list");
  const filterLabel = document.getElementById("filter-label");
  const filterReader = document.getElementById("filter-reader");

  function applyFilters() {
    if (!list) { return; }
    const lab = filterLabel ? filterLabel.value : "";
    const reader = filterReader ? filterReader.value : "";
    let shown = 0;
    list.querySelectorAll(".tag-item").forEach(function (li) {
      const ok = passesFilters(li.getAttribute("data-label-id"), li.getAttribute("data-users"), lab, reader);
      li.hidden = !ok;
      if (ok) { shown++; }
    });
    const empty = document.getElementById("tag-list-empty");
    if (empty) { empty.hidden = shown > 0; }
  }

  if (filterLabel) { filterLabel.addEventListener("change", applyFilters); }
  if (filterReader) { filterReader.addEventListener("change", applyFilters); }
  if (list) {
    list.addEventListener("click", function (e) {
      const a = e.target.closest("a.tag-link");
      if (!a) { return; }
      e.preventDefault();
      const id = Number(a.getAttribute("href").slice(5));
      history.replaceState(null, "", "#tag-" + id);
      marks.showTagging(id, true);
    });
  }

  function refreshVotes() {
    if (!list) { return; }
    list.querySelectorAll(".tag-item").forEach(function (li) {
      const sum = sumVotes(parseIds(li.getAttribute("data-ids")), ctx.byId);
      const v = li.querySelector(".tag-votes");
      if (v) { v.textContent = votesText(sum.agrees, sum.disputes); }
    });
  }

  return { refreshVotes: refreshVotes };
}
