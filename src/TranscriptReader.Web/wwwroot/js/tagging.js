// Transcript page: tag passages, see and vote on everyone's tags.
// Offsets are UTF-16 indices into a block's text: the text content of its .block-text element
// equals the stored block text exactly, so Range.toString().length gives the server's offsets.
(function () {
  "use strict";

  function readJson(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  var page = readJson("tr-page");
  var root = document.getElementById("reader");
  if (!page || !root) { return; }
  // The shared JSON names each label and reader once, and leaves out quotes: a quote is the tagged span of
  // its block's text, which is in the page. Per-reader state (own votes) comes with the page data.
  var shared = readJson("tr-taggings") || {};
  var taggings = shared.taggings || [];
  var labels = readJson("tr-labels") || [];
  var blockTexts = new Map();
  function blockText(id) {
    if (!blockTexts.has(id)) {
      var b = root.querySelector('.block-text[data-block-id="' + id + '"]');
      blockTexts.set(id, b ? b.textContent : "");
    }
    return blockTexts.get(id);
  }
  taggings.forEach(function (t) {
    var label = (shared.labels || {})[t.labelId] || { name: "", color: "" };
    t.label = label.name;
    t.color = label.color;
    t.user = (shared.users || {})[t.userId] || "";
    t.quote = blockText(t.blockId).slice(t.start, t.end);
    t.myVote = (page.myVotes || {})[t.id] || 0;
  });
  var byId = new Map(taggings.map(function (t) { return [t.id, t]; }));
  var signedIn = !!page.userId;
  var tooltip = document.getElementById("tr-tooltip");
  var popover = document.getElementById("tr-popover");
  var popState = null;

  // The same whitespace as .NET's char.IsWhiteSpace, which the server trims with.
  var SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; }
      else if (k === "class") { node.className = attrs[k]; }
      else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); } });
    return node;
  }

  function chip(t) {
    var dot = el("span", { "class": "tag-dot" });
    dot.style.setProperty("--hl", t.color);
    return el("span", { "class": "tag-chip" }, [dot, t.label]);
  }

  function idsOf(mark) {
    return (mark.getAttribute("data-t") || "").split(" ").filter(Boolean).map(Number);
  }

  function excerpt(s, max) {
    if (s.length <= max) { return s; }
    var cut = /[\ud800-\udbff]/.test(s.charAt(max - 1)) ? max - 1 : max;
    return s.slice(0, cut) + "…";
  }

  // ---- Long blocks -------------------------------------------------------------------------
  root.querySelectorAll(".blk-long").forEach(function (blk) {
    var btn = blk.querySelector(".blk-more");
    if (!btn) { return; }
    var label = btn.textContent;
    btn.hidden = false;
    btn.addEventListener("click", function () {
      var open = blk.classList.toggle("open");
      btn.setAttribute("aria-expanded", String(open));
      btn.textContent = open ? "Show less" : label;
    });
  });

  function expandAround(node) {
    var blk = node.closest(".blk-long");
    if (blk && !blk.classList.contains("open")) {
      var btn = blk.querySelector(".blk-more");
      if (btn) { btn.click(); } else { blk.classList.add("open"); }
    }
  }

  // ---- Marks: ownership and keyboard focus ---------------------------------------------------
  var marks = Array.prototype.slice.call(root.querySelectorAll("mark.hl"));
  marks.forEach(function (m) {
    var ids = idsOf(m);
    if (!ids.some(function (id) { var t = byId.get(id); return t && t.userId === page.userId; })) {
      m.classList.add("hl-notmine");
    }
    // One tab stop per tagging start, not per fragment.
    var prev = m.previousSibling;
    if (prev && prev.nodeType === 1 && prev.classList.contains("hl-anchor")) {
      m.tabIndex = 0;
      m.setAttribute("role", "button");
      m.setAttribute("aria-label", "Tag: " + ids.map(function (id) { var t = byId.get(id); return t ? t.label : ""; }).join(", "));
    }
  });

  // ---- Toggles -------------------------------------------------------------------------------
  function bindToggle(id, cls, key) {
    var box = document.getElementById(id);
    if (!box) { return; }
    var stored = null;
    try { stored = localStorage.getItem(key); } catch (e) { stored = null; }
    box.checked = stored === "1";
    root.classList.toggle(cls, box.checked);
    box.addEventListener("change", function () {
      root.classList.toggle(cls, box.checked);
      try { localStorage.setItem(key, box.checked ? "1" : "0"); } catch (e) { /* private mode: not remembered */ }
    });
  }
  bindToggle("toggle-mine", "only-mine", "tr.onlyMyTags");
  bindToggle("toggle-hide", "hide-highlights", "tr.hideHighlights");
  function highlightsHidden(mark) {
    return root.classList.contains("hide-highlights") || (root.classList.contains("only-mine") && mark.classList.contains("hl-notmine"));
  }

  // ---- Permalinks ----------------------------------------------------------------------------
  function showTagging(id, focus) {
    var anchor = document.getElementById("tag-" + id);
    if (!anchor) { return; }
    expandAround(anchor);
    root.querySelectorAll("mark.hl-target").forEach(function (m) { m.classList.remove("hl-target"); });
    var first = null;
    marks.forEach(function (m) {
      if (idsOf(m).indexOf(id) >= 0) { m.classList.add("hl-target"); first = first || m; }
    });
    anchor.scrollIntoView({ block: "center" });
    if (focus && first && first.tabIndex === 0) { first.focus({ preventScroll: true }); }
  }
  function fromHash() {
    var m = /^#tag-(\d+)$/.exec(location.hash);
    if (m) { showTagging(Number(m[1]), false); }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();

  // ---- Sidebar -------------------------------------------------------------------------------
  var list = document.getElementById("tag-list");
  var filterLabel = document.getElementById("filter-label");
  var filterReader = document.getElementById("filter-reader");
  function applyFilters() {
    if (!list) { return; }
    var lab = filterLabel ? filterLabel.value : "";
    var reader = filterReader ? filterReader.value : "";
    var shown = 0;
    list.querySelectorAll(".tag-item").forEach(function (li) {
      var ok = (!lab || li.getAttribute("data-label-id") === lab)
        && (!reader || li.getAttribute("data-users").split(" ").indexOf(reader) >= 0);
      li.hidden = !ok;
      if (ok) { shown++; }
    });
    var empty = document.getElementById("tag-list-empty");
    if (empty) { empty.hidden = shown > 0; }
  }
  if (filterLabel) { filterLabel.addEventListener("change", applyFilters); }
  if (filterReader) { filterReader.addEventListener("change", applyFilters); }
  if (list) {
    list.addEventListener("click", function (e) {
      var a = e.target.closest("a.tag-link");
      if (!a) { return; }
      e.preventDefault();
      var id = Number(a.getAttribute("href").slice(5));
      history.replaceState(null, "", "#tag-" + id);
      showTagging(id, true);
    });
  }
  function refreshSidebarVotes() {
    if (!list) { return; }
    list.querySelectorAll(".tag-item").forEach(function (li) {
      var a = 0, d = 0;
      li.getAttribute("data-ids").split(" ").forEach(function (s) {
        var t = byId.get(Number(s));
        if (t) { a += t.agrees; d += t.disputes; }
      });
      var v = li.querySelector(".tag-votes");
      if (v) { v.textContent = a + " agree · " + d + " dispute"; }
    });
  }

  // ---- Tooltip -------------------------------------------------------------------------------
  function showTooltip(mark) {
    if (highlightsHidden(mark)) { return; }
    tooltip.replaceChildren();
    idsOf(mark).forEach(function (id) {
      var t = byId.get(id);
      if (!t) { return; }
      tooltip.appendChild(el("div", { "class": "tt-row" }, [
        chip(t),
        el("div", { "class": "tt-meta", text: "by " + t.user + " · " + t.agrees + " agree · " + t.disputes + " dispute · " + t.status }),
      ]));
    });
    var r = mark.getBoundingClientRect();
    tooltip.hidden = false;
    var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - tooltip.offsetWidth - 8));
    tooltip.style.left = left + "px";
    tooltip.style.top = (r.bottom + window.scrollY + 6) + "px";
  }
  function hideTooltip() { tooltip.hidden = true; }
  root.addEventListener("mouseover", function (e) {
    var m = e.target.closest && e.target.closest("mark.hl");
    if (m) { showTooltip(m); }
  });
  root.addEventListener("mouseout", function (e) {
    if (e.target.closest && e.target.closest("mark.hl")) { hideTooltip(); }
  });
  root.addEventListener("focusin", function (e) {
    if (e.target.matches && e.target.matches("mark.hl")) { showTooltip(e.target); }
  });
  root.addEventListener("focusout", function (e) {
    if (e.target.matches && e.target.matches("mark.hl")) { hideTooltip(); }
  });

  // ---- Popover plumbing ----------------------------------------------------------------------
  function placePopover(rect) {
    popover.hidden = false;
    var vw = document.documentElement.clientWidth;
    var left = Math.max(8, Math.min(rect.left, vw - popover.offsetWidth - 8)) + window.scrollX;
    var height = popover.offsetHeight;
    // Below the passage when it fits in the viewport, otherwise above it if that fits.
    var below = rect.bottom + 8 + height <= window.innerHeight || rect.top - 8 - height < 0;
    var top = (below ? rect.bottom + 8 : rect.top - 8 - height) + window.scrollY;
    popover.style.left = left + "px";
    popover.style.top = top + "px";
  }

  // While focus is in the popover the browser hides the selection; keep the passage visibly marked
  // with the CSS Custom Highlight API where the browser has it (no DOM change, so offsets stay).
  function markPending(range) {
    if (window.CSS && CSS.highlights && window.Highlight) {
      if (range) { CSS.highlights.set("tr-pending", new Highlight(range)); } else { CSS.highlights.delete("tr-pending"); }
    }
  }

  function closePopover(restore) {
    if (!popState) { return; }
    var state = popState;
    popState = null;
    markPending(null);
    popover.hidden = true;
    popover.replaceChildren();
    if (restore) {
      if (state.range) {
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(state.range);
      }
      if (state.returnFocus && state.returnFocus !== document.body && document.contains(state.returnFocus)) {
        state.returnFocus.focus({ preventScroll: true });
      }
    }
  }

  function openPopover(kind, rect, build, range) {
    closePopover(false);
    hideTooltip();
    popState = { kind: kind, range: range || null, returnFocus: document.activeElement };
    popover.replaceChildren();
    popover.setAttribute("role", "dialog");
    popover.setAttribute("aria-label", kind === "tag" ? "Tag the selected passage" : kind === "details" ? "Tag details" : "Tagging");
    var close = el("button", { type: "button", "class": "pop-close", "aria-label": "Close", text: "×" });
    close.addEventListener("click", function () { closePopover(true); });
    popover.appendChild(close);
    build(popover);
    placePopover(rect);
  }

  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && popState) {
      e.preventDefault();
      closePopover(true);
    }
  });
  document.addEventListener("mousedown", function (e) {
    if (popState && !popover.contains(e.target)) { closePopover(false); }
  });

  // ---- Selection → offsets -------------------------------------------------------------------
  function currentSelection() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) { return null; }
    var range = sel.getRangeAt(0);
    var hits = [];
    root.querySelectorAll(".block-text").forEach(function (blockEl) {
      if (!range.intersectsNode(blockEl)) { return; }
      var r = document.createRange();
      r.selectNodeContents(blockEl);
      if (range.compareBoundaryPoints(Range.START_TO_START, r) > 0) { r.setStart(range.startContainer, range.startOffset); }
      if (range.compareBoundaryPoints(Range.END_TO_END, r) < 0) { r.setEnd(range.endContainer, range.endOffset); }
      var s = r.toString();
      if (s.length > 0 && !/^\s*$/.test(s)) { hits.push({ el: blockEl, range: r }); }
    });
    if (hits.length === 0) { return null; }
    var rect = range.getBoundingClientRect();
    if (hits.length > 1) {
      return { error: "A tag must stay inside one block. This selection runs across " + hits.length
        + " blocks (separate parts of the transcript); select a passage within one of them.", rect: rect, range: range.cloneRange() };
    }
    var hit = hits[0];
    var text = hit.el.textContent;
    var before = document.createRange();
    before.selectNodeContents(hit.el);
    before.setEnd(hit.range.startContainer, hit.range.startOffset);
    var start = before.toString().length;
    var end = start + hit.range.toString().length;
    while (start < end && SPACE.test(text.charAt(start))) { start++; }
    while (end > start && SPACE.test(text.charAt(end - 1))) { end--; }
    if (start === end) { return null; }
    return {
      blockId: Number(hit.el.getAttribute("data-block-id")),
      start: start,
      end: end,
      quote: text.slice(start, end),
      rect: hit.range.getBoundingClientRect(),
      range: range.cloneRange()
    };
  }

  // ---- Label matching ------------------------------------------------------------------------
  function key(s) { return s.normalize("NFKC").toLowerCase().trim().replace(/\s+/g, " ").normalize("NFKC"); }
  labels.forEach(function (l) {
    l.k = key(l.name);
    l.aliasKeys = (l.aliases || []).map(function (a) { return { alias: a, k: key(a) }; });
  });
  function score(k, q) {
    if (k === q) { return 0; }
    if (k.indexOf(q) === 0) { return 1; }
    if (k.indexOf(" " + q) >= 0) { return 2; }
    return k.indexOf(q) >= 0 ? 3 : -1;
  }
  function matchLabels(query) {
    var q = key(query);
    if (!q) { return labels.slice(0, 50).map(function (l) { return { label: l, via: null }; }); }
    var found = [];
    labels.forEach(function (l) {
      var best = score(l.k, q), via = null;
      l.aliasKeys.forEach(function (a) {
        var s = score(a.k, q);
        if (s >= 0 && (best < 0 || s < best)) { best = s; via = a.alias; }
      });
      if (best >= 0) { found.push({ label: l, via: via, score: best }); }
    });
    found.sort(function (a, b) { return a.score - b.score || a.label.name.localeCompare(b.label.name); });
    return found.slice(0, 30);
  }

  // ---- Tag popover ---------------------------------------------------------------------------
  function openTagPopover(sel) {
    if (!signedIn) {
      openPopover("login", sel.rect, function (p) {
        p.appendChild(el("p", { "class": "pop-hint", text: "Anyone can read; tagging needs an account." }));
        var a = el("a", { href: page.loginUrl, "class": "button button-small", text: "Log in to tag" });
        p.appendChild(el("div", { "class": "pop-actions" }, [a]));
      }, sel.range);
      return;
    }
    openPopover("tag", sel.rect, function (p) {
      markPending(sel.range);
      p.appendChild(el("p", { "class": "pop-quote", text: "“" + excerpt(sel.quote, 160) + "”" }));
      var input = el("input", {
        type: "text", "class": "pop-input", id: "pop-input", role: "combobox", "aria-expanded": "true",
        "aria-controls": "pop-list", "aria-autocomplete": "list", autocomplete: "off", spellcheck: "false",
        placeholder: "Find or create a label…", "aria-label": "Label"
      });
      var listbox = el("ul", { "class": "pop-options", id: "pop-list", role: "listbox", "aria-label": "Labels" });
      var error = el("p", { "class": "pop-error", role: "alert", hidden: "" });
      var hint = el("p", { "class": "pop-hint", text: "↑↓ choose · Enter apply · Esc close" + (labels.some(function (l) { return l.key; }) ? " · a label’s key applies it while the box is empty" : "") });
      p.appendChild(input);
      p.appendChild(listbox);
      p.appendChild(error);
      p.appendChild(hint);
      var options = [], active = 0, busy = false;

      function render() {
        var typed = input.value.trim();
        options = matchLabels(input.value);
        var exact = options.some(function (o) { return o.score === 0; });
        if (typed && !exact) { options.push({ create: typed }); }
        active = Math.min(active, Math.max(0, options.length - 1));
        listbox.replaceChildren();
        options.forEach(function (o, i) {
          var li;
          if (o.create) {
            li = el("li", { "class": "pop-option pop-create", role: "option", id: "pop-opt-" + i }, ["Create label “" + o.create + "”"]);
          } else {
            var dot = el("span", { "class": "tag-dot" });
            dot.style.setProperty("--hl", o.label.color);
            li = el("li", { "class": "pop-option", role: "option", id: "pop-opt-" + i }, [
              dot, o.label.name,
              o.via ? el("span", { "class": "pop-alias", text: "(" + o.via + ")" }) : null,
              o.label.key ? el("kbd", { text: o.label.key }) : null
            ]);
          }
          li.setAttribute("aria-selected", String(i === active));
          li.addEventListener("mousedown", function (e) { e.preventDefault(); });
          li.addEventListener("click", function () { choose(o); });
          listbox.appendChild(li);
        });
        if (options.length === 0) {
          listbox.appendChild(el("li", { "class": "pop-hint", text: "Type a name to create the first label." }));
          input.removeAttribute("aria-activedescendant");
        } else {
          input.setAttribute("aria-activedescendant", "pop-opt-" + active);
          var cur = document.getElementById("pop-opt-" + active);
          if (cur) { cur.scrollIntoView({ block: "nearest" }); }
        }
      }

      async function choose(o) {
        if (busy) { return; }
        busy = true;
        error.hidden = true;
        input.disabled = true;
        var label = o.create ? o.create : (o.via || o.label.name);
        try {
          var res = await TR.api("POST", "/api/v1/taggings", {
            blockId: sel.blockId, start: sel.start, end: sel.end, quote: sel.quote, label: label
          });
          // Reload so the server renders the new highlight; the hash scrolls back to it.
          history.replaceState(null, "", location.pathname + location.search + "#tag-" + res.id);
          location.reload();
        } catch (err) {
          busy = false;
          input.disabled = false;
          error.textContent = err.status === 401 ? "Your session has ended; log in again to tag." : err.message;
          error.hidden = false;
          input.focus();
        }
      }

      input.addEventListener("input", function () { active = 0; render(); });
      input.addEventListener("keydown", function (e) {
        if (e.key === "ArrowDown") { e.preventDefault(); if (options.length) { active = (active + 1) % options.length; render(); } }
        else if (e.key === "ArrowUp") { e.preventDefault(); if (options.length) { active = (active - 1 + options.length) % options.length; render(); } }
        else if (e.key === "Enter") { e.preventDefault(); if (options[active]) { choose(options[active]); } }
        else if (input.value === "" && e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
          var hit = labels.filter(function (l) { return l.key === e.key; })[0];
          if (hit) { e.preventDefault(); choose({ label: hit, via: null }); }
        }
      });
      render();
      setTimeout(function () { input.focus(); }, 0);
    }, sel.range);
  }

  function openErrorPopover(sel) {
    openPopover("error", sel.rect, function (p) {
      p.appendChild(el("p", { "class": "pop-error", role: "alert", text: sel.error }));
    }, null);
  }

  function onSelectionDone() {
    if (popState && (popState.kind === "tag" || popState.kind === "login")) { return; }
    var sel = currentSelection();
    if (!sel) { return; }
    if (sel.error) { openErrorPopover(sel); } else { openTagPopover(sel); }
  }

  // Keyboard selection. Chromium without caret browsing ignores Shift+arrows in read-only text,
  // so the page moves and extends the selection itself while it sits inside a block. A block is
  // also a tab stop: focusing one puts a caret at its start, and plain arrows then move it.
  var MOVES = {
    ArrowLeft: ["backward", "character"], ArrowRight: ["forward", "character"],
    ArrowUp: ["backward", "line"], ArrowDown: ["forward", "line"],
    Home: ["backward", "lineboundary"], End: ["forward", "lineboundary"]
  };
  function blockOf(node) {
    var n = node && node.nodeType === 3 ? node.parentNode : node;
    return n && n.closest ? n.closest(".block-text") : null;
  }
  if (signedIn) {
    root.querySelectorAll(".block-text").forEach(function (b) {
      b.tabIndex = 0;
    });
    root.addEventListener("focusin", function (e) {
      // Only keyboard focus places a caret; a click makes its own selection.
      if (!e.target.classList || !e.target.classList.contains("block-text") || !e.target.matches(":focus-visible")) { return; }
      var sel = window.getSelection();
      if (sel.rangeCount === 0 || blockOf(sel.focusNode) !== e.target) {
        var walker = document.createTreeWalker(e.target, NodeFilter.SHOW_TEXT);
        var first = walker.nextNode();
        if (first) { sel.collapse(first, 0); }
      }
    });
  }
  document.addEventListener("keydown", function (e) {
    var move = MOVES[e.key];
    if (!move || e.metaKey || popover.contains(e.target)) { return; }
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || !blockOf(sel.focusNode)) { return; }
    var focusedBlock = document.activeElement && document.activeElement.classList && document.activeElement.classList.contains("block-text");
    if (!e.shiftKey && !focusedBlock) { return; }
    var unit = (e.ctrlKey || e.altKey) && move[1] === "character" ? "word" : move[1];
    e.preventDefault();
    sel.modify(e.shiftKey ? "extend" : "move", move[0], unit);
  });

  // Touch screens select with long-press handles and send no mouseup: wait for the selection to settle.
  var lastPointer = "mouse", settle = null;
  document.addEventListener("pointerdown", function (e) { lastPointer = e.pointerType; });
  document.addEventListener("selectionchange", function () {
    if (lastPointer !== "touch") { return; }
    clearTimeout(settle);
    settle = setTimeout(onSelectionDone, 700);
  });

  document.addEventListener("mouseup", function (e) {
    if (popover.contains(e.target)) { return; }
    setTimeout(onSelectionDone, 0);
  });
  document.addEventListener("keyup", function (e) {
    // Keyboard selections (Shift+arrows) open the popover when Shift is released.
    if (e.key === "Shift" && !popover.contains(e.target)) { onSelectionDone(); }
  });

  // ---- Details popover (click or Enter on a highlight) ---------------------------------------
  function detailsFor(t) {
    var box = el("div", { "class": "pop-detail" });
    box.appendChild(el("div", {}, [chip(t), t.appliedLabel && key(t.appliedLabel) !== key(t.label) ? el("span", { "class": "pop-alias", text: " (applied as “" + t.appliedLabel + "”)" }) : null]));
    box.appendChild(el("p", { "class": "pop-quote", text: "“" + excerpt(t.quote, 200) + "”" }));
    box.appendChild(el("div", { "class": "muted", text: "by " + t.user + " · " + new Date(t.createdAt).toLocaleDateString() }));
    var counts = el("div", { "class": "pop-counts", text: t.agrees + " agree · " + t.disputes + " dispute · " + t.status });
    box.appendChild(counts);
    var actions = el("div", { "class": "pop-actions" });
    var mine = t.userId === page.userId;
    if (signedIn) {
      [[1, "Agree"], [-1, "Dispute"]].forEach(function (v) {
        var b = el("button", { type: "button", "class": "button button-secondary button-small", "aria-pressed": String(t.myVote === v[0]), text: v[1] });
        b.addEventListener("click", async function () {
          var value = t.myVote === v[0] ? 0 : v[0];
          try {
            var res = await TR.api("POST", "/api/v1/taggings/" + t.id + "/vote", { value: value });
            t.agrees = res.agrees; t.disputes = res.disputes; t.myVote = res.myVote; t.status = res.status;
            var fresh = detailsFor(t);
            box.replaceWith(fresh);
            refreshSidebarVotes();
            // Keep keyboard focus on the button just pressed.
            var again = Array.prototype.filter.call(fresh.querySelectorAll("button"), function (x) { return x.textContent === v[1]; })[0];
            if (again) { again.focus(); }
          } catch (err) {
            counts.textContent = err.message;
          }
        });
        actions.appendChild(b);
      });
    } else if (!signedIn) {
      actions.appendChild(el("a", { href: page.loginUrl, text: "Log in to vote" }));
    }
    if (signedIn && (mine || page.canModerate)) {
      var del = el("button", { type: "button", "class": "button button-danger button-small", text: "Delete" });
      var armed = false;
      del.addEventListener("click", async function () {
        if (!armed) { armed = true; del.textContent = "Really delete?"; return; }
        try {
          await TR.api("DELETE", "/api/v1/taggings/" + t.id);
          history.replaceState(null, "", location.pathname + location.search);
          location.reload();
        } catch (err) {
          counts.textContent = err.message;
        }
      });
      actions.appendChild(del);
    }
    var comments = t.comments || 0;
    actions.appendChild(el("a", { href: "/Taggings/" + t.id, text: comments ? "Discuss (" + comments + ")" : "Discuss" }));
    actions.appendChild(el("a", { href: "#tag-" + t.id, text: "Permalink" }));
    box.appendChild(actions);
    return box;
  }

  function openDetails(mark) {
    var ids = idsOf(mark).filter(function (id) { return byId.has(id); });
    if (ids.length === 0) { return; }
    openPopover("details", mark.getBoundingClientRect(), function (p) {
      ids.forEach(function (id) { p.appendChild(detailsFor(byId.get(id))); });
    }, null);
    var first = popover.querySelector("button:not(.pop-close), a");
    if (first) { first.focus({ preventScroll: true }); }
  }

  root.addEventListener("click", function (e) {
    var m = e.target.closest && e.target.closest("mark.hl");
    if (!m || highlightsHidden(m)) { return; }
    var sel = window.getSelection();
    if (sel && !sel.isCollapsed) { return; }
    openDetails(m);
  });
  root.addEventListener("keydown", function (e) {
    if ((e.key === "Enter" || e.key === " ") && e.target.matches && e.target.matches("mark.hl")) {
      e.preventDefault();
      openDetails(e.target);
    }
  });
})();
