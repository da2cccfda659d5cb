// Reading a streamed NDJSON answer (one JSON document per line) chunk by chunk. Pure: tested with
// node --test.

/**
 * Splits text received so far into complete lines and the unfinished rest, which waits for the next
 * chunk. Empty lines are dropped.
 */
export function completeLines(buffered) {
  const lines = buffered.split("\n");
  const rest = lines.pop();
  return { lines: lines.filter(Boolean), rest: rest };
}
