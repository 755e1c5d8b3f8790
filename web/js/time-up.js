// "Time is up": a short chime (Web Audio, muteable) when the room's timer runs
// out, for the pages that show a banner for it. The board chimes unless muted;
// the wall stays silent unless asked (?chime=1 or its toggle), because a
// projector's sound is the whole room's.

import { h } from "./dom.js";
import { t, onLanguage } from "./i18n.js";

// A timer.end older than this (a replay after a reconnect) is shown, not rung.
const FRESH_MS = 10000;

let audio = null;

// Browsers start audio only after a gesture on the page: make the context then.
function unlock() {
  try {
    audio ||= new AudioContext();
    if (audio.state === "suspended") audio.resume();
  } catch { /* no Web Audio: the banner and the announcement remain */ }
}
for (const type of ["pointerdown", "keydown"]) addEventListener(type, unlock, { capture: true });

/** Two soft falling tones, about a second. Returns whether it could sound. */
export function playChime() {
  unlock();
  if (!audio || audio.state !== "running") return false;
  const start = audio.currentTime + 0.02;
  for (const [i, freq] of [[0, 880], [1, 660]]) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    const at = start + i * 0.35;
    osc.type = "sine";
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.25, at + 0.03);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.6);
    osc.connect(gain).connect(audio.destination);
    osc.start(at);
    osc.stop(at + 0.65);
  }
  return true;
}

/** Whether this page chimes: kept per page kind in localStorage, `fallback` until chosen. */
export function chimeSetting(page, fallback) {
  const key = `cocreate:chime:${page}`;
  return {
    get on() { const v = localStorage.getItem(key); return v == null ? fallback : v === "on"; },
    set on(value) { localStorage.setItem(key, value ? "on" : "off"); },
  };
}

/** A toggle button for `setting` (aria-pressed, the state in words). */
export function chimeToggle(setting, { className = "small" } = {}) {
  const btn = h("button", { type: "button", class: `${className} chime-toggle`, "data-testid": "chime-toggle" });
  const render = () => {
    btn.setAttribute("aria-pressed", String(setting.on));
    btn.textContent = setting.on ? t("chime.on") : t("chime.off");
    btn.title = t("chime.what");
  };
  btn.addEventListener("click", () => { setting.on = !setting.on; if (setting.on) unlock(); render(); });
  onLanguage(render);
  render();
  return btn;
}

/**
 * Call `onUp(event, rang)` when the room's timer runs out (a `timer.end` event);
 * rings the chime first when `setting.on` and the event is fresh.
 */
export function watchTimeUp(client, setting, onUp) {
  client.on("event", (ev) => {
    if (ev.op !== "timer.end") return;
    const fresh = Math.abs(client.now() - (ev.ts || 0)) < FRESH_MS;
    const rang = fresh && setting.on ? playChime() : false;
    onUp(ev, rang);
  });
}
