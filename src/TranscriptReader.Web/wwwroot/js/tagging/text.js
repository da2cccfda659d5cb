// Text helpers shared by the pure tagging modules. No DOM here: these run under node --test as well.

// The characters .NET's char.IsWhiteSpace accepts, which the server trims spans and collapses label
// names with. JavaScript's \s differs (it has U+FEFF and lacks U+0085), so it must not be used for that.
const WHITE_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;

/** True when the UTF-16 code unit `ch` is white space to .NET (char.IsWhiteSpace). */
export function isWhiteSpace(ch) {
  return WHITE_SPACE.test(ch);
}

/** True for a UTF-16 high (leading) surrogate code unit. */
export function isHighSurrogate(code) {
  return code >= 0xd800 && code <= 0xdbff;
}

/** True for a UTF-16 low (trailing) surrogate code unit. */
export function isLowSurrogate(code) {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** `s` cut to `max` code units plus an ellipsis, never ending on the first half of a surrogate pair. */
export function excerpt(s, max) {
  if (s.length <= max) { return s; }
  const cut = isHighSurrogate(s.charCodeAt(max - 1)) ? max - 1 : max;
  return s.slice(0, cut) + "…";
}
