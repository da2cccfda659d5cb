// The page-wide listeners of one start of a page part, removed together before it starts again.

/**
 * A listener scope: `on(target, type, listener, options)` adds a listener that stays until `stop()`.
 * The tagging modules start again on the new markup each time live updates swap the shared part; their
 * page-wide listeners (selection, popover keys, hashchange) go through `on` so that the previous start's
 * listeners, each holding the replaced markup, are removed instead of piling up.
 */
export function createListenerScope() {
  const controller = new AbortController();
  return {
    on: function (target, type, listener, options) {
      // addEventListener also takes a bare boolean for capture; keep its meaning.
      const given = typeof options === "boolean" ? { capture: options } : options;
      target.addEventListener(type, listener, Object.assign({}, given, { signal: controller.signal }));
    },
    stop: function () { controller.abort(); },
  };
}
