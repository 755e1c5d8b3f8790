// Outcomes on the board, the wall and the console: the workshop's boundaries of
// possibility, the notes flagged outside them, the proposals to push one
// ("boundaries to discuss with decision makers") and results by stakeholder group.

import { h, fill, announce } from "./dom.js";
import { t } from "./i18n.js";
import { api } from "./session.js";
import { flagsOf } from "./board-state.js";
import { promptDialog, toast, refusal } from "./ui.js";

/** "Outside: <boundary> — <reason>" for each flag of a note or action (null when it has none). */
export function flagBadges(board, id, cls = "note-flag", kind = "note") {
  const flags = flagsOf(board, id, kind);
  if (!flags.length) return null;
  return h("div", { class: `${cls}s`, "data-testid": "note-flags" }, flags.map((f) =>
    h("p", { class: cls, "data-testid": "note-flag" },
      h("strong", {}, t("boundary.outside", { boundary: f.boundary ? f.boundary.text : t("boundary.removed") })),
      " — ", f.reason)));
}

function boundaryText(w, id) {
  const b = (w.boundaries || []).find((x) => x.id === id);
  return b ? b.text : t("boundary.removed");
}

/** The proposals to push a boundary, as a list (null when there are none). */
export function challengeList(w, testid = "challenges") {
  const items = w.challenges || [];
  if (!items.length) return null;
  return h("ul", { class: "challenges", "data-testid": testid }, items.map((c) =>
    h("li", {}, h("strong", {}, boundaryText(w, c.boundary)), ": ", c.text)));
}

/**
 * The board's side section: each boundary with a button to propose pushing it,
 * the proposals, the notes flagged outside a boundary and, for facilitators, a
 * form to flag a note. `update()` redraws it from the board.
 */
export function boundariesSection(client) {
  const board = client.board;
  const el = h("section", { class: "side-section", "aria-labelledby": "boundaries-h", "data-testid": "boundaries", hidden: true });
  const say = async (p, done) => {
    const r = await p;
    if (r && r.ok === false) toast(refusal(r.code, r.message)); else announce(done);
  };
  const propose = async (b) => {
    const text = await promptDialog(t("boundary.proposeAsk", { boundary: b.text }), "", t("boundary.propose"));
    if (text) say(client.op("constraint.challenge", { boundary: b.id, text }), t("boundary.proposedSay"));
  };
  const flagForm = () => {
    const w = board.workshop;
    const notes = [...board.notes.values()].filter((n) => !n.private);
    const actions = [...board.actions.values()];
    if (!(notes.length || actions.length) || !(w.boundaries || []).length) return null;
    // One list of both kinds of target; an option's value is "kind:id".
    const note = h("select", { id: "flag-note", "data-testid": "flag-note" },
      notes.length ? h("optgroup", { label: t("boundary.flagNotes") }, notes.map((n) => h("option", { value: `note:${n.id}` }, n.text.slice(0, 60)))) : null,
      actions.length ? h("optgroup", { label: t("boundary.flagActions") }, actions.map((a) => h("option", { value: `action:${a.id}` }, a.title.slice(0, 60)))) : null);
    const which = h("select", { id: "flag-boundary", "data-testid": "flag-boundary" }, w.boundaries.map((b) => h("option", { value: b.id }, b.text.slice(0, 60))));
    const reason = h("input", { id: "flag-reason", maxlength: 500, required: true, "data-testid": "flag-reason" });
    return h("form", {
      class: "flag-form", "data-testid": "flag-form",
      on: { submit: (e) => {
        e.preventDefault();
        if (!reason.value.trim()) { reason.focus(); return; }
        const sent = reason.value.trim();
        reason.value = ""; // sent: the form is free to follow the board again
        const [kind, id] = note.value.split(/:(.*)/s);
        say(client.op("constraint.flag", { target: { [kind]: id }, boundary: which.value, reason: sent }), t("boundary.flaggedSay"));
      } },
    },
    h("h3", {}, t("boundary.flagHeading")),
    h("div", { class: "field" }, h("label", { for: "flag-note" }, t("boundary.flagNote")), note),
    h("div", { class: "field" }, h("label", { for: "flag-boundary" }, t("boundary.flagBoundary")), which),
    h("div", { class: "field" }, h("label", { for: "flag-reason" }, t("boundary.flagReason")), reason),
    h("button", { type: "submit", class: "small", "data-testid": "flag-submit" }, t("boundary.flag")));
  };
  let shown = "";
  el.update = () => {
    const w = board.workshop;
    if (!w) return;
    const fac = board.isFacilitator();
    const flagged = (w.flags || []).filter((f) => (f.target?.note && board.notes.has(f.target.note)) || (f.target?.action && board.actions.has(f.target.action)));
    const key = JSON.stringify([w.boundaries, w.challenges, flagged, fac, fac ? [...board.notes.values()].map((n) => [n.id, n.text, n.private]) : 0, fac ? [...board.actions.values()].map((a) => [a.id, a.title]) : 0, t("boundary.heading"), board.isClosed(), board.me?.role]);
    if (key === shown) return;
    // Keep a half-filled flag form as it is while others change the board.
    const reason = el.querySelector("#flag-reason");
    if (reason && reason.value.trim() && el.contains(document.activeElement)) return;
    // A redraw keeps the keyboard focus on the same control.
    const focused = el.contains(document.activeElement) ? document.activeElement : null;
    const same = focused && (focused.id ? `#${focused.id}` : focused.dataset.testid ? `[data-testid="${focused.dataset.testid}"]` : null);
    const nth = same && !focused.id ? [...el.querySelectorAll(same)].indexOf(focused) : 0;
    shown = key;
    const boundaries = w.boundaries || [];
    el.hidden = !boundaries.length && !(w.challenges || []).length;
    // A wall is a screen; a juror judges the pitches and changes nothing else.
    const mayPropose = board.me && !["wall", "juror"].includes(board.me.role) && !board.isClosed();
    fill(el,
      h("h2", { id: "boundaries-h" }, t("boundary.heading")),
      h("ul", { class: "boundaries", "data-testid": "boundary-list" }, boundaries.map((b) => h("li", {},
        h("span", {}, b.text), " ",
        mayPropose ? h("button", { type: "button", class: "small", "data-testid": "propose", "aria-label": t("boundary.proposeLabel", { boundary: b.text }), on: { click: () => propose(b) } }, t("boundary.propose")) : null))),
      flagged.length ? h("h3", {}, t("boundary.outsideHeading")) : null,
      flagged.length ? h("ul", { class: "flagged", "data-testid": "flagged" }, flagged.map((f) => h("li", {},
        f.target.action ? h("span", { class: "chip" }, t("boundary.actionChip")) : null, f.target.action ? " " : null,
        h("strong", {}, `“${(f.target.action ? board.actions.get(f.target.action).title : board.notes.get(f.target.note).text).slice(0, 80)}”`), " ",
        t("boundary.outside", { boundary: boundaryText(w, f.boundary) }), " — ", f.reason, " ",
        fac && !board.isClosed() ? h("button", { type: "button", class: "small", "data-testid": "unflag", on: { click: () => say(client.op("constraint.unflag", { target: f.target, boundary: f.boundary }), t("boundary.unflaggedSay")) } }, t("boundary.unflag")) : null))) : null,
      (w.challenges || []).length ? h("h3", {}, t("boundary.discuss")) : null,
      challengeList(w),
      fac && !board.isClosed() ? flagForm() : null);
    if (same) (el.querySelectorAll(same)[nth] || el.querySelector("#flag-note") || el.querySelector("h2")).focus?.();
  };
  return el;
}

/** Results by stakeholder group as a table (null when no group has three people). */
export function resultsTable(results) {
  if (!results || !results.groups.length) return null;
  if (!results.clusters.length) return actionResultsTable(results);
  return h("div", {}, clusterResultsTable(results), actionResultsTable(results));
}

/** Votes on actions by group, while the room's visible vote is on actions (null otherwise). */
function actionResultsTable(results) {
  if (!(results.actions || []).length) return null;
  return h("table", { class: "results-by-group", "data-testid": "action-results-by-group" },
    h("caption", {}, t("results.actionsHeading"), h("span", { class: "muted small-text" }, " · " + t("results.rule", { n: results.min_group }))),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("results.action")),
      results.groups.map((g) => h("th", { scope: "col" }, g)))),
    h("tbody", {}, results.actions.map((a) => h("tr", {},
      h("th", { scope: "row" }, a.title),
      results.groups.map((g) => h("td", { "data-testid": "action-results-cell" }, t("results.votes", { n: a.votes[g] || 0 })))))));
}

function clusterResultsTable(results) {
  return h("table", { class: "results-by-group", "data-testid": "results-by-group" },
    h("caption", {}, t("results.heading"), h("span", { class: "muted small-text" }, " · " + t("results.rule", { n: results.min_group }))),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("results.cluster")),
      results.groups.map((g) => h("th", { scope: "col" }, g)))),
    h("tbody", {}, results.clusters.map((c) => h("tr", {},
      h("th", { scope: "row" }, c.title),
      results.groups.map((g) => h("td", { "data-testid": "results-cell" },
        t("results.notes", { n: c.notes[g] || 0 }), " · ", c.votes ? t("results.votes", { n: c.votes[g] || 0 }) : "–"))))));
}

/**
 * Keeps `slot` filled with the room's results by group while the vote is
 * revealed (closed with a visible tally), fetched again as votes and notes change.
 */
export function watchResults(client, token, slot, onShown = () => {}) {
  const board = client.board;
  let timer = 0;
  let asked = "";
  const load = async (force = false) => {
    const v = board.voting;
    const room = board.room?.id;
    if (!room || v.status !== "closed" || !v.tally) { fill(slot); slot.hidden = true; asked = ""; return; }
    const key = JSON.stringify([room, v.tally, [...board.notes.values()].map((n) => [n.id, n.cluster]), [...board.clusters.keys()]]);
    if (key === asked && !force) return;
    asked = key;
    try {
      const results = await api(`/api/rooms/${encodeURIComponent(room)}/results`, { token });
      const table = resultsTable(results);
      slot.hidden = !table;
      fill(slot, table);
      onShown();
    } catch { asked = ""; }
  };
  client.on("change", () => { clearTimeout(timer); timer = setTimeout(load, 300); });
  return load;
}
