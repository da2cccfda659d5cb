// The filter controls (label, reader, status, only mine): one set of filters that hides highlights and
// tag-list entries alike, kept in the address (?label=…&reader=…&status=…&mine=1) so reloading or
// sharing the link keeps the view. The rule itself is in filters.js.
import { parseIds } from "./data.js";
import { idsOf } from "./dom.js";
import { anyFilter, anyPasses, filtersToSearch, parseFilters } from "./filters.js";

function hasOption(select, value) {
  return Array.prototype.some.call(select.options, function (o) { return o.value === value; });
}

/** Wires the controls; returns apply(), which redraws after a tagging's status changed. */
export function initFilters(ctx) {
  const root = ctx.root;
  const controls = {
    label: document.getElementById("filter-label"),
    reader: document.getElementById("filter-reader"),
    status: document.getElementById("filter-status"),
    mine: document.getElementById("toggle-mine"),
  };
  const me = ctx.page.userId || null;
  let filters = parseFilters(location.search);
  // A value the page has no option for (a label no longer used here) would filter invisibly: drop it.
  ["label", "reader", "status"].forEach(function (k) {
    const c = controls[k];
    if (c && filters[k] && hasOption(c, filters[k])) { c.value = filters[k]; } else { filters[k] = ""; }
  });
  if (controls.mine) { controls.mine.checked = filters.mine; } else { filters.mine = false; }

  function apply() {
    const on = anyFilter(filters);
    root.querySelectorAll("mark.hl").forEach(function (m) {
      m.classList.toggle("hl-filtered", on && !anyPasses(idsOf(m), ctx.byId, filters, me));
    });
    let shown = 0;
    document.querySelectorAll("#tag-list .tag-item").forEach(function (li) {
      const ok = !on || anyPasses(parseIds(li.getAttribute("data-ids")), ctx.byId, filters, me);
      li.hidden = !ok;
      if (ok) { shown++; }
    });
    const empty = document.getElementById("tag-list-empty");
    if (empty) { empty.hidden = shown > 0 || !document.getElementById("tag-list"); }
  }

  function changed() {
    filters = {
      label: controls.label ? controls.label.value : "",
      reader: controls.reader ? controls.reader.value : "",
      status: controls.status ? controls.status.value : "",
      mine: controls.mine ? controls.mine.checked : false,
    };
    history.replaceState(null, "", location.pathname + filtersToSearch(filters, location.search) + location.hash);
    apply();
  }

  Object.keys(controls).forEach(function (k) {
    if (controls[k]) { controls[k].addEventListener("change", changed); }
  });
  apply();
  return { apply: apply };
}
