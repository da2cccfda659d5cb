// The names the Export page's reader box offers (readers.js wires it to the page).
import { rankNames } from "../discussion/mentions.js";

/**
 * The names to offer for what is typed: `names` matching `typed` (the server's rule, best first), without the
 * readers already chosen; none for an empty box.
 * @param {string[]} names fetched for a prefix of `typed`
 * @param {string} typed the box's value
 * @param {string[]} chosen readers already checked on the page
 */
export function offered(names, typed, chosen) {
  const query = typed.trim();
  if (query === "") { return []; }
  return rankNames(names, query).filter(function (n) { return chosen.indexOf(n) < 0; });
}
