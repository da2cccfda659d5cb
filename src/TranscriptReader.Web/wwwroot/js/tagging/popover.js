// The one popover of the transcript page (#tr-popover): opening, placing, closing, and giving the
// selection and focus back. What goes inside is built by tag-popover.js and details.js.
import { popoverName } from "./data.js";
import { el } from "./dom.js";

// While focus is in the popover the browser hides the selection; keep the passage visibly marked
// with the CSS Custom Highlight API where the browser has it (no DOM change, so offsets stay).
function markPending(range) {
  if (window.CSS && CSS.highlights && window.Highlight) {
    if (range) { CSS.highlights.set("tr-pending", new Highlight(range)); } else { CSS.highlights.delete("tr-pending"); }
  }
}

// Viewports this narrow (phones) pin the popover instead of placing it beside the passage; matches site.css.
const PIN_BELOW = 640;

/**
 * The popover controller; `tooltip.hide()` is called whenever a popover opens. `on(target, type, listener)`
 * adds its document listeners for as long as this start of the page lasts (see live/listeners.js).
 */
export function createPopover(tooltip, on) {
  const popover = document.getElementById("tr-popover");
  let state = null;

  // Phones: pinned to the top of the visible part of the page, never taller than it, so the on-screen keyboard
  // (which shrinks the visual viewport) cannot cover the label list under the text box.
  function pin() {
    const vv = window.visualViewport;
    popover.classList.add("pop-pinned");
    popover.style.left = ((vv ? vv.offsetLeft : 0) + 8) + "px";
    popover.style.top = ((vv ? vv.offsetTop : 0) + 8) + "px";
    popover.style.maxHeight = ((vv ? vv.height : window.innerHeight) - 16) + "px";
  }

  function repin() {
    if (state && popover.classList.contains("pop-pinned")) { pin(); }
  }

  if (window.visualViewport) {
    on(window.visualViewport, "resize", repin);
    on(window.visualViewport, "scroll", repin);
  }

  function place(rect) {
    popover.hidden = false;
    popover.classList.remove("pop-pinned");
    popover.style.maxHeight = "";
    const vw = document.documentElement.clientWidth;
    if (vw <= PIN_BELOW) {
      pin();
      return;
    }
    const left = Math.max(8, Math.min(rect.left, vw - popover.offsetWidth - 8)) + window.scrollX;
    const height = popover.offsetHeight;
    // Below the passage when it fits in the viewport, otherwise above it if that fits.
    const below = rect.bottom + 8 + height <= window.innerHeight || rect.top - 8 - height < 0;
    const top = (below ? rect.bottom + 8 : rect.top - 8 - height) + window.scrollY;
    popover.style.left = left + "px";
    popover.style.top = top + "px";
  }

  /** Closes the popover; with `restore`, the selection and focus it took are given back. */
  function close(restore) {
    if (!state) { return; }
    const closing = state;
    state = null;
    markPending(null);
    popover.hidden = true;
    popover.replaceChildren();
    if (restore) {
      if (closing.range) {
        const sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(closing.range);
      }
      if (closing.returnFocus && closing.returnFocus !== document.body && document.contains(closing.returnFocus)) {
        closing.returnFocus.focus({ preventScroll: true });
      }
    }
  }

  /** Opens a popover of `kind` next to `rect`: build(popoverElement) fills it; `range` is restored on close. */
  function open(kind, rect, build, range) {
    close(false);
    tooltip.hide();
    state = { kind: kind, range: range || null, returnFocus: document.activeElement };
    popover.replaceChildren();
    popover.setAttribute("role", "dialog");
    popover.setAttribute("aria-label", popoverName(kind));
    const closeButton = el("button", { type: "button", "class": "pop-close", "aria-label": "Close", text: "×" });
    closeButton.addEventListener("click", function () { close(true); });
    popover.appendChild(closeButton);
    build(popover);
    place(rect);
  }

  on(document, "keydown", function (e) {
    if (e.key === "Escape" && state) {
      e.preventDefault();
      close(true);
    }
  });
  on(document, "mousedown", function (e) {
    if (state && !popover.contains(e.target)) { close(false); }
  });

  return {
    open: open,
    close: close,
    markPending: markPending,
    /** The kind of the open popover ("tag", "login", "error", "details"), or null. */
    kind: function () { return state ? state.kind : null; },
    contains: function (node) { return popover.contains(node); },
    querySelector: function (selector) { return popover.querySelector(selector); },
  };
}
