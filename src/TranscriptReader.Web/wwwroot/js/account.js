// Account and invitation pages: a one-time secret (new token, invite or reset link) is selected when focused,
// ready to copy. Kept out of the markup: the Content-Security-Policy allows no inline handlers.
document.querySelectorAll("[data-select-on-focus]").forEach(function (input) {
  input.addEventListener("focus", function () { input.select(); });
  input.addEventListener("click", function () { input.select(); });
});

// A Copy button beside each such secret, where the browser lets the page write to the clipboard.
document.querySelectorAll("[data-select-on-focus]").forEach(function (input) {
  if (!navigator.clipboard) { return; }
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button button-small button-secondary copy-secret";
  button.textContent = "Copy";
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(input.value).then(function () {
      button.textContent = "Copied";
    }, function () {
      input.select();
      button.textContent = "Press Ctrl+C to copy";
    });
  });
  input.insertAdjacentElement("afterend", button);
});
