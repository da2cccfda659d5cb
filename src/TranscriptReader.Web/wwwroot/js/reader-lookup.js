// The reader-name look-up behind @mention completion and the Export page's reader box.

/**
 * Up to ten reader names matching `prefix` (/api/v1/readers/names), or null when the server refuses (too many
 * look-ups, signed out) or cannot be reached: callers then offer no list, and the name can still be typed.
 * @param {string} prefix what has been typed
 */
export async function lookUpReaderNames(prefix) {
  try {
    const res = await fetch("/api/v1/readers/names?prefix=" + encodeURIComponent(prefix),
      { credentials: "same-origin", headers: { Accept: "application/json" } });
    return res.ok ? ((await res.json()).names || []) : null;
  } catch (e) {
    return null;
  }
}
