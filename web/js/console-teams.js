// The console's suggested teams and teams into rooms, inside the hackathon card.
// "Suggest teams" asks the server (teams.suggest: only this console gets the
// answer); the facilitator may move anyone to another team or leave them out,
// then applies it (teams.apply). "Teams into rooms" gives every viable team a
// room named after its pitch (teams.to_rooms).

import { h, fill, announce } from "./dom.js";
import { t } from "./i18n.js";
import { api } from "./session.js";
import { toast, refusal, confirmDialog } from "./ui.js";

export function teamsControls(ctx) {
  const b = ctx.board;
  let suggestion = null; // {place: Map(person -> pitch id | ""), short: [group]}
  let names = new Map(); // participant id -> {name, group}
  let asking = false;
  const askBtn = h("button", { type: "button", "data-testid": "teams-suggest", on: { click: () => ask() } }, t("teams.suggest"));
  const roomsBtn = h("button", { type: "button", "data-testid": "teams-to-rooms", on: { click: () => toRooms() } }, t("teams.toRooms"));
  const hint = h("p", { class: "small-text muted", "data-testid": "teams-hint" });
  const result = h("div", { class: "team-suggestion", "data-testid": "team-suggestion", "aria-live": "polite" });

  async function ask() {
    asking = true; el.update();
    const [answer, roster] = await Promise.all([
      ctx.client.ask("teams.suggest", {}),
      api(`/api/workshops/${encodeURIComponent(ctx.wid)}/participants`, { token: ctx.me.token }).catch(() => []),
    ]);
    asking = false;
    names = new Map(roster.map((p) => [p.id, p]));
    if (!answer) { toast(t("suggest.offline")); el.update(); return; }
    if (answer.ok === false) { toast(refusal(answer.code, answer.message)); el.update(); return; }
    const place = new Map(answer.unplaced.map((id) => [id, ""]));
    for (const team of answer.teams) for (const id of team.members) place.set(id, team.pitch);
    suggestion = { place, short: answer.short || [] };
    announce(t("teams.suggested", { unplaced: answer.unplaced.length }));
    draw();
    el.update();
    result.querySelector("select")?.focus();
  }

  async function apply() {
    const teams = [...b.hackathon.pitches.values()].map((p) => ({
      pitch: p.id, members: [...suggestion.place].filter(([, pitch]) => pitch === p.id).map(([id]) => id) }));
    const r = await ctx.op("teams.apply", { teams });
    if (r?.ok) { suggestion = null; announce(t("teams.applied")); draw(); }
  }

  async function toRooms() {
    const viable = [...b.hackathon.pitches.values()].filter((p) => p.viability?.viable).length;
    if (!await confirmDialog(t("teams.toRoomsAsk", { n: viable }), t("teams.toRooms"))) return;
    const r = await ctx.op("teams.to_rooms", {});
    if (r?.ok) announce(t("teams.toRoomsDone", { n: viable }));
  }

  function holderOf(id) {
    return [...b.hackathon.pitches.values()].some((p) => p.holder === id);
  }

  function draw() {
    if (!suggestion) { fill(result, null); return; }
    const pitches = [...b.hackathon.pitches.values()];
    const label = (id) => {
      const p = names.get(id);
      return p ? (p.group ? `${p.name} (${p.group})` : p.name) : id;
    };
    const rows = [...suggestion.place].sort((x, y) => label(x[0]).localeCompare(label(y[0]))).map(([id, pitch], i) => {
      const select = h("select", { id: `team-of-${i}`, "data-testid": "suggested-team", disabled: holderOf(id),
        on: { change: (e) => suggestion.place.set(id, e.target.value) } },
      h("option", { value: "" }, t("teams.notPlaced")),
      pitches.map((p) => h("option", { value: p.id, selected: p.id === pitch }, p.title)));
      return h("li", { class: "row", "data-testid": "suggested-person" },
        h("label", { for: `team-of-${i}` }, label(id)), select);
    });
    const short = suggestion.short.length
      ? h("p", { class: "warn", "data-testid": "teams-short", role: "status" }, t("teams.short", { groups: suggestion.short.join(t("hack.or")) }))
      : null;
    fill(result, h("div", {}, short, h("ul", { class: "plain" }, rows),
      h("div", { class: "row" },
        h("button", { type: "button", class: "primary", "data-testid": "teams-apply", on: { click: apply } }, t("teams.apply")),
        h("button", { type: "button", on: { click: () => { suggestion = null; draw(); } } }, t("teams.discard")))));
  }

  const el = h("section", { class: "teams-console", "aria-labelledby": "teams-console-h", "data-testid": "teams-console" },
    h("h3", { id: "teams-console-h" }, t("teams.heading")), h("div", { class: "row" }, askBtn, roomsBtn), hint, result);
  el.update = () => {
    const phase = b.hackathon.phase;
    askBtn.disabled = asking || phase !== "teams";
    roomsBtn.disabled = !(phase === "teams" || phase === "work")
      || ![...b.hackathon.pitches.values()].some((p) => p.viability?.viable);
    hint.textContent = phase === "teams" || phase === "work" ? t("teams.hint") : t("teams.inPhase");
    if (suggestion && phase !== "teams") { suggestion = null; draw(); }
  };
  return el;
}
