// The facilitation bar on the board page: what a facilitator runs during a
// workshop (timer, lock, vote, private notes, rounds, tidy, room) without a
// second tab. It sends the console's ops; the server still checks each one.
// It sits in the page's flow above the board (never over it) and folds away
// to one button, folded by default on a phone.

import { h, fill, announce } from "./dom.js";
import { t, onLanguage } from "./i18n.js";
import { nextRound } from "./board-state.js";
import { kindFields } from "./matrix.js";

const OPEN_KEY = "cocreate:facil-bar";

/**
 * Build the bar for `client`'s board. `tidy()` runs the board's own tidy-up (so the
 * bar sends whatever the toolbar's button sends); `phone()` says whether the page is in phone layout.
 * Returns the element with `update()`; call it on every change.
 */
export function facilitationBar(client, { wid, tidy, phone, viewport = () => null }) {
  const board = client.board;
  const op = (name, data = {}) => client.op(name, data);
  const btn = (testid, fn, cls = "small") => h("button", { type: "button", class: cls, "data-testid": testid, on: { click: fn } });
  const group = (id, labelKey, ...items) => h("div", { class: "facil-group", role: "group", "aria-labelledby": id },
    h("span", { id, class: "facil-label", "data-k": labelKey }), ...items);

  const minutes = h("input", { id: "facil-minutes", type: "number", min: 0.5, max: 240, step: 0.5, value: 5, inputmode: "decimal", class: "facil-minutes", "data-testid": "facil-minutes" });
  const startTimer = btn("facil-timer-start", () => {
    const m = Number(minutes.value);
    op("timer.start", { seconds: Math.round((Number.isFinite(m) && m > 0 ? m : 5) * 60) });
  }, "small primary");
  const pause = btn("facil-timer-pause", () => op(board.timer.status === "paused" ? "timer.resume" : "timer.pause"));
  const plus = btn("facil-timer-plus", () => op("timer.add", { seconds: 60 }));
  const stopTimer = btn("facil-timer-stop", () => op("timer.stop"));
  const lock = btn("facil-lock", () => op(board.locked ? "board.unlock" : "board.lock"));
  const revealNotes = btn("facil-reveal-notes", () => op("notes.reveal"));
  const tidyBtn = btn("facil-tidy", () => tidy());
  const voteStart = btn("facil-vote-start", () => voteDialog());
  const voteStop = btn("facil-vote-stop", () => op("voting.stop"));
  const voteReveal = btn("facil-vote-reveal", () => op("voting.reveal"));
  const next = btn("facil-round-next", () => op("round.start"));
  const end = btn("facil-round-end", () => op("round.end"));
  const room = h("select", { id: "facil-room", "data-testid": "facil-room", on: { change: () => switchRoom(room.value) } });
  const consoleLink = h("a", { class: "button small", "data-testid": "facil-console", target: "_blank", rel: "noopener" });
  // Summon: bring this room's people (or everyone's) here, to what this board shows.
  const summon = (all) => async () => {
    const view = viewport();
    const r = await op("summon", view ? { viewport: view, all } : { all });
    if (!r || r.ok !== false) announce(t(all ? "summon.sentAll" : "summon.sent"));
  };
  const summonRoom = btn("facil-summon", summon(false));
  const summonAll = btn("facil-summon-all", summon(true));

  const tools = h("div", { id: "facil-tools", class: "facil-tools" },
    group("facil-g-timer", "console.timer",
      h("label", { for: "facil-minutes", class: "sr-only", "data-k": "timer.minutes" }), minutes,
      h("span", { class: "muted", "aria-hidden": "true", "data-k": "agenda.min" }),
      startTimer, pause, plus, stopTimer),
    group("facil-g-vote", "console.voting", voteStart, voteStop, voteReveal),
    group("facil-g-round", "facil.round", next, end),
    group("facil-g-board", "console.board", lock, revealNotes, tidyBtn),
    group("facil-g-room", "facil.room",
      h("label", { for: "facil-room", class: "sr-only", "data-k": "facil.room" }), room, consoleLink),
    group("facil-g-summon", "summon.group", summonRoom, summonAll));
  const toggle = h("button", { type: "button", class: "small facil-toggle", "aria-controls": "facil-tools", "data-testid": "facil-toggle" });
  const el = h("section", { class: "facil-bar", "aria-labelledby": "facil-h", "data-testid": "facil-bar" },
    h("h2", { id: "facil-h", class: "sr-only", "data-k": "facil.bar" }), toggle, tools);

  const saved = localStorage.getItem(OPEN_KEY);
  let open = saved ? saved === "open" : !phone();
  toggle.addEventListener("click", () => { open = !open; localStorage.setItem(OPEN_KEY, open ? "open" : "closed"); update(); });

  function switchRoom(id) {
    client.openRoom(id);
    const url = new URL(location.href);
    url.searchParams.set("room", id);
    history.replaceState(null, "", url);
  }

  function voteDialog() {
    const back = document.activeElement;
    const v = board.voting;
    const field = (id, key, input) => h("div", { class: "field" }, h("label", { for: id }, t(key)), input);
    const budget = h("input", { id: "fv-budget", type: "number", min: 1, max: 100, value: v.status !== "idle" ? v.budget : 5, "data-testid": "facil-vote-budget" });
    const per = h("input", { id: "fv-per", type: "number", min: 1, max: 100, value: v.status !== "idle" ? v.max_per_note : 3, "data-testid": "facil-vote-per" });
    const hidden = h("input", { id: "fv-hidden", type: "checkbox", checked: v.status !== "idle" ? !!v.hidden : false, "data-testid": "facil-vote-hidden" });
    const target = h("select", { id: "fv-target", "data-testid": "facil-vote-target" },
      h("option", { value: "notes", selected: v.target !== "clusters" }, t("vote.targetNotes")),
      h("option", { value: "clusters", selected: v.target === "clusters" }, t("vote.targetClusters")),
      h("option", { value: "actions", selected: v.target === "actions" }, t("vote.targetActions")));
    const dots = h("div", { class: "row" }, field("fv-budget", "vote.budget", budget), field("fv-per", "vote.perNote", per), field("fv-target", "vote.target", target));
    const kind = kindFields("fv", [dots]);
    const dlg = h("dialog", { "aria-labelledby": "fv-h", "data-testid": "facil-vote-dialog" },
      h("form", { method: "dialog" },
        h("h2", { id: "fv-h" }, t("facil.voteTitle")),
        v.status !== "idle" ? h("p", { class: "muted" }, t("vote.restartAsk")) : null,
        kind.kindField, dots, kind.criteria,
        h("label", { class: "check" }, hidden, t("vote.hidden")),
        h("div", { class: "row" },
          h("button", { class: "primary", value: "start", "data-testid": "facil-vote-go" }, t("vote.start")),
          h("button", { type: "button", on: { click: () => dlg.close("cancel") } }, t("common.cancel")))));
    dlg.addEventListener("close", () => {
      if (dlg.returnValue === "start" && kind.isMatrix()) {
        const data = kind.data(hidden.checked);
        op("voting.start", data);
        announce(t("matrix.startedSay", { a: data.criteria[0], b: data.criteria[1] }));
      } else if (dlg.returnValue === "start") {
        const b = Math.min(100, Math.max(1, Math.round(Number(budget.value)) || 5));
        const p = Math.min(b, Math.max(1, Math.round(Number(per.value)) || b));
        op("voting.start", { budget: b, max_per_note: p, hidden: hidden.checked, target: target.value });
        announce(t("vote.startedSay", { n: b }));
      }
      dlg.remove();
      if (back && back.isConnected) back.focus();
    });
    kind.show(v);
    document.body.append(dlg);
    dlg.showModal();
    // The budget comes first for a dot vote, as before matrix votes; the kind for a matrix one.
    if (kind.isMatrix()) dlg.querySelector("select").focus(); else budget.select();
  }

  function update() {
    const tm = board.timer.status, v = board.voting;
    el.classList.toggle("folded", !open);
    tools.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = (open ? "▾ " : "▸ ") + t("facil.bar");
    for (const node of el.querySelectorAll("[data-k]")) node.textContent = t(node.dataset.k);
    const live = tm === "running" || tm === "paused";
    startTimer.textContent = t("facil.timerStart");
    pause.textContent = tm === "paused" ? t("timer.resume") : t("timer.pause");
    pause.disabled = !live;
    plus.textContent = t("timer.plus");
    plus.disabled = !live;
    stopTimer.textContent = t("timer.stop");
    stopTimer.disabled = tm === "idle";
    lock.textContent = board.locked ? t("facil.unlock") : t("facil.lock");
    lock.setAttribute("aria-pressed", String(board.locked));
    revealNotes.textContent = t("facil.revealNotes");
    revealNotes.disabled = ![...board.notes.values()].some((n) => n.private);
    tidyBtn.textContent = t("canvas.tidy");
    tidyBtn.hidden = phone();
    voteStart.textContent = t("facil.voteStart");
    voteStart.setAttribute("aria-haspopup", "dialog");
    voteStop.textContent = t("facil.voteStop");
    voteStop.disabled = v.status !== "open";
    voteReveal.textContent = t("facil.voteReveal");
    voteReveal.disabled = !(v.status === "closed" && v.hidden && !v.revealed);
    const n = nextRound(board);
    next.textContent = t("facil.next");
    next.disabled = n == null;
    next.title = n != null ? t("facil.nextTitle", { i: n + 1, title: board.agenda[n].title }) : "";
    end.textContent = t("agenda.end");
    end.disabled = board.round == null;
    const rooms = (board.workshop?.rooms || []).filter((r) => !r.archived);
    const key = rooms.map((r) => r.id + r.name).join("|") + board.room?.id;
    if (room.dataset.key !== key) {
      room.dataset.key = key;
      fill(room, rooms.map((r) => h("option", { value: r.id, selected: r.id === board.room?.id }, r.plenary ? t("room.plenary") : r.name)));
    }
    consoleLink.textContent = t("facil.console");
    summonRoom.textContent = t("summon.room");
    summonRoom.title = t("summon.roomTitle");
    summonAll.textContent = t("summon.all");
    summonAll.title = t("summon.allTitle");
    consoleLink.href = `/console.html?w=${encodeURIComponent(wid)}${board.room ? `&room=${encodeURIComponent(board.room.id)}` : ""}`;
  }
  onLanguage(() => { room.dataset.key = ""; update(); });
  el.update = update;
  update();
  return el;
}
