// What a person sees of the board right now: the server's state with their own
// ops not yet applied laid over it (so what they do shows at once, offline too),
// and the bits of a note both the canvas and the phone list show.

import { h } from "./dom.js";
import { t } from "./i18n.js";
import { COLORS, rankOf } from "./board-state.js";
import { scoresText } from "./matrix.js";

/**
 * The board with `client`'s pending ops applied: {notes: [N + {pending, ref}], clusters: Map}.
 * A note not yet on the server has id `ref:<ref>`; its `pending` is "queued" or "sending".
 */
export function overlay(client, localMoves = new Map()) {
  const b = client.board;
  const notes = new Map();
  for (const [id, n] of b.notes) notes.set(id, { ...n, pending: null });
  const clusters = new Map();
  for (const [id, c] of b.clusters) clusters.set(id, { ...c });
  for (const p of client.pending()) {
    const d = p.data || {};
    const state = p.sent ? "sending" : "queued";
    const n = notes.get(d.id);
    switch (p.op) {
      case "note.add":
        notes.set(`ref:${p.ref}`, {
          id: `ref:${p.ref}`, ref: p.ref, text: d.text, color: d.color || "yellow", x: d.x ?? 0, y: d.y ?? 0,
          cluster: d.cluster ?? null, author: b.me?.id ?? null, author_group: b.me?.group ?? null, pending: state,
        });
        break;
      case "note.edit": if (n) Object.assign(n, d.text != null ? { text: d.text } : {}, d.color ? { color: d.color } : {}, { pending: state }); break;
      case "note.move": if (n) Object.assign(n, { x: d.x, y: d.y }); break;
      case "note.group": if (n) n.cluster = d.cluster ?? null; break;
      case "note.delete": notes.delete(d.id); break;
      case "cluster.rename": if (clusters.has(d.id)) clusters.get(d.id).title = d.title; break;
      case "cluster.move": {
        // The frame and its notes move together until the server's own place arrives.
        const c = clusters.get(d.id);
        if (!c) break;
        const dx = d.x - c.x, dy = d.y - c.y;
        c.x = d.x; c.y = d.y;
        for (const x of notes.values()) if (x.cluster === d.id) { x.x += dx; x.y += dy; }
        break;
      }
      case "cluster.delete":
        clusters.delete(d.id);
        for (const x of notes.values()) if (x.cluster === d.id) x.cluster = null;
        break;
      case "cluster.add": {
        const id = `ref:${p.ref}`;
        clusters.set(id, { id, title: d.title, x: d.x ?? 0, y: d.y ?? 0, pending: state });
        for (const nid of d.notes || []) if (notes.has(nid)) notes.get(nid).cluster = id;
        break;
      }
      default: break;
    }
  }
  for (const [id, pos] of localMoves) if (notes.has(id)) Object.assign(notes.get(id), pos);
  return { notes: [...notes.values()], clusters };
}

/** Who wrote `note`, as the workshop's author mode lets this viewer know. */
export function authorText(board, note) {
  if (note.author && board.me && note.author === board.me.id) return t("note.byYou");
  const name = board.name(note.author);
  if (name) return note.author_group ? `${name} · ${note.author_group}` : name;
  // Shown by group, a note without one (a group too small to name, or an erased
  // author kept anonymised) is "a participant"'s.
  if (!note.author_group) return board.workshop?.authors === "group" ? t("note.aParticipant") : "";
  // Named mode and a name we have not seen: the group alone, not "someone from".
  return board.workshop?.authors === "named" ? note.author_group : t("note.byGroup", { group: note.author_group });
}

export function mayChange(board, note) {
  return board.isFacilitator() || (note.author && note.author === board.me?.id) || note.id.startsWith("ref:");
}

/**
 * The votes line of a note (or, with `kind` "clusters", a cluster): my dots and,
 * when shown, the total. Text, never colour alone. Empty when votes go elsewhere.
 */
export function votesText(board, id, kind = "notes") {
  const v = board.voting;
  // A matrix vote has no dots: its scores are scoresText's (matrix.js).
  if (v.status === "idle" || (v.target || "notes") !== kind || v.kind === "matrix") return "";
  const mine = board.myVotes[id] || 0;
  const total = v.tally ? (v.tally[id] || 0) : null;
  const dots = mine ? "●".repeat(Math.min(mine, 10)) + " " : "";
  if (total === null) return mine ? dots + t("vote.mine", { n: mine }) : "";
  // Once the vote is closed, the result's rank: equal totals share it (1, 1, 1, 4).
  const place = rankOf(board, id);
  const rank = place ? t(place.tied ? "vote.rankTied" : "vote.rank", { rank: place.rank }) + " · " : "";
  return rank + dots + t("vote.total", { n: total }) + (mine ? " " + t("vote.yours", { n: mine }) : "");
}

/** A short description of a note for screen readers. */
export function noteLabel(board, note, clusters) {
  const parts = [t(`note.color.${note.color}`), note.text];
  const by = authorText(board, note);
  if (by) parts.push(by);
  const c = note.cluster && clusters.get(note.cluster);
  if (c) parts.push(t("note.inCluster", { title: c.title }));
  const votes = votesText(board, note.id) || scoresText(board, note.id);
  if (votes) parts.push(votes);
  if (note.pending) parts.push(t(`note.${note.pending}`));
  if (note.private) parts.push(t("note.private"));
  return parts.join(". ");
}

/** Colour choice as a row of labelled radio-like buttons. */
export function colorPicker(current, onPick) {
  const group = h("div", { class: "swatches", role: "radiogroup", "aria-label": t("note.color") });
  const buttons = COLORS.map((c) => h("button", {
    type: "button", class: "swatch", role: "radio", "aria-checked": String(c === current),
    "data-color": c, "data-testid": `swatch-${c}`, title: t(`color.${c}`), tabindex: c === current ? 0 : -1,
    on: {
      click: () => select(c, true),
      keydown: (e) => {
        const i = COLORS.indexOf(group.dataset.value);
        const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
        if (step) { e.preventDefault(); select(COLORS[(i + step + COLORS.length) % COLORS.length], true); }
      },
    },
  }, h("span", { class: "sr-only" }, t(`color.${c}`))));
  function select(c, focus) {
    group.dataset.value = c;
    for (const b of buttons) {
      const on = b.dataset.color === c;
      b.setAttribute("aria-checked", String(on));
      b.tabIndex = on ? 0 : -1;
      if (on && focus) b.focus();
    }
    onPick(c);
  }
  group.dataset.value = current;
  group.append(...buttons);
  return group;
}

/** A <select> of clusters (plus "none"). */
export function clusterSelect(clusters, current, id) {
  return h("select", { id, "data-testid": "note-cluster" },
    h("option", { value: "" }, t("cluster.none")),
    [...clusters.values()].filter((c) => !String(c.id).startsWith("ref:")).map((c) =>
      h("option", { value: c.id, selected: c.id === current }, c.title)));
}

/** Notes grouped for reading: [{cluster|null, notes}] by cluster order then position. */
export function grouped(notes, clusters) {
  const byCluster = new Map([...clusters.keys()].map((id) => [id, []]));
  const loose = [];
  for (const n of notes) (n.cluster && byCluster.has(n.cluster) ? byCluster.get(n.cluster) : loose).push(n);
  const order = (a, b) => (a.y - b.y) || (a.x - b.x) || ((a.created || 0) - (b.created || 0));
  const out = [...clusters.values()].map((c) => ({ cluster: c, notes: byCluster.get(c.id).sort(order) }));
  out.push({ cluster: null, notes: loose.sort(order) });
  return out;
}
