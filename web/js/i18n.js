// Translations: one JSON catalogue per language in /i18n/, chosen from the
// browser's languages unless the person picked one (kept in localStorage).

import { icon } from "./icons.js";
import { h } from "./dom.js";

export const LANGUAGES = { en: "English", et: "Eesti", de: "Deutsch" };
const STORE_KEY = "cocreate:lang";
let lang = "en";
let catalogue = {};
let fallback = {};
const listeners = new Set();

function preferred() {
  const saved = localStorage.getItem(STORE_KEY);
  if (saved && saved in LANGUAGES) return saved;
  for (const tag of navigator.languages || [navigator.language || "en"]) {
    const base = String(tag).toLowerCase().split("-")[0];
    if (base in LANGUAGES) return base;
  }
  return "en";
}

async function load(code) {
  const r = await fetch(`/i18n/${code}.json`, { cache: "no-cache" });
  if (!r.ok) throw new Error(`no catalogue for ${code}`);
  return r.json();
}

/** Load the catalogue for the preferred language (and English as fallback). */
export async function initI18n() {
  fallback = await load("en");
  await setLanguage(preferred(), false);
}

export function language() { return lang; }

/**
 * The reader's locale for dates, times and numbers: the browser's own tag when it
 * is of the chosen language (de-AT keeps Austrian formats), else the language.
 */
export function locale() {
  for (const tag of navigator.languages || [navigator.language || ""]) {
    if (String(tag).toLowerCase().split("-")[0] === lang) return tag;
  }
  return lang;
}
const formats = new Map();
const cached = (kind, make) => {
  const key = `${kind}|${lang}|${locale()}`;
  if (!formats.has(key)) formats.set(key, make(locale()));
  return formats.get(key);
};
export const formatNumber = (n) => cached("n", (l) => new Intl.NumberFormat(l)).format(n);
export const formatTime = (ms) => cached("t", (l) => new Intl.DateTimeFormat(l, { timeStyle: "short" })).format(new Date(ms));
export const formatDateTime = (ms) => cached("dt", (l) => new Intl.DateTimeFormat(l, { dateStyle: "medium", timeStyle: "short" })).format(new Date(ms));

/** Switch language, re-translate the static page and notify listeners. */
export async function setLanguage(code, remember = true) {
  if (!(code in LANGUAGES)) code = "en";
  catalogue = code === "en" ? fallback : await load(code).catch(() => fallback);
  lang = code;
  if (remember) localStorage.setItem(STORE_KEY, code);
  document.documentElement.lang = code;
  applyI18n(document);
  for (const fn of listeners) fn(code);
}

/** Run `fn` after every language change. */
export function onLanguage(fn) { listeners.add(fn); }

/**
 * The text for `key` with `{name}` placeholders filled from `vars` (numbers in
 * the reader's format). A catalogue value may be an object of plural forms
 * ({one, other, ...}) chosen by `vars.n` (or the var named by its `_count`)
 * with Intl.PluralRules of the language.
 */
export function t(key, vars = {}) {
  let value = catalogue[key] ?? fallback[key];
  if (value === undefined) return key;
  if (typeof value === "object") {
    // `_count` names the number the noun agrees with when it is not `n`
    // ("1 of 3 votes left" in English, "3-st jäänud 1 hääl" in Estonian).
    const count = Number(vars[value._count || "n"] ?? 0);
    const form = cached("p", () => new Intl.PluralRules(lang)).select(count);
    value = value[form] ?? value.other ?? Object.values(value)[0];
  }
  const show = (v) => (typeof v === "number" && Number.isFinite(v) ? formatNumber(v) : String(v));
  return value.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? show(vars[name]) : m));
}

/**
 * Translate static markup: `data-i18n="key"` sets the text,
 * `data-i18n-attr="attr:key; attr2:key2"` sets attributes.
 */
export function applyI18n(root) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-attr]")) {
    for (const pair of el.dataset.i18nAttr.split(";")) {
      const [attr, key] = pair.split(":").map((s) => s.trim());
      if (attr && key) el.setAttribute(attr, t(key));
    }
  }
  // The statements are served in the language the page is read in.
  for (const a of root.querySelectorAll("a[data-statement]")) {
    a.href = `${a.getAttribute("href").split("?")[0]}?lang=${lang}`;
  }
  const title = document.querySelector("title[data-i18n-title]");
  if (title) document.title = t(title.dataset.i18nTitle);
}

/** A labelled <select> that switches the language. */
export function languageSwitcher() {
  const id = "lang-" + Math.random().toString(36).slice(2, 7);
  const select = h("select", {
    id, "data-testid": "language",
    on: { change: (e) => setLanguage(e.target.value) },
  }, Object.entries(LANGUAGES).map(([code, name]) =>
    h("option", { value: code, lang: code, selected: code === lang }, name)));
  onLanguage((code) => { select.value = code; });
  return h("span", { class: "lang" },
    h("label", { for: id, class: "sr-only", "data-i18n": "common.language" }, t("common.language")),
    h("span", { class: "lang-icon" }, icon("globe")), select);
}
