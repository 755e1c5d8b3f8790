// Grouping suggestions for the facilitator: ask the server (it computes them on
// its own, nothing leaves it), see each suggested group as a ghost frame on the
// canvas, and accept (one cluster.add with the notes), edit (rename, drop a note
// out) or dismiss each one. Nothing changes on the board until one is accepted.

import { h, fill, announce } from "./dom.js";
import { t } from "./i18n.js";
import { toast, refusal } from "./ui.js";
import { NOTE_W, NOTE_H } from "./layout.js";

const GRANULARITY = [["0", "suggest.fewer"], ["0.5", "suggest.balanced"], ["1", "suggest.more"]];

/** Dashed frames around each suggested group's notes, in the canvas's world layer. */
function ghostLayer(canvas) {
  const layer = h("div", { class: "ghost-layer", "aria-hidden": "true" });
  canvas.world.append(layer);
  return (groups, active) => {
    fill(layer, groups.map((g, i) => {
      const notes = g.notes.map((id) => canvas.board.notes.get(id)).filter(Boolean);
      if (!notes.length) return null;
      const size = (n) => canvas.sizes.get(n.id) || { w: NOTE_W, h: NOTE_H };
      const x = Math.min(...notes.map((n) => n.x)) - 12, y = Math.min(...notes.map((n) => n.y)) - 36;
      const x2 = Math.max(...notes.map((n) => n.x + size(n).w)) + 12;
      const y2 = Math.max(...notes.map((n) => n.y + size(n).h)) + 12;
      return h("div", { class: `ghost-frame${i === active ? " active" : ""}`, "data-testid": "ghost-frame",
        style: { left: `${x}px`, top: `${y}px`, width: `${x2 - x}px`, height: `${y2 - y}px` } },
      h("span", { class: "ghost-title" }, g.title));
    }));
  };
}

/** The facilitator's side section; `update()` redraws it (hidden for everyone else). */
export function suggestionsSection(client, canvas) {
  const board = client.board;
  let groups = []; // [{title, notes, score, kept: Set}]
  let duplicates = [];
  let active = -1;
  let asking = false;
  const ghosts = ghostLayer(canvas);
  const el = h("section", { class: "side-section suggestions", "aria-labelledby": "suggest-h", "data-testid": "suggestions", hidden: true });
  const text = (id) => board.notes.get(id)?.text || "";
  const redrawGhosts = () => ghosts(groups.map((g) => ({ title: g.title, notes: [...g.kept] })), active);

  const ask = async (granularity, all) => {
    asking = true; render();
    const answer = await client.ask("clusters.suggest", { granularity: Number(granularity), all });
    asking = false;
    if (!answer) { toast(t("suggest.offline")); render(); return; }
    if (answer.ok === false) { toast(refusal(answer.code, answer.message)); render(); return; }
    groups = answer.groups.map((g) => ({ ...g, kept: new Set(g.notes) }));
    duplicates = answer.duplicates;
    active = -1;
    announce(groups.length ? t("suggest.found", { n: groups.length }) : t("suggest.none"));
    render();
    el.querySelector("[data-testid=suggestion] input")?.focus();
  };
  const accept = async (g) => {
    const notes = [...g.kept].filter((id) => board.notes.has(id));
    if (notes.length < 1 || !g.title.trim()) return;
    const r = await client.op("cluster.add", { title: g.title.trim(), notes });
    if (r && r.ok === false) { toast(refusal(r.code, r.message)); return; }
    groups = groups.filter((x) => x !== g);
    announce(t("suggest.accepted", { title: g.title.trim() }));
    render();
  };
  const dismiss = (g) => { groups = groups.filter((x) => x !== g); announce(t("suggest.dismissed")); render(); };

  function card(g, i) {
    const title = h("input", { id: `suggest-title-${i}`, value: g.title, maxlength: 200, "data-testid": "suggestion-title",
      on: { input: (e) => { g.title = e.target.value; redrawGhosts(); } } });
    return h("li", { class: "suggestion card", "data-testid": "suggestion",
      on: { focusin: () => { active = i; redrawGhosts(); }, mouseenter: () => { active = i; redrawGhosts(); } } },
    h("label", { for: `suggest-title-${i}`, class: "small-text" }, t("suggest.title")), title,
    h("p", { class: "muted small-text" }, t("suggest.score", { n: Math.round(g.score * 100) })),
    h("ul", { class: "suggestion-notes" }, g.notes.filter((id) => board.notes.has(id)).map((id) => h("li", {},
      h("label", {}, h("input", { type: "checkbox", checked: g.kept.has(id), "data-testid": "suggestion-note",
        on: { change: (e) => { if (e.target.checked) g.kept.add(id); else g.kept.delete(id); render(); } } }), " ", text(id).slice(0, 80))))),
    h("div", { class: "row" },
      h("button", { type: "button", class: "small primary", "data-testid": "suggestion-accept", disabled: !g.kept.size,
        on: { click: () => accept(g) } }, t("suggest.accept")),
      h("button", { type: "button", class: "small", "data-testid": "suggestion-dismiss", on: { click: () => dismiss(g) } }, t("suggest.dismiss"))));
  }

  function render() {
    el.hidden = !board.isFacilitator();
    if (el.hidden) { ghosts([], -1); return; }
    const focused = el.contains(document.activeElement) ? document.activeElement.dataset.testid : null;
    const pick = h("select", { id: "suggest-granularity", "data-testid": "suggest-granularity" },
      GRANULARITY.map(([v, k]) => h("option", { value: v, selected: v === (el.dataset.g || "0.5") }, t(k))));
    pick.addEventListener("change", () => { el.dataset.g = pick.value; });
    const all = h("input", { type: "checkbox", id: "suggest-all", "data-testid": "suggest-all", checked: el.dataset.all === "1",
      on: { change: (e) => { el.dataset.all = e.target.checked ? "1" : ""; } } });
    const hints = h("input", { type: "checkbox", id: "similar-hints", "data-testid": "similar-hints-setting",
      checked: board.workshop?.similar_hints !== false,
      on: { change: async (e) => {
        const r = await client.op("workshop.settings", { similar_hints: e.target.checked });
        if (r && r.ok === false) toast(refusal(r.code, r.message));
      } } });
    fill(el,
      h("h2", { id: "suggest-h" }, t("suggest.heading")),
      h("p", { class: "muted small-text" }, t("suggest.local")),
      h("div", { class: "field" }, h("label", { for: "suggest-granularity" }, t("suggest.granularity")), pick),
      h("label", { class: "check" }, all, " ", t("suggest.all")),
      h("button", { type: "button", class: "small", "data-testid": "suggest-run", disabled: asking,
        on: { click: () => ask(pick.value, all.checked) } }, asking ? t("suggest.asking") : t("suggest.run")),
      groups.length ? h("ol", { class: "suggestion-list" }, groups.map(card)) : null,
      duplicates.length ? h("div", { "data-testid": "suggest-duplicates" }, h("h3", {}, t("suggest.duplicates")),
        h("ul", {}, duplicates.filter(([a, b]) => board.notes.has(a) && board.notes.has(b))
          .map(([a, b]) => h("li", {}, `“${text(a).slice(0, 60)}” · “${text(b).slice(0, 60)}”`)))) : null,
      h("label", { class: "check similar-setting" }, hints, " ", t("similar.setting")));
    redrawGhosts();
    if (focused) el.querySelector(`[data-testid="${focused}"]`)?.focus();
  }
  // Redrawn on board changes only when what it shows changed (so typing a title is not interrupted).
  let shown = "";
  el.update = () => {
    const ids = groups.flatMap((g) => g.notes);
    const key = JSON.stringify([board.isFacilitator(), board.workshop?.similar_hints, ids.map((id) => { const n = board.notes.get(id); return n && [n.text, n.x, n.y]; }), t("suggest.heading")]);
    if (key === shown) return;
    shown = key;
    render();
  };
  return el;
}
