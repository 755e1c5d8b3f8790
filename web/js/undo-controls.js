// The board's Undo and Redo: two buttons, Ctrl+Z / Cmd+Z, Shift+Ctrl+Z /
// Cmd+Shift+Z and Ctrl+Y, and what is said about each. In a text field the
// keys are left to the browser, whose own text undo applies there.

import { h, announce } from "./dom.js";
import { t } from "./i18n.js";
import { toast } from "./ui.js";
import { UndoHistory } from "./undo.js";

const MAC = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** What a key press asks for: "undo", "redo" or null. */
export function undoKey(e) {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const k = (e.key || "").toLowerCase();
  if (k === "z") return e.shiftKey ? "redo" : "undo";
  if (k === "y" && e.ctrlKey && !e.shiftKey) return "redo";
  return null;
}

/**
 * Undo and redo for `client`'s board; returns {history, buttons(place), relabel()}.
 * `onRestored(ref)` is told the op ref of a note an undo by key brought back (to focus it).
 */
export function attachUndo(client, { onRestored = () => {} } = {}) {
  const history = new UndoHistory(client);
  const board = client.board;
  const pairs = [];

  async function run(which, byKey = false) {
    const can = which === "undo" ? history.canUndo() : history.canRedo();
    if (!can) { announce(t(`${which}.nothing`)); return; }
    if (board.readOnly()) { toast(t(board.isClosed() ? "lifecycle.closedSay" : "board.lockedSay")); return; }
    const { result, what, added } = await (which === "undo" ? history.undo() : history.redo());
    if (byKey && added?.length) onRestored(added[0]);
    const thing = what ? t(`undo.what.${what}`) : "";
    if (result === "done") announce(t(`${which}.done`, { what: thing }));
    else if (result === "wait") toast(t("undo.wait"));
    else if (result === "nothing") announce(t(`${which}.nothing`));
    else if (result === "changed") toast(t(`${which}.changed`, { what: thing }));
  }

  document.addEventListener("keydown", (e) => {
    const which = undoKey(e);
    if (!which || e.defaultPrevented) return;
    if (e.target.closest?.("input, textarea, select, [contenteditable], dialog")) return;
    if (document.querySelector("dialog[open]")) return;
    e.preventDefault();
    run(which, true);
  });

  function paint() {
    for (const { undo, redo } of pairs) {
      undo.setAttribute("aria-disabled", String(!history.canUndo()));
      redo.setAttribute("aria-disabled", String(!history.canRedo()));
    }
  }
  history.onChange(paint);

  function label() {
    const mod = MAC ? "⌘" : "Ctrl+";
    for (const { undo, redo } of pairs) {
      undo.querySelector(".label").textContent = t("undo.button");
      redo.querySelector(".label").textContent = t("redo.button");
      undo.title = t("undo.title", { keys: `${mod}Z` });
      redo.title = t("redo.title", { keys: MAC ? "⇧⌘Z" : "Shift+Ctrl+Z" });
    }
  }

  /** A new Undo/Redo pair (buttons stay focusable when there is nothing to do, and say so). */
  function buttons(place) {
    const undo = h("button", { type: "button", class: "undo-btn", "data-testid": `undo${place}`, on: { click: () => run("undo") } },
      h("span", { "aria-hidden": "true", class: "undo-icon" }, "↶"), " ", h("span", { class: "label" }));
    const redo = h("button", { type: "button", class: "undo-btn", "data-testid": `redo${place}`, on: { click: () => run("redo") } },
      h("span", { "aria-hidden": "true", class: "undo-icon" }, "↷"), " ", h("span", { class: "label" }));
    pairs.push({ undo, redo });
    label();
    paint();
    const tools = h("span", { class: "undo-tools" }, undo, redo);
    queueMicrotask(() => { if (tools.parentElement) compactWhenWrapping(tools.parentElement); });
    return tools;
  }

  return { history, buttons, relabel: () => { label(); for (const fn of refits) fn(); } };
}

const refits = [];

/**
 * A toolbar that would wrap to a second line shows Undo and Redo as icons (their
 * names stay as accessible names and tooltips), e.g. German at 1366 px.
 */
function compactWhenWrapping(bar) {
  let width = -1;
  const refit = () => {
    bar.classList.remove("undo-compact");
    const shown = [...bar.children].filter((el) => el.offsetParent !== null);
    // Below the first row's bottom, not merely lower: an empty spacer sits mid-row.
    const first = shown[0];
    const wraps = !!first && shown.some((el) => el.offsetTop >= first.offsetTop + first.offsetHeight);
    bar.classList.toggle("undo-compact", wraps);
  };
  refits.push(refit);
  // Only a change of width can change the answer; watching height would loop.
  new ResizeObserver(([entry]) => {
    const w = Math.round(entry.contentRect.width);
    if (w !== width) { width = w; refit(); }
  }).observe(bar);
  // A button shown or hidden (Tidy up for a facilitator) may make it wrap too.
  // Setting `hidden` to what it already is (the board does on every render) is a mutation
  // too, but changes nothing: refit reads the layout, which is costly on a big board.
  new MutationObserver((records) => {
    if (records.some((r) => r.type !== "attributes" || (r.oldValue !== null) !== r.target.hasAttribute("hidden"))) refit();
  }).observe(bar, { subtree: true, childList: true, attributes: true, attributeFilter: ["hidden"], attributeOldValue: true });
}
