// @name completion in comment boxes: finding the @token at the caret, choosing and ordering the matching
// reader names, putting the chosen name in. Pure: tested with node --test. A mention is "@" and the exact
// display name, spaces included, followed by anything but a letter, digit or "_" (comments_fill_inbox.sql):
// the name is inserted as listed, with a space after it.

/** The longest text after "@" that is looked up (no display name is longer). */
export const MAX_QUERY = 50;

/** Names the server answers at most (ReaderNames.MaxResults): a shorter answer holds every match. */
export const MAX_RESULTS = 10;

/**
 * The @token being typed at `caret` in `text`: `{ start, query }`, where `start` is the index of the "@"
 * and `query` what follows it up to the caret; or null. The "@" starts the text or follows a space or
 * punctuation (so "ada@example.org" is no mention); the query stays on one line, does not start with a
 * space and is at most MAX_QUERY characters. It may hold spaces, as names do ("@Ada Lo").
 */
export function mentionAt(text, caret) {
  const from = Math.max(0, caret - MAX_QUERY - 1);
  const at = text.lastIndexOf("@", caret - 1);
  if (at < from || at < 0 || at >= caret) { return null; }
  const query = text.slice(at + 1, caret);
  if (/[\r\n]/.test(query) || /^\s/.test(query)) { return null; }
  if (at > 0 && /[\p{L}\p{N}_]/u.test(text[at - 1])) { return null; }
  return { start: at, query: query };
}

/** How `name` matches `query`: 0 starts with it as typed, 1 in any case, 2 a word starts with it; -1 not at all. */
export function matchRank(name, query) {
  if (name.startsWith(query)) { return 0; }
  const lower = name.toLowerCase();
  const q = query.toLowerCase();
  if (lower.startsWith(q)) { return 1; }
  return lower.indexOf(" " + q) >= 0 ? 2 : -1;
}

/** The names matching `query` (the server's rule), best first: by rank, then shorter, then alphabetical. */
export function rankNames(names, query, limit) {
  return names
    .map(function (name) { return { name: name, rank: matchRank(name, query) }; })
    .filter(function (m) { return m.rank >= 0; })
    .sort(function (a, b) { return a.rank - b.rank || a.name.length - b.name.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0); })
    .slice(0, limit === undefined ? MAX_RESULTS : limit)
    .map(function (m) { return m.name; });
}

/**
 * Whether names already fetched for `known` answer `query` without asking the server again: they do when
 * `query` extends `known` (any case) and that answer was not cut at MAX_RESULTS, since every name matching
 * the longer query also matched the shorter one.
 */
export function coveredBy(known, query) {
  return !!known && known.names.length < MAX_RESULTS && query.toLowerCase().startsWith(known.query.toLowerCase());
}

/**
 * The text and caret after choosing `name` for the token at `start` (see mentionAt) with the caret at
 * `caret`: "@" + name replaces the token and the rest of the word the caret is in. A space follows unless
 * a space or punctuation is already there, so the mention ends where the name does; the caret goes after
 * the name and that space.
 */
export function insertMention(text, start, caret, name) {
  let end = caret;
  while (end < text.length && /[\p{L}\p{N}_]/u.test(text[end])) { end++; }
  const rest = text.slice(end);
  const gap = rest === "" || /^[\p{L}\p{N}_]/u.test(rest) ? " " : "";
  const before = text.slice(0, start) + "@" + name + gap;
  return { value: before + rest, caret: before.length + (/^[ \t]/.test(rest) ? 1 : 0) };
}

/**
 * Whether the name list opens below or above a comment box whose bounding box is `box` ({ top, bottom }),
 * in the visible part of the page `view` ({ top, height }, the visual viewport): below when it fits there,
 * otherwise on the side with more room. At phone width the sidebar thread is a bottom sheet, and its reply box
 * sits at the bottom of the screen (or just above the keyboard), where a list opening below would be hidden.
 */
export function listPlacement(box, listHeight, view) {
  const below = view.top + view.height - box.bottom;
  const above = box.top - view.top;
  return below >= listHeight || below >= above ? "below" : "above";
}
