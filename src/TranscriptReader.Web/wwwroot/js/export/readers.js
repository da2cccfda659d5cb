// The Export page's reader box: as a name is typed, readers whose name (or a word of it) starts with it are
// offered in the box's datalist, from the same look-up as @mentions (/api/v1/readers/names). The page lists no
// readers itself, so it costs the same with ten readers or ten thousand.
import { coveredBy } from "../discussion/mentions.js";
import { offered } from "./reader-names.js";
import { lookUpReaderNames } from "../reader-lookup.js";

const box = document.querySelector("input[data-reader-names]");
const list = box && document.getElementById(box.getAttribute("list"));
let known = null;
let asked = 0;

function chosen() {
  return Array.from(document.querySelectorAll("input[type=checkbox][name=reader]:checked")).map(function (c) { return c.value; });
}

function show(names) {
  list.replaceChildren.apply(list, offered(names, box.value, chosen()).map(function (n) {
    const option = document.createElement("option");
    option.value = n;
    return option;
  }));
}

async function update() {
  const query = box.value.trim();
  if (query === "") { list.replaceChildren(); return; }
  if (coveredBy(known, query)) { show(known.names); return; }
  const mine = ++asked;
  const names = await lookUpReaderNames(query);
  if (mine !== asked) { return; }
  // A refusal (too many look-ups) only means no suggestions, and is not remembered: the name can still be typed.
  if (names === null) { list.replaceChildren(); return; }
  known = { query: query, names: names };
  show(names);
}

if (box && list) {
  box.addEventListener("input", update);
}
