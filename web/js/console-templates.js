// Method templates in the agenda card: pick one (its rounds shown before it is
// applied), apply it with agenda.set, save the agenda as a template of this
// workshop, download one as a file and upload it in another workshop.

import { h, fill, download } from "./dom.js";
import { t } from "./i18n.js";
import { api } from "./session.js";
import { toast } from "./ui.js";

const FILE_VERSION = 1;

/** A round in a few words: "Ideas · 5 min · Private · Vote (3 dots)". */
function roundSummary(r) {
  const parts = [r.title, r.seconds ? `${+(r.seconds / 60).toFixed(1)} ${t("agenda.min")}` : t("tpl.noCountdown")];
  if (r.private) parts.push(t("agenda.private"));
  if (r.lock) parts.push(t("agenda.lock"));
  if (r.lock_at_end) parts.push(t("agenda.lockAtEnd"));
  if (r.voting) parts.push(`${t("agenda.vote")} (${r.voting.budget} ${t("agenda.dots")})`);
  return parts.join(" · ");
}

/** What a downloaded file holds, and back: the template without its id. */
function toFile(tpl) {
  return { cocreate_template: FILE_VERSION, name: tpl.name, description: tpl.description || "", language: tpl.language, rounds: tpl.rounds };
}

function fromFile(text) {
  let raw;
  try { raw = JSON.parse(text); } catch { return null; }
  if (!raw || raw.cocreate_template !== FILE_VERSION || typeof raw.name !== "string" || !Array.isArray(raw.rounds)) return null;
  return { name: raw.name, description: typeof raw.description === "string" ? raw.description : "",
    language: ["en", "et", "de"].includes(raw.language) ? raw.language : undefined, rounds: raw.rounds };
}

/**
 * The templates section. `agenda` gives the card's draft: `rows()` (the rounds
 * shown), `dirty()` (edited, not saved) and `applied()` (the board's agenda is
 * to be shown again, the draft dropped).
 */
export function templatesSection(ctx, agenda) {
  let templates = [];
  let loading = null;
  const select = h("select", { id: "tpl-select", "data-testid": "template-select", on: { change: () => preview() } });
  const description = h("p", { class: "muted", "data-testid": "template-description" });
  const rounds = h("ol", { class: "template-rounds", "data-testid": "template-rounds" });
  const allRooms = h("input", { type: "checkbox", id: "tpl-all-rooms", "data-testid": "template-all-rooms" });
  const apply = h("button", { type: "button", class: "primary", "data-testid": "template-apply", on: { click: () => applyTemplate() } }, t("tpl.apply"));
  const down = h("button", { type: "button", "data-testid": "template-download", on: { click: () => downloadTemplate() } }, t("tpl.download"));
  const del = h("button", { type: "button", class: "danger", "data-testid": "template-delete", on: { click: () => deleteTemplate() } }, t("tpl.delete"));
  const saveAs = h("button", { type: "button", "data-testid": "template-save", on: { click: () => saveTemplate() } }, t("tpl.saveAs"));
  const file = h("input", { type: "file", accept: ".json,application/json", hidden: true, tabIndex: -1, "aria-hidden": "true", "data-testid": "template-file", on: { change: () => uploadTemplate() } });
  const upload = h("button", { type: "button", "data-testid": "template-upload", on: { click: () => file.click() } }, t("tpl.upload"));

  const chosen = () => templates.find((x) => x.id === select.value) || null;
  const savedNamed = (name) => templates.find((x) => !x.builtin && x.name.toLocaleLowerCase() === name.trim().toLocaleLowerCase());

  async function load() {
    loading = loading || api(`/api/workshops/${encodeURIComponent(ctx.wid)}/templates`, { token: ctx.me.token })
      .then((r) => { templates = r.templates; draw(); }, () => { toast(t("tpl.loadFailed")); })
      .finally(() => { loading = null; });
    return loading;
  }

  function draw() {
    const keep = select.value;
    const group = (builtin, label) => {
      const items = templates.filter((x) => x.builtin === builtin);
      return items.length ? h("optgroup", { label }, items.map((x) => h("option", { value: x.id }, x.name))) : null;
    };
    fill(select, group(true, t("tpl.builtin")), group(false, t("tpl.saved")));
    if (templates.some((x) => x.id === keep)) select.value = keep;
    preview();
  }

  function preview() {
    const tpl = chosen();
    description.textContent = tpl?.description || "";
    rounds.setAttribute("aria-label", tpl ? t("tpl.rounds", { name: tpl.name }) : "");
    fill(rounds, (tpl?.rounds || []).map((r) => h("li", {}, roundSummary(r))));
    apply.disabled = down.disabled = !tpl;
    del.hidden = !tpl || tpl.builtin;
    refresh();
  }

  function refresh() {
    saveAs.disabled = !agenda.rows().some((r) => r.title.trim());
  }

  async function applyTemplate() {
    const tpl = chosen();
    if (!tpl) return;
    const everywhere = allRooms.checked;
    if (everywhere || agenda.dirty() || ctx.board.agenda.length) {
      const q = t(everywhere ? "tpl.replaceAllQ" : "tpl.replaceQ", { name: tpl.name });
      if (!(await ctx.confirm(q, t("tpl.replace")))) return;
    }
    const r = await ctx.op("agenda.set", { rounds: tpl.rounds, ...(everywhere ? { all_rooms: true } : {}) });
    if (r.ok) { agenda.applied(); toast(t("tpl.applied", { name: tpl.name })); }
  }

  async function saveAs_(fields, fallbackName) {
    const name = await ctx.prompt(t("tpl.nameQ"), fallbackName);
    if (!name) return;
    if (savedNamed(name)) { toast(t("tpl.exists", { name })); return; }
    const r = await ctx.op("template.save", { ...fields, name });
    if (r.ok) { toast(t("tpl.savedToast", { name })); await load(); select.value = templates.find((x) => !x.builtin && x.name === name)?.id || select.value; preview(); }
  }

  function saveTemplate() {
    // What the card shows: the room's agenda, or the draft being edited.
    const fields = agenda.dirty() ? { rounds: agenda.rows().filter((r) => r.title.trim()) } : {};
    return saveAs_(fields, "");
  }

  async function uploadTemplate() {
    const f = file.files?.[0];
    file.value = "";
    if (!f) return;
    const tpl = fromFile(await f.text());
    if (!tpl) { toast(t("tpl.badFile")); return; }
    const { name, ...fields } = tpl;
    await saveAs_(fields, name);
  }

  function downloadTemplate() {
    const tpl = chosen();
    if (!tpl) return;
    const base = tpl.name.replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "") || "template";
    download(`${base}.cocreate-template.json`, JSON.stringify(toFile(tpl), null, 2), "application/json");
  }

  async function deleteTemplate() {
    const tpl = chosen();
    if (!tpl || tpl.builtin) return;
    if (!(await ctx.confirm(t("tpl.deleteQ", { name: tpl.name }), t("tpl.delete")))) return;
    const r = await ctx.op("template.delete", { id: tpl.id });
    if (r.ok) { toast(t("tpl.deleted", { name: tpl.name })); await load(); select.focus(); }
  }

  // Another facilitator's save or delete, in any room, reaches this console as an event.
  // A new workshop language names the built-ins anew.
  ctx.client.on("event", (ev) => { if (["template.save", "template.delete", "workshop.settings"].includes(ev.op)) load(); });
  ctx.client.on("welcome", () => load());

  const el = h("details", { class: "templates", "data-testid": "templates" },
    h("summary", {}, t("tpl.heading")),
    h("div", { class: "field" }, h("label", { for: "tpl-select" }, t("tpl.pick")), select),
    description, rounds,
    h("label", { class: "check" }, allRooms, t("tpl.allRooms")),
    h("div", { class: "row" }, apply, down, del),
    h("div", { class: "row" }, saveAs, upload, file),
    h("p", { class: "muted small" }, t("tpl.privacy")));
  el.refresh = refresh;
  return el;
}
