// The social hackathon on the board and in the console: the phase, the pitches
// with their teams by stakeholder group, whether each team is viable or what it
// is missing, and Join / Leave / Withdraw / Present. The hackathon is the
// workshop's, so every room shows the same pitches.

import { $, h, fill, announce, clock } from "./dom.js";
import { t } from "./i18n.js";
import { confirmDialog } from "./ui.js";
import { preferButton, preferSummary, rankingTable, scoreForm, scoredChip, showScored } from "./jury-panel.js";

export const PHASES = ["ideas", "pitch", "teams", "work", "jury", "done"];

/** One reason a team is not viable, in the reader's language. */
export function reasonText(m) {
  if (m.reason === "people") return t("hack.needPeople", { n: m.count });
  if (m.reason === "too_many") return t("hack.tooMany", { n: m.count });
  if (m.reason === "group") return t("hack.needGroup", { group: m.group });
  if (m.reason === "any_of") return t("hack.needGroup", { group: m.groups.join(t("hack.or")) });
  return t("hack.needGroups", { n: m.count });
}

/** "viable", or what the team is missing ("needs someone from NGO; needs 1 more person"). */
export function viabilityText(v) {
  return v.viable ? t("hack.viable") : v.missing.map(reasonText).join("; ");
}

const DEFAULT_RULE = { min_size: 3, max_size: 8, min_groups: 2, required_any: [] };

/** A team's viability under the workshop's rule as it is now (board/teams.py's
 * `viability`): a settings change re-rules every team without a pitch event. */
export function viabilityOf(p, rule) {
  const r = { ...DEFAULT_RULE, ...(rule || {}) };
  const present = new Set(p.team.map((m) => m.group).filter(Boolean));
  const size = p.team.length;
  const missing = [];
  if (size < r.min_size) missing.push({ reason: "people", count: r.min_size - size });
  if (size > r.max_size) missing.push({ reason: "too_many", count: size - r.max_size });
  for (const g of p.needs || []) if (!present.has(g)) missing.push({ reason: "group", group: g });
  const req = r.required_any || [];
  if (req.length && !req.some((g) => present.has(g))) missing.push({ reason: "any_of", groups: req });
  if (present.size < r.min_groups) missing.push({ reason: "groups", count: r.min_groups - present.size });
  return { viable: !missing.length, missing };
}

export function viabilityChip(p, rule) {
  const v = viabilityOf(p, rule);
  return h("span", { class: `chip viability ${v.viable ? "viable" : "missing"}`, "data-testid": "pitch-viability",
    "data-viable": v.viable ? "yes" : "no" }, viabilityText(v));
}

export function teamList(p) {
  return h("ul", { class: "pitch-team", "data-testid": "pitch-team", "aria-label": t("hack.teamOf", { title: p.title }) },
    p.team.map((m) => h("li", { "data-testid": "pitch-member" }, m.name || "?",
      m.group ? h("span", { class: "small-text" }, ` · ${m.group}`) : null)));
}

export function phaseName(phase) { return t(`hack.phase.${phase}`); }

/** The board's (and, with `present`, the console's) "Pitches" section. */
export function hackathonPanel(client, { present = false } = {}) {
  const b = client.board;
  const heading = h("h2", { id: present ? "pitches-console-h" : "pitches-h" });
  const phase = h("span", { class: "chip", "data-testid": "hack-phase" });
  const add = h("button", { type: "button", class: "small primary", "data-testid": "pitch-new", on: { click: () => openForm() } });
  const notice = h("p", { class: "notice", role: "status", "data-testid": "hack-not-viable", hidden: true });
  const list = h("ol", { class: "pitch-list", "data-testid": "pitch-list" });
  // The jury's ranking once closed; a juror's or participant's line on what to do.
  const top = h("div", { class: "jury-top" });
  const el = h("section", { class: "side-section pitches-panel", "aria-labelledby": heading.id, "data-testid": "pitches-panel" },
    h("div", { class: "actions-head" }, heading, phase), notice, top, add, list);
  const drafts = new Map(); // a juror's picked, unsaved scores, by pitch
  const saved = new Set();
  const op = (name, data) => client.op(name, data);
  const hack = () => b.hackathon;
  const myTeam = () => [...hack().pitches.values()].find((p) => p.members.includes(b.me?.id)) || null;

  function openForm() {
    const least = b.workshop?.min_pitch_text || 0;
    const notes = [...b.notes.values()].filter((n) => !n.private);
    const from = h("select", { id: "pitch-source", "data-testid": "pitch-source" },
      h("option", { value: "" }, t("hack.fromNothing")),
      notes.map((n) => h("option", { value: n.id }, t("actions.fromNote", { text: n.text.slice(0, 60) }))));
    const title = h("input", { id: "pitch-title", maxlength: 200, required: true, "data-testid": "pitch-title" });
    const text = h("textarea", { id: "pitch-text", maxlength: 2000, minlength: least || null, rows: 4, "data-testid": "pitch-text" });
    from.addEventListener("change", () => {
      const n = b.notes.get(from.value);
      if (n && !title.value.trim()) title.value = n.text.slice(0, 200);
      if (n && !text.value.trim()) text.value = n.text;
    });
    const dlg = h("dialog", { "aria-labelledby": "pitch-form-h", "data-testid": "pitch-form" },
      h("form", { method: "dialog", class: "action-form" },
        h("h2", { id: "pitch-form-h" }, t("hack.new")),
        h("div", { class: "field" }, h("label", { for: "pitch-source" }, t("hack.source")), from),
        h("div", { class: "field" }, h("label", { for: "pitch-title" }, t("hack.title")), title),
        h("div", { class: "field" }, h("label", { for: "pitch-text" }, least ? t("hack.textAtLeast", { n: least }) : t("hack.text")), text),
        h("div", { class: "row" },
          h("button", { class: "primary", value: "ok", "data-testid": "pitch-save" }, t("hack.create")),
          h("button", { type: "button", on: { click: () => dlg.close("cancel") } }, t("common.cancel")))));
    const back = document.activeElement;
    dlg.addEventListener("close", () => {
      if (dlg.returnValue === "ok" && title.value.trim()) {
        const data = { title: title.value.trim(), text: text.value.trim() };
        if (from.value) data.source = { note: from.value };
        op("pitch.add", data);
        announce(t("hack.addedSay", { title: data.title }));
      }
      dlg.remove();
      if (back && back.isConnected) back.focus();
    });
    document.body.append(dlg);
    dlg.showModal();
    from.focus();
  }

  function card(p, mine) {
    const fac = b.isFacilitator();
    const teams = hack().phase === "teams";
    const participant = b.me?.role === "participant";
    const holder = p.holder === b.me?.id;
    const inIt = p.members.includes(b.me?.id);
    const shown = hack().presenting?.pitch === p.id;
    const juror = b.me?.role === "juror";
    const prefer = participant && ["pitch", "teams"].includes(hack().phase) && !mine;
    const button = (testid, label, onClick, cls = "small") => h("button", { type: "button", class: cls, "data-testid": testid, on: { click: onClick } }, label);
    return h("li", { class: `pitch-card card${inIt ? " mine" : ""}`, "data-testid": "pitch", "data-id": p.id },
      h("h3", { "data-testid": "pitch-title-text" }, p.title),
      p.text ? h("p", { class: "pitch-text" }, p.text) : null,
      h("div", { class: "action-meta" }, viabilityChip(p, b.workshop?.team_rule),
        h("span", { class: "small-text" }, t("hack.members", { n: p.members.length })),
        showScored(hack()) ? scoredChip(hack().jury, p.id) : null),
      teamList(p),
      juror && !present ? scoreForm(client, p, drafts, saved) : null,
      h("div", { class: "row action-buttons" },
        prefer ? preferButton(client, p) : null,
        participant && teams && !mine ? h("button", { type: "button", class: "small primary", "data-testid": "pitch-join",
          "aria-label": t("hack.joinNamed", { title: p.title }), on: { click: () => op("team.join", { pitch: p.id }) } }, t("hack.join")) : null,
        participant && teams && inIt && !holder ? button("pitch-leave", t("hack.leave"), () => op("team.leave", {})) : null,
        present && fac ? button("pitch-present", shown ? t("hack.stopPresenting") : t("hack.present"),
          () => op("pitch.present", { id: shown ? null : p.id })) : null,
        (holder || fac) && ["pitch", "teams"].includes(hack().phase) ? button("pitch-withdraw", t("hack.withdraw"), async () => {
          if (await confirmDialog(t("hack.withdrawAsk", { title: p.title }), t("hack.withdraw"))) op("pitch.withdraw", { id: p.id });
        }, "small danger") : null));
  }

  let shown = "";
  function render() {
    const hk = hack();
    const pitches = [...hk.pitches.values()];
    const key = JSON.stringify([hk.phase, pitches, hk.presenting, hk.notViable, hk.jury, hk.mine, b.me, b.workshop?.min_pitch_text, b.workshop?.team_rule, t("hack.heading", { n: 0 })]);
    if (key === shown) return;
    shown = key;
    const active = document.activeElement;
    const at = active && list.contains(active) ? [active.closest("[data-id]")?.dataset.id, active.dataset.testid, active.id] : null;
    el.hidden = hk.phase === "ideas" && !present;
    heading.textContent = t("hack.heading", { n: pitches.length });
    phase.textContent = t("hack.phaseIs", { phase: phaseName(hk.phase) });
    const mine = myTeam();
    add.textContent = t("hack.new");
    add.hidden = !(b.me?.role === "participant" && hk.phase === "pitch" && !mine);
    const lost = mine && hk.notViable.includes(mine.id);
    notice.hidden = !lost;
    notice.textContent = lost ? t("hack.notViableMine", { title: mine.title, why: viabilityText(viabilityOf(mine, b.workshop?.team_rule)) }) : "";
    const juror = b.me?.role === "juror";
    fill(top,
      hk.jury.closed && hk.jury.result && !present ? rankingTable(hk.jury) : null,
      juror && !hk.jury.closed ? h("p", { class: "notice", "data-testid": "juror-hint" }, hk.phase === "jury" ? t("jury.jurorNow") : t("jury.jurorLater")) : null,
      b.me?.role === "participant" && ["pitch", "teams"].includes(hk.phase) && !mine && pitches.length ? preferSummary(b) : null);
    fill(list, pitches.map((p) => card(p, mine)));
    if (!pitches.length) list.append(h("li", { class: "muted small-text" }, t("hack.none")));
    if (at) (at[2] && document.getElementById(at[2]) || $(`[data-id="${at[0]}"] [data-testid="${at[1]}"]`, list))?.focus();
  }
  return { el, render };
}

/** The console's phase selector. */
export function phaseSelect(client) {
  const options = PHASES.map((p) => h("option", { value: p }));
  const select = h("select", { id: "hack-phase-select", "data-testid": "hack-phase-select",
    on: { change: (e) => client.op("hackathon.phase", { phase: e.target.value }) } }, options);
  const label = h("label", { for: "hack-phase-select" });
  const el = h("div", { class: "field" }, label, select);
  el.update = () => {
    label.textContent = t("hack.phaseLabel");
    options.forEach((o) => { o.textContent = phaseName(o.value); });
    select.value = client.board.hackathon.phase;
  };
  return el;
}

/** The console's team rule: who a team needs from outside (required_any) and the
 * least characters of a pitch. */
export function ruleSettings(client) {
  const b = client.board;
  const least = h("input", { id: "hack-min-text", type: "number", min: 0, max: 2000, step: 1, "data-testid": "hack-min-text",
    on: { change: (e) => client.op("workshop.settings", { min_pitch_text: Math.max(0, Math.min(2000, Math.round(Number(e.target.value) || 0))) }) } });
  const leastLabel = h("label", { for: "hack-min-text" });
  const legend = h("legend");
  const checks = h("div", { class: "checks" });
  const el = h("div", {}, h("fieldset", { class: "field" }, legend, checks), h("div", { class: "field" }, leastLabel, least));
  let groupsShown = "";
  el.update = () => {
    const w = b.workshop || {};
    const rule = w.team_rule || {};
    const need = new Set(rule.required_any || []);
    legend.textContent = t("hack.requiredAny");
    leastLabel.textContent = t("hack.minText");
    if (document.activeElement !== least) least.value = String(w.min_pitch_text || 0);
    const key = JSON.stringify([w.groups, rule]);
    if (key === groupsShown) return;
    groupsShown = key;
    fill(checks, (w.groups || []).map((g) => h("label", { class: "check" },
      h("input", { type: "checkbox", value: g, checked: need.has(g), "data-testid": "hack-required-any",
        on: { change: () => client.op("workshop.settings", { team_rule: { ...rule,
          required_any: [...checks.querySelectorAll("input:checked")].map((i) => i.value) } }) } }), " ", g)));
  };
  return el;
}

/** The wall in a hackathon phase: the phase, the presented pitch large with its
 * time left, otherwise every pitch with its team and whether it is viable. */
export function wallHackathon(board) {
  const hk = board.hackathon;
  const presented = ["pitch", "teams"].includes(hk.phase) && hk.presenting ? hk.pitches.get(hk.presenting.pitch) : null;
  const head = h("h2", { class: "wall-hack-phase", "data-testid": "wall-hack-phase" }, t("hack.phaseIs", { phase: phaseName(hk.phase) }));
  if (presented) {
    return h("section", { class: "wall-hackathon presenting", "data-testid": "wall-hackathon" }, head,
      h("article", { class: "wall-pitch-big", "data-testid": "wall-presented", "data-id": presented.id },
        h("h3", {}, presented.title),
        h("p", { class: "wall-pitch-timer", "data-testid": "wall-pitch-timer", "data-ends-at": hk.presenting.ends_at }, ""),
        presented.text ? h("p", { class: "pitch-text" }, presented.text) : null,
        teamList(presented)));
  }
  // After the jury's close: its weighted ranking, on its own (votes are elsewhere).
  if (hk.jury.closed && hk.jury.result) {
    return h("section", { class: "wall-hackathon wall-jury", "data-testid": "wall-hackathon" }, head,
      h("div", { class: "wall-jury-result", "data-testid": "wall-jury-result" }, rankingTable(hk.jury, { wall: true })));
  }
  const pitches = [...hk.pitches.values()];
  const counting = showScored(hk);
  return h("section", { class: "wall-hackathon", "data-testid": "wall-hackathon" }, head,
    pitches.length ? h("ul", { class: "wall-pitches" }, pitches.map((p) => h("li", { class: "wall-pitch", "data-testid": "wall-pitch", "data-id": p.id },
      h("div", { class: "wall-action-top" }, h("span", { class: "wall-action-title" }, p.title), " ",
        counting ? scoredChip(hk.jury, p.id) : viabilityChip(p, board.workshop?.team_rule)),
      teamList(p))))
      : h("p", { class: "wall-empty" }, t("hack.none")));
}

/** Keep the presented pitch's time left current ("2:59", then "Time is up"). */
export function tickPitchTimer(client, root) {
  const el = $("[data-testid=wall-pitch-timer]", root);
  if (!el) return;
  const left = Number(el.dataset.endsAt) - client.now();
  el.textContent = left > 0 ? t("hack.timeLeft", { time: clock(left) }) : t("timer.ended");
}
