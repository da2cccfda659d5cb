// The live bar above the transcript: connection state, who reads along, and "N new — show".
import { pendingText, presenceNames, presenceText, statusText, watchText } from "./rules.js";

function el(tag, cls, text) {
  const node = document.createElement(tag);
  node.className = cls;
  if (text) { node.textContent = text; }
  return node;
}

/**
 * Puts the bar before `root` (outside it: the shared part is replaced, the bar stays). With `onWatch`
 * (signed-in readers) it has a "Watch this transcript" toggle.
 */
export function createBar(root, onShow, onWatch) {
  const bar = el("div", "live-bar");
  bar.id = "live-bar";
  const state = el("span", "live-state", statusText("connecting"));
  state.setAttribute("data-state", "connecting");
  const presence = el("span", "live-presence");
  const show = el("button", "button button-small live-pending");
  show.type = "button";
  show.hidden = true;
  show.addEventListener("click", onShow);
  const news = el("span", "live-news");
  news.setAttribute("aria-live", "polite");
  news.appendChild(show);
  bar.append(state, presence, news);
  const watch = el("button", "button button-secondary button-small live-watch");
  watch.type = "button";
  watch.hidden = true;
  if (onWatch) {
    watch.addEventListener("click", function () { onWatch(watch.getAttribute("aria-pressed") !== "true"); });
    bar.appendChild(watch);
  }
  root.parentNode.insertBefore(bar, root);

  return {
    status: function (s, message) {
      state.textContent = statusText(s);
      state.setAttribute("data-state", s);
      state.title = message || "";
    },
    presence: function (p) {
      presence.textContent = presenceText(p);
      presence.title = presenceNames(p);
    },
    watching: function (on) {
      watch.hidden = false;
      watch.setAttribute("aria-pressed", String(!!on));
      watch.textContent = watchText(!!on);
    },
    pending: function (count) {
      show.textContent = pendingText(count);
      show.hidden = count === 0;
    },
  };
}
