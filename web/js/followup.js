// The read-only follow-up page: a workshop's actions, boundaries and challenge for
// decision makers who were not there (the link's token is in the fragment, which
// never reaches a server log or a Referer).

import { $, h, fill } from "./dom.js";
import { registerShell } from "./offline.js";
import { initI18n, t, languageSwitcher, onLanguage } from "./i18n.js";
import { api } from "./session.js";

/** The status and progress entries of one action, as the follow-up page and the series page show them. */
export function statusBadge(status, percent) {
  return h("span", { class: "status-badge", "data-testid": "followup-status" }, `${t(`actions.status.${status}`)} · ${t("actions.percent", { n: percent })}`);
}

export function progressList(progress) {
  return progress.length ? [h("h4", {}, t("followup.progress")), h("ul", { class: "progress-list" },
    progress.map((p) => h("li", {}, h("time", { datetime: p.date }, p.date), " — ", p.text, p.percent != null ? ` (${p.percent} %)` : "")))] : null;
}

function actionItem(a) {
  const owners = [a.owner_group, a.owner_org].filter(Boolean).join(" · ");
  const committed = new Set(a.commits.map((c) => c.group));
  return h("li", { class: "card", "data-testid": "followup-action" },
    h("h3", {}, a.title),
    h("p", { class: "meta" }, statusBadge(a.status, a.percent), a.all_parties_committed ? [" ", h("strong", {}, t("actions.allCommitted"))] : null),
    h("p", { class: "meta" }, t("actions.ownedBy", { owners }), a.due ? ` · ${t("actions.dueOn", { date: a.due })}` : ""),
    h("h4", {}, t("followup.parties")),
    h("ul", { class: "parties" }, a.parties.map((g) =>
      h("li", {}, t(committed.has(g) ? "actions.partyCommitted" : "actions.partyOpen", { group: g })))),
    progressList(a.progress));
}

function render(doc) {
  const w = doc.workshop;
  document.title = `${w.title} · ${t("followup.pageTitle")}`;
  fill($("#main"),
    h("p", { class: "lead", "data-i18n": "followup.lead" }, t("followup.lead")),
    h("h1", { "data-testid": "followup-title" }, w.title),
    w.challenge ? h("section", {}, h("h2", {}, t("board.challenge")), h("p", { class: "challenge" }, w.challenge)) : null,
    doc.boundaries.length ? h("section", { "data-testid": "followup-boundaries" }, h("h2", {}, t("boundary.heading")),
      h("ul", {}, doc.boundaries.map((b) => h("li", {}, b.text)))) : null,
    h("section", {}, h("h2", {}, t("actions.heading", { n: doc.actions.length })),
      doc.actions.length ? h("ul", { class: "followup-actions" }, doc.actions.map(actionItem)) : h("p", { class: "muted" }, t("actions.none"))));
}

function gone() {
  fill($("#main"), h("div", { class: "card center-card", "data-testid": "followup-gone" },
    h("h1", {}, t("followup.goneTitle")), h("p", {}, t("followup.goneText"))));
}

async function main() {
  registerShell();
  await initI18n();
  $("#lang-slot").replaceWith(languageSwitcher());
  const token = location.hash.slice(1);
  const load = async () => {
    if (!token) { gone(); return; }
    try {
      render(await api(`/api/followup/${encodeURIComponent(token)}`));
    } catch (e) {
      if (e.status === 404) gone();
      else fill($("#main"), h("p", { class: "error-text" }, e.message));
    }
  };
  onLanguage(load);
  await load();
}

// The series page imports the helpers above; only the follow-up page runs.
if ($("[data-testid=followup]")) main();
