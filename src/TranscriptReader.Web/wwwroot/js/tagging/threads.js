// The sidebar's threads, as data: which thread an address names, where its fragment is fetched from, and
// the small rules around it. No DOM here (thread-panel.js shows them); tested with node --test.
//
// Addresses (hash of /Transcripts/{id}): #tag-{taggingId} a tagging's thread, #discussion the transcript's own
// discussion, #comment-{commentId} the thread holding that comment, opened at it.

/** The thread an address hash names: { kind: "tagging" | "comment", id } or { kind: "transcript" }; null for none. */
export function threadFromHash(hash) {
  if (hash === "#discussion") { return { kind: "transcript" }; }
  const m = /^#(tag|comment)-(\d+)$/.exec(hash || "");
  if (!m) { return null; }
  return { kind: m[1] === "tag" ? "tagging" : "comment", id: Number(m[2]) };
}

/** The hash that names `target` (see threadFromHash). */
export function threadHash(target) {
  if (target.kind === "transcript") { return "#discussion"; }
  return (target.kind === "tagging" ? "#tag-" : "#comment-") + target.id;
}

/** Where the sidebar fetches the fragment of `target` (Pages/Discussion/SideThread). */
export function threadUrl(transcriptId, target) {
  const base = "/Transcripts/" + transcriptId + "/Thread";
  if (target.kind === "tagging") { return base + "?tagging=" + target.id; }
  if (target.kind === "comment") { return base + "?comment=" + target.id; }
  return base;
}

/** Whether two targets name the same thread address. */
export function sameTarget(a, b) {
  return !!a && !!b && a.kind === b.kind && (a.kind === "transcript" || a.id === b.id);
}

/** The count in a link text such as "Discussion (4)"; 0 when there is none. */
export function countIn(text) {
  const m = /\((\d+)\)\s*$/.exec(text || "");
  return m ? Number(m[1]) : 0;
}

/** "Discussion (3)", or "Discussion" with none. */
export function tabText(name, count) {
  return count > 0 ? name + " (" + count + ")" : name;
}

/** The ids in `after` that are not in `before`: the comments a post or a live refresh added. */
export function addedIds(before, after) {
  const seen = new Set(before);
  return after.filter(function (id) { return !seen.has(id); });
}

/** The comment id of an element id such as "comment-12", or null. */
export function commentIdOf(elementId) {
  const m = /^comment-(\d+)$/.exec(elementId || "");
  return m ? Number(m[1]) : null;
}

/**
 * The key of a comment form, to carry a half-written text over when the thread is drawn again: which form
 * (its action) for which comment (the reply's parent, the edited comment) or the new-comment form.
 */
export function draftKey(action, parentId, commentId) {
  return action + "|" + (parentId || "") + "|" + (commentId || "");
}

/** The taggings of the same tag as `t` (same passage, same label): the other readers' threads on it. */
export function sameTag(t, taggings) {
  return taggings.filter(function (x) {
    return x.blockId === t.blockId && x.start === t.start && x.end === t.end && x.labelId === t.labelId;
  });
}
