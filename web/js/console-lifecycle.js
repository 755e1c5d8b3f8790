// The console's Close / Reopen control. A closed workshop is read-only for everyone
// and takes no new joins; its boards and exports can still be read. A facilitator
// reopens it from here.

import { h, fill, announce } from "./dom.js";
import { t } from "./i18n.js";
import { icon } from "./icons.js";
import { card } from "./console-controls.js";

export function lifecycleCard(ctx) {
  const state = h("p", { class: "lifecycle-state", "data-testid": "lifecycle-state" });
  const hint = h("p", { class: "muted", "data-testid": "lifecycle-hint" });
  const button = h("button", { type: "button", "data-testid": "lifecycle-toggle", on: { click: toggle } });
  let busy = false;
  async function toggle() {
    if (busy) return;
    const closed = ctx.board.isClosed();
    if (!closed && !(await ctx.confirm(t("lifecycle.confirm"), t("lifecycle.close")))) return;
    busy = true;
    const r = await ctx.op(closed ? "workshop.reopen" : "workshop.close", {});
    busy = false;
    if (r.ok) announce(t(closed ? "lifecycle.reopenedSay" : "lifecycle.closedBanner"));
  }
  const el = card("lifecycle-card", "lifecycle.heading", state, hint, button);
  el.update = () => {
    const closed = ctx.board.isClosed();
    const days = ctx.board.workshop?.retention_days;
    fill(state, icon(closed ? "lock" : "pencil"), " ", t(closed ? "lifecycle.closedState" : "lifecycle.openState"));
    state.dataset.closed = String(closed);
    hint.textContent = closed
      ? (days ? t("lifecycle.closedHintDays", { days }) : t("lifecycle.closedHint"))
      : t("lifecycle.openHint");
    button.className = closed ? "primary" : "danger";
    button.textContent = t(closed ? "lifecycle.reopen" : "lifecycle.close");
  };
  return el;
}
