// Register the offline shell (sw.js) where the browser allows service workers
// (HTTPS or localhost); elsewhere the pages simply need the network to load.

export function registerShell() {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register("/sw.js").catch(() => { /* optional */ });
}
