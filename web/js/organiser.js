// "My workshops": the signed-in organiser's workshops, a way back into each
// console (a new facilitator link), and co-facilitator links for colleagues.

import { $, h, fill, announce } from "./dom.js";
import { registerShell } from "./offline.js";
import { initI18n, t, languageSwitcher, onLanguage, formatDateTime } from "./i18n.js";
import { api } from "./session.js";
import { confirmDialog, toast } from "./ui.js";

let workshops = [];
// Co-facilitator links made on this page, by workshop id: shown once, never stored.
const fresh = new Map();

const consoleUrl = (wid, token) =>
  `${location.origin}/console.html?w=${encodeURIComponent(wid)}#t=${encodeURIComponent(token)}`;
const base = (wid) => `/api/organiser/workshops/${encodeURIComponent(wid)}`;

function failed(ex) {
  if (ex.status === 401) { location.assign("/login.html"); return; }
  toast(ex.code === "network" ? t("error.network") : ex.message || t("error.generic"));
}

async function openConsole(w) {
  try {
    const r = await api(`${base(w.id)}/facilitator-link`, { method: "POST", body: {} });
    location.assign(consoleUrl(w.id, r.token));
  } catch (ex) { failed(ex); }
}

async function addCo(w, form) {
  const name = form.elements.name.value.trim();
  if (!name) { toast(t("organiser.coNeedName")); form.elements.name.focus(); return; }
  try {
    const r = await api(`${base(w.id)}/co-facilitators`, { method: "POST", body: { name } });
    fresh.set(w.id, { name, url: consoleUrl(w.id, r.token) });
    await load();
    announce(t("organiser.coMade", { name }));
    $(`[data-testid=co-link-${w.id}] input`)?.focus();
  } catch (ex) { failed(ex); }
}

async function revoke(w, co) {
  if (!await confirmDialog(t("organiser.revokeQuestion", { name: co.name }), t("organiser.revoke"))) return;
  try {
    await api(`${base(w.id)}/co-facilitators/${encodeURIComponent(co.participant_id)}`, { method: "DELETE", raw: true });
    if (fresh.get(w.id)?.name === co.name) fresh.delete(w.id);
    await load();
    toast(t("organiser.revoked", { name: co.name }));
  } catch (ex) { failed(ex); }
}

function workshopItem(w) {
  const made = fresh.get(w.id);
  const nameId = `co-name-${w.id}`;
  const form = h("form", { class: "co-form", novalidate: true, on: { submit: (e) => { e.preventDefault(); addCo(w, e.target); } } },
    h("div", { class: "field" },
      h("label", { for: nameId }, t("organiser.coName")),
      h("input", { id: nameId, name: "name", maxlength: 100, autocomplete: "off", "data-testid": "co-name" })),
    h("button", { type: "submit", "data-testid": "co-add" }, t("organiser.coAdd")));
  return h("li", { class: "card", "data-testid": "organiser-workshop", "data-workshop": w.id },
    h("h2", {}, w.title),
    h("p", { class: "muted workshop-meta" },
      t("organiser.meta", { code: w.join_code, date: formatDateTime(w.created) })),
    h("div", { class: "workshop-actions" },
      h("button", { type: "button", class: "primary", "data-testid": "open-console", on: { click: () => openConsole(w) } },
        t("organiser.openConsole"))),
    h("h3", {}, t("organiser.coHeading")),
    w.co_facilitators.length
      ? h("ul", { class: "co-list", "data-testid": "co-list" }, w.co_facilitators.map((co) => h("li", {},
        h("span", {}, co.name),
        h("button", { type: "button", class: "danger small", "data-testid": "co-revoke", "aria-label": t("organiser.revokeLabel", { name: co.name }), on: { click: () => revoke(w, co) } },
          t("organiser.revoke")))))
      : h("p", { class: "muted" }, t("organiser.coNone")),
    made ? h("div", { class: "co-link", "data-testid": `co-link-${w.id}` },
      h("label", { for: `co-url-${w.id}` }, t("organiser.coLink", { name: made.name })),
      h("input", { id: `co-url-${w.id}`, readonly: true, value: made.url, "data-testid": "co-url" }),
      h("button", { type: "button", class: "small", on: { click: () => navigator.clipboard?.writeText(made.url).then(() => toast(t("common.copied"))) } }, t("common.copy"))) : null,
    form);
}

function render() {
  $("#organiser-empty").hidden = workshops.length > 0;
  fill($("#organiser-list"), workshops.map(workshopItem));
}

async function load() {
  try {
    workshops = await api("/api/organiser/workshops");
    render();
  } catch (ex) { failed(ex); }
}

async function logout() {
  try { await api("/api/organiser/logout", { method: "POST", body: {}, raw: true }); } catch { /* signed out either way */ }
  location.assign("/login.html");
}

async function main() {
  registerShell();
  await initI18n();
  $("#lang-slot").replaceWith(languageSwitcher());
  $("#logout").addEventListener("click", logout);
  onLanguage(render);
  try {
    const me = await api("/api/organiser");
    $("#who").textContent = me.email;
  } catch (ex) { failed(ex); return; }
  await load();
}

main();
