// Small DOM helpers for the transcript page's modules.
import { parseIds } from "./data.js";

/** The parsed JSON of a <script type="application/json"> element, or null when missing or broken. */
export function readJson(id) {
  const node = document.getElementById(id);
  if (!node) { return null; }
  try { return JSON.parse(node.textContent); } catch (e) { return null; }
}

/**
 * An element: attrs are attributes, except `text` (its text content) and `class`; children are
 * nodes or strings, and falsy children are skipped.
 */
export function el(tag, attrs, children) {
  const node = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (k) {
    if (k === "text") { node.textContent = attrs[k]; }
    else if (k === "class") { node.className = attrs[k]; }
    else { node.setAttribute(k, attrs[k]); }
  });
  (children || []).forEach(function (c) {
    if (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); }
  });
  return node;
}

/** A colored dot for a label color. */
export function dot(color) {
  const node = el("span", { "class": "tag-dot" });
  node.style.setProperty("--hl", color);
  return node;
}

/** A tagging's label as a chip: colored dot and name. */
export function chip(t) {
  return el("span", { "class": "tag-chip" }, [dot(t.color), t.label]);
}

/** The tagging ids a highlight fragment belongs to (its data-t). */
export function idsOf(mark) {
  return parseIds(mark.getAttribute("data-t"));
}
