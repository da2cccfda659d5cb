// Loaded on every page. The page modules import api.js themselves; window.TR keeps the same two
// helpers reachable from a browser console and from browser tests that call the API as a page does.
import { api, csrf } from "./api.js";

window.TR = Object.assign(window.TR || {}, { csrf: csrf, api: api });

// Phones: the header's links fold behind the Menu button (the CSS hides the button on wider screens).
const toggle = document.querySelector(".nav-toggle");
const menu = document.getElementById("site-menu");
if (toggle && menu) {
  toggle.addEventListener("click", function () {
    const open = menu.classList.toggle("open");
    toggle.setAttribute("aria-expanded", String(open));
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && menu.classList.contains("open")) {
      menu.classList.remove("open");
      toggle.setAttribute("aria-expanded", "false");
      toggle.focus();
    }
  });
}

// Forms whose action is hard to take back ask first (data-confirm holds the question).
document.addEventListener("submit", function (e) {
  const form = e.target;
  const question = form && form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) { e.preventDefault(); }
});
