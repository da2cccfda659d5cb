// j / k (and the Previous / Next buttons above the tag list) move to the next or previous tag that the
// filters show, in the list's order; the passage scrolls into view and is outlined.
import { el } from "./dom.js";

function typingIn(target) {
  return !!target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

/** Wires the keys and buttons; does nothing on a page without a tag list. */
export function initTagNavigation(ctx, marks, popover) {
  const list = document.getElementById("tag-list");
  if (!list) { return; }

  function visibleItems() {
    return Array.prototype.filter.call(list.querySelectorAll(".tag-item"), function (li) { return !li.hidden; });
  }

  function move(step) {
    const items = visibleItems();
    if (items.length === 0) { return; }
    const at = items.findIndex(function (li) { return li.classList.contains("tag-current"); });
    const current = at < 0 ? (step > 0 ? 0 : items.length - 1) : Math.min(items.length - 1, Math.max(0, at + step));
    list.querySelectorAll(".tag-current").forEach(function (li) { li.classList.remove("tag-current"); });
    const li = items[current];
    li.classList.add("tag-current");
    li.scrollIntoView({ block: "nearest" });
    const id = Number(li.querySelector("a.tag-link").getAttribute("href").slice(5));
    history.replaceState(null, "", "#tag-" + id);
    marks.showTagging(id, true);
  }

  const prev = el("button", { type: "button", "class": "button button-secondary button-small", text: "← Previous", title: "Previous tag (k)" });
  const next = el("button", { type: "button", "class": "button button-secondary button-small", text: "Next →", title: "Next tag (j)" });
  prev.addEventListener("click", function () { move(-1); });
  next.addEventListener("click", function () { move(1); });
  list.parentNode.insertBefore(el("div", { "class": "tag-nav", role: "group", "aria-label": "Move between tags" }, [
    prev, next, el("span", { "class": "hint", text: "or press k / j" }),
  ]), list);

  ctx.on(document, "keydown", function (e) {
    if ((e.key !== "j" && e.key !== "k") || e.ctrlKey || e.metaKey || e.altKey) { return; }
    if (typingIn(e.target) || popover.kind() || popover.contains(e.target)) { return; }
    e.preventDefault();
    move(e.key === "j" ? 1 : -1);
  });
}
