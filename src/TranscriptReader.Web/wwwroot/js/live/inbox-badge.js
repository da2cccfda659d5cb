// The header's unread inbox count: read once when a page loads, then kept live by the transcript page's
// connection (js/live/main.js dispatches tr:inbox with the count).
function show(unread) {
  const badge = document.getElementById("inbox-badge");
  if (!badge) { return; }
  badge.textContent = unread > 0 ? String(unread) : "";
  badge.hidden = !(unread > 0);
  const link = document.getElementById("inbox-link");
  if (link) { link.setAttribute("aria-label", unread > 0 ? "Inbox, " + unread + " unread" : "Inbox"); }
}

document.addEventListener("tr:inbox", function (e) { show(Number(e.detail) || 0); });
fetch("/api/v1/inbox/unread", { credentials: "same-origin", headers: { Accept: "application/json" } })
  .then(function (res) { return res.ok ? res.json() : null; })
  .then(function (data) { if (data) { show(data.unread); } })
  .catch(function () { /* the badge is a courtesy; the inbox page is always there */ });
