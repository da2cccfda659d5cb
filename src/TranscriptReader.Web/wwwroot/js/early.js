// Loaded in the <head> of pages that style themselves differently once scripts run (the transcript page):
// marks the document before the first paint. An external file, because the Content-Security-Policy allows
// scripts from this site only, not inline ones.
document.documentElement.classList.add("js");
