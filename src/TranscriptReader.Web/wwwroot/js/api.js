// Calls to the JSON API with the signed-in cookie and the page's antiforgery token.

/** The antiforgery token the page was rendered with ("" when there is none, e.g. anonymous pages). */
export function csrf() {
  const input = document.querySelector('input[name="__RequestVerificationToken"]');
  return input ? input.value : "";
}

/**
 * Sends `body` as JSON and returns the parsed answer (null when empty). A failure throws an Error
 * whose message is the problem's detail or title, with `status` and `data` (the parsed answer).
 */
export async function api(method, url, body) {
  const res = await fetch(url, {
    method: method,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-TOKEN": csrf() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = null;
  const text = await res.text();
  if (text) { try { data = JSON.parse(text); } catch (e) { data = { detail: text }; } }
  if (!res.ok) {
    const err = new Error((data && (data.detail || data.title)) || ("Request failed (" + res.status + ")"));
    err.status = res.status;
    err.data = data;
    throw err;
  }
  return data;
}
