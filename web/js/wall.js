// The projector wall: one room, read-only, large, fitted to the screen; the
// timer, the join code and QR code, and a bar chart of the vote once revealed.

import { icon } from "./icons.js";
import { $, h, fill, frameThrottle } from "./dom.js";
import { registerShell } from "./offline.js";
import { initI18n, t, languageSwitcher, onLanguage } from "./i18n.js";
import { member, wallToken, params } from "./session.js";
import { Client } from "./client.js";
import { grouped } from "./notes-view.js";
import { ranked } from "./board-state.js";
import { connectionIndicator, timerDisplay, noAccess, rankText } from "./ui.js";
import { chimeSetting, chimeToggle, watchTimeUp } from "./time-up.js";
import { isMatrix, matrixShown, matrixView } from "./matrix.js";
import { flagBadges, watchResults } from "./outcomes.js";
import { allCommittedBadge, partyList } from "./actions-panel.js";
import { wallHackathon, tickPitchTimer } from "./hackathon-panel.js";

const ANNOUNCE_MS = 20000;

/** Largest font size (px) at which `el`'s content fits without scrolling. */
function autofit(el) {
  let lo = 9, hi = Math.max(16, Math.min(56, window.innerHeight / 20));
  for (let i = 0; i < 9; i++) {
    const mid = (lo + hi) / 2;
    el.style.setProperty("--fs", `${mid}px`);
    if (el.scrollHeight <= el.clientHeight + 1 && el.scrollWidth <= el.clientWidth + 1) lo = mid; else hi = mid;
  }
  el.style.setProperty("--fs", `${lo}px`);
}

function chart(board) {
  const v = board.voting;
  const names = v.target === "clusters"
    ? [...board.clusters.values()].map((c) => [c.id, c.title])
    : v.target === "actions" ? [...board.actions.values()].map((a) => [a.id, a.title])
    : publicNotes(board).map((n) => [n.id, n.text]);
  const label = new Map(names);
  const rows = ranked(names.map(([id]) => [id, v.tally[id] || 0])).filter((r) => r.n > 0)
    .map((r) => ({ ...r, name: label.get(r.id) })).slice(0, 10);
  const max = Math.max(1, ...rows.map((r) => r.n));
  return h("div", { class: "chart-wrap", "data-testid": "wall-chart" },
    h("h2", { class: "chart-title" }, t("wall.results")),
    rows.length ? h("ol", { class: "chart" }, rows.map((r) => h("li", { class: "chart-row", "data-testid": "chart-row", "data-rank": r.rank, "aria-label": rankText(r, r.name) },
      h("div", { class: "chart-top" },
        // Competition ranks: a tie shows as 1, 1, 1, 4 and says "tied".
        h("span", { class: "chart-rank", "data-testid": "chart-rank" }, `${r.rank}.`, r.tied ? h("span", { class: "chart-tied" }, " " + t("vote.tied")) : null),
        h("span", { class: "chart-label" }, r.name),
        h("span", { class: "chart-n" }, t("vote.total", { n: r.n }))),
      h("div", { class: "chart-bar" }, h("span", { style: { width: `${(r.n / max) * 100}%` } })))))
      : h("p", { class: "wall-empty" }, t("wall.noVotes")));
}

/** Notes the whole room may see: a facilitator's token also receives private ones, which a projector must not show. */
function publicNotes(board) {
  return [...board.notes.values()].filter((n) => !n.private);
}

function hiddenCount(board) {
  return board.hidden.size + [...board.notes.values()].filter((n) => n.private).length;
}

function notesView(board) {
  const v = board.voting;
  const notes = publicNotes(board);
  const groups = grouped(notes, board.clusters).filter((g) => g.notes.length || g.cluster);
  if (!notes.length && !board.clusters.size) {
    const hidden = hiddenCount(board);
    return h("p", { class: "wall-empty", "data-testid": "wall-empty" }, hidden ? t("wall.hidden", { n: hidden }) : t("wall.empty"));
  }
  return groups.map((g) => h("section", { class: "wall-cluster", "data-testid": "wall-cluster" },
    h("h2", {}, g.cluster ? g.cluster.title : t("cluster.ungrouped"), " ", h("span", { class: "n" }, `(${g.notes.length})`),
      g.cluster && v.tally && v.target === "clusters" ? h("span", { class: "n" }, " · " + t("vote.total", { n: v.tally[g.cluster.id] || 0 })) : null),
    h("ul", { class: "wall-notes" }, g.notes.map((n) => h("li", { class: "wall-note", "data-color": n.color, "data-testid": "wall-note" },
      n.text,
      flagBadges(board, n.id, "wall-flag"),
      v.tally && v.target !== "clusters" && v.tally[n.id] ? h("span", { class: "votes" }, "● " + t("vote.total", { n: v.tally[n.id] })) : null)))));
}

/** The workshop's actions with their parties and commitment ticks (hidden while there are none). */
function actionsView(board) {
  const actions = [...board.actions.values()].filter((a) => a.status !== "dropped");
  if (!actions.length) return null;
  return h("section", { class: "wall-actions", "data-testid": "wall-actions" },
    h("h2", {}, t("actions.heading", { n: actions.length })),
    h("ul", {}, actions.map((a) => h("li", { class: "wall-action", "data-testid": "wall-action", "data-id": a.id },
      h("div", { class: "wall-action-top" },
        h("span", { class: "wall-action-title" }, a.title),
        h("span", { class: "n" }, ` · ${[a.owner_group, a.owner_org].filter(Boolean).join(" · ")} · ${t(`actions.status.${a.status}`)}`),
        " ", allCommittedBadge(a)),
      partyList(a, "wall-parties"),
      flagBadges(board, a.id, "wall-flag", "action")))));
}

async function main() {
  registerShell();
  await initI18n();
  $("#lang-slot").replaceWith(languageSwitcher());
  const wid = params.get("w");
  const token = wid && (wallToken(wid) || member(wid)?.token);
  if (!token) { noAccess($("#main")); return; }
  const client = new Client({ token, room: params.get("room") });
  window.cocreate = client;
  const board = client.board;
  $("#conn-slot").replaceWith(connectionIndicator(client));
  $("#timer-slot").replaceWith(timerDisplay(client, { big: true }));
  const content = $("#wall-content");
  let shown = "";
  // Results by stakeholder group beside the chart, once the vote is revealed.
  const results = h("div", { class: "wall-results", "data-testid": "wall-results", hidden: true });
  const loadResults = watchResults(client, token, results, () => autofit(content));
  client.on("welcome", loadResults);

  const render = frameThrottle(() => {
    const w = board.workshop;
    if (!w) return;
    $("#wall-title").textContent = w.title;
    $("#wall-title").classList.toggle("long", w.title.length > 50 && w.title.length <= 100);
    $("#wall-title").classList.toggle("longer", w.title.length > 100);
    document.title = `${w.title} · ${t("wall.pageTitle")}`;
    const round = board.round != null ? board.agenda[board.round] : null;
    $("#wall-room").textContent = [board.room.plenary ? t("room.plenary") : board.room.name,
      round ? t("round.chip", { i: board.round + 1, n: board.agenda.length, title: round.title }) : null].filter(Boolean).join(" · ");
    $("#wall-challenge").textContent = w.challenge || "";
    const boundaries = w.boundaries || [];
    $("#wall-boundaries").hidden = !boundaries.length;
    fill($("#wall-boundaries"), h("strong", {}, t("boundary.heading") + ": "), boundaries.map((b) => b.text).join(" · "));
    $("#wall-url").textContent = location.host;
    $("#wall-code").textContent = w.join_code;
    const qr = $("#wall-qr");
    const src = `/api/qr.svg?code=${encodeURIComponent(w.join_code)}`;
    if (qr.getAttribute("src") !== src) qr.src = src;
    qr.alt = t("console.qrAlt", { code: w.join_code });
    const v = board.voting;
    const status = [];
    if (board.isClosed()) status.push(h("span", { "data-testid": "wall-closed" }, icon("lock"), " ", t("lifecycle.closedShort")));
    else if (board.locked) status.push(h("span", {}, icon("lock"), " ", t("wall.locked")));
    if (board.privateRound) status.push(h("span", {}, icon("eye"), " ", t("wall.private", { n: hiddenCount(board) })));
    if (v.status === "open" && isMatrix(v)) status.push(h("span", {}, t("matrix.open", { a: v.criteria[0], b: v.criteria[1] })));
    else if (v.status === "open") status.push(h("span", {}, "● ", t("wall.voting", { n: v.budget })));
    fill($("#wall-status"), status);
    const here = board.presence.filter((p) => p.role === "participant");
    const remote = here.filter((p) => p.site === "remote").length;
    $("#wall-people").textContent = t("wall.people", { n: here.length }) + (remote ? ` · ${t("rooms.remote", { n: remote })}` : "");
    const showMatrix = matrixShown(board);
    const showChart = !isMatrix(v) && v.status === "closed" && v.tally;
    const key = JSON.stringify([showChart, showMatrix, publicNotes(board).map((n) => [n.id, n.text, n.color, n.cluster]),
      [...board.clusters.values()], v.tally, v.results, v.target, hiddenCount(board), [...board.actions.values()], innerWidth, innerHeight, w.flags, w.boundaries,
      board.hackathon.phase, [...board.hackathon.pitches.values()], board.hackathon.presenting, board.hackathon.jury, w.team_rule]);
    // In a hackathon phase the wall shows the pitches (or the one presented) instead of the notes.
    const hacking = board.hackathon.phase !== "ideas";
    if (key !== shown) {
      shown = key;
      content.classList.toggle("has-matrix", showMatrix);
      if (showMatrix) fill(content, matrixView(board, publicNotes(board), { wall: true }));
      else if (hacking) { fill(content, wallHackathon(board)); tickPitchTimer(client, content); autofit(content); }
      else {
        fill(content, showChart ? [chart(board), results] : notesView(board), actionsView(board));
        autofit(content);
      }
    }
  });

  // A projector is the whole room's loudspeaker: silent unless ?chime=1 or its toggle asks.
  const chime = chimeSetting("wall", false);
  if (params.get("chime") === "1") chime.on = true;
  if (params.get("chime") === "0") chime.on = false;
  $(".wall-corner").prepend(chimeToggle(chime));
  const up = h("div", { class: "wall-timeup", "data-testid": "wall-time-up", hidden: true });
  $("#main").append(up);
  let upTimer = 0;
  watchTimeUp(client, chime, (ev, rang) => {
    fill(up, icon("clock"), " ", ev.data?.label ? t("timer.upBanner", { label: ev.data.label }) : t("timer.ended"));
    up.dataset.chime = rang ? "rang" : "silent";
    up.hidden = false;
    clearTimeout(upTimer);
    upTimer = setTimeout(() => { up.hidden = true; }, ANNOUNCE_MS);
  });
  client.on("event", (ev) => { if (["timer.start", "timer.resume", "timer.add", "round.start"].includes(ev.op)) up.hidden = true; });

  let announceTimer = 0;
  client.on("announce", (ev) => {
    const box = $("#wall-announce");
    fill(box, icon("megaphone"), " ", h("span", { "data-testid": "wall-announce-text" }, ev.data.text));
    box.hidden = false;
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => { box.hidden = true; }, ANNOUNCE_MS);
  });
  setInterval(() => tickPitchTimer(client, content), 1000);
  client.on("change", render);
  client.on("fatal", () => noAccess($("#main")));
  onLanguage(() => { shown = ""; render(); loadResults(true); });
  window.addEventListener("resize", () => { shown = ""; render(); });
  client.start();
}

main();
