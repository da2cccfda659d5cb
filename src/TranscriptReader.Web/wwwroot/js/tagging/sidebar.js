// The sidebar's tag list: links that jump to a tagging, vote counts (its filters are filter-view.js).
import { parseIds, sumVotes, votesText } from "./data.js";

/** Wires the list; returns refreshVotes(), which redraws each entry's counts from ctx.byId. */
export function initSidebar(ctx, marks) {
  const list = document.getElementById("tag-list");
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
