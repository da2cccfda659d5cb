// Counter-labels, pure: the taggings of one dispute (a tagging and the counter-labels that answer it, linked by
// alternativeTo to its first tagging) and the line that shows its competing labels with their agree counts.

/** The dispute t belongs to, first tagging first; just [t] when nobody answered it with another label. */
export function disputeOf(t, all) {
  const root = t.alternativeTo || t.id;
  const members = all.filter(function (x) { return x.id === root || x.alternativeTo === root; });
  members.sort(function (a, b) { return a.id - b.id; });
  return members.length > 0 ? members : [t];
}

/** "goal guarding 3 · doubts about setup 2": each label of the dispute once, with the agrees its taggings got, most first. */
export function disputeLine(members) {
  const byLabel = new Map();
  members.forEach(function (m) { byLabel.set(m.label, (byLabel.get(m.label) || 0) + (m.agrees || 0)); });
  return Array.from(byLabel.entries())
    .sort(function (a, b) { return b[1] - a[1]; })
    .map(function (e) { return e[0] + " " + e[1]; })
    .join(" · ");
}

/** Whether the viewer may answer t with another label: signed in, and t is another reader's. */
export function canCounter(t, page) {
  return !!page.userId && t.userId !== page.userId;
}
