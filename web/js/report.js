// A printable report of one room, from the JSON export.

import { $, h, fill } from "./dom.js";
import { registerShell } from "./offline.js";
import { initI18n, t, languageSwitcher, onLanguage, language, formatDateTime } from "./i18n.js";
import { member, params, api } from "./session.js";
import { noAccess } from "./ui.js";
import { resultsTable } from "./outcomes.js";
import { allCommittedBadge, partyList } from "./actions-panel.js";

/** The notes outside each boundary, and the proposals to push one (from the JSON export). */
function outcomes(doc) {
  const texts = new Map([...doc.clusters.flatMap((c) => c.notes), ...doc.ungrouped].map((n) => [n.id, n.text]));
  const titles = new Map((doc.actions || []).map((a) => [a.id, a.title]));
  const what = (f) => (f.action ? [h("span", { class: "chip" }, t("boundary.actionChip")), " “", titles.get(f.action) || ""] : ["“", texts.get(f.note) || ""]);
  const flags = (doc.boundaries || []).flatMap((b) => b.flags.map((f) => ({ b, f })));
  const table = doc.results_by_group && resultsTable(doc.results_by_group);
  const text = (id) => (doc.boundaries || []).find((b) => b.id === id)?.text || t("boundary.removed");
  return [
    flags.length ? h("section", { "data-testid": "report-flags" }, h("h2", {}, t("boundary.outsideHeading")),
      h("ul", {}, flags.map(({ b, f }) => h("li", {}, h("strong", {}, b.text), ": ", ...what(f), "” — ", f.reason)))) : null,
    doc.to_discuss?.length ? h("section", { "data-testid": "report-discuss" }, h("h2", {}, t("boundary.discuss")),
      h("ul", {}, doc.to_discuss.map((c) => h("li", {}, h("strong", {}, text(c.boundary)), ": ", c.text)))) : null,
    table ? h("section", {}, table) : null,
  ];
}

function actionItem(a) {
  const owners = [a.owner_group, a.owner_org, a.owner_person].filter(Boolean).join(" · ");
  return h("li", { "data-testid": "report-action" }, h("strong", {}, a.title), " — ", t("actions.ownedBy", { owners }),
    a.due ? ` · ${t("actions.dueOn", { date: a.due })}` : "", ` · ${t(`actions.status.${a.status}`)} (${a.percent} %)`,
    a.votes != null ? h("span", { class: "votes" }, " — " + t("vote.total", { n: a.votes })) : null, " ",
    allCommittedBadge(a), partyList(a));
}

function noteItem(n) {
  // The export's competition rank: notes with equal votes share it (1, 1, 1, 4).
  const rank = n.rank != null && n.votes > 0 ? h("span", { class: "rank", "data-testid": "report-rank" }, t("vote.rank", { rank: n.rank }) + " · ") : null;
  return h("li", { "data-testid": "report-note" }, rank, n.text,
    n.votes != null ? h("span", { class: "votes" }, " — " + t("vote.total", { n: n.votes })) : null,
    n.author_label ? h("span", { class: "by" }, ` (${n.author_label})`) : null);
}

function render(doc) {
  const w = doc.workshop;
  document.title = `${w.title} · ${t("report.pageTitle")}`;
  fill($("#main"),
    h("h1", {}, w.title),
    h("p", { class: "muted" }, doc.room.plenary ? t("room.plenary") : doc.room.name, " · ", formatDateTime(Date.now())),
    w.challenge ? h("section", {}, h("h2", {}, t("board.challenge")), h("p", { class: "challenge" }, w.challenge)) : null,
    w.constraints?.length ? h("section", {}, h("h2", {}, t("create.constraints")), h("ul", {}, w.constraints.map((c) => h("li", {}, c)))) : null,
    outcomes(doc),
    h("section", {}, h("h2", {}, t("report.clusters")),
      doc.clusters.length ? doc.clusters.map((c) => h("div", { class: "cluster-block" },
        h("h3", {}, c.title, c.votes != null ? h("span", { class: "votes" }, " — " + t("vote.total", { n: c.votes })) : null),
        c.notes.length ? h("ol", {}, c.notes.map(noteItem)) : h("p", { class: "muted" }, t("report.noNotes")))) : h("p", { class: "muted" }, t("report.noClusters"))),
    doc.ungrouped.length ? h("section", {}, h("h2", {}, t("cluster.ungrouped")), h("ol", {}, doc.ungrouped.map(noteItem))) : null,
    doc.actions?.length ? h("section", { "data-testid": "report-actions" }, h("h2", {}, t("actions.heading", { n: doc.actions.length })),
      h("ol", {}, doc.actions.map(actionItem))) : null);
}

async function main() {
  registerShell();
  await initI18n();
  $("#lang-slot").replaceWith(languageSwitcher());
  $("#print").addEventListener("click", () => window.print());
  const wid = params.get("w"), room = params.get("room");
  const me = wid && member(wid);
  if (!me || !room) { noAccess($("#main")); return; }
  // The report's author labels come in the reader's language (`lang`).
  const load = async () => {
    try {
      render(await api(`/api/rooms/${encodeURIComponent(room)}/export?format=json&lang=${language()}`, { token: me.token }));
    } catch (e) {
      fill($("#main"), h("p", { class: "error-text" }, e.message));
    }
  };
  onLanguage(load);
  await load();
}

main();
