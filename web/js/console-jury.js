// The console's jury, inside the hackathon card: the weighted criteria, whether
// jurors may join by the join code, who is a juror, and the close (with how many
// winners become actions), then the ranking. Before the close the console knows
// only "k of n jurors have scored" (on each pitch), never a score.

import { h, fill, announce } from "./dom.js";
import { t } from "./i18n.js";
import { api } from "./session.js";
import { toast, confirmDialog } from "./ui.js";
import { rankingTable } from "./jury-panel.js";

const WEIGHT_MAX = 100;
const CRITERIA_MAX = 10;

/** The weighted criteria: a name and a weight per row, add, remove, save (`jury.criteria`). */
function criteriaEditor(ctx) {
  const b = ctx.board;
  let rows = [];
  let dirty = false;
  let shown = "";
  const list = h("ol", { class: "criteria-rows", "data-testid": "jury-criteria" });
  const addBtn = h("button", { type: "button", class: "small", "data-testid": "criterion-add", on: { click: () => {
    rows.push({ name: "", weight: 10 });
    dirty = true;
    draw();
    list.querySelector("li:last-child input")?.focus();
  } } }, t("jury.addCriterion"));
  const hint = h("p", { class: "small-text muted" }, t("jury.weightsHint"));
  const locked = h("p", { class: "small-text muted", "data-testid": "criteria-locked", hidden: true }, t("jury.namesLocked"));
  const save = h("button", { class: "small primary", "data-testid": "criteria-save" }, t("jury.saveCriteria"));
  const form = h("form", { class: "criteria-form", on: { submit: (e) => {
    e.preventDefault();
    const criteria = rows.map((r) => ({ name: r.name.trim(), weight: Math.max(1, Math.min(WEIGHT_MAX, Math.round(Number(r.weight) || 1))) }))
      .filter((r) => r.name);
    if (!criteria.length) { toast(t("jury.needCriterion")); list.querySelector("input")?.focus(); return; }
    ctx.op("jury.criteria", { criteria }).then((r) => {
      if (r?.ok) { dirty = false; toast(t("jury.criteriaSaved")); el.update(); }
    });
  } } },
  h("fieldset", {}, h("legend", {}, t("jury.criteria")), hint, list,
    h("div", { class: "row" }, addBtn, save), locked));
  function draw() {
    const closed = b.hackathon.jury.closed;
    fill(list, rows.map((r, i) => {
      const name = h("input", { id: `criterion-name-${i}`, value: r.name, maxlength: 100, disabled: closed, "data-testid": "criterion-name",
        on: { input: (e) => { r.name = e.target.value; dirty = true; } } });
      const weight = h("input", { id: `criterion-weight-${i}`, type: "number", min: 1, max: WEIGHT_MAX, step: 1, value: String(r.weight),
        disabled: closed, inputmode: "numeric", "data-testid": "criterion-weight",
        on: { input: (e) => { r.weight = e.target.value; dirty = true; } } });
      return h("li", { class: "criterion-row", "data-testid": "criterion-row" },
        h("div", { class: "field" }, h("label", { for: name.id }, t("jury.criterionName")), name),
        h("div", { class: "field weight" }, h("label", { for: weight.id }, t("jury.weight")), weight),
        h("button", { type: "button", class: "small danger", disabled: closed, "data-testid": "criterion-remove",
          "aria-label": t("jury.removeNamed", { name: r.name || String(i + 1) }),
          on: { click: () => { rows.splice(i, 1); dirty = true; draw(); (list.querySelector(`li:nth-child(${Math.min(i + 1, rows.length)}) input`) || addBtn).focus(); } } },
        t("jury.remove")));
    }));
    addBtn.disabled = closed || rows.length >= CRITERIA_MAX;
    save.disabled = closed;
  }
  const el = h("div", {}, form);
  el.update = () => {
    const jury = b.hackathon.jury;
    locked.hidden = !Object.values(jury.scored).some(Boolean) || jury.closed;
    const key = JSON.stringify([jury.criteria, jury.closed]);
    if (dirty || key === shown) return;
    shown = key;
    rows = jury.criteria.map((c) => ({ ...c }));
    draw();
  };
  return el;
}

/** Who judges: make a participant a juror (and back) with `participant.role`. */
function jurorPicker(ctx) {
  let roster = [];
  let timer = 0;
  const load = async () => {
    try {
      roster = await api(`/api/workshops/${encodeURIComponent(ctx.wid)}/participants`, { token: ctx.me.token });
      // The list is the truth about n in "k of n": a juror who joined by the code raises no event.
      const jury = ctx.board.hackathon.jury;
      const n = roster.filter((p) => p.role === "juror").length;
      if (n !== jury.jurors) { ctx.board.hackathon.jury = { ...jury, jurors: n }; ctx.client._emit("change"); }
      el.update();
    } catch { /* offline: the next welcome or event loads it */ }
  };
  const soon = () => { clearTimeout(timer); timer = setTimeout(load, 300); };
  ctx.client.on("welcome", soon);
  ctx.client.on("presence", soon);
  // Someone who joins raises no event: the hackathon's events, presence and a slow poll reload the list.
  ctx.client.on("event", (ev) => { if (/^(pitch|team|teams|participant|jury|hackathon)\.|^workshop\.settings$/.test(ev.op)) soon(); });
  setInterval(() => { if (!document.hidden) load(); }, 15000);
  const select = h("select", { id: "juror-pick", "data-testid": "juror-pick" });
  const make = h("button", { type: "button", class: "small", "data-testid": "juror-make", on: { click: () => {
    if (!select.value) { select.focus(); return; }
    const who = roster.find((p) => p.id === select.value);
    ctx.op("participant.role", { participant: select.value, role: "juror" }).then((r) => {
      if (r?.ok) { announce(t("jury.madeJurorSay", { name: who?.name || "" })); soon(); }
    });
  } } }, t("jury.makeJuror"));
  const heading = h("h4", { id: "jurors-h" });
  const list = h("ul", { class: "person-list jurors", "data-testid": "jurors", "aria-labelledby": "jurors-h" });
  const join = h("input", { type: "checkbox", id: "set-jurors-join", "data-testid": "jurors-join",
    on: { change: (e) => {
      wanted = e.target.checked; // shown as asked until the server answers
      ctx.op("workshop.settings", { jurors_join: wanted }).then(() => { wanted = null; el.update(); });
    } } });
  let wanted = null;
  // With jurors_join on: the join link that asks for the role juror.
  const link = h("input", { id: "juror-link", readonly: true, "data-testid": "juror-link" });
  const linkBox = h("div", { class: "field", hidden: true }, h("label", { for: "juror-link" }, t("jury.jurorLink")), link);
  let shown = "";
  const el = h("div", { class: "jurors-box" },
    h("label", { class: "check" }, join, " ", t("jury.jurorsJoin")), linkBox,
    heading, list,
    h("div", { class: "field" }, h("label", { for: "juror-pick" }, t("jury.pickJuror")),
      h("div", { class: "row" }, select, make)));
  el.update = () => {
    join.checked = wanted ?? !!ctx.board.workshop?.jurors_join;
    linkBox.hidden = !join.checked;
    if (ctx.board.workshop) link.value = `${location.origin}/?join=${encodeURIComponent(ctx.board.workshop.join_code)}&role=juror`;
    const inTeam = new Set([...ctx.board.hackathon.pitches.values()].flatMap((p) => p.members));
    const jurors = roster.filter((p) => p.role === "juror");
    const eligible = roster.filter((p) => p.role === "participant" && !inTeam.has(p.id));
    heading.textContent = t("jury.jurors", { n: jurors.length });
    const key = JSON.stringify([jurors, eligible, ctx.board.hackathon.jury.closed]);
    if (key === shown) return;
    shown = key;
    const keep = select.value;
    fill(select, h("option", { value: "" }, t("jury.pickNobody")),
      eligible.map((p) => h("option", { value: p.id, selected: p.id === keep }, p.group ? `${p.name} · ${p.group}` : p.name)));
    fill(list, jurors.length ? jurors.map((p) => h("li", { class: "juror", "data-testid": "juror" },
      h("span", {}, p.name),
      h("button", { type: "button", class: "small", "data-testid": "juror-unmake", "aria-label": t("jury.unmakeNamed", { name: p.name }),
        on: { click: () => ctx.op("participant.role", { participant: p.id, role: "participant" }).then((r) => { if (r?.ok) soon(); }) } },
      t("jury.unmake")))) : h("li", { class: "muted small-text" }, t("jury.noJurors")));
  };
  return el;
}

/** Close the jury (with how many winners become actions), then its ranking. */
function closeBox(ctx) {
  const b = ctx.board;
  const winners = h("input", { id: "jury-winners", type: "number", min: 0, max: 100, step: 1, value: "3", inputmode: "numeric", "data-testid": "jury-winners" });
  const btn = h("button", { type: "button", class: "danger", "data-testid": "jury-close", on: { click: async () => {
    const n = Math.max(0, Math.min(100, Math.round(Number(winners.value) || 0)));
    if (!await confirmDialog(t("jury.closeAsk", { n }), t("jury.close"))) return;
    const r = await ctx.op("jury.close", { winners: n });
    if (r?.ok) announce(t("jury.closedSay"));
  } } }, t("jury.close"));
  const note = h("p", { class: "small-text muted", "data-testid": "jury-close-note" });
  const controls = h("div", { class: "row jury-close" }, h("div", { class: "field" }, h("label", { for: "jury-winners" }, t("jury.winners")), winners), btn);
  const result = h("div", { class: "jury-result", "data-testid": "jury-result" });
  const el = h("div", {}, controls, note, result);
  let shown = "";
  el.update = () => {
    const hk = b.hackathon;
    const closed = hk.jury.closed;
    controls.hidden = closed;
    btn.disabled = hk.phase !== "jury";
    note.textContent = closed ? t("jury.closedNote") : hk.phase !== "jury" ? t("jury.closeInPhase") : t("jury.secretNote");
    const key = JSON.stringify([hk.jury.result, hk.jury.criteria]);
    if (key === shown) return;
    shown = key;
    fill(result, closed && hk.jury.result ? rankingTable(hk.jury) : null);
  };
  return el;
}

/** The jury's part of the console's hackathon card. */
export function juryControls(ctx) {
  const parts = [criteriaEditor(ctx), jurorPicker(ctx), closeBox(ctx)];
  const el = h("section", { class: "jury-console", "aria-labelledby": "jury-console-h", "data-testid": "jury-console" },
    h("h3", { id: "jury-console-h" }, t("jury.heading")), parts);
  el.update = () => { for (const p of parts) p.update(); };
  return el;
}
