// The sidebar's tag list: links that jump to a tagging, vote counts (its filters are filter-view.js).
import { parseIds, statusOf, sumVotes, votesText } from "./data.js";

/** Wires the list; returns refreshVotes(), which redraws each entry's counts from ctx.byId. */
export function initSidebar(ctx, marks) {
  const list = document.getElementById("tag-list");
  const order = document.getElementById("tag-order");
  if (list && order) {
    // The server lists tags in text order; data-order is the newest tagging's id, which grows with time.
    const inText = Array.prototype.slice.call(list.children);
    order.addEventListener("change", function () {
      const items = order.value === "newest"
        ? inText.slice().sort(function (a, b) { return Number(b.getAttribute("data-order")) - Number(a.getAttribute("data-order")); })
        : inText;
      items.forEach(function (li) { list.appendChild(li); });
    });
  }
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
    // A dispute's head shows each label's agrees; its tags (.tag-member) show their own votes and status.
    list.querySelectorAll(".dispute-agrees").forEach(function (s) {
      s.textContent = String(sumVotes(parseIds(s.getAttribute("data-ids")), ctx.byId).agrees);
    });
    list.querySelectorAll(".tag-item:not(.tag-dispute), .tag-member").forEach(function (li) {
      const sum = sumVotes(parseIds(li.getAttribute("data-ids")), ctx.byId);
      const v = li.querySelector(".tag-votes");
      if (v) { v.textContent = votesText(sum.agrees, sum.disputes); }
      const status = li.querySelector(".tag-status");
      if (status) {
        const now = statusOf(sum.agrees, sum.disputes);
        status.textContent = now;
        status.className = "tag-status status-" + now;
      }
    });
  }

  return { refreshVotes: refreshVotes };
}
