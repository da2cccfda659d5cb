// Lets a page part that registers document and window listeners be started again on new markup.

/**
 * Runs `start()` with every listener it adds to document or window tied to one AbortSignal; answers
 * stop(), which removes them all. The tagging modules were written for one start per page load; with
 * live updates the shared part is swapped and they start again on it, and without this their document
 * listeners (selection, popover keys, hashchange) would pile up, each holding the replaced markup.
 */
export function withScopedListeners(start) {
  const controller = new AbortController();
  const targets = [document, window];
  targets.forEach(function (target) {
    const original = Object.getPrototypeOf(target).addEventListener;
    target.addEventListener = function (type, listener, options) {
      const scoped = typeof options === "object" && options !== null ? Object.assign({}, options) : { capture: !!options };
      scoped.signal = controller.signal;
      return original.call(this, type, listener, scoped);
    };
  });
  try {
    start();
  } finally {
    // The own properties set above shadow the prototype's method; removing them restores it.
    targets.forEach(function (target) { delete target.addEventListener; });
  }
  return function stop() { controller.abort(); };
}
