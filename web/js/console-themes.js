// Themes into rooms and results back: pick the plenary's clusters (or notes) as
// themes and split by them, one room each; collect every room's results into
// the plenary, all of them or the top N of each room by its revealed votes.
//
// The themes are read from the board this console controls, so they are offered
// only while it controls the plenary (the server takes them from there).

import { h, fill, announce } from "./dom.js";
import { t } from "./i18n.js";
import { card } from "./console-controls.js";

const TOP_MAX = 100; // rooms.collect's `top`, as board/limits.py

export function themesCard(ctx) {
  const kind = h("select", { id: "themes-kind", "data-testid": "themes-kind" },
    h("option", { value: "clusters" }, t("themes.clusters")), h("option", { value: "notes" }, t("themes.notes")));
  const list = h("fieldset", { class: "themes-list", "data-testid": "themes-list" });
  const reuse = h("input", { id: "themes-reuse", type: "checkbox", checked: true, "data-testid": "themes-reuse" });
  const sites = h("input", { id: "themes-sites", type: "checkbox", checked: true, "data-testid": "themes-sites" });
  const splitBtn = h("button", { class: "primary", "data-testid": "themes-split" }, t("themes.split"));
  const elsewhere = h("p", { class: "muted small-text", "data-testid": "themes-elsewhere" }, t("themes.elsewhere"), " ",
    h("button", { type: "button", class: "small", "data-testid": "themes-control-plenary", on: { click: () => ctx.controlRoom(plenaryId()) } }, t("themes.controlPlenary")));
  const top = h("input", { id: "collect-top", type: "number", min: 1, max: TOP_MAX, placeholder: t("themes.all"), "data-testid": "collect-top", inputmode: "numeric" });
  const chosen = new Set();
  let shape = "";

  const plenaryId = () => (ctx.board.workshop?.rooms || []).find((r) => r.plenary)?.id;
  const inPlenary = () => ctx.board.room?.id === plenaryId();
  /** What may be a theme: clusters with their public notes, or public notes. */
  const options = () => {
    const notes = [...ctx.board.notes.values()].filter((n) => !n.private);
    if (kind.value === "clusters") {
      // A frame of collected results may be a theme of the next round: say which it is.
      const from = (c) => (c.source && c.source.room !== ctx.board.room?.id ? t("themes.resultsOf", { title: c.title }) : c.title);
      return [...ctx.board.clusters.values()].map((c) => ({ id: c.id, label: from(c), n: notes.filter((x) => x.cluster === c.id).length }));
    }
    return notes.map((n) => ({ id: n.id, label: n.text.trim().split("\n")[0] }));
  };

  function draw() {
    const active = document.activeElement?.id;
    const items = inPlenary() ? options() : [];
    for (const id of [...chosen]) if (!items.some((o) => o.id === id)) chosen.delete(id);
    fill(list, h("legend", {}, t(kind.value === "clusters" ? "themes.pickClusters" : "themes.pickNotes")),
      items.length ? items.map((o) => h("label", { class: "check", for: `theme-${o.id}` },
        h("input", { type: "checkbox", id: `theme-${o.id}`, "data-testid": "theme-pick", value: o.id, checked: chosen.has(o.id),
          on: { change: (e) => { if (e.target.checked) chosen.add(o.id); else chosen.delete(o.id); splitBtn.disabled = !chosen.size; } } }),
        h("span", {}, o.label, o.n === undefined ? "" : h("span", { class: "muted" }, ` · ${t("themes.count", { n: o.n })}`))))
        : h("p", { class: "muted small-text" }, t(kind.value === "clusters" ? "themes.noClusters" : "themes.noNotes")));
    list.hidden = !inPlenary();
    elsewhere.hidden = inPlenary();
    splitBtn.disabled = !chosen.size || !inPlenary();
    if (active) document.getElementById(active)?.focus();
  }
  kind.addEventListener("change", () => { chosen.clear(); shape = ""; el.update(); });

  ctx.client.on("event", (ev) => {
    if (ev.op !== "rooms.collect" || ev.actor !== ctx.board.me?.id) return;
    const n = Object.keys(ev.data.rooms || {}).length;
    announce(n ? t("themes.collected", { n }) : t("themes.nothing"));
  });

  const el = card("themes-card", "console.themes",
    h("p", { class: "muted", "data-i18n": "themes.hint" }, t("themes.hint")),
    h("h3", {}, t("themes.intoRooms")),
    h("form", {
      class: "themes-form", on: {
        submit: async (e) => {
          e.preventDefault();
          if (!chosen.size || !inPlenary()) return;
          const ids = options().map((o) => o.id).filter((id) => chosen.has(id));
          if (!(await ctx.confirm(t("themes.splitAsk", { n: ids.length }), t("themes.split")))) return;
          ctx.op("rooms.split", { strategy: "themes", [kind.value]: ids, reuse: reuse.checked, balance: sites.checked ? ["group", "site"] : ["group"] });
          chosen.clear();
          shape = "";
          el.update();
        },
      },
    }, h("div", { class: "field" }, h("label", { for: "themes-kind" }, t("themes.kind")), kind),
    list, elsewhere,
    h("label", { class: "check", for: "themes-reuse" }, reuse, " ", t("rooms.reuse")),
    h("label", { class: "check", for: "themes-sites" }, sites, " ", t("rooms.balanceSites")),
    splitBtn),
    h("h3", {}, t("themes.back")),
    h("form", {
      class: "row collect-form", on: {
        submit: async (e) => {
          e.preventDefault();
          const n = top.value === "" ? null : Math.max(1, Math.min(TOP_MAX, Math.round(Number(top.value) || 1)));
          if (!(await ctx.confirm(n ? t("themes.collectTopAsk", { n }) : t("themes.collectAsk"), t("themes.collect")))) return;
          ctx.op("rooms.collect", n ? { top: n } : {});
        },
      },
    }, h("div", { class: "field" }, h("label", { for: "collect-top" }, t("themes.top")), top),
    h("button", { "data-testid": "rooms-collect" }, t("themes.collect"))));

  el.update = () => {
    if (!ctx.board.workshop) return;
    const next = JSON.stringify([kind.value, ctx.board.room?.id, plenaryId(), options()]);
    if (next !== shape) { shape = next; draw(); }
  };
  return el;
}
