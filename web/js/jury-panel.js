// The hackathon's jury where everyone sees it: "k of n jurors have scored" per
// pitch before the close, the weighted ranking after it (board, console, wall),
// a juror's scoring form on each pitch, and a participant's "I'd join" choices
// for the suggested teams. No score is shown before the close: none arrives.

import { h, announce } from "./dom.js";
import { t, locale } from "./i18n.js";
import { toast } from "./ui.js";

export const PREFER_MAX = 3;
const SCALE = [1, 2, 3, 4, 5];

/** A weighted score or a mean to two decimals, in the reader's locale ("3.70", "3,70"). */
export function scoreText(x) {
  if (x == null) return "–";
  return new Intl.NumberFormat(locale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(x);
}

/** "2 of 3 jurors have scored" for one pitch. */
export function scoredText(jury, pitchId) {
  return t("jury.scored", { k: jury.scored[pitchId] || 0, n: jury.jurors });
}

/** Whether the "k of n" count belongs on a pitch now: the jury phase, before the close. */
export function showScored(hk) {
  return hk.phase === "jury" && !hk.jury.closed;
}

export function scoredChip(jury, pitchId) {
  return h("span", { class: "chip jury-scored", "data-testid": "jury-scored" }, scoredText(jury, pitchId));
}

/** The jury's ranking after the close: rank, pitch, weighted score, each criterion's mean. */
export function rankingTable(jury, { wall = false } = {}) {
  const criteria = jury.criteria;
  const table = h("table", { class: `jury-ranking${wall ? " wall-ranking" : ""}`, "data-testid": "jury-ranking" },
    h("caption", {}, t("jury.rankingHeading"), wall ? [" ", h("span", { class: "muted" }, t("jury.rankingNote"))] : null),
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, t("jury.rank")),
      h("th", { scope: "col" }, t("jury.pitch")),
      h("th", { scope: "col" }, t("jury.score")),
      criteria.map((c) => h("th", { scope: "col", class: "num mean" }, t("jury.criterionCol", { name: c.name, weight: c.weight }))),
      h("th", { scope: "col", class: "num" }, t("jury.jurorsCol")))),
    h("tbody", {}, (jury.result || []).map((r) => h("tr", { "data-testid": "jury-rank-row", "data-pitch": r.pitch },
      h("td", { class: "rank", "data-testid": "jury-rank" }, r.rank == null ? "–" : `${r.rank}.`),
      // In a narrow column the means go under the title instead of in their own columns (CSS picks one).
      h("th", { scope: "row", class: "jury-title" }, r.title, wall ? null : h("span", { class: "jury-means-inline small-text" },
        criteria.map((c) => t("jury.meanInline", { name: c.name, mean: scoreText(r.means?.[c.name]) })).join(" · "))),
      h("td", { class: "num score", "data-testid": "jury-score" }, scoreText(r.score)),
      criteria.map((c) => h("td", { class: "num mean", "data-testid": "jury-mean" }, scoreText(r.means?.[c.name]))),
      h("td", { class: "num" }, String(r.jurors))))));
  // In a narrow column the table may scroll sideways: by keyboard too.
  if (wall) return table;
  return h("div", { class: "jury-ranking-box" },
    h("div", { class: "jury-scroll", tabindex: 0, role: "region", "aria-label": t("jury.rankingHeading") }, table),
    h("p", { class: "small-text muted" }, t("jury.rankingNote")));
}

/**
 * A juror's scoring form for one pitch: a 1–5 radio group per criterion, prefilled
 * from their own scores (M), "Save scores" sends `jury.score`. `drafts` (pitch id ->
 * {criterion: n}) keeps what was picked but not saved across re-renders; `saved`
 * the pitches saved since the page opened.
 */
export function scoreForm(client, p, drafts, saved) {
  const hk = client.board.hackathon;
  const jury = hk.jury;
  const open = hk.phase === "jury" && !jury.closed;
  const mine = hk.mine.scores[p.id] || {};
  const draft = drafts.get(p.id);
  const picked = (name) => (draft ? draft[name] : mine[name]);
  const base = `score-${p.id}`;
  const status = h("p", { class: "score-status small-text", role: "status", "data-testid": "score-saved" });
  const showStatus = () => {
    status.textContent = drafts.has(p.id) ? t("jury.unsaved") : saved.has(p.id) ? t("jury.saved")
      : Object.keys(mine).length ? t("jury.yourScores") : "";
  };
  const why = jury.closed ? t("jury.closedNote") : !open ? t("jury.notYet") : null;
  const groups = jury.criteria.map((c, i) => h("fieldset", { class: "jury-criterion", "data-testid": "score-criterion", "data-criterion": c.name },
    h("legend", {}, t("jury.criterionLegend", { name: c.name, weight: c.weight })),
    h("div", { class: "jury-scale" }, SCALE.map((v) => {
      const id = `${base}-${i}-${v}`;
      return h("span", { class: "jury-option" },
        h("input", { type: "radio", id, name: `${base}-${i}`, value: String(v), checked: picked(c.name) === v, disabled: !open,
          "data-testid": "score-radio", "data-criterion": c.name,
          on: { change: () => { drafts.set(p.id, { ...(drafts.get(p.id) || mine), [c.name]: v }); showStatus(); } } }),
        h("label", { for: id }, String(v)));
    }))));
  const form = h("form", { class: "score-form", "data-testid": "score-form", "aria-label": t("jury.scoreFormOf", { title: p.title }),
    on: { submit: (e) => {
      e.preventDefault();
      const scores = {};
      for (const input of form.querySelectorAll("input[type=radio]:checked")) scores[input.dataset.criterion] = Number(input.value);
      client.op("jury.score", { pitch: p.id, scores: Object.keys(scores).length ? scores : null }).then((r) => {
        if (!r?.ok) return; // the board's reject handler says why
        client.board.hackathon.mine = { ...client.board.hackathon.mine,
          scores: { ...client.board.hackathon.mine.scores, [p.id]: scores } };
        drafts.delete(p.id);
        saved.add(p.id);
        announce(t("jury.savedSay", { title: p.title }));
        client._emit("change");
      });
    } } },
    h("p", { class: "small-text muted" }, t("jury.scale")),
    groups,
    why ? h("p", { class: "small-text muted", "data-testid": "score-closed" }, why) : null,
    h("div", { class: "row" },
      h("button", { class: "small primary", disabled: !open, "data-testid": "score-save",
        "aria-label": t("jury.saveNamed", { title: p.title }) }, t("jury.save")),
      status));
  showStatus();
  if (!jury.criteria.length) return h("p", { class: "small-text muted", "data-testid": "score-form" }, t("jury.noCriteria"));
  return form;
}

/** A participant's "I'd join" toggle on one pitch: up to three, best first (`team.prefer`). */
export function preferButton(client, p) {
  const mine = client.board.hackathon.mine;
  const at = mine.prefers.indexOf(p.id);
  const send = () => {
    const next = at >= 0 ? mine.prefers.filter((x) => x !== p.id) : [...mine.prefers, p.id];
    if (next.length > PREFER_MAX) { toast(t("jury.preferFull", { n: PREFER_MAX })); return; }
    client.op("team.prefer", { pitches: next }).then((r) => {
      if (!r?.ok) return;
      client.board.hackathon.mine = { ...client.board.hackathon.mine, prefers: next };
      announce(at >= 0 ? t("jury.preferDroppedSay", { title: p.title }) : t("jury.preferSay", { title: p.title, k: next.length }));
      client._emit("change");
    });
  };
  return h("button", { type: "button", class: `small${at >= 0 ? " primary" : ""}`, "aria-pressed": String(at >= 0),
    "data-testid": "pitch-prefer", "aria-label": at >= 0 ? t("jury.preferChosenNamed", { title: p.title, k: at + 1 }) : t("jury.preferNamed", { title: p.title }),
    on: { click: send } }, at >= 0 ? t("jury.preferChosen", { k: at + 1 }) : t("jury.prefer"));
}

/** The line above the pitches saying what a participant would join, in order. */
export function preferSummary(board) {
  const hk = board.hackathon;
  const titles = hk.mine.prefers.map((id) => hk.pitches.get(id)?.title).filter(Boolean);
  return h("p", { class: "small-text prefer-summary", "data-testid": "prefer-summary" },
    titles.length ? t("jury.preferList", { list: titles.map((x, i) => `${i + 1}. ${x}`).join(", ") }) : t("jury.preferHint", { n: PREFER_MAX }));
}
