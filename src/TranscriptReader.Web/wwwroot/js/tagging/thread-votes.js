// The head of a tagging's thread in the sidebar: its label, votes with Agree / Dispute (the same vote API
// and rules as the details popover), and the other readers' taggings of the same tag, whose threads are
// their own.
import { api } from "../api.js";
import { nextVote, statusLine } from "./data.js";
import { chip, el } from "./dom.js";
import { sameTag } from "./threads.js";

/**
 * The head for tagging `t` (from ctx.byId). `onVoted()` runs after a vote changed the counts (to redraw the
 * tag list); `openOther(id)` opens another tagging's thread.
 */
export function threadTagHead(ctx, t, onVoted, openOther) {
  const box = el("div", { "class": "side-thread-tag" });

  function draw(focusText) {
    const counts = el("span", { "class": "pop-counts side-thread-counts", text: statusLine(t) });
    const actions = el("div", { "class": "pop-actions" });
    if (ctx.signedIn && t.userId === ctx.page.userId) {
      actions.appendChild(el("span", { "class": "muted pop-own", text: "Your tag: other readers’ votes decide its status." }));
    } else if (ctx.signedIn) {
      actions.appendChild(voteButton(1, "Agree", counts));
      actions.appendChild(voteButton(-1, "Dispute", counts));
    } else {
      actions.appendChild(el("a", { href: ctx.page.loginUrl, text: "Log in to vote" }));
    }
    const rows = [el("div", { "class": "side-thread-label" }, [chip(t), " ", el("span", { "class": "muted", text: "by " + t.user })]), counts, actions];
    const others = sameTag(t, Array.from(ctx.byId.values())).filter(function (x) { return x.id !== t.id; });
    if (others.length > 0) {
      const line = el("p", { "class": "muted side-thread-others" }, ["Also tagged by "]);
      others.forEach(function (x, i) {
        const b = el("button", { type: "button", "class": "link-button", text: x.user, title: "Open " + x.user + "’s thread on this tag" });
        b.addEventListener("click", function () { openOther(x.id); });
        if (i > 0) { line.appendChild(document.createTextNode(", ")); }
        line.appendChild(b);
      });
      rows.push(line);
    }
    box.replaceChildren.apply(box, rows);
    if (focusText) {
      const again = Array.prototype.filter.call(box.querySelectorAll("button"), function (x) { return x.textContent === focusText; })[0];
      if (again) { again.focus(); }
    }
  }

  function voteButton(value, text, counts) {
    const b = el("button", { type: "button", "class": "button button-secondary button-small", "aria-pressed": String(t.myVote === value), text: text });
    b.addEventListener("click", async function () {
      try {
        const res = await api("POST", "/api/v1/taggings/" + t.id + "/vote", { value: nextVote(t.myVote, value) });
        t.agrees = res.agrees; t.disputes = res.disputes; t.myVote = res.myVote; t.status = res.status;
        onVoted();
        draw(text);
      } catch (err) {
        counts.textContent = err.message;
      }
    });
    return b;
  }

  draw(null);
  return box;
}
