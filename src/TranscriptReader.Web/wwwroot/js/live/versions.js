// Version bookkeeping of a live transcript page, pure. A page shows the shared part at one version pair
// (the transcript's page version and the epoch every page shares; both only grow, see
// Sql/Functions/page_clock.sql). Notifications say which version a page moved to; the ones newer
// than what is shown are pending until a fetched shared part at least that new is swapped in.

/** The state of a page that shows `shown` ({ page, epoch }). */
export function initialState(shown) {
  return { shown: copy(shown), latest: copy(shown), pending: [] };
}

function copy(v) {
  return { page: Number(v.page) || 0, epoch: Number(v.epoch) || 0 };
}

/**
 * The state after a change { kind: "page" | "epoch", version } arrived. Duplicates, changes arriving
 * out of order and changes older than what is shown leave it as it was (the same object).
 */
export function receive(state, change) {
  const version = Number(change.version);
  if (!(version > 0) || (change.kind !== "page" && change.kind !== "epoch")) { return state; }
  // Older than the newest one heard of is still news when newer than what is shown: notifications of two
  // writes can arrive in either order.
  if (version <= state.shown[change.kind]) { return state; }
  if (state.pending.some(function (p) { return p.kind === change.kind && p.version === version; })) { return state; }
  const latest = copy(state.latest);
  latest[change.kind] = Math.max(latest[change.kind], version);
  return { shown: state.shown, latest: latest, pending: state.pending.concat([{ kind: change.kind, version: version }]) };
}

/** The state after (re)joining: the server's current versions count as one change each when newer. */
export function caughtUp(state, current) {
  const afterPage = receive(state, { kind: "page", version: current.page });
  return receive(afterPage, { kind: "epoch", version: current.epoch });
}

/** Whether the page shows less than the newest version it heard of. */
export function isBehind(state) {
  return state.latest.page > state.shown.page || state.latest.epoch > state.shown.epoch;
}

/** The number of changes not shown yet. */
export function pendingCount(state) {
  return state.pending.length;
}

/**
 * The state after a shared part at `loaded` ({ page, epoch }) was swapped in. A fetched part may be newer
 * than any notification that arrived yet (it is the current one); it never goes back.
 */
export function applied(state, loaded) {
  const shown = {
    page: Math.max(state.shown.page, Number(loaded.page) || 0),
    epoch: Math.max(state.shown.epoch, Number(loaded.epoch) || 0),
  };
  const latest = { page: Math.max(state.latest.page, shown.page), epoch: Math.max(state.latest.epoch, shown.epoch) };
  const pending = state.pending.filter(function (p) { return p.version > shown[p.kind]; });
  return { shown: shown, latest: latest, pending: pending };
}

/** The versions a page's tr-page JSON names ({ pageVersion, epoch }), or null when it has none. */
export function versionsOfPage(pageJson) {
  if (!pageJson || !(Number(pageJson.pageVersion) > 0)) { return null; }
  return { page: Number(pageJson.pageVersion), epoch: Number(pageJson.epoch) || 0 };
}
