// The page's SignalR connection to /hubs/reading (the client is wwwroot/lib/microsoft-signalr, a
// classic script that defines window.signalR). It reconnects by itself for ever and joins the
// transcript again each time, handing the server's current versions to `on.joined` for catch-up.
import { retryDelay } from "./rules.js";

/** Starts the connection; `on` has joined, change, presence, inbox, watching and status callbacks. */
export function connect(transcriptId, on) {
  const signalR = window.signalR;
  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/reading")
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: function (ctx) { return retryDelay(ctx.previousRetryCount); } })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  connection.on("page", function (id, version) { if (id === transcriptId) { on.change({ kind: "page", version: version }); } });
  connection.on("epoch", function (epoch) { on.change({ kind: "epoch", version: epoch }); });
  connection.on("presence", function (p) { if (p && p.transcriptId === transcriptId) { on.presence(p); } });
  connection.on("inbox", function (unread) { on.inbox(unread); });

  async function join() {
    const joined = await connection.invoke("Join", transcriptId);
    on.joined({ page: joined.pageVersion, epoch: joined.epoch });
    on.presence(joined.presence);
    // Signed-in readers only (null for anonymous ones).
    if (typeof joined.unread === "number") { on.inbox(joined.unread); }
    if (typeof joined.watching === "boolean") { on.watching(joined.watching); }
    on.status("connected");
  }

  async function start(attempt) {
    try {
      await connection.start();
      await join();
    } catch (err) {
      on.status("reconnecting", err && err.message);
      if (connection.state !== signalR.HubConnectionState.Disconnected) { await connection.stop(); }
      setTimeout(function () { start(attempt + 1); }, retryDelay(attempt));
    }
  }

  connection.onreconnecting(function () { on.status("reconnecting"); });
  connection.onreconnected(function () {
    join().catch(function (err) { on.status("offline", err && err.message); });
  });
  connection.onclose(function (err) {
    // Closed for good only when the server said so (too many tabs): say why instead of retrying.
    on.status("offline", err && err.message);
    if (!(err && /Too many/.test(err.message))) { setTimeout(function () { start(0); }, retryDelay(10)); }
  });
  start(0);
  return connection;
}
