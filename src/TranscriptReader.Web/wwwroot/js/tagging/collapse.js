// Messages and reasoning blocks fold away one at a time (a button in each header) or all at once (the
// toolbar). Folding only hides: the text stays in the page, so offsets, permalinks and find-in-page hold,
// and opening a permalink unfolds what hides its passage.
import { el } from "./dom.js";

function foldButton(target, what) {
  const b = el("button", { type: "button", "class": "link-button fold-toggle", "aria-expanded": "true", text: "Collapse " + what });
  b.addEventListener("click", function () { setFolded(target, b, !target.classList.contains("folded")); });
  return b;
}

function setFolded(target, button, folded) {
  target.classList.toggle("folded", folded);
  button.setAttribute("aria-expanded", String(!folded));
  button.textContent = (folded ? "Expand " : "Collapse ") + button.textContent.replace(/^(Expand|Collapse) /, "");
}

/** Adds the fold buttons; returns unfoldAround(node), which opens every fold that hides `node`. */
export function initCollapse(root) {
  const toggles = [];
  root.querySelectorAll(".msg").forEach(function (msg) {
    const head = msg.querySelector(".msg-head");
    if (!head) { return; }
    const b = foldButton(msg, "message");
    head.appendChild(b);
    toggles.push({ target: msg, button: b });
  });
  root.querySelectorAll(".blk-reasoning-like").forEach(function (blk) {
    const label = blk.querySelector(".blk-label");
    if (!label) { return; }
    const b = foldButton(blk, "reasoning");
    label.appendChild(b);
    toggles.push({ target: blk, button: b });
  });

  const toolbar = root.querySelector(".reader-toolbar");
  if (toolbar && toggles.length) {
    const all = el("button", { type: "button", "class": "button button-secondary button-small", text: "Collapse all" });
    all.addEventListener("click", function () {
      const fold = all.textContent === "Collapse all";
      toggles.forEach(function (t) { setFolded(t.target, t.button, fold); });
      all.textContent = fold ? "Expand all" : "Collapse all";
    });
    toolbar.insertBefore(all, toolbar.firstChild);
  }

  return function unfoldAround(node) {
    toggles.forEach(function (t) {
      if (t.target.classList.contains("folded") && t.target.contains(node)) { setFolded(t.target, t.button, false); }
    });
  };
}
