// The agenda: rounds with a duration, private ideation, lock and a vote;
// edited as a draft, saved with agenda.set, run with round.start/round.end.

import { h, fill } from "./dom.js";
import { t } from "./i18n.js";
import { card } from "./console-controls.js";
import { nextRound } from "./board-state.js";
import { templatesSection } from "./console-templates.js";
import { isMatrix } from "./matrix.js";

function suggested() {
  return [
    { title: t("agenda.s1"), seconds: 300, private: false, lock: false, voting: null },
    { title: t("agenda.s2"), seconds: 600, private: true, lock: false, voting: null },
    { title: t("agenda.s3"), seconds: 900, private: false, lock: false, voting: null },
    { title: t("agenda.s4"), seconds: 300, private: false, lock: true, voting: { budget: 5, max_per_note: 3, hidden: true, target: "notes" } },
    { title: t("agenda.s5"), seconds: 600, private: false, lock: false, voting: null },
  ];
}

export function agendaCard(ctx) {
  let rows = [];
  let dirty = false;
  let shownKey = null;
  const list = h("ol", { class: "agenda", "data-testid": "agenda" });
  const status = h("p", { class: "muted", "data-testid": "agenda-status" });
  const save = h("button", { type: "button", class: "primary", "data-testid": "agenda-save", on: { click: () => saveAgenda() } }, t("agenda.save"));
  const next = h("button", { type: "button", "data-testid": "round-next", on: { click: () => ctx.op("round.start", {}) } }, t("agenda.next"));
  const end = h("button", { type: "button", "data-testid": "round-end", on: { click: () => ctx.op("round.end", {}) } }, t("agenda.end"));
  const addBtn = h("button", { type: "button", "data-testid": "agenda-add", on: { click: () => { rows.push({ title: "", seconds: 300, private: false, lock: false, voting: null }); touched(); draw(); list.querySelector("li:last-child input")?.focus(); } } }, t("agenda.add"));
  const suggest = h("button", { type: "button", "data-testid": "agenda-suggest", on: { click: () => { rows = suggested(); touched(); draw(); } } }, t("agenda.suggest"));

  const touched = () => { dirty = true; refresh(); };
  const templates = templatesSection(ctx, {
    rows: () => rows, dirty: () => dirty,
    applied: () => { dirty = false; shownKey = null; el.update(); },
  });

  function saveAgenda() {
    const clean = rows.filter((r) => r.title.trim()).map((r) => ({
      ...(r.id ? { id: r.id } : {}), title: r.title.trim(), seconds: Math.max(0, Math.round(r.seconds)),
      private: !!r.private, lock: !!r.lock, lock_at_end: !!r.lock_at_end, voting: r.voting,
    }));
    ctx.op("agenda.set", { rounds: clean }).then((r) => { if (r.ok) { dirty = false; shownKey = null; } refresh(); });
  }

  function row(r, i) {
    const id = `round-${i}`;
    const check = (key, label) => h("label", { class: "check" },
      h("input", {
        type: "checkbox", checked: key === "voting" ? !!r.voting : !!r[key], "data-testid": `round-${key}`,
        on: {
          change: (e) => {
            if (key === "voting") r.voting = e.target.checked ? { budget: 5, max_per_note: 3, hidden: true, target: "notes" } : null;
            else r[key] = e.target.checked;
            touched();
            if (key === "voting") draw();
          },
        },
      }), t(label));
    const move = (d) => {
      const j = i + d;
      if (j < 0 || j >= rows.length) return;
      [rows[i], rows[j]] = [rows[j], rows[i]];
      touched(); draw();
      list.children[j]?.querySelector(`[data-move="${d}"]`)?.focus();
    };
    return h("li", { class: "round", "data-testid": "round-row", "data-index": i },
      h("div", { class: "row" },
        h("span", { class: "round-marker", "data-testid": "round-marker" }),
        h("label", { for: `${id}-title`, class: "sr-only" }, t("agenda.roundTitle", { n: i + 1 })),
        h("input", { id: `${id}-title`, class: "grow", value: r.title, maxlength: 200, placeholder: t("agenda.titlePlaceholder"), "data-testid": "round-title", on: { input: (e) => { r.title = e.target.value; touched(); } } }),
        h("label", { for: `${id}-min`, class: "sr-only" }, t("agenda.minutesOf", { n: i + 1 })),
        h("input", { id: `${id}-min`, type: "number", min: 0, max: 240, step: 0.5, value: r.seconds / 60, class: "minutes", "data-testid": "round-minutes", on: { input: (e) => { r.seconds = Number(e.target.value) * 60 || 0; touched(); } } }),
        h("span", { "aria-hidden": "true", class: "muted" }, t("agenda.min"))),
      h("div", { class: "row round-opts" },
        check("private", "agenda.private"), check("lock", "agenda.lock"), check("lock_at_end", "agenda.lockAtEnd"), check("voting", "agenda.vote"),
        r.voting ? roundVote(r, id) : null,
        h("span", { class: "spacer" }),
        h("button", { type: "button", class: "small icon", "data-move": "-1", "aria-label": t("agenda.up", { n: i + 1 }), title: t("agenda.upShort"), on: { click: () => move(-1) } }, "↑"),
        h("button", { type: "button", class: "small icon", "data-move": "1", "aria-label": t("agenda.down", { n: i + 1 }), title: t("agenda.downShort"), on: { click: () => move(1) } }, "↓"),
        h("button", { type: "button", class: "small icon", "aria-label": t("agenda.remove", { n: i + 1 }), title: t("agenda.removeShort"), on: { click: () => { rows.splice(i, 1); touched(); draw(); } } }, "✕"),
        h("button", { type: "button", class: "small", "data-testid": "round-start", "data-start": i, on: { click: () => ctx.op("round.start", { index: i }) } }, t("agenda.startThis"))));
  }

  // The round's own vote settings: what round.start will open, edited here (not in the Dot vote card).
  function roundVote(r, id) {
    const v = r.voting;
    if (isMatrix(v)) {
      // A matrix vote (from a template or the API): its criteria, and whether it is hidden.
      return h("span", { class: "round-vote", "data-testid": "round-vote-matrix" },
        t("matrix.title", { a: v.criteria[0], b: v.criteria[1] }), " ",
        h("label", { class: "check" }, h("input", { type: "checkbox", checked: !!v.hidden, "data-testid": "round-vote-hidden", on: { change: (e) => { v.hidden = e.target.checked; touched(); } } }), t("vote.hiddenShort")));
    }
    const per = h("input", { id: `${id}-per`, type: "number", min: 1, max: v.budget, value: v.max_per_note, class: "minutes", "data-testid": "round-vote-per",
      on: { input: (e) => { v.max_per_note = Math.min(v.budget, Math.max(1, Math.round(Number(e.target.value)) || 1)); touched(); } } });
    return h("span", { class: "round-vote" },
      h("span", { class: "pair" }, h("label", { for: `${id}-budget` }, t("vote.budget")),
      h("input", { id: `${id}-budget`, type: "number", min: 1, max: 100, value: v.budget, class: "minutes", "data-testid": "round-vote-budget",
        on: { input: (e) => { v.budget = Math.min(100, Math.max(1, Math.round(Number(e.target.value)) || 1)); v.max_per_note = Math.min(v.max_per_note, v.budget); per.max = v.budget; touched(); } } })),
      h("span", { class: "pair" }, h("label", { for: `${id}-per` }, t("vote.perNote")), per),
      h("label", { class: "check" }, h("input", { type: "checkbox", checked: !!v.hidden, "data-testid": "round-vote-hidden", on: { change: (e) => { v.hidden = e.target.checked; touched(); } } }), t("vote.hiddenShort")));
  }

  function draw() {
    fill(list, rows.map(row));
    refresh();
  }

  function refresh() {
    const b = ctx.board;
    for (const li of list.children) {
      const i = Number(li.dataset.index);
      const running = !dirty && b.round === i;
      li.classList.toggle("current", running);
      const done = !dirty && !running && b.agenda[i]?.done;
      li.classList.toggle("done", !!done);
      li.querySelector("[data-testid=round-marker]").textContent = running ? "▶ " + t("agenda.running") : done ? `✓ ${i + 1}.` : `${i + 1}.`;
      li.querySelector("[data-testid=round-marker]").title = done ? t("agenda.done") : "";
      li.querySelector("[data-start]").disabled = dirty;
    }
    save.disabled = !dirty;
    next.disabled = dirty || nextRound(b) == null;
    end.disabled = b.round == null;
    suggest.hidden = rows.length > 0;
    templates.refresh();
    status.textContent = dirty ? t("agenda.unsaved") : b.round != null ? t("round.chip", { i: b.round + 1, n: b.agenda.length, title: b.agenda[b.round]?.title || "" }) : t("agenda.idle");
  }

  const el = card("agenda-card", "console.agenda", status, list,
    h("div", { class: "row" }, addBtn, suggest, save),
    h("div", { class: "row" }, next, end), templates);
  el.update = () => {
    const key = JSON.stringify(ctx.board.agenda) + ctx.board.room?.id;
    if (!dirty && key !== shownKey) {
      shownKey = key;
      rows = ctx.board.agenda.map((r) => ({ ...r, voting: r.voting ? { ...r.voting } : null }));
      const focused = list.contains(document.activeElement) ? document.activeElement.id : null;
      draw();
      if (focused) document.getElementById(focused)?.focus();
    } else refresh();
  };
  return el;
}
