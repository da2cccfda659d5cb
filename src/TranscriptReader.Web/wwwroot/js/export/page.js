// Keeps the Export page's download links in step with the filter form as the reader changes it (the preview
// still waits for the Preview button): every link gets the form's current filters, and the pivot's link is
// disabled until a metadata key is typed.
import { exportQuery, ready } from "./links.js";

const form = document.querySelector("form.export-filters");
const links = document.querySelectorAll("a[data-export-file]");

function update() {
  const entries = Array.from(new FormData(form).entries());
  const query = exportQuery(entries);
  for (const link of links) {
    const needsKey = link.getAttribute("data-needs-key") === "true";
    const enabled = ready(needsKey, entries);
    if (enabled) {
      link.setAttribute("href", "/api/v1/exports/" + link.getAttribute("data-export-file") + query);
      link.removeAttribute("aria-disabled");
    } else {
      link.removeAttribute("href");
      link.setAttribute("aria-disabled", "true");
    }
    const why = link.parentElement && link.parentElement.querySelector(".export-link-why");
    if (why) { why.hidden = enabled; }
  }
}

if (form) {
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  // The browser may restore field values on back/forward without an event.
  window.addEventListener("pageshow", update);
  update();
}
