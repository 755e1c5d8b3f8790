// The console's "Workshop report": the whole workshop (every room, boundaries, actions,
// participation) as a file from GET /api/workshops/{id}/export, in a chosen format and
// language. The server makes every format, the PDF too; this only asks and saves.

import { h, download } from "./dom.js";
import { t, LANGUAGES, language } from "./i18n.js";
import { api } from "./session.js";
import { toast, refusal } from "./ui.js";
import { card } from "./console-controls.js";

// format -> [label key, file extension, media type]
const FORMATS = {
  pdf: ["wreport.formatPdf", "pdf", "application/pdf"],
  md: ["wreport.formatMd", "md", "text/markdown"],
  csv: ["wreport.formatCsv", "csv", "text/csv"],
  "actions.csv": ["wreport.formatActions", "actions.csv", "text/csv"],
  ics: ["wreport.formatIcs", "ics", "text/calendar"],
  json: ["wreport.formatJson", "json", "application/json"],
};

/** The file name the server gave (`filename*`), else one made from the title. */
function fileName(r, title, ext) {
  const star = /filename\*=UTF-8''([^;\s]+)/i.exec(r.headers.get("content-disposition") || "");
  if (star) { try { return decodeURIComponent(star[1]); } catch { /* fall through */ } }
  return `${(title || "workshop").replace(/[^\p{L}\p{N}]+/gu, "-")}-report.${ext}`;
}

export function workshopReportCard(ctx) {
  const format = h("select", { id: "report-format", "data-testid": "report-format" },
    Object.entries(FORMATS).map(([value, [key]]) => h("option", { value, "data-i18n": key }, t(key))));
  const lang = h("select", { id: "report-lang", "data-testid": "report-lang" },
    Object.entries(LANGUAGES).map(([code, name]) => h("option", { value: code, lang: code }, name)));
  const status = h("p", { class: "muted", role: "status", "data-testid": "report-status" });
  const button = h("button", { type: "submit", class: "primary", "data-testid": "report-download", "data-i18n": "wreport.download" }, t("wreport.download"));
  let chosen = false;  // the language follows the workshop's until the facilitator picks one
  lang.addEventListener("change", () => { chosen = true; });

  async function get(e) {
    e.preventDefault();
    const [, ext, type] = FORMATS[format.value];
    button.disabled = true;
    status.textContent = t("wreport.preparing");
    try {
      const q = new URLSearchParams({ format: format.value, lang: lang.value });
      const r = await api(`/api/workshops/${encodeURIComponent(ctx.wid)}/export?${q}`, { token: ctx.me.token, raw: true });
      download(fileName(r, ctx.board.workshop?.title, ext), await r.blob(), type);
      status.textContent = t("wreport.ready");
    } catch (err) {
      status.textContent = "";
      toast(refusal(err.code, err.message));
    } finally {
      button.disabled = false;
    }
  }

  const el = card("workshop-report", "wreport.heading",
    h("p", { class: "muted", "data-i18n": "wreport.hint" }, t("wreport.hint")),
    h("form", { class: "report-form", on: { submit: get } },
      h("div", { class: "field" }, h("label", { for: "report-format", "data-i18n": "wreport.format" }, t("wreport.format")), format),
      h("div", { class: "field" }, h("label", { for: "report-lang", "data-i18n": "wreport.language" }, t("wreport.language")), lang),
      button),
    status);
  el.update = () => {
    if (!chosen) lang.value = ctx.board.workshop?.language || language() || "en";
  };
  return el;
}
