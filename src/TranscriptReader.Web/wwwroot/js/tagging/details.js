// The details popover of a highlight (click, or Enter/Space on a focused one): each tagging's label,
// quote, reader and votes, with Agree/Dispute, Delete, Discuss and Permalink; the competing labels of its
// dispute and "I'd call this…" (counter.js).
import { api } from "../api.js";
import { canDelete, discussText, nextVote, statusLine, tagSummary } from "./data.js";
import { counterControl } from "./counter.js";
import { canCounter, disputeLine, disputeOf } from "./dispute.js";
import { chip, el, idsOf } from "./dom.js";
import { appliedUnderOtherName } from "./labels.js";
import { excerpt } from "./text.js";

/** Wires ctx.root's marks to the details popover. */
export function initDetails(ctx, popover, marks, sidebar, edit) {
  const root = ctx.root;

  function voteButton(t, box, counts, value, text) {
    const b = el("button", { type: "button", "class": "button button-secondary button-small", "aria-pressed": String(t.myVote === value), text: text });
    b.addEventListener("click", async function () {
      try {
        const res = await api("POST", "/api/v1/taggings/" + t.id + "/vote", { value: nextVote(t.myVote, value) });
        t.agrees = res.agrees; t.disputes = res.disputes; t.myVote = res.myVote; t.status = res.status;
        const fresh = detailsFor(t);
        box.replaceWith(fresh);
        sidebar.refreshVotes();
        // Keep keyboard focus on the button just pressed.
        const again = Array.prototype.filter.call(fresh.querySelectorAll("button"), function (x) { return x.textContent === text; })[0];
        if (again) { again.focus(); }
      } catch (err) {
        counts.textContent = err.message;
      }
    });
    return b;
  }

  function deleteButton(t, counts) {
    const del = el("button", { type: "button", "class": "button button-danger button-small", text: "Delete" });
    let armed = false;
    del.addEventListener("click", async function () {
      if (!armed) { armed = true; del.textContent = "Really delete?"; return; }
      try {
        await api("DELETE", "/api/v1/taggings/" + t.id);
        history.replaceState(null, "", location.pathname + location.search);
        location.reload();
      } catch (err) {
        counts.textContent = err.message;
      }
    });
    return del;
  }

  function detailsFor(t) {
    const box = el("div", { "class": "pop-detail" });
    box.appendChild(el("div", {}, [chip(t), appliedUnderOtherName(t.appliedLabel, t.label) ? el("span", { "class": "pop-alias", text: " (applied as “" + t.appliedLabel + "”)" }) : null]));
    box.appendChild(el("p", { "class": "pop-quote", text: "“" + excerpt(t.quote, 200) + "”" }));
    box.appendChild(el("div", { "class": "muted", text: "by " + t.user + " · " + new Date(t.createdAt).toLocaleDateString() }));
    const counts = el("div", { "class": "pop-counts", text: statusLine(t) });
    box.appendChild(counts);
    const dispute = disputeOf(t, Array.from(ctx.byId.values()));
    if (dispute.length > 1) { box.appendChild(el("p", { "class": "pop-dispute", text: "Competing labels: " + disputeLine(dispute) })); }
    const actions = el("div", { "class": "pop-actions" });
    if (ctx.signedIn && t.userId === ctx.page.userId) {
      // The server refuses a tagger's vote on their own tagging: applying it already says they agree.
      actions.appendChild(el("span", { "class": "muted pop-own", text: "Your tag: other readers’ votes decide its status." }));
    } else if (ctx.signedIn) {
      actions.appendChild(voteButton(t, box, counts, 1, "Agree"));
      actions.appendChild(voteButton(t, box, counts, -1, "Dispute"));
    } else {
      actions.appendChild(el("a", { href: ctx.page.loginUrl, text: "Log in to vote" }));
    }
    if (ctx.signedIn && t.userId === ctx.page.userId) {
      edit.ownActions(t).forEach(function (b) { actions.appendChild(b); });
    }
    if (canDelete(t, ctx.page)) { actions.appendChild(deleteButton(t, counts)); }
    actions.appendChild(el("a", { href: "/Taggings/" + t.id, text: discussText(t.comments || 0) }));
    actions.appendChild(el("a", { href: "#tag-" + t.id, text: "Permalink" }));
    actions.appendChild(edit.historyButton(t, box));
    box.appendChild(actions);
    if (canCounter(t, ctx.page)) { box.appendChild(counterControl(ctx, t, counts)); }
    return box;
  }

  function openDetails(mark) {
    const ids = idsOf(mark).filter(function (id) { return ctx.byId.has(id); });
    if (ids.length === 0) { return; }
    // A tag is every tagging of one passage under one label (docs/reading.md): one summary line each,
    // with the same numbers as its tag-list entry, then its taggings with their own votes.
    const tags = new Map();
    ids.forEach(function (id) {
      const t = ctx.byId.get(id);
      const key = [t.blockId, t.start, t.end, t.labelId].join(":");
      if (!tags.has(key)) { tags.set(key, []); }
      tags.get(key).push(id);
    });
    popover.open("details", mark.getBoundingClientRect(), function (p) {
      tags.forEach(function (tagIds) {
        if (tagIds.length > 1) {
          p.appendChild(el("div", { "class": "pop-tag-summary" }, [chip(ctx.byId.get(tagIds[0])), " ", el("span", { "class": "muted", text: tagSummary(tagIds, ctx.byId) })]));
        }
        tagIds.forEach(function (id) { p.appendChild(detailsFor(ctx.byId.get(id))); });
      });
    }, null);
    const first = popover.querySelector("button:not(.pop-close), a");
    if (first) { first.focus({ preventScroll: true }); }
  }

  root.addEventListener("click", function (e) {
    const m = e.target.closest && e.target.closest("mark.hl");
    if (!m || marks.highlightsHidden(m)) { return; }
    const sel = window.getSelection();
    if (sel && !sel.isCollapsed) { return; }
    openDetails(m);
  });
  root.addEventListener("keydown", function (e) {
    if ((e.key === "Enter" || e.key === " ") && e.target.matches && e.target.matches("mark.hl")) {
      e.preventDefault();
      openDetails(e.target);
    }
  });
}
