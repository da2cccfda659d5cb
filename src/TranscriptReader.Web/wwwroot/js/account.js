// Account and invitation pages: a one-time secret (new token, invite or reset link) is selected when focused,
// ready to copy. Kept out of the markup: the Content-Security-Policy allows no inline handlers.
document.querySelectorAll("[data-select-on-focus]").forEach(function (input) {
  input.addEventListener("focus", function () { input.select(); });
  input.addEventListener("click", function () { input.select(); });
});
