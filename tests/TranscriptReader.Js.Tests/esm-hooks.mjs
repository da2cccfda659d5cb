// Module load hook (see wwwroot.mjs): every .js file under wwwroot is an ES module.
const wwwroot = new URL("../../src/TranscriptReader.Web/wwwroot/", import.meta.url).href;

export async function load(url, context, nextLoad) {
  if (url.startsWith(wwwroot) && url.endsWith(".js")) {
    return nextLoad(url, { ...context, format: "module" });
  }
  return nextLoad(url, context);
}
