// Organiser sign-in: the server answers with an HttpOnly session cookie that this
// script never sees; then "My workshops".

import { $, announce } from "./dom.js";
import { registerShell } from "./offline.js";
import { initI18n, t, languageSwitcher } from "./i18n.js";
import { api } from "./session.js";

function showError(text) {
  const el = $("#login-error");
  el.textContent = text;
  el.hidden = !text;
  if (text) announce(text);
}

async function submit(e) {
  e.preventDefault();
  const f = e.target;
  const email = f.email.value.trim();
  if (!email) { showError(t("login.needEmail")); f.email.focus(); return; }
  if (!f.password.value) { showError(t("login.needPassword")); f.password.focus(); return; }
  f.querySelector("[type=submit]").disabled = true;
  try {
    await api("/api/organiser/login", { method: "POST", body: { email, password: f.password.value }, raw: true });
    location.assign("/organiser.html");
  } catch (ex) {
    if (ex.status === 401) showError(t("login.wrong"));
    else if (ex.status === 429) showError(t("login.throttled"));
    else if (ex.code === "network") showError(t("error.network"));
    else showError(ex.message || t("error.generic"));
    f.password.value = "";
    f.password.focus();
    f.querySelector("[type=submit]").disabled = false;
  }
}

async function main() {
  registerShell();
  await initI18n();
  $("#lang-slot").replaceWith(languageSwitcher());
  $("#login-form").addEventListener("submit", submit);
  // Not from under someone who started typing while the catalogue loaded.
  if (document.activeElement === document.body) $("#login-email").focus();
}

main();
