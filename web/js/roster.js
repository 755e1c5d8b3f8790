// Names of everyone in the workshop, so a note by someone who is not connected
// right now still shows its author's name (when the workshop shows names).
// Uses GET /api/workshops/{id}/participants when the server offers it; without
// it, names come from presence alone.

import { api } from "./session.js";

const MIN_INTERVAL_MS = 5000;

export function attachRoster(client, workshopId, token) {
  let offered = true;
  let last = 0;
  let timer = 0;
  const load = async () => {
    if (!offered) return;
    last = Date.now();
    try {
      const people = await api(`/api/workshops/${encodeURIComponent(workshopId)}/participants`, { token });
      if (!Array.isArray(people)) return;
      for (const p of people) if (!client.board.people.has(p.id)) client.board.people.set(p.id, p);
      client.board.version++; // notes by these people show their names now
      client._emit("change");
    } catch (e) {
      if (e.status === 404 || e.status === 405) offered = false;
    }
  };
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(load, Math.max(0, MIN_INTERVAL_MS - (Date.now() - last)));
  };
  client.on("welcome", () => load());
  client.on("event", (ev) => {
    const author = ev.op === "notes.paste" ? ev.data?.notes?.[0]?.author : ev.data?.author;
    if ((ev.op === "note.add" || ev.op === "notes.paste") && author && !client.board.people.has(author)) soon();
  });
}
