// Side-by-side alignment, pure: the height each row needs so that message i of both columns starts at the same
// offset, and the scroll position of one column that shows the same row as the other.

/** The taller of the two heights at each position (a missing one counts as 0). */
export function rowHeights(left, right) {
  const n = Math.max(left.length, right.length);
  const out = [];
  for (let i = 0; i < n; i++) out.push(Math.max(left[i] ?? 0, right[i] ?? 0));
  return out;
}

/**
 * With aligned rows both columns have the same row offsets, so the same scrollTop shows the same rows; the other
 * column's own limit (it may be shorter on screen) caps it.
 */
export function mirroredTop(top, otherScrollHeight, otherClientHeight) {
  return Math.max(0, Math.min(top, otherScrollHeight - otherClientHeight));
}
