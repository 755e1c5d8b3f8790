// The participant's board page: header (room, round, timer, votes,
// connection), banners, the canvas (or the list on a phone) and the people.

import { icon } from "./icons.js";
import { $, h, fill, announce, frameThrottle } from "./dom.js";
import { registerShell } from "./offline.js";
import { initI18n, t, languageSwitcher, onLanguage } from "./i18n.js";
import { member, params } from "./session.js";
import { Client } from "./client.js";
import { Canvas } from "./canvas.js";
import { NoteList } from "./note-list.js";
import { boardActions } from "./actions.js";
import { actionsPanel } from "./actions-panel.js";
import { hackathonPanel } from "./hackathon-panel.js";
import { attachRoster } from "./roster.js";
import { attachUndo } from "./undo-controls.js";
import { connectionIndicator, timerDisplay, renderPeople, toast, refusal, noAccess, confirmDialog } from "./ui.js";
import { facilitationBar } from "./facil-bar.js";
import { readyControl, waitingLine } from "./ready.js";
import { followToggle, leadView } from "./follow.js";
import { chimeSetting, chimeToggle, watchTimeUp } from "./time-up.js";
import { isMatrix, matrixShown, matrixView } from "./matrix.js";
import { boundariesSection, watchResults } from "./outcomes.js";
import { suggestionsSection } from "./suggestions.js";
import { myDataSection } from "./my-data.js";

const PHONE = matchMedia("(max-width: 699.98px)");

async function main() {
  registerShell();
  await initI18n();
  $("#lang-slot").replaceWith(languageSwitcher());
  $("#side-lang-slot").replaceWith(languageSwitcher());
  const wid = params.get("w");
  const me = wid && member(wid);
  if (!me) { document.body.classList.add("no-access"); noAccess($("#main")); return; }

  const client = new Client({ token: me.token, room: params.get("room"), outboxKey: `cocreate:outbox:${me.participant_id}` });
  window.cocreate = client; // for debugging and tests
  const board = client.board;
  const actions = boardActions(client);
  attachRoster(client, wid, me.token);
  $("#conn-slot").replaceWith(connectionIndicator(client));
  const timer = timerDisplay(client);
  timer.classList.add("status-chip");
  $("#timer-slot").replaceWith(timer);
  const ready = readyControl(client);
  $("#ready-slot").replaceWith(ready);

  const outcomes = actionsPanel(client);
  $("#challenge-box").after(outcomes.el);
  const pitches = hackathonPanel(client);
  $("#challenge-box").after(pitches.el);

  const area = $("#board-area");
  const canvasRoot = h("div", { class: "canvas-root" });
  const listRoot = h("div", { class: "list-root" });
  area.append(canvasRoot, listRoot);
  const canvas = new Canvas(canvasRoot, client, actions);
  const list = new NoteList(listRoot, client, actions);
  // A note brought back by Ctrl+Z gets the keyboard focus, as a new note does.
  // The note may be drawn already when the undo's answer comes: focus it now, or on the next render.
  const undo = attachUndo(client, { onRestored: (ref) => { if (!PHONE.matches) { canvas.focusRef = ref; canvas.restoreFocus(); } } });
  $("#undo-slot").replaceWith(undo.buttons(""));
  list.el.prepend(h("div", { class: "list-undo" }, undo.buttons("-list")));
  const current = () => (PHONE.matches ? list : canvas);
  const layout = () => {
    document.body.classList.toggle("phone", PHONE.matches);
    canvasRoot.hidden = PHONE.matches;
    listRoot.hidden = !PHONE.matches;
    setSide(!PHONE.matches);
    current().render();
  };

  const side = $("#side");
  const toggle = $("#people-toggle");
  function setSide(open) {
    side.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
  }
  toggle.addEventListener("click", () => {
    setSide(side.hidden);
    if (!side.hidden && PHONE.matches) $("#side-close").focus();
  });
  $("#side-close").addEventListener("click", () => { setSide(false); toggle.focus(); });
  side.addEventListener("keydown", (e) => { if (e.key === "Escape" && PHONE.matches) { setSide(false); toggle.focus(); } });

  $("#add-note").addEventListener("click", () => {
    if (PHONE.matches) { $("#qa-text").focus(); return; }
    const p = canvas.freeSpot();
    canvas.startDraft(p.x, p.y);
  });
  $("#add-cluster").addEventListener("click", () => {
    const p = canvas.freeSpot();
    actions.addCluster(p.x, p.y);
  });
  $("#tidy").addEventListener("click", async () => {
    if (await confirmDialog(t("canvas.tidyAsk"), t("canvas.tidy"))) { canvas.tidy(); announce(t("canvas.tidiedSay")); }
  });
  $("#zoom-in").addEventListener("click", () => canvas.zoomAt(1.2));
  $("#zoom-out").addEventListener("click", () => canvas.zoomAt(1 / 1.2));
  $("#fit").addEventListener("click", () => canvas.fit());
  $("#help").addEventListener("click", () => $("#help-dialog").showModal());
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    if (e.target.closest("input, textarea, select, dialog, [contenteditable]")) return;
    if (e.key === "n" || e.key === "N") { e.preventDefault(); $("#add-note").click(); }
    else if (e.key === "?") { e.preventDefault(); $("#help-dialog").showModal(); }
  });

  // After a matrix vote's reveal: its 2x2 matrix, on demand, over the board.
  const matrixBtn = h("button", { type: "button", "data-testid": "matrix-open", "aria-haspopup": "dialog", hidden: true }, t("matrix.show"));
  const matrixDialog = h("dialog", { class: "matrix-dialog", "aria-labelledby": "matrix-dialog-h", "data-testid": "matrix-dialog" },
    h("h2", { id: "matrix-dialog-h", class: "sr-only" }, t("matrix.show")),
    h("div", { class: "matrix-slot" }),
    h("form", { method: "dialog" }, h("button", { class: "primary", "data-testid": "matrix-close" }, t("common.close"))));
  document.body.append(matrixDialog);
  // The phone has no toolbar: the list has its own button.
  const matrixBtnList = h("button", { type: "button", class: "list-matrix", "data-testid": "matrix-open-list", "aria-haspopup": "dialog", hidden: true }, t("matrix.show"));
  $("#tidy").after(matrixBtn);
  list.el.prepend(matrixBtnList);
  for (const b of [matrixBtn, matrixBtnList]) b.addEventListener("click", () => { matrixDialog.showModal(); renderHeader(); });
  onLanguage(() => {
    matrixBtn.textContent = matrixBtnList.textContent = t("matrix.show");
    matrixDialog.querySelector("h2").textContent = t("matrix.show");
  });
  const boundaries = boundariesSection(client);
  $("#challenge-box").after(boundaries);
  const results = h("section", { class: "side-section results-section", "data-testid": "board-results", hidden: true });
  boundaries.after(results);
  const loadResults = watchResults(client, me.token, results);
  const suggestions = suggestionsSection(client, canvas);
  results.after(suggestions);
  client.on("welcome", loadResults);

  const chime = chimeSetting("board", true);
  const sound = h("section", { class: "side-section", "aria-labelledby": "side-sound-h" },
    h("h2", { id: "side-sound-h" }, t("chime.heading")), chimeToggle(chime));
  const soundAfter = $(".side-lang");
  if (soundAfter) soundAfter.after(sound); else $("#side").append(sound);
  onLanguage(() => { $("#side-sound-h").textContent = t("chime.heading"); });
  let bar = null;
  const tidyUp = () => $("#tidy").click();
  let timeUp = null; // {label} from the last timer.end, until the timer runs again or it is dismissed
  watchTimeUp(client, chime, (ev, rang) => { timeUp = { label: ev.data?.label || "", rang }; renderBanners(); });

  let announcement = null;
  let peopleShown = null; // the presence list and the me the people list was drawn from
  const renderHeader = () => {
    const w = board.workshop;
    if (!w) return;
    $("#ws-title").textContent = w.title;
    $("#ws-title").title = w.title; // the header may cut it short
    document.title = `${w.title} · Cocreate`;
    $("#room-name").textContent = board.room?.plenary ? t("room.plenary") : board.room?.name || "";
    $("#challenge").textContent = w.challenge || "";
    // The constraints are listed as boundaries, each with its proposals and flags, below.
    fill($("#constraints"));
    $("#challenge-box").hidden = !w.challenge;
    boundaries.update();
    renderPhoneChallenge(w);
    const round = board.round != null ? board.agenda[board.round] : null;
    const roundEl = $("#round");
    roundEl.hidden = !round;
    if (round) {
      // The timer already carries the round's title as its label: say it once.
      const same = board.timer.status !== "idle" && board.timer.label === round.title;
      roundEl.textContent = same ? t("round.short", { i: board.round + 1, n: board.agenda.length })
        : t("round.chip", { i: board.round + 1, n: board.agenda.length, title: round.title });
    }
    const v = board.voting;
    const vs = $("#vote-status");
    vs.hidden = v.status === "idle";
    if (v.status === "open" && isMatrix(v)) {
      vs.textContent = t("matrix.open", { a: v.criteria[0], b: v.criteria[1] });
      vs.dataset.status = "open";
    } else if (v.status === "open") {
      const left = board.votesLeft();
      fill(vs, h("span", { "aria-hidden": "true", class: "dots" }, "●".repeat(Math.min(left, 12)) + "○".repeat(Math.min(v.budget - left, 12))), " ",
        t("vote.left", { n: left, budget: v.budget }));
      vs.dataset.status = "open";
    } else if (v.status === "closed") {
      vs.textContent = v.tally ? t("vote.revealed") : t("vote.closed");
      vs.dataset.status = "closed";
    }
    // A wall is a screen, not a person: listed apart, never counted.
    const people = board.presence.filter((p) => p.role !== "wall");
    const walls = board.presence.filter((p) => p.role === "wall");
    toggle.textContent = t("people.toggle", { n: people.length });
    $("#people-h").textContent = t("people.heading", { n: people.length });
    // Redrawn when the people are, not on each of a busy board's events.
    if (!peopleShown || peopleShown[0] !== board.presence || peopleShown[1] !== board.me) {
      peopleShown = [board.presence, board.me];
      renderPeople($("#people"), people, board.me);
    }
    const wallsEl = $("#people-walls");
    wallsEl.hidden = !walls.length;
    wallsEl.textContent = walls.length ? t("people.walls", { n: walls.length }) : "";
    ready.update();
    suggestions.update();
    const waiting = waitingLine(board);
    $("#ready-waiting").hidden = !waiting;
    $("#ready-waiting").textContent = waiting;
    const locked = board.readOnly();
    $("#tidy").hidden = !board.isFacilitator() || board.isClosed();
    // A closed workshop has nothing to run: the facilitation bar goes until it reopens.
    if (board.isFacilitator() && !board.isClosed()) {
      if (!bar) {
        bar = facilitationBar(client, { wid, tidy: tidyUp, phone: () => PHONE.matches,
          viewport: () => (PHONE.matches ? null : canvas.viewport()) });
        $(".board-layout").before(bar);
      }
      bar.update();
    } else if (bar) { bar.remove(); bar = null; }
    matrixBtn.hidden = matrixBtnList.hidden = !matrixShown(board);
    if (matrixDialog.open) fill(matrixDialog.querySelector(".matrix-slot"), matrixView(board, [...board.notes.values()].filter((n) => !n.private || board.isFacilitator())));
    $("#add-note").disabled = locked;
    $("#add-cluster").disabled = locked;
    // A juror judges the pitches and writes no notes: no composer at all.
    const juror = board.isJuror();
    $("#add-note").hidden = $("#add-cluster").hidden = juror;
    list.form.hidden = juror;
    renderBanners();
  };

  // On a phone the side panel is closed: the challenge heads the list instead,
  // scrolling with it, so it costs the header nothing.
  const phoneChallenge = h("section", { class: "phone-challenge card", "data-testid": "phone-challenge", "aria-labelledby": "phone-challenge-h" });
  list.el.prepend(phoneChallenge);
  const renderPhoneChallenge = (w) => {
    const constraints = w.constraints || [];
    phoneChallenge.hidden = !w.challenge && !constraints.length;
    fill(phoneChallenge,
      h("h2", { id: "phone-challenge-h" }, t("board.challenge")),
      w.challenge ? h("p", { class: "phone-challenge-text" }, w.challenge) : null,
      constraints.length ? h("ul", { class: "constraints" }, constraints.map((c) => h("li", {}, c))) : null);
  };

  const renderBanners = () => {
    const items = [];
    if (board.isClosed()) {
      items.push(h("div", { class: "banner lock", "data-testid": "closed-banner" }, icon("lock"),
        t("lifecycle.closedBanner")));
    } else if (board.locked) {
      items.push(h("div", { class: "banner lock", "data-testid": "lock-banner" }, icon("lock"),
        board.isFacilitator() ? t("board.lockedFacilitator") : t("board.locked")));
    }
    if (timeUp) {
      items.push(h("div", { class: "banner time-up", "data-testid": "time-up-banner", "data-chime": timeUp.rang ? "rang" : "silent" },
        icon("clock"), h("span", {}, timeUp.label ? t("timer.upBanner", { label: timeUp.label }) : t("timer.ended")),
        h("span", { class: "spacer" }),
        h("button", { type: "button", class: "small", "data-testid": "time-up-dismiss", on: { click: () => { timeUp = null; renderBanners(); } } }, t("common.dismiss"))));
    }
    if (board.isJuror()) {
      items.push(h("div", { class: "banner info", "data-testid": "juror-banner" }, icon("eye"), t("jury.jurorBanner")));
    }
    if (board.privateRound) {
      items.push(h("div", { class: "banner info", "data-testid": "private-banner" }, icon("eye"),
        t("board.private", { n: board.hidden.size })));
    }
    if (announcement) {
      items.push(h("div", { class: "banner announce", "data-testid": "announcement" },
        icon("megaphone"), h("span", {}, announcement), h("span", { class: "spacer" }),
        h("button", { type: "button", class: "small", on: { click: () => { announcement = null; renderBanners(); } } }, t("common.dismiss"))));
    }
    fill($("#banners"), items);
  };

  // On a phone a banner is one line; a tap on it shows the rest.
  $("#banners").addEventListener("click", (e) => {
    const banner = e.target.closest(".banner.lock, .banner.info");
    if (banner && PHONE.matches) banner.classList.toggle("open");
  });

  let shut = false; // the board was replaced by a "no access" card
  const renderAll = frameThrottle(() => { if (!shut) { renderHeader(); current().render(); outcomes.render(); pitches.render(); } });
  client.on("change", renderAll);
  onLanguage(() => { canvas.relabel(); list.relabel(); undo.relabel(); follow?.update?.(); peopleShown = null; renderAll(); loadResults(); });
  PHONE.addEventListener("change", layout);

  let fresh = [];
  let freshTimer = 0;
  client.on("event", (ev) => {
    const mine = ev.actor && ev.actor === board.me?.id;
    switch (ev.op) {
      case "note.add": case "notes.paste":
        if (mine) break;
        for (const n of ev.op === "notes.paste" ? ev.data?.notes || [] : [ev.data]) if (n?.text) fresh.push(n.text);
        if (!fresh.length) break;
        clearTimeout(freshTimer);
        freshTimer = setTimeout(() => {
          announce(fresh.length === 1 ? t("note.newSay", { text: fresh[0].slice(0, 100) }) : t("note.newManySay", { n: fresh.length }));
          fresh = [];
        }, 1200);
        break;
      // The server's own lock is a round's lock_at_end: one message, after "Time is up".
      case "board.lock": announce(ev.actor == null ? t("timer.upLockedSay") : t("board.lockedSay")); break;
      case "timer.start": case "timer.resume": case "timer.add": case "round.start":
        if (timeUp) { timeUp = null; renderBanners(); }
        break;
      case "board.unlock": announce(t("board.unlockedSay")); break;
      case "workshop.close": announce(t("lifecycle.closedBanner")); break;
      case "workshop.reopen": announce(t("lifecycle.reopenedSay")); break;
      case "voting.start": announce(isMatrix(ev.data) ? t("matrix.startedSay", { a: ev.data.criteria[0], b: ev.data.criteria[1] }) : t("vote.startedSay", { n: ev.data.budget })); break;
      case "voting.stop": announce(t("vote.closed")); break;
      case "voting.reveal": announce(t("vote.revealed")); break;
      case "round.start": announce(t("round.startedSay", { title: ev.data.round?.title || "" })); break;
      case "round.end": announce(t("round.endedSay")); break;
      case "notes.reveal": announce(t("board.revealedSay")); break;
      case "snapshot.restore": if (!mine) announce(t("snapshot.restoredSay", { name: ev.data.name })); break;
      case "action.commit": if (ev.data.all_parties_committed) announce(t("actions.allCommittedSay", { title: ev.data.title })); break;
      default: break;
    }
  });
  client.on("announce", (ev) => { announcement = ev.data.text; renderBanners(); announce(t("announce.say", { text: ev.data.text })); });
  client.on("moved", (room) => {
    if (room === board.room?.id) return; // the same room: a new role, said by the welcome below
    const r = board.workshop?.rooms.find((x) => x.id === room);
    toast(t("room.movedTo", { room: r ? (r.plenary ? t("room.plenary") : r.name) : "" }));
    canvas.fitted = false;
  });
  // A summon arrives after `moved` (if the room changes): show its view once
  // this board is in that room.
  let summoned = null;
  const arrive = () => {
    if (!summoned || !client.ready || board.room?.id !== summoned.room) return;
    const view = summoned.viewport;
    summoned = null;
    if (view && !PHONE.matches) {
      canvas.fitted = true; // the summon's view, not a fit of the whole board
      canvas.showViewport(view);
    }
    toast(t("summon.arrived"));
  };
  client.on("summon", (msg) => { summoned = msg; arrive(); });
  // Following: a facilitator's board leads, a participant's may follow.
  let follow = null;
  client.on("welcome", () => {
    if (follow) return;
    if (board.me?.role === "facilitator") { follow = "leads"; leadView(client, canvas); }
    else if (board.me?.role === "participant") {
      follow = followToggle(client, canvas);
      $("#follow-slot").replaceWith(follow);
    }
  });
  client.on("welcome", () => requestAnimationFrame(arrive));
  // A facilitator made me a juror, or a participant again: the welcome after `moved` says so.
  let role = null;
  client.on("welcome", (msg) => {
    const now = msg.participant.role;
    if (role && now !== role && (now === "juror" || role === "juror")) toast(t(now === "juror" ? "jury.nowJuror" : "jury.nowParticipant"));
    role = now;
  });
  client.on("reject", (r) => toast(refusal(r.code, r.message)));
  // Once they erased themselves, the socket's close (4403) says so too: "erased" wins.
  let erased = false;
  const gone = (why) => {
    // The board is gone from the page: nothing may render into it any more.
    shut = true;
    client.stop();
    document.body.classList.add("no-access");
    setSide(false);
    noAccess($("#main"), erased ? "erased" : why);
    $("#main").focus();
  };
  client.on("fatal", (why) => gone(why));
  // Erased by a facilitator: the event reaches this board just before its socket closes.
  client.on("event", (ev) => { if (ev.op === "participant.erased" && ev.data.participant === board.me?.id) erased = true; });
  $("#people-h").closest("section").after(myDataSection(client, wid, me.token, () => { erased = true; gone("erased"); }));
  layout();
  client.start();
}

main();
