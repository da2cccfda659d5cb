// Where a selection lies in one block's text, by the server's rules (Core/Taggings/SpanAnchor.cs).
// Offsets are UTF-16 code-unit indices into the block text, end exclusive: the same numbers as the
// indices of JavaScript and C# strings. tests/Fixtures/span-anchor-cases.json holds cases that both
// SpanAnchor.Create and anchor() below are tested against, so the two provably agree.
import { isHighSurrogate, isLowSurrogate, isWhiteSpace } from "./text.js";

/** UTF-16 code units of context kept on each side (SpanAnchor.ContextLength). */
export const CONTEXT_LENGTH = 32;

/** True when `index` falls between the two halves of a surrogate pair (it would cut an emoji in half). */
export function splitsSurrogatePair(text, index) {
  return index > 0
    && index < text.length
    && isHighSurrogate(text.charCodeAt(index - 1))
    && isLowSurrogate(text.charCodeAt(index));
}

function failure(reason, error) {
  return { ok: false, reason: reason, error: error };
}

/**
 * Checks a selection [start, end) of `text` and trims white space at its edges, as SpanAnchor.Create
 * does. `quote` is optional (null); when given it must equal the raw or the trimmed selection.
 * Returns { ok: true, start, end, quote, prefix, suffix } or { ok: false, reason, error } where reason
 * is "outside", "splits", "empty" or "quote" and error is the server's message for it.
 */
export function anchor(text, start, end, quote) {
  if (start < 0 || end > text.length || start > end) {
    return failure("outside", "The selection " + start + "–" + end + " is outside the block (length " + text.length + ").");
  }
  if (splitsSurrogatePair(text, start) || splitsSurrogatePair(text, end)) {
    return failure("splits", "The selection cuts a character (such as an emoji) in half.");
  }
  let trimmedStart = start;
  let trimmedEnd = end;
  while (trimmedStart < trimmedEnd && isWhiteSpace(text.charAt(trimmedStart))) { trimmedStart++; }
  while (trimmedEnd > trimmedStart && isWhiteSpace(text.charAt(trimmedEnd - 1))) { trimmedEnd--; }
  if (trimmedStart === trimmedEnd) {
    return failure("empty", "The selection is empty or only whitespace.");
  }
  const trimmed = text.slice(trimmedStart, trimmedEnd);
  if (quote !== null && quote !== undefined && quote !== trimmed && quote !== text.slice(start, end)) {
    return failure("quote", "The quoted text does not match the block at that position; reload the transcript.");
  }
  let prefixStart = Math.max(0, trimmedStart - CONTEXT_LENGTH);
  if (splitsSurrogatePair(text, prefixStart)) { prefixStart++; }
  let suffixEnd = Math.min(text.length, trimmedEnd + CONTEXT_LENGTH);
  if (splitsSurrogatePair(text, suffixEnd)) { suffixEnd--; }
  return {
    ok: true,
    start: trimmedStart,
    end: trimmedEnd,
    quote: trimmed,
    prefix: text.slice(prefixStart, trimmedStart),
    suffix: text.slice(trimmedEnd, suffixEnd),
  };
}

/**
 * True when the part of a selection that falls in a block is nothing but white space, so the
 * selection merely touches that block (a drag that starts or ends just past a block's edge).
 * JavaScript's \s is meant here, as it always was: it only decides which blocks count as selected.
 */
export function isBlank(s) {
  return /^\s*$/.test(s);
}

/** The explanation shown when a selection covers more than one block. */
export function acrossBlocksMessage(blocks) {
  return "A tag must stay inside one block. This selection runs across " + blocks
    + " blocks (separate parts of the transcript); select a passage within one of them.";
}
