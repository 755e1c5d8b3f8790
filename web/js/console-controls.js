// Console cards for the controlled room: the timer, the board, the vote.

import { icon } from "./icons.js";
import { h, fill, announce } from "./dom.js";
import { t, formatTime } from "./i18n.js";
import { api } from "./session.js";
import { timerDisplay, toast, refusal, rankText, confirmDialog } from "./ui.js";
import { challengeList } from "./outcomes.js";
import { ranked, nextRound } from "./board-state.js";
import { isMatrix, kindFields, matrixShown, matrixView } from "./matrix.js";

export function card(id, titleKey, ...body) {
  return h("section", { class: "card", id, "aria-labelledby": `${id}-h`, "data-testid": id },
    h("h2", { id: `${id}-h`, "data-i18n": titleKey }, t(titleKey)), ...body);
}

const num = (el, fallback) => {
  const v = Number(el.value);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

export function timerCard(ctx) {
  const minutes = h("input", { id: "timer-minutes", type: "number", min: 0.5, max: 240, step: 0.5, value: 5, "data-testid": "timer-minutes", inputmode: "decimal" });
  const label = h("input", { id: "timer-label", maxlength: 200, "data-testid": "timer-label-input" });
  const btn = (testid, key, fn, cls = "") => h("button", { type: "button", class: cls, "data-testid": testid, on: { click: fn } }, t(key));
  // One clock for the whole workshop: the same op in every room at once.
  const everywhere = h("input", { id: "timer-all-rooms", type: "checkbox", "data-testid": "timer-all-rooms" });
  const op = (name, data) => ctx.op(name, everywhere.checked ? { ...data, all_rooms: true } : data);
  const pause = btn("timer-pause", "timer.pause", () => {
    op(ctx.board.timer.status === "paused" ? "timer.resume" : "timer.pause", {});
  });
  const plus = btn("timer-plus", "timer.plus", () => op("timer.add", { seconds: 60 }));
  const minus = btn("timer-minus", "timer.minus", () => op("timer.add", { seconds: -60 }));
  const stop = btn("timer-stop", "timer.stop", () => op("timer.stop", {}), "danger");
  const el = card("timer-card", "console.timer",
    timerDisplay(ctx.client, { big: true }),
    h("form", {
      class: "row timer-form",
      on: {
        submit: (e) => {
          e.preventDefault();
          const data = { seconds: Math.round(num(minutes, 5) * 60) };
          if (label.value.trim()) data.label = label.value.trim();
          op("timer.start", data);
        },
      },
    },
    h("div", { class: "field" }, h("label", { for: "timer-minutes" }, t("timer.minutes")), minutes),
    h("div", { class: "field grow" }, h("label", { for: "timer-label" }, t("timer.labelField")), label),
    h("button", { class: "primary", "data-testid": "timer-start" }, t("timer.start"))),
    h("div", { class: "row" }, pause, plus, minus, stop),
    h("div", { class: "check" }, everywhere, h("label", { for: "timer-all-rooms" }, t("timer.allRooms"))));
  el.update = () => {
    const s = ctx.board.timer.status;
    const live = s === "running" || s === "paused";
    pause.textContent = s === "paused" ? t("timer.resume") : t("timer.pause");
    pause.disabled = !live;
    plus.disabled = !live;
    minus.disabled = !live;
    stop.disabled = s === "idle";
  };
  return el;
}

export function boardCard(ctx) {
  const lock = h("button", { type: "button", "data-testid": "lock-toggle", "aria-pressed": "false", on: { click: () => ctx.op(ctx.board.locked ? "board.unlock" : "board.lock", {}) } });
  const state = h("p", { class: "lock-state", "data-testid": "lock-state" });
  const counts = h("p", { class: "muted", "data-testid": "board-counts" });
  const reveal = h("button", { type: "button", "data-testid": "reveal-notes", on: { click: () => ctx.op("notes.reveal", {}) } }, t("console.revealNotes"));
  // The same one op as the board's "Tidy up": the server lays the room's board out.
  const tidy = h("button", {
    type: "button", "data-testid": "console-tidy",
    on: { click: async () => { const r = await ctx.op("board.tidy", {}); if (!r || r.ok !== false) announce(t("canvas.tidiedSay")); } },
  }, t("canvas.tidy"));
  const snaps = h("ul", { class: "snapshots", "data-testid": "snapshots" });
  // The workshop's proposals to push a boundary, for the facilitator to take to decision makers.
  const discuss = h("div", { class: "discuss", "data-testid": "console-discuss" });
  const listSnaps = async () => {
    try {
      const list = await api(`/api/rooms/${encodeURIComponent(ctx.board.room.id)}/snapshots`, { token: ctx.me.token });
      fill(snaps, list.length ? list.map((s) => h("li", {}, s.name, " ", h("span", { class: "muted" }, formatTime(s.created)), " ",
        h("button", {
          type: "button", class: "small", "data-testid": "snapshot-restore", "aria-label": t("snapshot.restoreLabel", { name: s.name }),
          on: { click: async () => {
            if (!(await confirmDialog(t("snapshot.restoreAsk", { name: s.name }), t("snapshot.restore")))) return;
            const r = await ctx.op("snapshot.restore", { id: s.id });
            if (r && r.ok !== false) { announce(t("snapshot.restoredSay", { name: s.name })); listSnaps(); }
          } },
        }, t("snapshot.restore")))) : h("li", { class: "muted" }, t("console.noSnapshots")));
    } catch (e) { toast(refusal(e.code, e.message)); }
  };
  const el = card("board-card", "console.board",
    state, counts,
    h("div", { class: "row" }, lock, reveal, tidy,
      h("button", {
        type: "button", "data-testid": "snapshot-save",
        on: { click: async () => { const name = await ctx.prompt(t("console.snapshotName")); if (name) { await ctx.op("snapshot.save", { name }); listSnaps(); } } },
      }, t("console.snapshot")),
      h("button", { type: "button", class: "small", on: { click: listSnaps } }, t("console.snapshots"))),
    snaps,
    discuss);
  el.update = () => {
    const b = ctx.board;
    lock.setAttribute("aria-pressed", String(b.locked));
    fill(lock, icon(b.locked ? "unlock" : "lock"), " ", b.locked ? t("console.unlock") : t("console.lock"));
    fill(state, icon(b.locked ? "lock" : "pencil"), " ", b.locked ? t("console.lockedState") : t("console.openState"));
    state.dataset.locked = String(b.locked);
    const priv = [...b.notes.values()].filter((n) => n.private).length;
    reveal.disabled = !priv;
    tidy.disabled = !b.notes.size && !b.clusters.size;
    counts.textContent = t("console.counts", { notes: b.notes.size, clusters: b.clusters.size, priv });
    const list = b.workshop ? challengeList(b.workshop, "console-challenges") : null;
    discuss.hidden = !list;
    fill(discuss, list ? h("h3", {}, t("boundary.discuss")) : null, list);
  };
  return el;
}

export function votingCard(ctx) {
  const budget = h("input", { id: "vote-budget", type: "number", min: 1, max: 100, value: 5, "data-testid": "vote-budget" });
  const per = h("input", { id: "vote-per", type: "number", min: 1, max: 100, value: 3, "data-testid": "vote-per" });
  const hidden = h("input", { id: "vote-hidden", type: "checkbox", "data-testid": "vote-hidden" });
  const target = h("select", { id: "vote-target", "data-testid": "vote-target" },
    h("option", { value: "notes" }, t("vote.targetNotes")), h("option", { value: "clusters" }, t("vote.targetClusters")),
    h("option", { value: "actions" }, t("vote.targetActions")));
  const status = h("p", { class: "vote-state", "data-testid": "vote-state" });
  const source = h("p", { class: "muted", "data-testid": "vote-source" });
  let shownVote = null;
  const results = h("ol", { class: "results", "data-testid": "vote-results" });
  const stop = h("button", { type: "button", "data-testid": "vote-stop", on: { click: () => ctx.op("voting.stop", {}) } }, t("vote.stop"));
  const reveal = h("button", { type: "button", "data-testid": "vote-reveal", on: { click: () => ctx.op("voting.reveal", {}) } }, t("vote.reveal"));
  const dots = h("div", { class: "row" },
    h("div", { class: "field" }, h("label", { for: "vote-budget" }, t("vote.budget")), budget),
    h("div", { class: "field" }, h("label", { for: "vote-per" }, t("vote.perNote")), per),
    h("div", { class: "field" }, h("label", { for: "vote-target" }, t("vote.target")), target));
  const kind = kindFields("vote", [dots]);
  const matrix = h("div", { class: "console-matrix", "data-testid": "console-matrix" });
  const el = card("voting-card", "console.voting",
    h("form", {
      on: {
        submit: async (e) => {
          e.preventDefault();
          if (ctx.board.voting.status !== "idle" && !(await ctx.confirm(t("vote.restartAsk"), t("vote.start")))) return;
          if (kind.isMatrix()) {
            const data = kind.data(hidden.checked);
            ctx.op("voting.start", data);
            announce(t("matrix.startedSay", { a: data.criteria[0], b: data.criteria[1] }));
            return;
          }
          const b = Math.round(num(budget, 5));
          ctx.op("voting.start", { budget: b, max_per_note: Math.min(b, Math.round(num(per, b))), hidden: hidden.checked, target: target.value });
          announce(t("vote.startedSay", { n: b }));
        },
      },
    },
    kind.kindField, dots, kind.criteria,
    h("label", { class: "check" }, hidden, t("vote.hidden")),
    h("div", { class: "row" }, h("button", { class: "primary", "data-testid": "vote-start" }, t("vote.start")), stop, reveal)),
    source, status, results, matrix);
  el.update = () => {
    const v = ctx.board.voting;
    // The fields show the session that applies (also one a round opened, and after a reload);
    // what the facilitator types stays until the session itself changes.
    const key = v.status === "idle" ? "idle" : JSON.stringify([v.budget, v.max_per_note, v.hidden, v.target, v.kind, v.criteria]);
    if (key !== shownVote) {
      shownVote = key;
      if (v.status !== "idle") {
        budget.value = v.budget || 5; per.value = v.max_per_note || 3; hidden.checked = !!v.hidden; target.value = v.target || "notes";
        kind.show(v);
      }
    }
    if (matrixShown(ctx.board)) fill(matrix, matrixView(ctx.board, [...ctx.board.notes.values()]));
    else fill(matrix);
    const round = ctx.board.round != null ? ctx.board.agenda[ctx.board.round] : null;
    const upcoming = nextRound(ctx.board);
    const next = v.status === "idle" && upcoming != null ? ctx.board.agenda[upcoming] : null;
    // Which settings apply: the running round's vote, or the one the next round will open.
    source.textContent = v.status !== "idle" && round?.voting ? t("vote.fromRound", { i: ctx.board.round + 1, title: round.title })
      : next?.voting && isMatrix(next.voting) ? t("matrix.nextRound", { i: upcoming + 1, title: next.title, a: next.voting.criteria[0], b: next.voting.criteria[1] })
      : next?.voting ? t("vote.nextRound", { i: upcoming + 1, title: next.title, n: next.voting.budget, per: next.voting.max_per_note })
        + (next.voting.hidden ? " · " + t("vote.hiddenShort") : "") : "";
    source.hidden = !source.textContent;
    stop.disabled = v.status !== "open";
    reveal.disabled = !(v.status === "closed" && v.hidden && !v.revealed);
    const cast = ctx.overview?.rooms?.find((r) => r.id === ctx.board.room?.id)?.votes;
    status.textContent = t(`vote.state.${v.status}`) + (v.status !== "idle" && cast != null ? " · " + t(isMatrix(v) ? "matrix.cast" : "vote.cast", { n: cast }) : "") +
      (v.status !== "idle" && v.hidden && !v.revealed ? " · " + t("vote.hiddenNow") : "");
    if (!v.tally || isMatrix(v)) { fill(results); return; }
    const names = v.target === "clusters"
      ? new Map([...ctx.board.clusters.values()].map((c) => [c.id, c.title]))
      : v.target === "actions" ? new Map([...ctx.board.actions.values()].map((a) => [a.id, a.title]))
      : new Map([...ctx.board.notes.values()].map((n) => [n.id, n.text]));
    const rows = ranked([...names.keys()].map((id) => [id, v.tally[id] || 0])).map((r) => ({ ...r, name: names.get(r.id) })).slice(0, 15);
    const max = Math.max(1, ...rows.map((r) => r.n));
    // An ordered list numbered by competition rank: a tie reads 1, 1, 1, 4.
    fill(results, rows.map((r) => h("li", { class: "result", value: r.rank, "data-rank": r.rank, "data-testid": "vote-result", "aria-label": rankText(r, r.name) },
      h("span", { class: "result-rank", "aria-hidden": "true" }, `${r.rank}.`, r.tied ? "=" : ""),
      h("span", { class: "result-name" }, r.name),
      h("span", { class: "bar", "aria-hidden": "true" }, h("span", { style: { width: `${(r.n / max) * 100}%` } })),
      h("span", { class: "result-n" }, t("vote.total", { n: r.n })))));
  };
  return el;
}
