// The download links of the Export page, computed from the filter form's fields: the same query string the
// server writes (ExportParameters.ToQueryString), so a link never lags behind what the form shows.

// The form's parameters that are export filters, in the server's order; "export" (which preview) is not one.
const filterNames = ["collection", "label", "reader", "from", "to", "block_kind", "status", "key", "denominator"];

/**
 * The query string (with its leading "?", or "" for none) of the filters that are set.
 * @param {Array<[string, string]>} entries the form's name/value pairs, as FormData yields them
 */
export function exportQuery(entries) {
  const pairs = [];
  for (const name of filterNames) {
    for (const [n, v] of entries) {
      const value = typeof v === "string" ? v.trim() : "";
      if (n === name && value !== "") {
        pairs.push(encodeURIComponent(name) + "=" + encodeURIComponent(value));
      }
    }
  }
  return pairs.length === 0 ? "" : "?" + pairs.join("&");
}

/** Whether the export can be downloaded with these fields: the pivot needs a metadata key. */
export function ready(needsKey, entries) {
  return !needsKey || entries.some(([n, v]) => n === "key" && typeof v === "string" && v.trim() !== "");
}
