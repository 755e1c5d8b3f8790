// Rooms: who is where (everyone who joined, from the participant list, and
// who is connected now, from the overview), moving people by drag or by a
// select, adding, renaming and archiving rooms, splits that reuse the rooms
// there are, recall. The all-rooms overview is console-overview.js.
//
// No socket per room: a console socket in a room would list the facilitator
// among that room's people on every participant's screen.

import { icon } from "./icons.js";
import { h, fill, announce } from "./dom.js";
import { t, language } from "./i18n.js";
import { card } from "./console-controls.js";
import { api } from "./session.js";
import { toast, refusal } from "./ui.js";

const roomName = (r) => (r.plenary ? t("room.plenary") : r.name);
/** The rooms a facilitator works with: archived ones are kept apart. */
export const liveRooms = (w) => (w?.rooms || []).filter((r) => !r.archived);

export function roomsCard(ctx) {
  const grid = h("div", { class: "rooms-grid", "data-testid": "rooms-grid" });
  const archivedList = h("ul", { class: "archived-list", "data-testid": "archived-rooms" });
  const archivedBox = h("details", { class: "archived-box", "data-testid": "archived-box" },
    h("summary", {}, t("rooms.archivedHeading")), archivedList);
  const newName = h("input", { id: "room-new-name", maxlength: 200, "data-testid": "room-new-name" });
  const count = h("input", { id: "split-count", type: "number", min: 1, max: 50, value: 3, "data-testid": "split-count" });
  const strategy = h("select", { id: "split-strategy", "data-testid": "split-strategy" },
    h("option", { value: "mix" }, t("rooms.mix")), h("option", { value: "random" }, t("rooms.random")));
  const reuse = h("input", { id: "split-reuse", type: "checkbox", checked: true, "data-testid": "split-reuse" });
  // Hybrid events: spread remote people too, so no room is all remote (mix only).
  const sites = h("input", { id: "split-sites", type: "checkbox", checked: true, "data-testid": "split-sites" });
  let shape = "";

  let roster = null; // id -> P of everyone who joined, when the server lists them
  let rosterTimer = 0;
  const loadRoster = async () => {
    try {
      const list = await api(`/api/workshops/${encodeURIComponent(ctx.wid)}/participants`, { token: ctx.me.token });
      roster = new Map(list.map((p) => [p.id, p]));
      el.update();
    } catch { /* not offered: presence alone */ }
  };
  const rosterSoon = () => { clearTimeout(rosterTimer); rosterTimer = setTimeout(loadRoster, 300); };
  const MOVES = new Set(["room.assign", "rooms.split", "teams.to_rooms", "rooms.rotate", "rooms.recall", "room.add", "room.archive", "participant.remove", "participant.erased"]);
  // Moves may hand a table to a new host: W says who hosts which table now.
  const loadHosts = async () => {
    try {
      const w = await api(`/api/workshops/${encodeURIComponent(ctx.wid)}`, { token: ctx.me.token });
      if (ctx.board.workshop && w.hosts) { ctx.board.workshop.hosts = w.hosts; el.update(); }
    } catch { /* the next move event asks again */ }
  };
  let hostsTimer = 0;
  ctx.client.on("event", (ev) => {
    if (MOVES.has(ev.op)) { rosterSoon(); clearTimeout(hostsTimer); hostsTimer = setTimeout(loadHosts, 300); }
    if (ev.op === "rooms.rotate" && ev.actor === ctx.board.me?.id) {
      const n = Object.keys(ev.data?.moves || {}).length;
      announce(t("rooms.rotatedSay", { n, repeats: ev.data?.repeats ?? 0 }));
    }
  });
  ctx.client.on("welcome", () => rosterSoon());
  ctx.client.on("overview", () => el.update());

  /** Who is connected, from the overview (participants) and this room's presence. */
  const online = () => {
    const ids = new Set();
    for (const r of ctx.overview?.rooms || []) for (const id of r.present?.participants || []) ids.add(id);
    for (const p of ctx.board.presence) ids.add(p.id);
    return ids;
  };
  /** Everyone in a room: participants by the list (or the overview); walls and
   * other facilitators by presence, in the room this console controls. */
  const people = (roomId) => {
    const all = new Map();
    if (ctx.board.room?.id === roomId) {
      for (const p of ctx.board.presence) if (p.id !== ctx.board.me?.id) all.set(p.id, p);
    }
    if (roster) {
      for (const [id, p] of all) if (p.role === "participant" && roster.get(id)?.room !== roomId) all.delete(id);
      for (const p of roster.values()) if (p.role === "participant" && p.room === roomId) all.set(p.id, { ...all.get(p.id), ...p });
    }
    return [...all.values()].sort((a, b) => a.name.localeCompare(b.name, language()));
  };

  const assign = (pid, roomId) => {
    const w = ctx.board.workshop;
    const r = w.rooms.find((x) => x.id === roomId);
    const p = roster?.get(pid) || ctx.board.presence.find((x) => x.id === pid);
    ctx.op("room.assign", { participant: pid, room: roomId });
    announce(t("rooms.movedSay", { name: p?.name || "", room: r ? roomName(r) : "" }));
  };

  const hostOf = (roomId) => ctx.board.workshop?.hosts?.[roomId] || null;
  /** Who hosts this table (stays when the tables rotate): a select of its people. */
  function hostPicker(r, participants) {
    const id = `host-${r.id}`;
    const current = hostOf(r.id);
    return h("div", { class: "field host-field" },
      h("label", { for: id }, t("rooms.host")),
      h("select", {
        id, "data-testid": "host-select",
        on: { change: (e) => {
          ctx.op("room.host", { room: r.id, participant: e.target.value });
          const p = participants.find((x) => x.id === e.target.value);
          announce(t("rooms.hostSay", { name: p?.name || "", room: roomName(r) }));
        } },
      }, current ? null : h("option", { value: "", selected: true, disabled: true }, t("rooms.noHost")),
      participants.map((p) => h("option", { value: p.id, selected: p.id === current }, p.name))));
  }

  function chip(p, rooms, here, isOnline, isHost = false) {
    const id = `mv-${p.id}`;
    return h("li", { class: `person-chip${isOnline ? "" : " away"}${isHost ? " host" : ""}`, "data-testid": "person-chip", "data-pid": p.id },
      h("span", { class: "grip" }, icon("grip")),
      h("span", { class: "who" }, h("strong", {}, p.name, isHost ? h("span", { class: "host-tag", "data-testid": "host-tag" }, ` · ${t("rooms.hostTag")}`) : null,
        isOnline ? null : h("span", { class: "away-tag" }, ` (${t("rooms.away")})`)),
        h("span", { class: "meta" }, p.group ? `${p.group} · ` : "", icon(p.site === "remote" ? "remote" : "pin"), " ", t(p.site === "remote" ? "site.remote" : "site.onsite"))),
      h("label", { for: id, class: "sr-only" }, t("rooms.moveTo", { name: p.name })),
      h("select", { id, class: "move-select", "data-testid": "move-select", on: { change: (e) => assign(p.id, e.target.value) } },
        rooms.map((r) => h("option", { value: r.id, selected: r.id === here }, roomName(r)))),
      h("button", {
        type: "button", class: "small icon danger remove-person", "data-testid": "remove-person",
        "aria-label": t("rooms.removeNamed", { name: p.name }), title: t("rooms.removeNamed", { name: p.name }),
        on: { click: async () => {
          if (!(await ctx.confirm(t("rooms.removeAsk", { name: p.name }), t("rooms.remove")))) return;
          ctx.op("participant.remove", { participant: p.id });
          announce(t("rooms.removedSay", { name: p.name }));
        } },
      }, icon("trash")),
      p.role === "participant" ? h("button", {
        type: "button", class: "small danger erase-person", "data-testid": "erase-person",
        "aria-label": t("rooms.eraseNamed", { name: p.name }), title: t("rooms.eraseNamed", { name: p.name }),
        on: { click: async () => {
          if (!(await ctx.confirm(t("rooms.eraseAsk", { name: p.name }), t("rooms.erase")))) return;
          try {
            await api(`/api/workshops/${encodeURIComponent(ctx.wid)}/participants/${encodeURIComponent(p.id)}/erase`,
              { method: "POST", token: ctx.me.token, raw: true });
            announce(t("rooms.erasedSay"));
          } catch (e) { toast(refusal(e.code, e.message)); }
        } },
      }, t("rooms.erase")) : null);
  }

  const rename = async (r) => {
    const name = await ctx.prompt(t("rooms.renameAsk"), r.name, t("rooms.rename"));
    if (name && name.trim() && name.trim() !== r.name) ctx.op("room.rename", { room: r.id, name: name.trim() });
  };
  const archive = async (r, n) => {
    const ask = n ? t("rooms.archiveAskPeople", { room: r.name, n }) : t("rooms.archiveAsk", { room: r.name });
    if (!(await ctx.confirm(ask, t("rooms.archive")))) return;
    ctx.op("room.archive", { room: r.id });
    announce(t("rooms.archivedSay", { room: r.name }));
  };
  const restore = (r) => {
    ctx.op("room.archive", { room: r.id, archived: false });
    announce(t("rooms.restoredSay", { room: r.name }));
  };

  function draw() {
    const w = ctx.board.workshop;
    const active = document.activeElement?.id;
    const on = online();
    const rooms = liveRooms(w);
    const archived = w.rooms.filter((r) => r.archived);
    archivedBox.hidden = !archived.length;
    fill(archivedList, archived.map((r) => h("li", { "data-testid": "archived-room" },
      h("span", {}, r.name), " ",
      h("button", { type: "button", class: "small", id: `restore-${r.id}`, "data-testid": "room-restore", on: { click: () => restore(r) }, "aria-label": t("rooms.restoreNamed", { room: r.name }) }, t("rooms.restore")), " ",
      h("a", { class: "button small", target: "_blank", href: `/report.html?w=${encodeURIComponent(ctx.wid)}&room=${encodeURIComponent(r.id)}`, "aria-label": t("rooms.reportNamed", { room: r.name }) }, t("console.printable")))));
    fill(grid, rooms.map((r) => {
      const ps = people(r.id);
      const participants = ps.filter((p) => p.role === "participant");
      const others = ps.filter((p) => p.role !== "participant");
      const remote = participants.filter((p) => p.site === "remote").length;
      return h("section", { class: "room-col", "data-testid": "room-col", "data-room": r.id, "aria-labelledby": `rc-${r.id}` },
        h("div", { class: "room-head" },
          h("h3", { id: `rc-${r.id}` }, roomName(r)),
          h("span", { class: "muted" }, t("rooms.people", { n: participants.length }), remote ? " · " + t("rooms.remote", { n: remote }) : "")),
        r.plenary ? null : h("div", { class: "room-tools" },
          h("button", { type: "button", class: "small", id: `rename-${r.id}`, "data-testid": "room-rename", on: { click: () => rename(r) }, "aria-label": t("rooms.renameNamed", { room: r.name }) }, icon("pencil"), " ", t("rooms.rename")),
          h("button", { type: "button", class: "small", id: `archive-${r.id}`, "data-testid": "room-archive", on: { click: () => archive(r, participants.length) }, "aria-label": t("rooms.archiveNamed", { room: r.name }) }, t("rooms.archive"))),
        r.plenary || !participants.length ? null : hostPicker(r, participants),
        h("ul", { class: "person-list" }, participants.map((p) => chip(p, rooms, r.id, on.has(p.id), hostOf(r.id) === p.id))),
        participants.length ? null : h("p", { class: "muted small-text" }, t("rooms.empty")),
        others.length ? h("p", { class: "muted small-text" }, others.map((p) => (p.name === t(`role.${p.role}`) ? p.name : `${p.name} (${t(`role.${p.role}`)})`)).join(", ")) : null,
        ctx.board.room?.id === r.id ? h("p", { class: "small-text controlling" }, icon("target"), " ", t("rooms.controlling"))
          : h("button", { type: "button", class: "small", "data-testid": "room-control", on: { click: () => ctx.controlRoom(r.id) } }, t("rooms.control")));
    }));
    if (active) document.getElementById(active)?.focus();
  }

  // Pointer drag of a person chip onto another room's column.
  let drag = null;
  grid.addEventListener("pointerdown", (e) => {
    const chipEl = e.target.closest(".person-chip");
    if (!chipEl || e.target.closest("select") || (e.pointerType === "mouse" && e.button !== 0)) return;
    drag = { pid: chipEl.dataset.pid, from: chipEl.closest(".room-col").dataset.room, sx: e.clientX, sy: e.clientY, el: chipEl, ghost: null };
    chipEl.setPointerCapture(e.pointerId);
  });
  grid.addEventListener("pointermove", (e) => {
    if (!drag) return;
    if (!drag.ghost && Math.hypot(e.clientX - drag.sx, e.clientY - drag.sy) < 5) return;
    if (!drag.ghost) {
      drag.ghost = drag.el.cloneNode(true);
      drag.ghost.classList.add("ghost");
      drag.ghost.removeAttribute("data-testid");
      drag.ghost.querySelectorAll("[id]").forEach((x) => x.removeAttribute("id"));
      document.body.append(drag.ghost);
    }
    drag.ghost.style.left = `${e.clientX + 8}px`;
    drag.ghost.style.top = `${e.clientY + 8}px`;
    for (const col of grid.querySelectorAll(".room-col")) col.classList.remove("drop-target");
    drag.ghost.hidden = true;
    const col = document.elementFromPoint(e.clientX, e.clientY)?.closest(".room-col");
    drag.ghost.hidden = false;
    if (col) col.classList.add("drop-target");
  });
  const endDrag = (e) => {
    if (!drag) return;
    const d = drag;
    drag = null;
    if (!d.ghost) return;
    d.ghost.remove();
    for (const col of grid.querySelectorAll(".room-col")) col.classList.remove("drop-target");
    const col = e.type === "pointerup" && document.elementFromPoint(e.clientX, e.clientY)?.closest(".room-col");
    if (col && col.dataset.room !== d.from) assign(d.pid, col.dataset.room);
  };
  grid.addEventListener("pointerup", endDrag);
  grid.addEventListener("pointercancel", endDrag);

  const el = card("rooms-card", "console.rooms",
    h("p", { class: "muted", "data-i18n": "rooms.hint" }, t("rooms.hint")),
    grid,
    h("div", { class: "rooms-forms" },
      h("form", {
        class: "row", on: {
          submit: (e) => {
            e.preventDefault();
            if (!newName.value.trim()) { newName.focus(); return; }
            ctx.op("room.add", { name: newName.value.trim() });
            newName.value = "";
          },
        },
      }, h("div", { class: "field" }, h("label", { for: "room-new-name" }, t("rooms.newName")), newName),
      h("button", { "data-testid": "room-add" }, t("rooms.add"))),
      h("form", {
        class: "row", on: {
          submit: async (e) => {
            e.preventDefault();
            const n = Math.max(1, Math.min(50, Math.round(Number(count.value) || 1)));
            const keep = reuse.checked ? Math.min(n, liveRooms(ctx.board.workshop).filter((r) => !r.plenary).length) : 0;
            const ask = keep ? t("rooms.splitReuseAsk", { n, kept: keep }) : t("rooms.splitAsk", { n });
            if (await ctx.confirm(ask, t("rooms.split"))) ctx.op("rooms.split", { count: n, strategy: strategy.value, reuse: reuse.checked, ...(strategy.value === "mix" && sites.checked ? { balance: ["group", "site"] } : {}) });
          },
        },
      }, h("div", { class: "field" }, h("label", { for: "split-count" }, t("rooms.count")), count),
      h("div", { class: "field" }, h("label", { for: "split-strategy" }, t("rooms.strategy")), strategy),
      h("label", { class: "check", for: "split-reuse" }, reuse, " ", t("rooms.reuse")),
      h("label", { class: "check", for: "split-sites" }, sites, " ", t("rooms.balanceSites")),
      h("button", { class: "primary", "data-testid": "rooms-split" }, t("rooms.split"))),
      h("button", {
        type: "button", "data-testid": "rooms-recall",
        on: { click: async () => { if (await ctx.confirm(t("rooms.recallAsk"), t("rooms.recall"))) ctx.op("rooms.recall", {}); } },
      }, t("rooms.recall")),
      h("button", {
        type: "button", "data-testid": "rooms-rotate",
        on: { click: async () => { if (await ctx.confirm(t("rooms.rotateAsk"), t("rooms.rotate"))) ctx.op("rooms.rotate", {}); } },
      }, t("rooms.rotate"))),
    archivedBox);

  el.update = () => {
    const w = ctx.board.workshop;
    if (!w) return;
    const on = online();
    const next = JSON.stringify([w.rooms, w.hosts || {}, ctx.board.room?.id, [...on].sort(), w.rooms.map((r) => people(r.id).map((p) => [p.id, p.name, p.group, p.site, p.role, on.has(p.id)]))]);
    if (next !== shape && !drag) { shape = next; draw(); }
  };
  return el;
}
