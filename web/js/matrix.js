// Matrix votes: scoring a note on the vote's two criteria (a dialog of radio
// buttons, so keys and pointers work alike) and the 2x2 matrix that places
// each note by its means once they are shown, on the board and the wall.

import { h, announce } from "./dom.js";
import { t } from "./i18n.js";

export const SCALE = [1, 2, 3, 4, 5];
const MID = 3; // the scale's middle splits each axis into low and high

/** Whether `voting` (V) is a matrix vote. */
export function isMatrix(voting) {
  return voting?.kind === "matrix" && (voting.criteria || []).length === 2;
}

/** Whether the matrix of `board`'s vote can be drawn: its means are shown. */
export function matrixShown(board) {
  return isMatrix(board.voting) && board.voting.status !== "idle" && !!board.voting.results;
}

/** The short text a note shows about its scores: mine while open, the means once shown. */
export function scoresText(board, id) {
  const v = board.voting;
  if (!isMatrix(v) || v.status === "idle") return "";
  const [a, b] = v.criteria;
  const result = v.results?.[id];
  if (result) return t("matrix.means", { a, b, x: fmt(result.means[a]), y: fmt(result.means[b]), n: result.count });
  const mine = board.myScores?.[id];
  return mine ? t("matrix.mine", { a, b, x: mine[a], y: mine[b] }) : "";
}

function fmt(n) { return Number(n).toFixed(1); }

/** The score dialog for one note; resolves when it closes. */
export function scoreDialog(client, noteId) {
  const board = client.board;
  const note = board.notes.get(noteId);
  const v = board.voting;
  if (!note || !isMatrix(v)) return Promise.resolve();
  if (v.status !== "open") { announce(t("vote.notOpen")); return Promise.resolve(); }
  const back = document.activeElement;
  const mine = board.myScores?.[noteId] || null;
  const error = h("p", { class: "form-error", role: "alert", "data-testid": "score-error" });
  const groups = v.criteria.map((name, i) => h("fieldset", { class: "score-scale", "data-testid": `score-criterion-${i}` },
    h("legend", {}, name),
    h("div", { class: "score-options" }, SCALE.map((n) => h("label", { class: "score-option" },
      h("input", { type: "radio", name: `score-${i}`, value: String(n), checked: mine?.[name] === n, "data-testid": `score-${i}-${n}` }),
      h("span", {}, String(n))))),
    h("p", { class: "muted small-text" }, t("matrix.scaleHint"))));
  const picked = () => groups.map((g) => Number(g.querySelector("input:checked")?.value || 0));
  return new Promise((resolve) => {
    const dlg = h("dialog", { "aria-labelledby": "score-h", "data-testid": "score-dialog", class: "score-dialog" },
      h("form", { method: "dialog" },
        h("h2", { id: "score-h" }, t("matrix.scoreTitle")),
        h("p", { class: "score-note" }, note.text.slice(0, 200)),
        ...groups, error,
        h("div", { class: "row" },
          h("button", { class: "primary", value: "save", "data-testid": "score-save" }, t("common.save")),
          mine ? h("button", { value: "clear", "data-testid": "score-clear" }, t("matrix.takeBack")) : null,
          h("button", { value: "cancel", formnovalidate: true }, t("common.cancel")))));
    dlg.querySelector("form").addEventListener("submit", (e) => {
      const choice = e.submitter?.value;
      if (choice !== "save") return;
      const [x, y] = picked();
      if (!x || !y) { e.preventDefault(); error.textContent = t("matrix.scoreBoth"); return; }
    });
    dlg.addEventListener("close", () => {
      const choice = dlg.returnValue;
      if (choice === "save") {
        const [x, y] = picked();
        client.op("vote.score", { note: noteId, scores: { [v.criteria[0]]: x, [v.criteria[1]]: y } });
        announce(t("matrix.scoredSay", { a: v.criteria[0], b: v.criteria[1], x, y }));
      } else if (choice === "clear") {
        client.op("vote.score", { note: noteId, scores: null });
        announce(t("matrix.takenBackSay"));
      }
      dlg.remove();
      if (back && back.isConnected) back.focus();
      resolve();
    });
    document.body.append(dlg);
    dlg.showModal();
    (groups[0].querySelector("input:checked") || groups[0].querySelector("input")).focus();
  });
}

function level(mean) { return mean >= MID ? "high" : "low"; }

/**
 * The 2x2 matrix of the shown means: the first criterion across (low left),
 * the second up (low bottom), each scored note a chip at its means. Beside it
 * (or below on a phone) the same as a list, for reading and screen readers.
 * `notes` is the notes the viewer's screen may show (a wall: public ones).
 */
export function matrixView(board, notes, { wall = false } = {}) {
  const v = board.voting;
  const [a, b] = v.criteria;
  const results = v.results || {};
  const scored = notes.filter((n) => results[n.id])
    .map((n) => ({ n, x: results[n.id].means[a], y: results[n.id].means[b], count: results[n.id].count }))
    .sort((p, q) => (q.x - p.x) || (q.y - p.y));
  const quadrant = (qx, qy) => h("div", { class: `matrix-q q-${qy}-${qx}` },
    h("span", { class: "matrix-q-label" }, t("matrix.quadrant", { a, b, x: t(`matrix.${qx}`), y: t(`matrix.${qy}`) })));
  const seen = new Map(); // chips at the same spot stack instead of hiding each other
  const chips = scored.map((s) => {
    const spot = `${fmt(s.x)}:${fmt(s.y)}`;
    const k = seen.get(spot) || 0;
    seen.set(spot, k + 1);
    return h("li", { class: "matrix-chip", "data-color": s.n.color || "yellow", "data-testid": "matrix-chip", "data-note": s.n.id,
      style: { left: `${((s.x - 1) / 4) * 100}%`, bottom: `${((s.y - 1) / 4) * 100}%`, "--stack": String(k) } }, s.n.text);
  });
  const list = h("ol", { class: "matrix-list", "data-testid": "matrix-list" }, scored.map((s) =>
    h("li", {}, h("span", { class: "matrix-list-text" }, s.n.text), " ",
      h("span", { class: "muted" }, t("matrix.means", { a, b, x: fmt(s.x), y: fmt(s.y), n: s.count }) + " · "
        + t("matrix.quadrant", { a, b, x: t(`matrix.${level(s.x)}`), y: t(`matrix.${level(s.y)}`) })))));
  return h("figure", { class: `matrix${wall ? " matrix-wall" : ""}`, "data-testid": "matrix" },
    h("figcaption", { class: "matrix-title" }, t("matrix.title", { a, b })),
    h("div", { class: "matrix-body" },
      h("div", { class: "matrix-frame" },
        h("span", { class: "matrix-axis matrix-axis-y" }, `${b} ↑`),
        h("div", { class: "matrix-plot", "aria-hidden": "true" },
          quadrant("low", "high"), quadrant("high", "high"), quadrant("low", "low"), quadrant("high", "low"),
          h("ol", { class: "matrix-chips" }, chips)),
        h("span", { class: "matrix-axis matrix-axis-x" }, `${a} →`)),
      scored.length ? list : h("p", { class: "muted" }, t("matrix.none"))));
}

/**
 * The fields a vote form adds for the kind of vote: a choice of dots or the
 * matrix, and the matrix's two criterion names (shown only for it). `dotsOnly`
 * are the form's dot-vote fields, hidden while the matrix is chosen.
 */
export function kindFields(prefix, dotsOnly) {
  const kind = h("select", { id: `${prefix}-kind`, "data-testid": `${prefix}-kind` },
    h("option", { value: "dots" }, t("matrix.kindDots")), h("option", { value: "matrix" }, t("matrix.kindMatrix")));
  const names = [t("matrix.defaultA"), t("matrix.defaultB")].map((value, i) =>
    h("input", { id: `${prefix}-crit${i}`, value, maxlength: 40, required: true, "data-testid": `${prefix}-criterion-${i}` }));
  const field = (id, key, input) => h("div", { class: "field" }, h("label", { for: id }, t(key)), input);
  const criteria = h("div", { class: "row", hidden: true },
    field(`${prefix}-crit0`, "matrix.criterionA", names[0]), field(`${prefix}-crit1`, "matrix.criterionB", names[1]));
  const sync = () => {
    const matrix = kind.value === "matrix";
    criteria.hidden = !matrix;
    for (const input of names) input.disabled = !matrix;
    for (const el of dotsOnly) el.hidden = matrix;
  };
  kind.addEventListener("change", sync);
  return {
    kindField: field(`${prefix}-kind`, "matrix.kind", kind),
    criteria,
    /** Show the session `v` (a V) in the fields. */
    show(v) {
      kind.value = isMatrix(v) ? "matrix" : "dots";
      if (isMatrix(v)) v.criteria.forEach((c, i) => { names[i].value = c; });
      sync();
    },
    isMatrix: () => kind.value === "matrix",
    /** The `voting.start` data of a matrix vote. */
    data: (hidden) => ({ kind: "matrix", criteria: names.map((n) => n.value.trim()), hidden }),
  };
}
