// Pieces every page shows: connection status, timer, people, toasts, dialogs.

import { icon } from "./icons.js";
import { h, fill, announce, clock } from "./dom.js";
import { t, onLanguage } from "./i18n.js";
import { remaining } from "./board-state.js";

/** A connection indicator kept in step with `client` (text + shape, not colour alone). */
export function connectionIndicator(client) {
  const el = h("span", { class: "conn", "data-testid": "connection" });
  const render = () => {
    const waiting = client.pending().filter((p) => !p.acked).length;
    el.dataset.status = client.status;
    el.textContent = t(`conn.${client.status}`) + (waiting && client.status !== "online" ? " · " + t("conn.waiting", { n: waiting }) : "");
  };
  let last = client.status;
  client.on("status", (s) => {
    render();
    if (s === "offline" || (s === "online" && last !== "connecting" && last !== "online")) announce(t(`conn.${s}`));
    last = s;
  });
  client.on("change", render);
  onLanguage(render);
  render();
  return el;
}

const MILESTONES = [300000, 60000, 30000, 10000];

/**
 * A live timer display for `client`'s room. Returns the element; it re-renders
 * every 250 ms and voices milestones (start, 5 min, 1 min, 30 s, 10 s, end).
 */
export function timerDisplay(client, { big = false } = {}) {
  const time = h("span", { class: "time", "data-testid": "timer-time" });
  const label = h("span", { class: "label", "data-testid": "timer-label" });
  const state = h("span", { class: "timer-state", "data-testid": "timer-state" });
  const el = h("div", { class: big ? "timer-big" : "timer-chip", "data-testid": "timer" }, big ? [label, time, state] : [time, label, state]);
  let said = new Set(), lastStatus = null, lastEnds = null;
  const render = () => {
    const tm = client.board.timer;
    const left = remaining(tm, client.now());
    el.dataset.status = tm.status;
    time.textContent = tm.status === "idle" ? "–:––" : clock(left);
    label.textContent = tm.label || (tm.status === "idle" ? t("timer.none") : "");
    // Paused and ended are said in words, not by colour alone; running is read out by screen readers only.
    state.textContent = tm.status === "idle" ? "" : t(`timer.${tm.status}`);
    state.classList.toggle("sr-only", tm.status === "running");
    el.title = t(`timer.${tm.status}`);
    if (tm.status !== lastStatus || tm.ends_at !== lastEnds) {
      if (tm.status === "running" && lastStatus !== null && lastStatus !== "running") announce(t("timer.startedSay", { time: clock(left) }));
      if (tm.status === "paused" && lastStatus === "running") announce(t("timer.paused"));
      if (tm.status === "ended" && lastStatus !== null && lastStatus !== "ended") announce(t("timer.endedSay"));
      said = new Set(MILESTONES.filter((m) => left <= m));
      lastStatus = tm.status;
      lastEnds = tm.ends_at;
    }
    if (tm.status === "running") {
      for (const m of MILESTONES) {
        if (left <= m && !said.has(m)) { said.add(m); announce(t("timer.left", { time: clock(m) })); }
      }
    }
  };
  client.on("change", render);
  setInterval(render, 250);
  onLanguage(render);
  render();
  return el;
}

function initials(name) {
  return (name || "?").split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join("");
}

/** "Rank 1 (tied): Bike lanes, 3 votes" for a ranked result row of `ranked()`. */
export function rankText(r, name) {
  return t(r.tied ? "vote.rankTied" : "vote.rank", { rank: r.rank }) + ": " + name + ", " + t("vote.total", { n: r.n });
}

/** Who is in the room: name, group, on-site or remote, role. */
export function renderPeople(list, people, me) {
  const sorted = [...people].sort((a, b) => a.name.localeCompare(b.name));
  fill(list, sorted.map((p) => h("li", { class: "person", "data-testid": "person" },
    h("span", { class: "avatar", "aria-hidden": "true" }, initials(p.name)),
    h("span", {},
      h("span", {}, p.name, p.id === me?.id ? ` (${t("people.you")})` : ""),
      h("br"),
      h("span", { class: "meta" }, [
        p.role !== "participant" ? t(`role.${p.role}`) : null,
        p.group, p.organisation,
      ].filter(Boolean).join(" · "), p.site ? [p.group || p.organisation || p.role !== "participant" ? " · " : "",
        icon(p.site === "remote" ? "remote" : "pin"), " ", t(p.site === "remote" ? "site.remote" : "site.onsite")] : null)))));
}

let toastTimer = 0;
/** A short visible message (also voiced). */
export function toast(text) {
  let el = document.querySelector(".toast");
  if (!el) { el = h("div", { class: "toast", "data-testid": "toast" }); document.body.append(el); }
  el.textContent = text;
  el.hidden = false;
  announce(text);
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, 5000);
}

/** The translated text for a server refusal. */
export function refusal(code, message) {
  const key = `error.${code}`;
  const text = t(key);
  return text === key ? message || code : text;
}

/** Ask yes/no in a modal dialog; resolves true on confirm. Focus returns where it was. */
export function confirmDialog(question, confirmLabel) {
  return new Promise((resolve) => {
    const back = document.activeElement;
    const dlg = h("dialog", { "data-testid": "confirm", "aria-labelledby": "confirm-q" },
      h("p", { id: "confirm-q" }, question),
      h("div", { class: "row" },
        h("button", { class: "danger", value: "yes", "data-testid": "confirm-yes", on: { click: () => dlg.close("yes") } }, confirmLabel),
        h("button", { value: "no", on: { click: () => dlg.close("no") } }, t("common.cancel"))));
    dlg.addEventListener("close", () => {
      resolve(dlg.returnValue === "yes");
      dlg.remove();
      if (back && back.isConnected) back.focus();
    });
    document.body.append(dlg);
    dlg.showModal();
    dlg.querySelector("[data-testid=confirm-yes]").focus();
  });
}

/** A prompt for one line of text in a modal dialog; resolves the text or null. */
export function promptDialog(question, value = "", okLabel = t("common.save")) {
  return new Promise((resolve) => {
    const back = document.activeElement;
    const input = h("input", { id: "prompt-input", value, maxlength: 200, "data-testid": "prompt-input" });
    const form = h("form", { method: "dialog" },
      h("div", { class: "field" }, h("label", { for: "prompt-input" }, question), input),
      h("div", { class: "row" },
        h("button", { class: "primary", value: "ok", "data-testid": "prompt-ok" }, okLabel),
        h("button", { value: "cancel", type: "button", on: { click: () => dlg.close("cancel") } }, t("common.cancel"))));
    const dlg = h("dialog", { "data-testid": "prompt" }, form);
    dlg.addEventListener("close", () => {
      resolve(dlg.returnValue === "ok" && input.value.trim() ? input.value.trim() : null);
      dlg.remove();
      if (back && back.isConnected) back.focus();
    });
    document.body.append(dlg);
    dlg.showModal();
    input.select();
  });
}

/** Fail page: shown when the token is missing or refused. */
export function noAccess(main, why = "unauthorised") {
  const key = why === "removed" ? "access.removed" : why === "too-many" ? "access.tooMany"
    : why === "erased" ? "access.erased" : "access";
  fill(main, h("div", { class: "card center-card", "data-testid": "no-access", "data-why": why },
    h("h1", {}, t(`${key}.title`)),
    h("p", {}, t(`${key}.text`)),
    h("a", { class: "button primary", href: "/" }, t("access.home"))));
}
