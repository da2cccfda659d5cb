// Transcript page, live: other readers' taggings, votes and comments appear without a reload. The page
// shows its shared part at one version; when a newer one is announced, the current shared part is
// fetched and swapped in, unless the reader is selecting, has a popover open or is typing: then
// "N new — show" waits for a click. Bookkeeping is in versions.js and rules.js (pure, node-tested).
import { api } from "../api.js";
import { connect } from "./connection.js";
import { wouldDisturb } from "./rules.js";
import { createBar } from "./status.js";
import { fetchShared, readerActivity, swapIn } from "./swap.js";
import { applied, caughtUp, initialState, isBehind, pendingCount, receive, versionsOfPage } from "./versions.js";

function readPage() {
  const node = document.getElementById("tr-page");
  try { return node ? JSON.parse(node.textContent) : null; } catch (e) { return null; }
}

function start(page, shown) {
  let state = initialState(shown);
  let fetching = false;
  let again = false;
  let waiting = false;
  const bar = createBar(document.getElementById("reader"), function () { apply(true); }, page.userId ? watch : null);

  async function watch(on) {
    try {
      const res = await api("PUT", "/api/v1/transcripts/" + page.transcriptId + "/watch", { watch: on });
      bar.watching(res.watching);
    } catch (err) {
      bar.status("offline", err.message);
    }
  }

  function showPending() { bar.pending(isBehind(state) ? pendingCount(state) : 0); }

  function update(next) {
    if (next === state) { return; }
    state = next;
    if (waiting || wouldDisturb(readerActivity())) { waiting = true; showPending(); return; }
    apply(false);
  }

  async function apply(clicked) {
    if (fetching) { again = true; return; }
    fetching = true;
    try {
      const fetched = await fetchShared(location.pathname + location.search);
      if (!clicked && wouldDisturb(readerActivity())) {
        waiting = true;
      } else {
        swapIn(fetched);
        state = applied(state, versionsOfPage(fetched.page) || state.latest);
        waiting = false;
      }
    } catch (err) {
      bar.status("reconnecting", err.message);
      waiting = true;
    } finally {
      fetching = false;
    }
    showPending();
    if (again) {
      again = false;
      if (isBehind(state) && !waiting) { apply(false); }
    }
  }

  connect(page.transcriptId, {
    joined: function (current) { update(caughtUp(state, current)); },
    change: function (change) { update(receive(state, change)); },
    presence: bar.presence,
    watching: bar.watching,
    inbox: function (unread) { document.dispatchEvent(new CustomEvent("tr:inbox", { detail: unread })); },
    status: bar.status,
  });
}

const page = readPage();
const shown = versionsOfPage(page);
if (page && shown && window.signalR && document.getElementById("reader")) { start(page, shown); }
