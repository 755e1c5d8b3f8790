// The workshop's actions on the board: turn a note or cluster into an action,
// commit my group, set the status (facilitators), vote on actions. Actions are
// the workshop's, so every room shows the same list.

import { $, h, fill, announce } from "./dom.js";
import { t } from "./i18n.js";
import { confirmDialog, promptDialog } from "./ui.js";
import { flagBadges } from "./outcomes.js";

export const STATUSES = ["proposed", "agreed", "in_progress", "blocked", "done", "dropped"];

/** The parties of `a` as [{group, commit}] in the action's order. */
export function partiesOf(a) {
  const commits = new Map((a.commits || []).map((c) => [c.group, c]));
  return a.parties.map((group) => ({ group, commit: commits.get(group) || null }));
}

/** "✓ NGO (Nia)" / "○ NGO": one party and whether it committed, for the board, wall and console. */
export function partyLine(p) {
  if (!p.commit) return t("actions.partyOpen", { group: p.group });
  return p.commit.name ? t("actions.partyCommittedBy", { group: p.group, name: p.commit.name })
    : t("actions.partyCommitted", { group: p.group });
}

export function partyList(a, cls = "action-parties") {
  return h("ul", { class: cls, "data-testid": "action-parties" }, partiesOf(a).map((p) =>
    h("li", { class: p.commit ? "committed" : "open", "data-testid": "action-party", "data-committed": p.commit ? "yes" : "no" },
      h("span", { "aria-hidden": "true", class: "tick" }, p.commit ? "✓" : "○"), " ", partyLine(p))));
}

export function allCommittedBadge(a) {
  return a.all_parties_committed
    ? h("span", { class: "chip all-committed", "data-testid": "all-committed" }, t("actions.allCommitted"))
    : null;
}

export function actionsPanel(client) {
  const b = client.board;
  const list = h("ol", { class: "actions-list", "data-testid": "actions-list" });
  const add = h("button", { type: "button", class: "small", "data-testid": "action-new", on: { click: () => openForm() } });
  const heading = h("h2", { id: "actions-h" });
  const el = h("section", { class: "side-section actions-panel", "aria-labelledby": "actions-h", "data-testid": "actions-panel" },
    h("div", { class: "actions-head" }, heading, add), list);
  const op = (name, data) => client.op(name, data);

  const mayAdd = () => b.isFacilitator() || (b.me?.role === "participant" && !!b.workshop?.participants_add_actions);

  function openForm(source = null) {
    const groups = b.workshop?.groups || [];
    const sources = [
      ...[...b.notes.values()].filter((n) => !n.private).map((n) => ({ key: `note:${n.id}`, label: t("actions.fromNote", { text: n.text.slice(0, 60) }), title: n.text })),
      ...[...b.clusters.values()].map((c) => ({ key: `cluster:${c.id}`, label: t("actions.fromCluster", { title: c.title }), title: c.title })),
    ];
    const title = h("input", { id: "action-title", maxlength: 200, required: true, "data-testid": "action-title" });
    const from = h("select", { id: "action-source", "data-testid": "action-source" },
      h("option", { value: "" }, t("actions.fromNothing")), sources.map((s) => h("option", { value: s.key }, s.label)));
    from.addEventListener("change", () => {
      const s = sources.find((x) => x.key === from.value);
      if (s && !title.value.trim()) title.value = s.title.slice(0, 200);
    });
    const mine = groups.includes(b.me?.group) ? b.me.group : groups[0];
    const owner = h("select", { id: "action-owner", "data-testid": "action-owner" },
      groups.map((g) => h("option", { value: g, selected: g === mine }, g)));
    const parties = groups.map((g) => h("label", { class: "check" },
      h("input", { type: "checkbox", value: g, "data-testid": "action-party-pick" }), " ", g));
    const due = h("input", { id: "action-due", type: "date", "data-testid": "action-due" });
    const form = h("form", { method: "dialog", class: "action-form" },
      h("h2", { id: "action-form-h" }, t("actions.new")),
      h("div", { class: "field" }, h("label", { for: "action-source" }, t("actions.source")), from),
      h("div", { class: "field" }, h("label", { for: "action-title" }, t("actions.title")), title),
      h("div", { class: "field" }, h("label", { for: "action-owner" }, t("actions.owner")), owner),
      h("fieldset", { class: "field" }, h("legend", {}, t("actions.parties")), h("div", { class: "checks" }, parties)),
      h("div", { class: "field" }, h("label", { for: "action-due" }, t("actions.due")), due),
      h("div", { class: "row" },
        h("button", { class: "primary", value: "ok", "data-testid": "action-save" }, t("actions.create")),
        h("button", { type: "button", value: "cancel", on: { click: () => dlg.close("cancel") } }, t("common.cancel"))));
    const dlg = h("dialog", { "aria-labelledby": "action-form-h", "data-testid": "action-form" }, form);
    const back = document.activeElement;
    if (source) { from.value = source; from.dispatchEvent(new Event("change")); }
    dlg.addEventListener("close", () => {
      if (dlg.returnValue === "ok" && title.value.trim()) {
        const data = { title: title.value.trim(), owner_group: owner.value,
          parties: parties.map((l) => l.querySelector("input")).filter((i) => i.checked).map((i) => i.value) };
        if (due.value) data.due = due.value;
        if (from.value) { const [kind, id] = from.value.split(":"); data.source = { [kind]: id }; }
        op("action.add", data);
        announce(t("actions.addedSay", { title: data.title }));
      }
      dlg.remove();
      if (back && back.isConnected) back.focus();
    });
    document.body.append(dlg);
    dlg.showModal();
    (source ? title : from).focus();
  }

  function card(a) {
    const fac = b.isFacilitator();
    const group = b.me?.group;
    // The owners report in a review round: their status and progress, nothing else.
    const owner = fac || (b.me?.role === "participant" && !!group && a.owner_group === group);
    const party = group && a.parties.includes(group);
    const committed = party && (a.commits || []).some((c) => c.group === group);
    const v = b.voting;
    const voting = v.status === "open" && v.target === "actions";
    const mine = b.myVotes[a.id] || 0;
    const tally = v.target === "actions" && v.tally ? v.tally[a.id] || 0 : null;
    const owners = [a.owner_group, a.owner_org, a.owner_person].filter(Boolean).join(" · ");
    const status = owner
      ? h("label", { class: "action-status-pick" }, h("span", { class: "sr-only" }, t("actions.statusOf", { title: a.title })),
        h("select", { "data-testid": "action-status", on: { change: (e) => op("action.update", { id: a.id, status: e.target.value }) } },
          STATUSES.map((s) => h("option", { value: s, selected: s === a.status }, t(`actions.status.${s}`)))))
      : h("span", { class: "chip action-status", "data-testid": "action-status", "data-status": a.status }, t(`actions.status.${a.status}`));
    return h("li", { class: "action-card card", "data-testid": "action", "data-id": a.id, "data-status": a.status },
      h("h3", { class: "action-title", "data-testid": "action-title-text" }, a.title),
      h("p", { class: "action-owner small-text" }, t("actions.ownedBy", { owners }), a.due ? ` · ${t("actions.dueOn", { date: a.due })}` : ""),
      h("div", { class: "action-meta" }, status,
        h("progress", { max: 100, value: a.percent, "aria-label": t("actions.percent", { n: a.percent }) }),
        h("span", { class: "small-text" }, `${a.percent} %`), allCommittedBadge(a)),
      partyList(a),
      flagBadges(b, a.id, "note-flag", "action"),
      tally != null ? h("p", { class: "small-text", "data-testid": "action-votes" }, t("vote.total", { n: tally })) : null,
      h("div", { class: "row action-buttons" },
        party ? h("button", { type: "button", class: committed ? "small" : "small primary", "data-testid": committed ? "action-uncommit" : "action-commit",
          on: { click: () => op(committed ? "action.uncommit" : "action.commit", { id: a.id }) } },
        committed ? t("actions.uncommit", { group }) : t("actions.commit", { group })) : null,
        voting ? h("button", { type: "button", class: "small", "data-testid": "action-vote", disabled: b.votesLeft() <= 0,
          on: { click: () => op("vote.add", { note: a.id }) } }, t("actions.vote", { n: mine })) : null,
        voting && mine ? h("button", { type: "button", class: "small", "data-testid": "action-unvote",
          on: { click: () => op("vote.remove", { note: a.id }) } }, t("actions.unvote")) : null,
        owner ? h("button", { type: "button", class: "small", "data-testid": "action-progress",
          on: { click: async () => { const text = await promptDialog(t("actions.progressAsk", { title: a.title })); if (text) op("action.progress", { id: a.id, text }); } } },
        t("actions.progress")) : null,
        fac ? h("button", { type: "button", class: "small danger", "data-testid": "action-delete",
          on: { click: async () => { if (await confirmDialog(t("actions.deleteAsk", { title: a.title }), t("actions.delete"))) op("action.delete", { id: a.id }); } } },
        t("actions.delete")) : null));
  }

  let shown = "";
  function render() {
    const key = JSON.stringify([[...b.actions.values()], b.me, b.voting, b.myVotes, b.workshop?.groups, b.workshop?.participants_add_actions, b.workshop?.flags, b.workshop?.boundaries, t("actions.heading", { n: 0 })]);
    if (key === shown) return;
    // Keep the keyboard where it was across a re-render (by test id and action).
    const active = document.activeElement;
    const at = active && list.contains(active) ? [active.closest("[data-id]")?.dataset.id, active.dataset.testid] : null;
    shown = key;
    heading.textContent = t("actions.heading", { n: b.actions.size });
    add.textContent = t("actions.new");
    add.hidden = !mayAdd();
    fill(list, [...b.actions.values()].map(card));
    if (!b.actions.size) list.append(h("li", { class: "muted small-text" }, t("actions.none")));
    if (at) $(`[data-id="${at[0]}"] [data-testid="${at[1]}"]`, list)?.focus();
  }
  return { el, render, openForm, mayAdd };
}
