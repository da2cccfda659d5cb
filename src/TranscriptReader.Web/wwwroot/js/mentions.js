// Comment boxes complete @names: typing "@al" lists the matching readers (GET /api/v1/readers/names);
// arrow keys move, Enter or Tab or a click picks, Escape closes. It listens on the document, so it serves
// every comment form (transcript discussion, tagging threads, replies), also those a live update swaps in.
// Loaded for signed-in readers only. The rules (token at the caret, ranking, inserting) are in
// discussion/mentions.js.
import { coveredBy, insertMention, listPlacement, mentionAt, rankNames } from "./discussion/mentions.js";
import { lookUpReaderNames } from "./reader-lookup.js";

const BOXES = "form.comment-form textarea";
let list = null;
// The open list: its textarea, the @token it completes, the names shown and the highlighted one.
let open = null;
// The last names answered by the server, reused while the reader types on (see coveredBy).
let known = null;
let asked = 0;
let timer = null;

function listbox() {
  if (list) { return list; }
  list = document.createElement("ul");
  list.id = "mention-list";
  list.className = "mention-list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Readers to mention");
  list.hidden = true;
  // A press on a name must not take the focus (and the caret) out of the textarea.
  list.addEventListener("mousedown", function (e) { e.preventDefault(); });
  list.addEventListener("click", function (e) {
    const option = e.target.closest("li[data-index]");
    if (option) { pick(Number(option.getAttribute("data-index"))); }
  });
  document.body.appendChild(list);
  return list;
}

function close() {
  if (!open) { return; }
  open.area.setAttribute("aria-expanded", "false");
  open.area.removeAttribute("aria-activedescendant");
  list.hidden = true;
  open = null;
}

function highlight(index) {
  open.active = index;
  list.querySelectorAll("li").forEach(function (li, i) { li.setAttribute("aria-selected", String(i === index)); });
  open.area.setAttribute("aria-activedescendant", "mention-option-" + index);
  const current = list.children[index];
  if (current && current.scrollIntoView) { current.scrollIntoView({ block: "nearest" }); }
}

function show(area, token, names) {
  if (names.length === 0 || !area.isConnected) { close(); return; }
  const ul = listbox();
  ul.textContent = "";
  names.forEach(function (name, i) {
    const li = document.createElement("li");
    li.id = "mention-option-" + i;
    li.setAttribute("role", "option");
    li.setAttribute("data-index", String(i));
    li.textContent = name;
    ul.appendChild(li);
  });
  open = { area: area, token: token, names: names, active: 0 };
  area.setAttribute("aria-autocomplete", "list");
  area.setAttribute("aria-controls", ul.id);
  area.setAttribute("aria-expanded", "true");
  const rect = area.getBoundingClientRect();
  ul.style.left = (rect.left + window.scrollX) + "px";
  ul.style.minWidth = Math.min(rect.width, 320) + "px";
  ul.style.visibility = "hidden";
  ul.hidden = false;
  const viewport = window.visualViewport;
  // Client coordinates: the visual viewport's offset is relative to the layout viewport.
  const view = viewport ? { top: viewport.offsetTop, height: viewport.height } : { top: 0, height: window.innerHeight };
  const height = ul.offsetHeight + 2;
  const top = listPlacement(rect, height, view) === "below" ? rect.bottom + 2 : rect.top - height;
  ul.style.top = (top + window.scrollY) + "px";
  ul.style.visibility = "";
  highlight(0);
}

function pick(index) {
  if (!open) { return; }
  const area = open.area;
  const next = insertMention(area.value, open.token.start, area.selectionStart, open.names[index]);
  close();
  area.value = next.value;
  area.focus();
  area.setSelectionRange(next.caret, next.caret);
}

function tokenIn(area) {
  return area.selectionStart === area.selectionEnd ? mentionAt(area.value, area.selectionStart) : null;
}

async function update(area) {
  const token = tokenIn(area);
  if (!token || token.query === "") { close(); return; }
  if (coveredBy(known, token.query)) { show(area, token, rankNames(known.names, token.query)); return; }
  const mine = ++asked;
  // A refusal (too many look-ups, signed out) only means no list: the reader can type the name.
  const names = await lookUpReaderNames(token.query);
  if (mine !== asked) { return; }
  if (names === null) { close(); return; }
  known = { query: token.query, names: names };
  // The reader may have typed on while the answer was coming.
  const now = document.activeElement === area ? tokenIn(area) : null;
  if (!now || now.start !== token.start || now.query === "") { close(); return; }
  show(area, now, rankNames(names, now.query));
}

document.addEventListener("input", function (e) {
  if (!e.target.matches || !e.target.matches(BOXES)) { return; }
  const area = e.target;
  clearTimeout(timer);
  const token = tokenIn(area);
  // Answers already in hand show at once; the server is asked once typing pauses.
  if (!token || token.query === "" || coveredBy(known, token.query)) { update(area); return; }
  timer = setTimeout(function () { update(area); }, 150);
});

// Capture phase on window, ahead of the page's own key handlers (the tagging popover also closes on Escape).
window.addEventListener("keydown", function (e) {
  if (!open || e.target !== open.area || e.altKey || e.ctrlKey || e.metaKey) { return; }
  const count = open.names.length;
  if (e.key === "ArrowDown" || e.key === "ArrowUp") {
    highlight((open.active + (e.key === "ArrowDown" ? 1 : count - 1)) % count);
  } else if ((e.key === "Enter" || e.key === "Tab") && !e.shiftKey) {
    pick(open.active);
  } else if (e.key === "Escape") {
    close();
  } else {
    return;
  }
  e.preventDefault();
  e.stopPropagation();
}, true);

document.addEventListener("keyup", function (e) {
  if (open && e.target === open.area && /^(ArrowLeft|ArrowRight|Home|End)$/.test(e.key)) { update(open.area); }
});
document.addEventListener("focusout", function (e) { if (open && e.target === open.area) { close(); } });
document.addEventListener("click", function (e) {
  if (open && e.target === open.area) { update(open.area); }
});
