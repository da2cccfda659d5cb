// The transcript page's tagging data and the small rules over it. No DOM here: main.js reads the
// JSON script tags and the block texts and hands them in.

/**
 * The taggings of the shared page JSON (tr-taggings), with their label, reader, quote and own vote
 * filled in (in place).
 * The shared JSON names each label and reader once and leaves out quotes: a quote is the tagged span
 * of its block's text, which is in the page. Per-reader state (own votes) comes with tr-page.
 * `blockText(id)` returns a block's text.
 */
export function joinTaggings(shared, myVotes, blockText) {
  const labels = shared.labels || {};
  const users = shared.users || {};
  const votes = myVotes || {};
  const taggings = shared.taggings || [];
  taggings.forEach(function (t) {
    const label = labels[t.labelId] || { name: "", color: "" };
    t.label = label.name;
    t.color = label.color;
    t.user = users[t.userId] || "";
    t.quote = blockText(t.blockId).slice(t.start, t.end);
    t.myVote = votes[t.id] || 0;
  });
  return taggings;
}

/** The tagging ids of a space-separated attribute value such as a mark's data-t. */
export function parseIds(value) {
  return (value || "").split(" ").filter(Boolean).map(Number);
}

/** "2 agree · 1 dispute" */
export function votesText(agrees, disputes) {
  return agrees + " agree · " + disputes + " dispute";
}

/** The summed votes of a sidebar entry, which stands for one or more taggings of the same passage. */
export function sumVotes(ids, byId) {
  let agrees = 0, disputes = 0;
  ids.forEach(function (id) {
    const t = byId.get(id);
    if (t) { agrees += t.agrees; disputes += t.disputes; }
  });
  return { agrees: agrees, disputes: disputes };
}

/**
 * The status of summed votes: TaggingStatus.Of (Core/Taggings/TaggingStatus.cs), the same rule; the counts
 * are other readers' votes (a tagger's own never counts).
 */
export function statusOf(agrees, disputes) {
  if (agrees >= 2 && agrees > disputes) { return "accepted"; }
  if (disputes >= 1 && disputes >= agrees) { return "contested"; }
  return "proposed";
}

/** The summary of a tag (all taggings of one passage under one label): "2 readers · 1 agree · 0 dispute · proposed". */
export function tagSummary(ids, byId) {
  const sum = sumVotes(ids, byId);
  return ids.length + (ids.length === 1 ? " reader · " : " readers · ") + votesText(sum.agrees, sum.disputes) + " · " + statusOf(sum.agrees, sum.disputes);
}

/** The line under a label in the tooltip and the details popover. */
export function statusLine(t) {
  return votesText(t.agrees, t.disputes) + " · " + t.status;
}

/** The vote to send when a reader presses Agree (1) or Dispute (-1): pressing one's current vote withdraws it. */
export function nextVote(current, pressed) {
  return current === pressed ? 0 : pressed;
}

/** The tagging id of a permalink hash ("#tag-12"), or null. */
export function taggingIdFromHash(hash) {
  const m = /^#tag-(\d+)$/.exec(hash);
  return m ? Number(m[1]) : null;
}

/** Whether the page lets this reader delete a tagging: their own, or any when they moderate. */
export function canDelete(t, page) {
  return !!page.userId && (t.userId === page.userId || !!page.canModerate);
}

/** The text of a tagging's discussion link. */
export function discussText(comments) {
  return comments ? "Discuss (" + comments + ")" : "Discuss";
}

/** The popover's accessible name for each kind of popover. */
export function popoverName(kind) {
  return kind === "tag" ? "Tag the selected passage" : kind === "details" ? "Tag details" : "Tagging";
}

/** The next active option index after an arrow key (`step` 1 or -1), wrapping around. */
export function wrapIndex(active, step, count) {
  return (active + step + count) % count;
}
