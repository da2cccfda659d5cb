// The live bar above the transcript: connection state, who reads along, and "N new — show".
import { pendingText, presenceNames, presenceText, statusText } from "./rules.js";

function el(tag, cls, text) {
  const node = document.createElement(tag);
  node.className = cls;
  if (text) { node.textContent = text; }
  return node;
}

/** Puts the bar before `root` (outside it: the shared part is replaced, the bar stays). */
export function createBar(root, onShow) {
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
    pending: function (count) {
      show.textContent = pendingText(count);
      show.hidden = count === 0;
    },
  };
}
