// The console's series card: create the next event of the series (its open actions
// carried into it), open the series page, and the follow-up link for decision makers.

import { h, fill } from "./dom.js";
import { t } from "./i18n.js";
import { api, saveMember } from "./session.js";
import { toast, refusal } from "./ui.js";
import { card } from "./console-controls.js";

const seriesHref = (sid, wid) => `/series.html?s=${encodeURIComponent(sid)}&w=${encodeURIComponent(wid)}`;

function copy(input) {
  input.select();
  (navigator.clipboard?.writeText(input.value) || Promise.reject()).then(
    () => toast(t("common.copied")), () => { document.execCommand?.("copy"); toast(t("common.copied")); });
}

function nextEventPart(ctx) {
  const title = h("input", { id: "next-title", maxlength: 200, "data-testid": "next-title" });
  const made = h("div", { class: "next-made", "data-testid": "next-made", "aria-live": "polite" });
  const seriesLink = h("a", { class: "button", "data-testid": "series-link", hidden: true, "data-i18n": "series.open" }, t("series.open"));
  let touched = false;
  title.addEventListener("input", () => { touched = true; });
  const form = h("form", {
    class: "next-event",
    on: {
      submit: async (e) => {
        e.preventDefault();
        const body = { series_of: ctx.wid };
        if (title.value.trim()) body.title = title.value.trim();
        try {
          const r = await api("/api/workshops", { method: "POST", token: ctx.me.token, body });
          const w = r.workshop;
          saveMember(w.id, { token: r.facilitator.token, participant_id: r.facilitator.participant_id, role: "facilitator", name: "", title: w.title, join_code: r.join_code });
          fill(made,
            h("p", {}, t("series.made", { title: w.title })),
            h("div", { class: "row" },
              h("a", { class: "button primary", href: `/console.html?w=${encodeURIComponent(w.id)}`, "data-testid": "next-console" }, t("series.openNext")),
              h("a", { class: "button", href: seriesHref(r.series_id, w.id), "data-testid": "next-series" }, t("series.open"))));
          toast(t("series.made", { title: w.title }));
        } catch (err) { toast(refusal(err.code, err.message)); }
      },
    },
  },
  h("div", { class: "field" },
    h("label", { for: "next-title", "data-i18n": "series.nextTitle" }, t("series.nextTitle")), title),
  h("button", { class: "primary", "data-testid": "next-create", "data-i18n": "series.create" }, t("series.create")));
  const update = () => {
    const w = ctx.board.workshop;
    if (!w) return;
    if (!touched) title.value = t("series.defaultTitle", { title: w.title });
    seriesLink.hidden = !w.series_id;
    if (w.series_id) seriesLink.href = seriesHref(w.series_id, ctx.wid);
  };
  return { el: [h("p", { class: "muted", "data-i18n": "series.hint" }, t("series.hint")), form, made, h("div", { class: "row" }, seriesLink)], update };
}

function followupPart(ctx) {
  const link = h("input", { id: "followup-link", readonly: true, "data-testid": "followup-link", placeholder: t("followup.none") });
  const path = `/api/workshops/${encodeURIComponent(ctx.wid)}/followup`;
  const revoke = h("button", { type: "button", class: "danger", "data-testid": "followup-revoke", "data-i18n": "followup.revoke",
    on: {
      click: async () => {
        if (!(await ctx.confirm(t("followup.revokeAsk"), t("followup.revoke")))) return;
        try {
          await api(path, { method: "DELETE", token: ctx.me.token, raw: true });
          link.value = "";
          toast(t("followup.revoked"));
        } catch (err) { toast(refusal(err.code, err.message)); }
      },
    } }, t("followup.revoke"));
  const issue = h("button", { type: "button", class: "primary", "data-testid": "followup-create", "data-i18n": "followup.create",
    on: {
      click: async () => {
        try {
          link.value = (await api(path, { method: "POST", token: ctx.me.token, body: {} })).url;
          toast(t("followup.created"));
        } catch (err) { toast(refusal(err.code, err.message)); }
      },
    } }, t("followup.create"));
  return [
    h("h3", { "data-i18n": "followup.heading" }, t("followup.heading")),
    h("p", { class: "muted", "data-i18n": "followup.hint" }, t("followup.hint")),
    h("div", { class: "field" },
      h("label", { for: "followup-link", "data-i18n": "followup.link" }, t("followup.link")),
      h("div", { class: "row" }, link,
        h("button", { type: "button", class: "small", "data-testid": "followup-copy", on: { click: () => link.value && copy(link) }, "data-i18n": "common.copy" }, t("common.copy")))),
    h("div", { class: "row" }, issue, revoke),
  ];
}

/** The series card of the console. */
export function seriesCard(ctx) {
  const next = nextEventPart(ctx);
  const el = card("series", "series.heading", ...next.el, ...followupPart(ctx));
  el.update = next.update;
  return el;
}
