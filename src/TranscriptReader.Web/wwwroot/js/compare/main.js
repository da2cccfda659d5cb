// The side-by-side page: rows of both columns get the same height (message i beside message i), and with
// "Scroll together" checked, scrolling one column scrolls the other.
import { rowHeights, mirroredTop } from "./align.js";

const root = document.getElementById('compare');
const sync = document.getElementById('compare-sync');

function align() {
  const panes = root.querySelectorAll('.compare-pane');
  if (panes.length !== 2) return;
  // The heads first: a longer title or legend on one side must not shift that side's messages down.
  const rows = [...panes].map(p => [p.querySelector('.compare-head'), ...p.querySelectorAll('.compare-row')]);
  rows.flat().forEach(r => { r.style.minHeight = ''; });
  // Whole pixels, rounded up: both rows then have exactly the same height, so offsets never drift apart.
  const measure = list => list.map(r => Math.ceil(r.getBoundingClientRect().height));
  const heights = rowHeights(measure(rows[0]), measure(rows[1]));
  rows.forEach(list => list.forEach((r, i) => { r.style.minHeight = `${heights[i]}px`; }));
}

if (root) {
  const panes = [...root.querySelectorAll('.compare-pane')];
  let echo = null;
  panes.forEach((pane, i) => {
    pane.addEventListener('scroll', () => {
      if (!sync.checked) return;
      // The other pane's own scroll event is the echo of this one: skip it once.
      if (echo === pane) { echo = null; return; }
      const other = panes[1 - i];
      const top = mirroredTop(pane.scrollTop, other.scrollHeight, other.clientHeight);
      if (other.scrollTop !== top) { echo = other; other.scrollTop = top; }
    });
  });
  align();
  window.addEventListener('resize', align);
  // Folding a message or reasoning block (js/tagging/collapse.js) changes its row's height.
  root.addEventListener('click', e => {
    if (e.target.closest && e.target.closest('.fold-toggle')) requestAnimationFrame(align);
  });
}
