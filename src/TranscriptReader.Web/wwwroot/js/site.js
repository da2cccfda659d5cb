// Shared helpers for pages that call the JSON API with the signed-in cookie.
(function () {
  "use strict";
  window.TR = window.TR || {};
  TR.csrf = function () {
    var el = document.querySelector('input[name="__RequestVerificationToken"]');
    return el ? el.value : "";
  };
  TR.api = async function (method, url, body) {
    var res = await fetch(url, {
      method: method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-TOKEN": TR.csrf() },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    var data = null;
    var text = await res.text();
    if (text) { try { data = JSON.parse(text); } catch (e) { data = { detail: text }; } }
    if (!res.ok) {
      var err = new Error((data && (data.detail || data.title)) || ("Request failed (" + res.status + ")"));
      err.status = res.status; err.data = data;
      throw err;
    }
    return data;
  };
})();
