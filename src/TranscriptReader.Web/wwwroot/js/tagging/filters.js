// The transcript page's filters (label, reader, status, only mine) as one value that the highlights and
// the tag list both obey, read from and written to the address so a view can be shared. No DOM here.

const KEYS = { label: "label", reader: "reader", status: "status", mine: "mine" };
const STATUSES = ["proposed", "accepted", "contested"];

/** The filters of a query string ("?label=3&mine=1"); unknown or malformed values mean "any". */
export function parseFilters(search) {
  const q = new URLSearchParams(search || "");
  const label = q.get(KEYS.label) || "";
  const status = q.get(KEYS.status) || "";
  return {
    label: /^\d+$/.test(label) ? label : "",
    reader: q.get(KEYS.reader) || "",
    status: STATUSES.indexOf(status) >= 0 ? status : "",
    mine: q.get(KEYS.mine) === "1",
  };
}

/** `search` with the filters set (and "any" left out), other parameters kept; "" when nothing is left. */
export function filtersToSearch(filters, search) {
  const q = new URLSearchParams(search || "");
  Object.keys(KEYS).forEach(function (k) { q.delete(KEYS[k]); });
  if (filters.label) { q.set(KEYS.label, filters.label); }
  if (filters.reader) { q.set(KEYS.reader, filters.reader); }
  if (filters.status) { q.set(KEYS.status, filters.status); }
  if (filters.mine) { q.set(KEYS.mine, "1"); }
  const s = q.toString();
  return s ? "?" + s : "";
}

/** Whether any filter is set. */
export function anyFilter(filters) {
  return !!(filters.label || filters.reader || filters.status || filters.mine);
}

/** Whether a tagging ({ labelId, userId, status }) passes; `me` is the reader's user id (null when anonymous). */
export function taggingPasses(t, filters, me) {
  return (!filters.label || String(t.labelId) === filters.label)
    && (!filters.reader || t.userId === filters.reader)
    && (!filters.status || t.status === filters.status)
    && (!filters.mine || (!!me && t.userId === me));
}

/** Whether a highlight fragment or list entry standing for these taggings shows: when any of them passes. */
export function anyPasses(ids, byId, filters, me) {
  return ids.some(function (id) { const t = byId.get(id); return !!t && taggingPasses(t, filters, me); });
}
