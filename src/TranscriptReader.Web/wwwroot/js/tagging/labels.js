// Label names as the server compares them, and the tag popover's search over the page's labels.
// labelKey equals LabelNames.Key (Core/Labels/LabelNames.cs); tests/Fixtures/label-key-cases.json
// holds cases that both are tested against.
import { isWhiteSpace } from "./text.js";

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const ASCII = /^[\x00-\x7f]*$/;

// LabelNames.Nfkc: string.Normalize throws on a lone surrogate, so the server replaces it first.
function nfkc(s) {
  return s.replace(LONE_SURROGATE, "\ufffd").normalize("NFKC");
}

// .NET's ToLowerInvariant maps one code point to one (the simple case mapping) and leaves U+0130 (İ)
// alone. toLowerCase applies the full mapping in context instead ("İ" becomes "i̇", a word-final "Σ"
// becomes "ς"), so it is applied to one code point at a time, where the full mapping is the simple one.
function lowerInvariant(s) {
  if (ASCII.test(s)) { return s.toLowerCase(); }
  let out = "";
  for (const ch of s) {
    out += ch === "\u0130" ? ch : ch.toLowerCase();
  }
  return out;
}

// LabelNames.CollapseWhitespace: runs of white space become one space; none at either end.
function collapseWhiteSpace(s) {
  let out = "";
  let pendingSpace = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charAt(i);
    if (isWhiteSpace(c)) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (pendingSpace) {
      out += " ";
      pendingSpace = false;
    }
    out += c;
  }
  return out;
}

/** The unique key of a label name: NFKC, invariant lower case, white space trimmed and collapsed. */
export function labelKey(name) {
  // Lower-casing can leave a string that is no longer in NFKC, so normalize again.
  return nfkc(collapseWhiteSpace(lowerInvariant(nfkc(name))));
}

// 0 exact, 1 prefix, 2 word prefix, 3 anywhere, -1 no match.
function score(key, query) {
  if (key === query) { return 0; }
  if (key.indexOf(query) === 0) { return 1; }
  if (key.indexOf(" " + query) >= 0) { return 2; }
  return key.indexOf(query) >= 0 ? 3 : -1;
}

/**
 * An index over the page's labels (objects with name, color, aliases and an optional shortcut `key`).
 * match(query) gives the popover's options: { label, via, score } where via is the alias that matched
 * better than the name, best first; with an empty query, the first 50 labels as { label, via: null }.
 */
export function createLabelIndex(labels) {
  const entries = labels.map(function (label) {
    return {
      label: label,
      key: labelKey(label.name),
      aliases: (label.aliases || []).map(function (alias) { return { alias: alias, key: labelKey(alias) }; }),
    };
  });

  function match(query) {
    const q = labelKey(query);
    if (!q) { return labels.slice(0, 50).map(function (l) { return { label: l, via: null }; }); }
    const found = [];
    entries.forEach(function (e) {
      let best = score(e.key, q);
      let via = null;
      e.aliases.forEach(function (a) {
        const s = score(a.key, q);
        if (s >= 0 && (best < 0 || s < best)) { best = s; via = a.alias; }
      });
      if (best >= 0) { found.push({ label: e.label, via: via, score: best }); }
    });
    found.sort(function (a, b) { return a.score - b.score || a.label.name.localeCompare(b.label.name); });
    return found.slice(0, 30);
  }

  return {
    match: match,
    /** The label whose shortcut is the typed character, or undefined. */
    byShortcut: function (ch) { return labels.filter(function (l) { return l.key === ch; })[0]; },
    /** Whether any label has a shortcut key (the popover mentions them only then). */
    hasShortcuts: labels.some(function (l) { return l.key; }),
  };
}

/**
 * The shortcut character a keydown in the tag popover asks for, or null. Typed text always filters or
 * creates: in the text box only Alt+key is a shortcut (read from the physical key, since Alt changes
 * e.key on some layouts); on the option list, where nothing is typed, the key alone is. Ctrl and Meta
 * combinations stay the browser's. `event` needs key, code, altKey, ctrlKey, metaKey.
 */
export function shortcutOf(event, inTextBox) {
  if (event.ctrlKey || event.metaKey) { return null; }
  if (event.altKey) {
    const m = /^(?:Key([A-Z])|Digit([0-9]))$/.exec(event.code || "");
    return m ? (m[1] || m[2]).toLowerCase() : null;
  }
  if (inTextBox) { return null; }
  return typeof event.key === "string" && /^[A-Za-z0-9]$/.test(event.key) ? event.key.toLowerCase() : null;
}

/** The popover's hint line: how to choose, and how shortcuts work when any label has one. */
export function popoverHint(hasShortcuts) {
  return "Type to find or create · ↑↓ choose · Enter apply · Esc close"
    + (hasShortcuts ? " · Shortcut keys: Alt+key while typing, or Tab to the list and press the key" : "");
}

/** True when a tagging was applied under another name than its label's (an alias, or before a merge). */
export function appliedUnderOtherName(appliedLabel, labelName) {
  return !!appliedLabel && labelKey(appliedLabel) !== labelKey(labelName);
}
