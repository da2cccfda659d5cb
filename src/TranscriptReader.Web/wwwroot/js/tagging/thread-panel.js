// Threads in the sidebar: opening a tag (its list entry, the popover's "Discuss", a #tag- permalink) shows its
// thread in the tag card beside the text, the passage kept highlighted and in view; the transcript's own
// discussion is a tab next to the tag list. A thread is fetched when opened (the fragment of
// Pages/Discussion/SideThread), never part of the cached page. Addresses and small rules: threads.js.
import { el } from "./dom.js";
import { fetchFragment, putDrafts, takeDrafts, wireForms } from "./thread-forms.js";
import { threadTagHead } from "./thread-votes.js";
import { addedIds, commentIdOf, countIn, sameTarget, tabText, threadFromHash, threadHash, threadUrl } from "./threads.js";

// A live update replaces the shared part, this card with it, and the page script starts again: the thread
// shown before is put back at once (with what was typed into it) and fetched anew, which is how a comment
// that arrives shows up in an open thread.
let kept = null;
// Where the sidebar (wide screens) and the bottom sheet (phones) were scrolled to, put back with `kept`.
let keptScroll = { aside: 0, card: 0 };

function commentIds(node) {
  return Array.prototype.map.call(node.querySelectorAll(".comment[id]"), function (c) { return commentIdOf(c.id); })
    .filter(function (id) { return id !== null; });
}

function tab(id, text, controls) {
  return el("button", { type: "button", role: "tab", id: id, "class": "side-tab", "aria-controls": controls, "aria-selected": "false", text: text });
}

/**
 * Wires the tag card's tabs and thread view. Returns follow(id): j / k moved to tagging `id`; an open
 * tagging thread follows it.
 */
export function initThreadPanel(ctx, marks, sidebar, popover) {
  const card = document.getElementById("tag-list-card");
  if (!card) { return { follow: function () {} }; }
  const root = ctx.root;
  const aside = card.closest(".reader-side");
  const heading = card.querySelector("h2");
  const discussionLink = root.querySelector(".discussion-link");

  const tagsPanel = el("div", { id: "side-tags", role: "tabpanel", "aria-labelledby": "side-tab-tags" });
  while (card.firstChild) { tagsPanel.appendChild(card.firstChild); }
  if (heading) { heading.hidden = true; }
  const badge = heading && heading.querySelector(".badge");
  const tagsTab = tab("side-tab-tags", tabText("Tags", badge ? Number(badge.textContent) || 0 : 0), "side-tags");
  const discussionTab = tab("side-tab-discussion", tabText("Discussion", countIn(discussionLink ? discussionLink.textContent : "")), "side-thread");
  const back = el("button", { type: "button", "class": "link-button side-thread-back", text: "← Back to tags" });
  const head = el("div", { "class": "side-thread-tag-slot" });
  // Not a live region: every draw replaces the whole thread, which a screen reader would read out each time.
  const content = el("div", { "class": "side-thread-content" });
  const threadPanel = el("div", { id: "side-thread", "class": "side-thread", role: "tabpanel", tabindex: "-1", hidden: "" }, [
    el("div", { "class": "side-thread-nav" }, [back]), head, content,
  ]);
  card.append(el("div", { "class": "side-tabs", role: "tablist", "aria-label": "Tags and discussion" }, [tagsTab, discussionTab]), tagsPanel, threadPanel);
  card.classList.add("side-tabbed");

  let shown = null;
  let loading = 0;

  function select(which) {
    tagsTab.setAttribute("aria-selected", String(which === "tags"));
    discussionTab.setAttribute("aria-selected", String(which === "discussion"));
    threadPanel.setAttribute("aria-labelledby", which === "discussion" ? "side-tab-discussion" : "side-tab-tags");
  }

  function setHash(hash) {
    if (location.hash !== hash) { history.replaceState(null, "", location.pathname + location.search + hash); }
  }

  function bringCardUp() {
    // The sidebar scrolls on its own (sticky on wide screens): put the card at its top, not the window.
    if (aside && aside.scrollHeight > aside.clientHeight) {
      aside.scrollTop += card.getBoundingClientRect().top - aside.getBoundingClientRect().top;
    }
  }

  function showList(how) {
    shown = null;
    kept = null;
    loading++;
    root.classList.remove("side-thread-open");
    threadPanel.hidden = true;
    tagsPanel.hidden = false;
    select("tags");
    if (threadFromHash(location.hash)) { setHash(""); }
    if (how && how.focus) { tagsTab.focus(); }
    if (how && how.reveal) { card.scrollIntoView({ block: "start" }); }
  }

  function markComment(id, scroll) {
    content.querySelectorAll(".comment-target").forEach(function (c) { c.classList.remove("comment-target"); });
    const c = id === null ? null : content.querySelector("#comment-" + id);
    if (!c) { return false; }
    c.classList.add("comment-target");
    if (scroll) { c.scrollIntoView({ block: "nearest" }); }
    return true;
  }

  /** Draws a fetched thread; `scrollToAdded`: a comment the reader just posted is scrolled to. */
  function draw(doc, focusComment, scrollToAdded) {
    const body = doc.querySelector(".side-thread-body");
    if (!body) { return null; }
    const before = commentIds(content);
    const drafts = takeDrafts(content);
    const marked = content.querySelector(".comment-target");
    const fresh = document.importNode(body, true);
    content.replaceChildren(fresh);
    putDrafts(fresh, drafts);
    const added = addedIds(before, commentIds(fresh));
    if (focusComment !== null) {
      markComment(focusComment, true);
    } else if (before.length > 0 && added.length > 0) {
      markComment(added[added.length - 1], scrollToAdded);
    } else if (marked) {
      // Drawn again (a live update): the comment the reader was sent to stays marked.
      markComment(commentIdOf(marked.id), false);
    }
    kept = { target: shown, node: fresh };
    return fresh;
  }

  function drawHead(kind, taggingId) {
    const t = kind === "tagging" ? ctx.byId.get(taggingId) : null;
    head.replaceChildren(t ? threadTagHead(ctx, t, sidebar.refreshVotes, function (id) { open({ kind: "tagging", id: id }, { focus: true }); }) : "");
  }

  /**
   * Opens the thread `target` names. how.quiet: no scrolling (a live update restores the view itself);
   * how.focus: move focus into the thread (it was opened from a control).
   */
  async function open(target, how) {
    how = how || {};
    const again = sameTarget(shown, target);
    shown = target;
    const ticket = ++loading;
    root.classList.add("side-thread-open");
    tagsPanel.hidden = true;
    threadPanel.hidden = false;
    select(target.kind === "transcript" ? "discussion" : "tags");
    setHash(threadHash(target));
    if (target.kind === "tagging") {
      drawHead("tagging", target.id);
      if (!how.quiet) { marks.showTagging(target.id, false); }
    } else if (target.kind === "transcript") {
      drawHead("transcript", null);
    }
    if (kept && sameTarget(kept.target, target) && !again) {
      content.replaceChildren(kept.node);
      if (how.quiet) {
        if (aside) { aside.scrollTop = keptScroll.aside; }
        card.scrollTop = keptScroll.card;
      }
    } else if (!again) {
      content.replaceChildren(el("p", { "class": "muted", text: "Loading the thread…" }));
    }
    if (!how.quiet) { bringCardUp(); }
    if (how.focus) { threadPanel.focus({ preventScroll: true }); }
    let answer;
    try {
      answer = await fetchFragment(threadUrl(ctx.page.transcriptId, target));
    } catch (err) {
      answer = { ok: false, status: 0, message: err.message };
    }
    if (ticket !== loading || !document.contains(card)) { return; }
    if (!answer.ok) {
      content.replaceChildren(el("p", { "class": "notice", text: answer.status === 404 ? "This thread is not on this transcript (any more)." : "The thread could not be loaded (" + (answer.message || answer.status) + ")." }));
      return;
    }
    const body = draw(answer.doc, target.kind === "comment" && !how.quiet ? target.id : null, false);
    if (!body) {
      content.replaceChildren(el("p", { "class": "notice", text: "The thread could not be read (the server answered another page)." }));
      return;
    }
    if (!how.quiet && target.kind !== "comment") { bringCardUp(); }
    if (target.kind === "comment") {
      // A comment permalink: now it is known whose thread it is.
      const kind = body.getAttribute("data-kind");
      const taggingId = Number(body.getAttribute("data-tagging-id")) || null;
      select(kind === "transcript" ? "discussion" : "tags");
      drawHead(kind, taggingId);
      if (taggingId !== null && !how.quiet) { marks.showTagging(taggingId, false); markComment(target.id, true); }
    }
  }

  wireForms(content, function (doc) { draw(doc, null, true); });
  [aside, card].forEach(function (box) {
    if (box) { box.addEventListener("scroll", function () { keptScroll = { aside: aside ? aside.scrollTop : 0, card: card.scrollTop }; }, { passive: true }); }
  });

  tagsTab.addEventListener("click", function () { showList({ focus: false }); });
  discussionTab.addEventListener("click", function () { open({ kind: "transcript" }, { focus: true }); });
  back.addEventListener("click", function () { showList({ focus: true, reveal: true }); });
  if (discussionLink) {
    discussionLink.addEventListener("click", function (e) {
      if (opensElsewhere(e)) { return; }
      e.preventDefault();
      open({ kind: "transcript" }, { focus: true });
    });
  }
  const list = document.getElementById("tag-list");
  if (list) {
    // After the tag list's own handler (sidebar.js: address and highlight), the entry's thread.
    list.addEventListener("click", function (e) {
      const a = e.target.closest("a.tag-link");
      if (a) { open({ kind: "tagging", id: Number(a.getAttribute("href").slice(5)) }, { focus: true }); }
    });
  }
  content.addEventListener("click", function (e) {
    const link = e.target.closest("a.comment-permalink");
    if (!link || opensElsewhere(e)) { return; }
    // In the sidebar a comment's permalink is this page's address for it (#comment-N), not its thread page.
    const id = commentIdOf(link.closest(".comment").id);
    e.preventDefault();
    setHash("#comment-" + id);
    markComment(id, false);
  });
  ctx.on(document, "click", function (e) {
    const discuss = e.target.closest && e.target.closest("#tr-popover a[href^='/Taggings/']");
    if (!discuss || opensElsewhere(e)) { return; }
    e.preventDefault();
    popover.close(false);
    open({ kind: "tagging", id: Number(discuss.getAttribute("href").slice(10)) }, { focus: true });
  });
  ctx.on(window, "hashchange", function () {
    const target = threadFromHash(location.hash);
    if (target && target.kind === "comment" && markComment(target.id, true)) { return; }
    if (target) { open(target, {}); } else if (shown && location.hash === "") { showList({}); }
  });

  const start = threadFromHash(location.hash);
  if (start) {
    open(start, { quiet: !!(kept && sameTarget(kept.target, start)) });
  } else {
    kept = null;
    select("tags");
  }

  return {
    follow: function (id) {
      if (shown && shown.kind === "tagging" && shown.id !== id) { open({ kind: "tagging", id: id }, { quiet: true }); }
    },
  };
}

// A click meant for a new tab or window (modifier keys, not the main button) follows the link as usual.
function opensElsewhere(e) {
  return e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey;
}
