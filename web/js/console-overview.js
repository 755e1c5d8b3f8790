// The all-rooms overview: one tile per room with a live thumbnail of its board,
// its timer, vote and ready-check, and ways to control, open or summon it.
//
// Everything comes over the console's one overview socket: the server resends a
// room's preview only when the room changed, so previews are kept here by room.

import { h, fill, announce, clock } from "./dom.js";
import { t, formatTime } from "./i18n.js";
import { card } from "./console-controls.js";
import { remaining } from "./board-state.js";

const NS = "http://www.w3.org/2000/svg";
const NOTE_W = 200, NOTE_H = 150; // the board's note size (server/cocreate/board/layout.py)
const TOP_TITLES = 3;

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) if (c) el.append(c);
  return el;
}

/** The room's board in small: frames, then notes in their colours. */
function thumbnail(pv, labelId) {
  const b = pv?.bounds || { x: 0, y: 0, w: 0, h: 0 };
  const pad = 40;
  const w = Math.max(b.w, 800) + 2 * pad, ht = Math.max(b.h, 450) + 2 * pad;
  const el = svg("svg", {
    class: "ov-svg", viewBox: `${b.x - pad} ${b.y - pad} ${w} ${ht}`, role: "img",
    "aria-labelledby": labelId, preserveAspectRatio: "xMidYMid meet", "data-testid": "overview-thumb",
  });
  el.append(svg("rect", { class: "ov-bg", x: b.x - pad, y: b.y - pad, width: w, height: ht }));
  const font = Math.max(36, Math.round(w / 24));
  for (const c of pv?.clusters || []) {
    el.append(svg("rect", { class: "ov-frame", x: c.x, y: c.y, width: c.w, height: c.h, rx: 12 }));
    const title = svg("text", { class: "ov-frame-title", x: c.x + 16, y: c.y + Math.min(c.h - 8, font + 4), "font-size": font });
    title.textContent = c.title;
    el.append(title);
  }
  if (!pv?.notes?.length && !pv?.clusters?.length) {
    const empty = svg("text", { class: "ov-empty", x: b.x - pad + w / 2, y: b.y - pad + ht / 2, "font-size": font, "text-anchor": "middle" });
    empty.textContent = t("overview.emptyBoard");
    el.append(empty);
  }
  for (const n of pv?.notes || []) {
    el.append(svg("rect", { class: "ov-note", "data-color": n.color, x: n.x, y: n.y, width: NOTE_W, height: NOTE_H, rx: 6 }));
  }
  return el;
}

/** Counts and the top titles, as words: the thumbnail's text alternative. */
export function summary(room, pv) {
  const parts = [t("overview.noteCount", { n: room.notes }), t("overview.clusterCount", { n: room.clusters })];
  let top = [];
  if (pv?.clusters?.length) {
    top = [...pv.clusters].sort((a, b) => (b.votes ?? 0) - (a.votes ?? 0) || b.notes - a.notes).map((c) => c.title);
  } else if (pv?.notes?.length) {
    // Without frames the notes speak: the most voted (only when votes are shown) or the latest.
    top = [...pv.notes].reverse().sort((a, b) => (b.votes ?? 0) - (a.votes ?? 0)).map((n) => n.text);
  }
  top = top.filter((s) => s && s.trim()).slice(0, TOP_TITLES);
  let text = parts.join(", ");
  if (top.length) text += ". " + t("overview.top", { titles: top.join("; ") });
  if (pv?.private) text += ". " + t("overview.privateCount", { n: pv.private });
  return text;
}

function timerText(room, now) {
  const c = room.clock;
  if (!c || c.status === "idle") return t("timer.idle");
  const left = clock(remaining(c, now));
  const label = c.label ? `${c.label}: ` : "";
  return c.status === "running" ? label + t("timer.left", { time: left }) : `${label}${left} (${t(`timer.${c.status}`)})`;
}

function voteText(room) {
  if (room.voting === "idle") return t("vote.state.idle");
  const state = t(`vote.state.${room.voting}`);
  return room.hidden_vote ? `${state}, ${t("overview.hiddenVote")} (${t("overview.voteCount", { n: room.votes })})`
    : `${state} (${t("overview.voteCount", { n: room.votes })})`;
}

export function overviewCard(ctx) {
  const grid = h("ul", { class: "ov-grid", "data-testid": "overview" });
  const stamp = h("p", { class: "muted small-text", "data-testid": "overview-stamp" });
  const previews = new Map(); // room id -> the latest PV the server sent
  const el = card("overview-card", "console.overview",
    h("p", { class: "muted" }, t("overview.hint")), grid, stamp);
  ctx.client.on("overview", (msg) => {
    for (const r of msg.rooms) if (r.preview) previews.set(r.id, r.preview);
    ctx.overview = msg;
    el.update();
  });

  const roomName = (r) => (r.plenary ? t("room.plenary") : r.name);
  const summon = async (r) => {
    const name = roomName(r);
    if (!(await ctx.confirm(t("overview.summonAsk", { room: name }), t("overview.summon")))) return;
    const res = await ctx.op("summon", { room: r.id, all: true });
    if (!res || res.ok !== false) announce(t("overview.summonedSay", { room: name }));
  };
  const ago = (ms) => {
    if (!ms) return "–";
    const s = Math.max(0, Math.round((ctx.client.now() - ms) / 1000));
    return s < 60 ? t("overview.secondsAgo", { n: s }) : t("overview.minutesAgo", { n: Math.round(s / 60) });
  };

  function tile(r) {
    const pv = previews.get(r.id);
    const name = roomName(r);
    const current = ctx.board.room?.id === r.id;
    const cap = `ov-cap-${r.id}`;
    const ready = r.ready?.of ? t("ready.count", { done: r.ready.done, n: r.ready.of }) : "–";
    return h("li", { class: `ov-room${current ? " current" : ""}`, "data-testid": "overview-row", "data-room": r.id, "aria-labelledby": `ov-h-${r.id}` },
      h("div", { class: "ov-head" },
        h("h3", { id: `ov-h-${r.id}` }, name),
        current ? h("span", { class: "tag controlling" }, t("rooms.controlling")) : null),
      h("figure", { class: "ov-thumb" },
        thumbnail(pv, cap),
        h("figcaption", { id: cap, class: "ov-caption", "data-testid": "overview-summary" }, summary(r, pv))),
      h("dl", { class: "ov-facts" },
        h("div", {}, h("dt", {}, t("overview.people")), h("dd", {}, String(r.present?.total ?? 0), r.present?.remote ? ` (${t("rooms.remote", { n: r.present.remote })})` : "")),
        h("div", {}, h("dt", {}, t("overview.timer")), h("dd", { class: "ov-timer", "data-testid": "overview-timer", "data-room": r.id }, timerText(r, ctx.client.now()))),
        h("div", {}, h("dt", {}, t("overview.voting")), h("dd", { "data-testid": "overview-vote" }, voteText(r))),
        h("div", {}, h("dt", {}, t("overview.ready")), h("dd", { "data-testid": "overview-ready" }, ready)),
        h("div", {}, h("dt", {}, t("overview.activity")), h("dd", { class: "ov-ago", "data-room": r.id }, ago(r.last_activity)))),
      h("div", { class: "row ov-actions" },
        current ? null : h("button", { type: "button", class: "small", id: `ov-control-${r.id}`, "data-testid": "overview-control", on: { click: () => ctx.controlRoom(r.id) }, "aria-label": t("rooms.controlNamed", { room: name }) }, t("rooms.control")),
        h("a", { class: "button small", id: `ov-open-${r.id}`, "data-testid": "overview-open", target: "_blank", href: `/board.html?w=${encodeURIComponent(ctx.wid)}&room=${encodeURIComponent(r.id)}`, "aria-label": t("rooms.openNamed", { room: name }) }, t("common.open")),
        h("button", { type: "button", class: "small", id: `ov-summon-${r.id}`, "data-testid": "overview-summon", on: { click: () => summon(r) }, "aria-label": t("overview.summonNamed", { room: name }), title: t("overview.summonTitle") }, t("overview.summon"))));
  }

  // The console calls every card's update on each board change and presence frame;
  // the tiles change only with a new overview or another room in control, and
  // redrawing them for nothing took focus, scroll place and screen-reader context.
  let drawn = { overview: null, room: null };
  el.update = () => {
    const rooms = ctx.overview?.rooms;
    if (!rooms) return;
    const room = ctx.board.room?.id ?? null;
    if (drawn.overview === ctx.overview && drawn.room === room) return;
    drawn = { overview: ctx.overview, room };
    const active = document.activeElement?.id;
    for (const id of previews.keys()) if (!rooms.some((r) => r.id === id)) previews.delete(id);
    fill(grid, rooms.map(tile));
    if (active && grid.querySelector(`#${CSS.escape(active)}`)) document.getElementById(active).focus();
    stamp.textContent = t("overview.updated", { time: formatTime(Date.now()) });
  };
  // Running timers count down, and "last activity" ages, between overviews (which
  // are not resent for time passing).
  setInterval(() => {
    for (const r of ctx.overview?.rooms || []) {
      const seen = grid.querySelector(`.ov-ago[data-room="${CSS.escape(r.id)}"]`);
      if (seen) seen.textContent = ago(r.last_activity);
      if (r.clock?.status !== "running") continue;
      const cell = grid.querySelector(`.ov-timer[data-room="${CSS.escape(r.id)}"]`);
      if (cell) cell.textContent = timerText(r, ctx.client.now());
    }
  }, 1000);
  return el;
}
