// Offline shell: the pages, scripts, styles and catalogues come from the
// network when it answers and from this cache when it does not, so a page
// reloaded during a network drop still opens (its unsent notes wait in
// localStorage). The API, the socket and metrics are never cached.

const CACHE = "cocreate-shell-v1";
const SHELL = [
  "/", "/index.html", "/board.html", "/console.html", "/wall.html", "/report.html", "/favicon.svg",
  "/login.html", "/organiser.html", "/series.html", "/followup.html",
  "/css/base.css", "/css/landing.css", "/css/board.css", "/css/console.css", "/css/wall.css", "/css/report.css", "/css/matrix.css",
  "/css/organiser.css", "/css/followup.css", "/css/statement.css",
  "/i18n/en.json", "/i18n/et.json", "/i18n/de.json",
  "/js/actions.js", "/js/board-state.js", "/js/board.js", "/js/canvas-input.js", "/js/canvas.js",
  "/js/client.js", "/js/console-agenda.js", "/js/console-controls.js", "/js/console-overview.js", "/js/console-templates.js", "/js/console-rooms.js", "/js/console-themes.js", "/js/console-report.js", "/js/console-lifecycle.js",
  "/js/console.js", "/js/cursors.js", "/js/dom.js", "/js/editor.js", "/js/i18n.js", "/js/icons.js",
  "/js/similar.js", "/js/suggestions.js",
  "/js/landing.js", "/js/layout.js", "/js/note-list.js", "/js/notes-view.js", "/js/offline.js", "/js/paste-lines.js", "/js/report.js",
  "/js/roster.js", "/js/session.js", "/js/ui.js", "/js/undo-controls.js", "/js/undo.js", "/js/wall.js",
  "/js/facil-bar.js", "/js/time-up.js", "/js/ready.js", "/js/follow.js", "/js/login.js", "/js/organiser.js", "/js/matrix.js", "/js/outcomes.js", "/js/actions-panel.js",
  "/js/console-series.js", "/js/series.js", "/js/followup.js",
  "/js/my-data.js",
  "/js/hackathon-panel.js", "/js/jury-panel.js", "/js/console-jury.js", "/js/console-teams.js",
];
const NEVER = /^\/(api|ws|healthz|metrics)(\/|$)/;

self.addEventListener("install", (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).catch(() => undefined).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (e) => {
  e.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== "GET" || url.origin !== location.origin || NEVER.test(url.pathname)) return;
  e.respondWith((async () => {
    try {
      const fresh = await fetch(e.request);
      if (fresh.ok) {
        const copy = fresh.clone();
        caches.open(CACHE).then((c) => c.put(url.pathname, copy)).catch(() => undefined);
      }
      return fresh;
    } catch (err) {
      const cached = await caches.match(url.pathname === "/" ? "/" : url.pathname, { ignoreSearch: true });
      if (cached) return cached;
      throw err;
    }
  })());
});
