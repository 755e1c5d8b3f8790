// The series page: every event of a series and what became of every action in each.

import { $, h, fill } from "./dom.js";
import { registerShell } from "./offline.js";
import { initI18n, t, languageSwitcher, onLanguage } from "./i18n.js";
import { member, params, api } from "./session.js";
import { noAccess } from "./ui.js";
import { statusBadge } from "./followup.js";

function eventsTable(events) {
  return h("div", { class: "series-scroll" }, h("table", { class: "series-table", "data-testid": "series-events" },
    h("caption", {}, t("series.events")),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("series.event")), h("th", { scope: "col" }, t("series.date")), h("th", { scope: "col" }, t("series.status")))),
    h("tbody", {}, events.map((e) => h("tr", { "data-testid": "series-event" },
      h("th", { scope: "row" }, h("a", { href: `/console.html?w=${encodeURIComponent(e.id)}` }, e.title)),
      h("td", {}, h("time", { datetime: e.date }, e.date)),
      h("td", {}, t(e.status === "closed" ? "series.eventClosed" : "series.eventOpen")))))));
}

function actionsTable(events, actions) {
  return h("div", { class: "series-scroll" }, h("table", { class: "series-table", "data-testid": "series-actions" },
    h("caption", {}, t("series.actions")),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("series.action")), events.map((e) => h("th", { scope: "col" }, e.title)))),
    h("tbody", {}, actions.map((a) => h("tr", { "data-testid": "series-action" },
      h("th", { scope: "row" }, a.title, h("div", { class: "muted" }, [a.owner_group, a.owner_org].filter(Boolean).join(" · "))),
      events.map((e) => {
        const there = a.events[e.id];
        return there ? h("td", {}, statusBadge(there.status, there.percent), there.due ? h("div", { class: "muted" }, t("actions.dueOn", { date: there.due })) : null)
          : h("td", { class: "absent" }, h("span", { "aria-label": t("series.notThere") }, "—"));
      }))))));
}

async function main() {
  registerShell();
  await initI18n();
  $("#lang-slot").replaceWith(languageSwitcher());
  const sid = params.get("s"), wid = params.get("w");
  if (!sid) { noAccess($("#main")); return; }
  // A facilitator's token of the event it was opened from; without one, an organiser's cookie.
  const token = wid ? member(wid)?.token : undefined;
  const load = async () => {
    try {
      const doc = await api(`/api/series/${encodeURIComponent(sid)}`, { token });
      document.title = `${t("series.pageTitle")} · Cocreate`;
      fill($("#main"),
        h("h1", {}, t("series.pageHeading", { title: doc.events.at(-1)?.title || "" })),
        h("p", { class: "lead" }, t("series.lead")),
        h("section", {}, eventsTable(doc.events)),
        h("section", {}, doc.actions.length ? actionsTable(doc.events, doc.actions) : h("p", { class: "muted" }, t("actions.none"))));
    } catch (e) {
      if (e.status === 401 || e.status === 403 || e.status === 404) noAccess($("#main"));
      else fill($("#main"), h("p", { class: "error-text" }, e.message));
    }
  };
  onLanguage(load);
  await load();
}

main();
