// The live page's pure modules: version bookkeeping (wwwroot/js/live/versions.js) and rules (rules.js).
import assert from "node:assert/strict";
import { test } from "node:test";
import { load } from "./wwwroot.mjs";

const v = await load("live/versions.js");
const r = await load("live/rules.js");

const start = () => v.initialState({ page: 100, epoch: 50 });

test("a newer page version is pending; an older or equal one is ignored", () => {
  let s = start();
  assert.equal(v.receive(s, { kind: "page", version: 100 }), s);
  assert.equal(v.receive(s, { kind: "page", version: 99 }), s);
  s = v.receive(s, { kind: "page", version: 101 });
  assert.equal(v.pendingCount(s), 1);
  assert.ok(v.isBehind(s));
});

test("duplicates count once, and changes arriving out of order each count", () => {
  let s = start();
  s = v.receive(s, { kind: "page", version: 103 });
  s = v.receive(s, { kind: "page", version: 103 });
  s = v.receive(s, { kind: "page", version: 102 });
  assert.equal(v.pendingCount(s), 2);
  assert.equal(s.latest.page, 103);
});

test("epoch changes are tracked apart from page versions", () => {
  let s = start();
  s = v.receive(s, { kind: "epoch", version: 51 });
  assert.ok(v.isBehind(s));
  assert.equal(v.pendingCount(s), 1);
  assert.equal(s.latest.page, 100);
});

test("bad changes leave the state alone", () => {
  const s = start();
  for (const change of [{ kind: "page", version: "x" }, { kind: "other", version: 200 }, { kind: "page", version: -1 }, {}]) {
    assert.equal(v.receive(s, change), s);
  }
});

test("applying a fetched part clears what it covers and never goes back", () => {
  let s = start();
  s = v.receive(s, { kind: "page", version: 101 });
  s = v.receive(s, { kind: "page", version: 105 });
  s = v.applied(s, { page: 103, epoch: 50 });
  assert.equal(v.pendingCount(s), 1);
  assert.ok(v.isBehind(s));
  s = v.applied(s, { page: 110, epoch: 50 });
  assert.equal(v.pendingCount(s), 0);
  assert.ok(!v.isBehind(s));
  assert.equal(s.latest.page, 110);
  s = v.applied(s, { page: 90, epoch: 10 });
  assert.deepEqual(s.shown, { page: 110, epoch: 50 });
});

test("a change announced before the fetched part that already holds it is not pending afterwards", () => {
  let s = v.applied(start(), { page: 120, epoch: 50 });
  s = v.receive(s, { kind: "page", version: 115 });
  assert.equal(v.pendingCount(s), 0);
  assert.ok(!v.isBehind(s));
});

test("catching up after a reconnect compares the server's current versions", () => {
  let s = start();
  assert.equal(v.caughtUp(s, { page: 100, epoch: 50 }), s);
  s = v.caughtUp(s, { page: 140, epoch: 60 });
  assert.equal(v.pendingCount(s), 2);
  assert.ok(v.isBehind(s));
});

test("the versions of a page come from its tr-page JSON", () => {
  assert.deepEqual(v.versionsOfPage({ pageVersion: 7, epoch: 3 }), { page: 7, epoch: 3 });
  assert.equal(v.versionsOfPage({}), null);
  assert.equal(v.versionsOfPage(null), null);
});

test("an update waits while the reader selects, has a popover open or types", () => {
  assert.equal(r.wouldDisturb({}), false);
  assert.equal(r.wouldDisturb({ selecting: true }), true);
  assert.equal(r.wouldDisturb({ popoverOpen: true }), true);
  assert.equal(r.wouldDisturb({ typing: true }), true);
});

test("texts", () => {
  assert.equal(r.pendingText(0), "");
  assert.equal(r.pendingText(3), "3 new — show");
  assert.equal(r.presenceText({ count: 1 }), "1 reader here");
  assert.equal(r.presenceText({ count: 4 }), "4 readers here");
  assert.equal(r.presenceText(null), "");
  assert.equal(r.presenceNames({ names: ["Ada", "Bob"], anonymous: 2 }), "Ada, Bob and 2 anonymous readers");
  assert.equal(r.presenceNames({ names: ["Ada"], anonymous: 0 }), "Ada");
  assert.equal(r.presenceNames({ names: [], anonymous: 1 }), "1 anonymous reader");
  assert.equal(r.statusText("connected"), "live");
  assert.equal(r.statusText("reconnecting"), "reconnecting");
  assert.equal(r.statusText("disconnected"), "offline");
});

test("reconnect delays grow to 10 s and keep going", () => {
  assert.equal(r.retryDelay(0), 250);
  assert.equal(r.retryDelay(1), 500);
  assert.equal(r.retryDelay(100), 10000);
});

test("the watch toggle says what it does", () => {
  assert.equal(r.watchText(false), "Watch this transcript");
  assert.equal(r.watchText(true), "Watching this transcript");
});

test("a listener scope removes every listener it added, and only those, when stopped", async () => {
  const { createListenerScope } = await load("live/listeners.js");
  const target = new EventTarget();
  const heard = [];
  target.addEventListener("ping", () => heard.push("own"));
  const scope = createListenerScope();
  scope.on(target, "ping", () => heard.push("scoped"));
  scope.on(target, "ping", () => heard.push("once"), { once: true });
  target.dispatchEvent(new Event("ping"));
  target.dispatchEvent(new Event("ping"));
  scope.stop();
  target.dispatchEvent(new Event("ping"));
  assert.deepEqual(heard, ["own", "scoped", "once", "own", "scoped", "own"]);
});
