// Label keys and the popover's label search (wwwroot/js/tagging/labels.js); the keys on the same
// cases as LabelNames.Key in C#.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fixture, load } from "./wwwroot.mjs";

const { appliedUnderOtherName, createLabelIndex, labelKey } = await load("tagging/labels.js");

for (const c of fixture("label-key-cases.json")) {
  test("shared case: " + c.name, () => {
    assert.equal(labelKey(c.label), c.key);
    assert.equal(labelKey(c.key), c.key, "a key is its own key");
  });
}

const labels = [
  { name: "Goal guarding", color: "#111", aliases: ["protecting goals"] },
  { name: "Training awareness", color: "#222", aliases: [], key: "t" },
  { name: "Awareness of training", color: "#333", aliases: [] },
  { name: "Sandbagging", color: "#444", aliases: ["goal sandbag"] },
];

function names(options) {
  return options.map((o) => o.label.name + (o.via ? " (" + o.via + ")" : "") + " " + o.score);
}

test("matches rank exact, prefix, word start, then anywhere; ties by name", () => {
  assert.deepEqual(names(createLabelIndex(labels).match("awareness")), [
    "Awareness of training 1",
    "Training awareness 2",
  ]);
  assert.deepEqual(names(createLabelIndex(labels).match("ining")), [
    "Awareness of training 3",
    "Training awareness 3",
  ]);
  assert.deepEqual(names(createLabelIndex(labels).match("goal guarding")), ["Goal guarding 0"]);
});

test("the query is normalized like a label key", () => {
  assert.deepEqual(names(createLabelIndex(labels).match("  GOAL\u00a0 Guarding ")), ["Goal guarding 0"]);
  assert.deepEqual(names(createLabelIndex(labels).match("ＳＡＮＤ")), ["Sandbagging 1"]);
});

test("an alias counts when it matches better than the name, and says so", () => {
  assert.deepEqual(names(createLabelIndex(labels).match("goal")), [
    "Goal guarding 1",
    "Sandbagging (goal sandbag) 1",
  ]);
  assert.deepEqual(names(createLabelIndex(labels).match("protecting")), ["Goal guarding (protecting goals) 1"]);
});

test("nothing typed lists the first 50 labels, a query at most 30 matches", () => {
  const many = Array.from({ length: 60 }, (_, i) => ({ name: "label " + String(i).padStart(2, "0"), color: "", aliases: [] }));
  const index = createLabelIndex(many);
  const all = index.match("   ");
  assert.equal(all.length, 50);
  assert.deepEqual(all[0], { label: many[0], via: null });
  assert.equal(index.match("label").length, 30);
  assert.deepEqual(index.match("nothing like it"), []);
});

test("a shortcut key finds its label", () => {
  const index = createLabelIndex(labels);
  assert.equal(index.byShortcut("t"), labels[1]);
  assert.equal(index.byShortcut("x"), undefined);
  assert.equal(index.hasShortcuts, true);
  assert.equal(createLabelIndex([labels[0]]).hasShortcuts, false);
});

test("a tagging applied under another name is told apart from case and spacing", () => {
  assert.equal(appliedUnderOtherName("goal  GUARDING", "Goal guarding"), false);
  assert.equal(appliedUnderOtherName("protecting goals", "Goal guarding"), true);
  assert.equal(appliedUnderOtherName(null, "Goal guarding"), false);
  assert.equal(appliedUnderOtherName("", "Goal guarding"), false);
});

const { popoverHint, shortcutOf } = await load("tagging/labels.js");

function key(k, extra) {
  const code = /^[a-z]$/i.test(k) ? "Key" + k.toUpperCase() : /^[0-9]$/.test(k) ? "Digit" + k : k;
  return Object.assign({ key: k, code: code, altKey: false, ctrlKey: false, metaKey: false }, extra || {});
}

test("typing in the label box is never a shortcut, whatever is typed before", () => {
  for (const ch of "deceptive compliance 7") {
    assert.equal(shortcutOf(key(ch), true), null, ch);
  }
});

test("Alt+key is a shortcut in the box, read from the physical key (Alt changes e.key on some layouts)", () => {
  assert.equal(shortcutOf(key("d", { altKey: true }), true), "d");
  assert.equal(shortcutOf({ key: "∂", code: "KeyD", altKey: true }, true), "d");
  assert.equal(shortcutOf(key("3", { altKey: true }), true), "3");
  assert.equal(shortcutOf(key("ArrowDown", { altKey: true }), true), null);
});

test("on the option list a plain key is a shortcut; Ctrl and Meta never are", () => {
  assert.equal(shortcutOf(key("G"), false), "g");
  assert.equal(shortcutOf(key("Enter"), false), null);
  assert.equal(shortcutOf(key(" "), false), null);
  assert.equal(shortcutOf(key("d", { ctrlKey: true }), false), null);
  assert.equal(shortcutOf(key("d", { metaKey: true }), true), null);
});

test("the hint says how shortcuts work only when a label has one", () => {
  assert.match(popoverHint(true), /Alt\+key while typing/);
  assert.match(popoverHint(true), /Tab to the list/);
  assert.doesNotMatch(popoverHint(false), /Alt/);
});
