// The ready-check on the board: a participant's "I'm done" toggle and the
// room's count; facilitators also see who is not done, while authors are named.

import { h, announce } from "./dom.js";
import { t } from "./i18n.js";

/** The status-row control: call `update()` on every board change. */
export function readyControl(client) {
  const board = client.board;
  // The header is one row even at 1280 px: the count shows as "✓ 3/8", and is
  // said (and found by tests) in words.
  const short = h("span", { class: "ready-short", "aria-hidden": "true" });
  const words = h("span", { class: "sr-only", "data-testid": "ready-count" });
  const count = h("span", { class: "ready-count" }, short, words);
  const toggle = h("button", { type: "button", class: "small ready-toggle", "data-testid": "ready-toggle", "aria-pressed": "false" });
  const el = h("span", { class: "chip status-chip ready-chip", "data-testid": "ready" }, toggle, count);
  let announced = null;
  toggle.addEventListener("click", async () => {
    const next = !board.readiness.mine;
    try {
      await client.op("ready.set", { ready: next });
      announce(t(next ? "ready.saidDone" : "ready.saidNotDone"));
    } catch { /* the client's refusal toast has said why */ }
  });
  el.update = () => {
    const r = board.readiness;
    const participant = board.me?.role === "participant";
    toggle.hidden = !participant;
    toggle.disabled = board.isClosed();
    toggle.setAttribute("aria-pressed", String(r.mine));
    // A short toggle ("☐ Done" / "☑ Done") keeps the header on one row; its title says more.
    toggle.textContent = `${r.mine ? "☑" : "☐"} ${t("ready.done")}`;
    toggle.title = t("ready.markDone");
    el.classList.toggle("is-done", r.mine);
    const text = t("ready.count", { n: r.of, done: r.done });
    words.textContent = text;
    short.textContent = `${r.done}/${r.of}`;
    count.title = text;
    // Voice it when everyone here is done, once each time it happens.
    const all = r.of > 0 && r.done >= r.of;
    if (all && announced !== r.of) { announce(t("ready.all")); announced = r.of; }
    if (!all) announced = null;
    const waiting = board.notDone();
    el.title = waiting && waiting.length ? t("ready.waiting", { names: waiting.map((p) => p.name).join(", ") }) : "";
  };
  return el;
}

/** "Not done yet: Ann, Bob" for the people panel (facilitators, names shown). */
export function waitingLine(board) {
  const waiting = board.notDone();
  if (!waiting || !waiting.length) return "";
  return t("ready.waiting", { names: waiting.map((p) => p.name).sort((a, b) => a.localeCompare(b)).join(", ") });
}
