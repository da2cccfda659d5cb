// Inserting a tagging's quote (already a Markdown block quote) into a comment being written. Pure:
// tested with node --test.

/**
 * The textarea's new value and caret after putting `quote` in place of the selection [start, end)
 * of `text`. A block quote must start on a line of its own, so one or two line breaks go before it.
 */
export function insertQuote(text, start, end, quote) {
  const before = text.slice(0, start);
  const lead = before.length === 0 || before.endsWith("\n\n") ? "" : (before.endsWith("\n") ? "\n" : "\n\n");
  return { value: before + lead + quote + text.slice(end), caret: (before + lead + quote).length };
}
