// Landing page: join with a code (or `/?join=CODE`), or start a workshop.

import { $, h, fill, announce } from "./dom.js";
import { registerShell } from "./offline.js";
import { initI18n, t, languageSwitcher, onLanguage, language } from "./i18n.js";
import { api, params, saveMember, knownWorkshops } from "./session.js";

const lines = (text) => text.split("\n").map((s) => s.trim()).filter(Boolean);
let lookup = null; // {title, groups} for the code typed, when the server tells
let lookedUp = ""; // the code of `lookup`
let notice = null; // the workshop's privacy notice, in the page's language

function showError(el, text) {
  el.textContent = text;
  el.hidden = !text;
  if (text) announce(text);
}

function errorText(e) {
  if (e.code === "not_found") return t("join.unknownCode");
  if (e.code === "closed") return t("join.closed");
  if (e.code === "network") return t("error.network");
  return e.message || t("error.generic");
}

/** Ask the server for the workshop's title and groups by join code, if it offers that. */
async function lookUp(code) {
  lookup = null;
  lookedUp = code;
  if (!code) { renderGroups(); return loadNotice(); }
  try {
    const r = await fetch(`/api/join/${encodeURIComponent(code)}`);
    if (r.ok && (r.headers.get("content-type") || "").includes("json")) lookup = await r.json();
  } catch { /* offline or not offered: the group stays free text */ }
  renderGroups();
  await loadNotice();
}

/** The workshop's privacy notice, which the participant reads before joining. */
async function loadNotice() {
  notice = null;
  if (lookup) {
    try {
      const r = await fetch(`/api/join/${encodeURIComponent(lookedUp)}/privacy?lang=${language()}`);
      if (r.ok) notice = await r.json();
    } catch { /* offline: the general hint and the footer's statement stay */ }
  }
  renderNotice();
}

function renderNotice() {
  const heading = h("h3", { id: "privacy-h" }, notice?.heading || t("join.privacyHeading"));
  if (!notice) {
    fill($("#privacy-notice"), heading, h("p", { class: "muted" }, t("join.privacyLoading")));
    return;
  }
  fill($("#privacy-notice"), heading,
    notice.paragraphs.map((p) => h("p", { "data-testid": "privacy-line" }, p)),
    notice.privacy_note ? h("div", { class: "privacy-note" },
      h("p", {}, h("strong", {}, notice.privacy_note_heading)),
      h("p", { "data-testid": "privacy-note" }, notice.privacy_note)) : null,
    h("p", {}, h("a", { href: notice.statement.url, "data-testid": "privacy-full" }, notice.statement.text)));
}

function renderGroups() {
  const field = $("#group-field");
  const current = $("#join-group").value;
  const groups = lookup?.groups || [];
  let control;
  if (groups.length) {
    control = h("select", { id: "join-group", name: "group", "data-testid": "join-group" },
      h("option", { value: "" }, t("join.groupNone")),
      groups.map((g) => h("option", { value: g, selected: g === current }, g)));
  } else {
    control = h("input", { id: "join-group", name: "group", "data-testid": "join-group", maxlength: 100, value: current });
  }
  $("#join-group").replaceWith(control);
  const title = $("#join-title", field.parentNode);
  if (title) title.remove();
  if (lookup?.title) $("#join-code").closest(".field").after(h("p", { id: "join-title", class: "muted", "data-testid": "join-title" }, t("join.workshop", { title: lookup.title })));
}

async function join(e) {
  e.preventDefault();
  const f = e.target;
  const err = $("#join-error");
  const code = f.code.value.trim().toUpperCase();
  const name = f.name.value.trim();
  if (!code) { showError(err, t("join.needCode")); f.code.focus(); return; }
  if (!name) { showError(err, t("join.needName")); f.name.focus(); return; }
  const body = { join_code: code, name, site: f.site.value };
  const group = $("#join-group").value.trim();
  if (group) body.group = group;
  if (f.organisation.value.trim()) body.organisation = f.organisation.value.trim();
  // A juror's link (?join=CODE&role=juror): the server lets it in only where the facilitator turned jurors_join on.
  if (params.get("role") === "juror") body.role = "juror";
  f.querySelector("[type=submit]").disabled = true;
  try {
    const r = await api("/api/join", { method: "POST", body });
    saveMember(r.workshop_id, { token: r.token, participant_id: r.participant_id, role: body.role || "participant", name, title: lookup?.title || "" });
    location.assign(`/board.html?w=${encodeURIComponent(r.workshop_id)}`);
  } catch (ex) {
    // Without a lookup by code, the server's refusal names the groups: offer them as a list.
    const groups = ex.code === "invalid" && /'group' must be one of: (.+)$/.exec(ex.message || "");
    if (groups && !lookup?.groups?.length) {
      lookup = { ...(lookup || {}), groups: groups[1].split(", ") };
      renderGroups();
      showError(err, t("join.pickGroup"));
      $("#join-group").focus();
    } else {
      showError(err, errorText(ex));
    }
    f.querySelector("[type=submit]").disabled = false;
  }
}

async function create(e) {
  e.preventDefault();
  const f = e.target;
  const err = $("#create-error");
  const title = f.title.value.trim();
  if (!title) { showError(err, t("create.needTitle")); f.title.focus(); return; }
  const body = {
    title, challenge: f.challenge.value.trim(), constraints: lines(f.constraints.value),
    authors: f.authors.value, language: f.language.value,
  };
  const groups = lines(f.groups.value);
  if (groups.length) body.groups = groups;
  const name = f.facilitator_name.value.trim();
  if (name) body.facilitator_name = name;
  f.querySelector("[type=submit]").disabled = true;
  try {
    const r = await api("/api/workshops", { method: "POST", body });
    saveMember(r.workshop.id, {
      token: r.facilitator.token, participant_id: r.facilitator.participant_id, role: "facilitator",
      name: name || "", title, join_code: r.join_code,
    });
    location.assign(`/console.html?w=${encodeURIComponent(r.workshop.id)}`);
  } catch (ex) {
    // Under the `organisers` policy: say why, and where to sign in.
    if (ex.status === 401) {
      showError(err, t("create.organisersOnly"));
      err.append(" ", h("a", { href: "/login.html", "data-testid": "create-sign-in" }, t("login.submit")));
    } else {
      showError(err, errorText(ex));
    }
    f.querySelector("[type=submit]").disabled = false;
  }
}

const ARCHIVE_BYTES_MAX = 20 * 1024 * 1024; // board/limits.py ARCHIVE_BYTES_MAX

/** A workshop archive as a new workshop (POST /api/workshops/import), opened in the console. */
async function importArchive(e) {
  const input = e.target;
  const err = $("#import-error");
  err.hidden = true;
  const file = input.files?.[0];
  if (!file) return;
  if (file.size > ARCHIVE_BYTES_MAX) { showError(err, t("import.tooLarge")); return; }
  let body;
  try { body = JSON.parse(await file.text()); } catch { showError(err, t("import.notArchive")); return; }
  input.disabled = true;
  try {
    const r = await api("/api/workshops/import", { method: "POST", body });
    saveMember(r.workshop.id, {
      token: r.facilitator.token, participant_id: r.facilitator.participant_id, role: "facilitator",
      name: "", title: r.workshop.title, join_code: r.join_code,
    });
    location.assign(`/console.html?w=${encodeURIComponent(r.workshop.id)}`);
  } catch (ex) {
    if (ex.status === 401) showError(err, t("create.organisersOnly"));
    else if (ex.code === "invalid") showError(err, t("import.invalid", { why: ex.message }));
    else showError(err, errorText(ex));
    input.disabled = false;
  }
}

function renderKnown() {
  const known = knownWorkshops();
  $("#known").hidden = !known.length;
  fill($("#known-list"), known.map((w) => h("li", {},
    h("a", { href: w.role === "facilitator" ? `/console.html?w=${encodeURIComponent(w.id)}` : `/board.html?w=${encodeURIComponent(w.id)}` },
      w.title || w.id),
    " ", h("span", { class: "muted" }, `(${t(`role.${w.role}`)})`))));
}

async function main() {
  registerShell();
  await initI18n();
  $("#lang-slot").replaceWith(languageSwitcher());
  $("#create-groups").placeholder = t("create.groupsPlaceholder");
  onLanguage(() => { $("#create-groups").placeholder = t("create.groupsPlaceholder"); renderKnown(); renderGroups(); loadNotice(); });
  $("#join-form").addEventListener("submit", join);
  $("#create-form").addEventListener("submit", create);
  $("#import-file").addEventListener("change", importArchive);
  let timer = 0;
  $("#join-code").addEventListener("input", (e) => {
    clearTimeout(timer);
    const code = e.target.value.trim().toUpperCase();
    timer = setTimeout(() => lookUp(code), 350);
  });
  renderKnown();
  // The workshop speaks the facilitator's language unless they pick another.
  $("#create-language").value = language();
  const code = params.get("join");
  if (code) {
    // A join link is for joining: the page is the join form alone.
    document.body.classList.add("join-only");
    $("#create-card").hidden = true;
    $("#create-instead").hidden = false;
    $("#join-code").value = code.toUpperCase();
    await lookUp(code.toUpperCase());
    // Only if the person has not moved focus while the code was looked up.
    if (!document.activeElement || document.activeElement === document.body) $("#join-name").focus();
  }
}

main();
