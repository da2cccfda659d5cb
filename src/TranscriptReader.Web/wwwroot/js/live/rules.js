// Small rules of the live page, pure: when an update may be applied at once, and the texts shown.

/**
 * Whether swapping in a new shared part now would disturb the reader: a selection in progress in the
 * transcript, an open popover, or typing in a field of the page part being replaced.
 */
export function wouldDisturb(reader) {
  return !!(reader.selecting || reader.popoverOpen || reader.typing);
}

/** "1 new — show", "3 new — show"; "" for none. */
export function pendingText(count) {
  return count > 0 ? count + " new — show" : "";
}

/** "1 reader here", "4 readers here"; "" before anything is known. */
export function presenceText(presence) {
  if (!presence || !(presence.count > 0)) { return ""; }
  return presence.count + (presence.count === 1 ? " reader here" : " readers here");
}

/** The names behind the count: "Ada, Bob and 2 anonymous readers". */
export function presenceNames(presence) {
  if (!presence) { return ""; }
  const names = (presence.names || []).slice();
  const anonymous = presence.anonymous || 0;
  if (anonymous > 0) { names.push(anonymous + (anonymous === 1 ? " anonymous reader" : " anonymous readers")); }
  if (names.length <= 1) { return names.join(""); }
  return names.slice(0, -1).join(", ") + " and " + names[names.length - 1];
}

/** The indicator's text for a connection state of the SignalR client. */
export function statusText(state) {
  return state === "connected" ? "live" : state === "reconnecting" || state === "connecting" ? "reconnecting" : "offline";
}

/**
 * The wait before the next reconnect attempt: quick at first, then every 10 s at most, for ever (a page
 * left open over a night of sleep and deploys must come back by itself). `attempt` counts from 0.
 */
export function retryDelay(attempt) {
  return Math.min(10000, 250 * Math.pow(2, Math.min(attempt, 10)));
}

/** The watch toggle's text. */
export function watchText(watching) {
  return watching ? "Watching this transcript" : "Watch this transcript";
}
