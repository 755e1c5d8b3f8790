// The board as an infinite canvas: notes and clusters drawn in world
// coordinates, panned and zoomed by one transform. Input lives in
// canvas-input.js; this module renders and keeps the view.

import { icon } from "./icons.js";
import { h, fill, announce, frameThrottle } from "./dom.js";
import { t } from "./i18n.js";
import { overlay, authorText, votesText, noteLabel, mayChange } from "./notes-view.js";
import { isMatrix, scoresText } from "./matrix.js";
import { flagsOf } from "./board-state.js";
import { flagBadges } from "./outcomes.js";
import { noteEditor } from "./editor.js";
import { attachSimilar } from "./similar.js";
import { attachInput } from "./canvas-input.js";
import { attachCursors } from "./cursors.js";
import { NOTE_W, NOTE_H, frameBox, laidOut } from "./layout.js";

export { NOTE_W };
const ZOOM_MIN = 0.2;
const ZOOM_MAX = 2.5;
const REMOTE_DRAG_MS = 2500;

export class Canvas {
  constructor(root, client, actions) {
    this.root = root;
    this.client = client;
    this.board = client.board;
    this.actions = actions;
    this.view = { x: 40, y: 40, z: 1 };
    this.noteEls = new Map();
    this.clusterEls = new Map();
    this.sizes = new Map();
    this.boxes = new Map();
    this.localMoves = new Map();   // note id -> {x, y} not yet sent
    this.remoteDrags = new Map();  // note id -> {x, y, actor, at}
    this.drag = null;              // {id, x, y} of my own drag in progress
    this.editing = null;           // note id being edited
    this.draft = null;             // element of a new note being written
    this.refSeq = new Map();
    this.seqNote = new Map();
    this.focusRef = null;
    this.fitted = false;

    this.world = h("div", { class: "world", "data-testid": "world" });
    this.clusterLayer = h("div", { class: "cluster-layer" });
    this.noteLayer = h("div", { class: "note-layer" });
    this.world.append(this.clusterLayer, this.noteLayer);
    this.empty = h("p", { class: "canvas-empty", "data-testid": "canvas-empty", hidden: true }, t("canvas.empty"));
    this.el = h("div", {
      class: "viewport", tabindex: 0, role: "region", "data-testid": "canvas",
      "aria-label": t("canvas.label"), "aria-describedby": "canvas-hint",
    }, this.world, this.empty, h("p", { id: "canvas-hint", class: "sr-only" }, t("canvas.hint")));
    root.append(this.el);

    client.on("ack", ({ ref, seq }) => this.refSeq.set(ref, seq));
    client.on("matched", ({ ref, seq }) => this.refSeq.set(ref, seq));
    client.on("event", (ev) => {
      if (ev.op === "note.add" && ev.data?.id) this.seqNote.set(ev.seq, ev.data.id);
      if (ev.op === "note.move") this.remoteDrags.delete(ev.data.id);
    });
    // Other people's drags come many a second (20 draggers: hundreds): each only moves its
    // note, so repaint just the notes dragged since the last frame, once a frame.
    this.dragged = new Set();
    const paintDragged = frameThrottle(() => this.paintNotes(this.dragged));
    client.on("drag", (f) => {
      if (!f.id || f.id === this.drag?.id) return;
      this.remoteDrags.set(f.id, { x: f.x, y: f.y, actor: f.actor, at: Date.now() });
      this.dragged.add(f.id);
      paintDragged();
    });
    setInterval(() => {
      const now = Date.now();
      let stale = false;
      for (const [id, d] of this.remoteDrags) if (now - d.at > REMOTE_DRAG_MS) { this.remoteDrags.delete(id); stale = true; }
      if (stale) this.render();
    }, 500);
    attachInput(this);
    attachCursors(this);
    this.applyView();
  }

  locked() { return this.board.readOnly(); }

  /** Re-translate what was built once. */
  relabel() {
    this.el.setAttribute("aria-label", t("canvas.label"));
    this.el.querySelector("#canvas-hint").textContent = t("canvas.hint");
    for (const el of this.noteEls.values()) el.dataset.sig = "";
    for (const el of this.clusterEls.values()) el.dataset.sig = "";
  }

  /** Screen (client) point to world point. */
  toWorld(clientX, clientY) {
    const r = this.el.getBoundingClientRect();
    return { x: (clientX - r.left - this.view.x) / this.view.z, y: (clientY - r.top - this.view.y) / this.view.z };
  }

  /** `source` says who moved the view ("summon", "follow"; none: this page) for `onView`. */
  applyView(source) {
    const { x, y, z } = this.view;
    this.world.style.transform = `translate(${x}px, ${y}px) scale(${z})`;
    this.el.style.setProperty("--zoom", z);
    this.el.style.backgroundPosition = `${x}px ${y}px`;
    this.el.style.backgroundSize = `${32 * z}px ${32 * z}px`;
    this.onView?.(source);
  }

  zoomAt(factor, clientX, clientY) {
    const r = this.el.getBoundingClientRect();
    const cx = clientX ?? r.left + r.width / 2, cy = clientY ?? r.top + r.height / 2;
    const before = this.toWorld(cx, cy);
    this.view.z = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, this.view.z * factor));
    this.view.x = cx - r.left - before.x * this.view.z;
    this.view.y = cy - r.top - before.y * this.view.z;
    this.applyView();
  }

  panBy(dx, dy) { this.view.x += dx; this.view.y += dy; this.applyView(); }

  /** What this canvas shows, as a summon carries it: the board point at the centre, and the zoom. */
  viewport() {
    const r = this.el.getBoundingClientRect();
    if (!r.width) return null;
    const c = this.toWorld(r.left + r.width / 2, r.top + r.height / 2);
    return { x: Math.round(c.x), y: Math.round(c.y), zoom: Math.round(this.view.z * 100) / 100 };
  }

  /** Show `viewport`: its point at the centre of this canvas, at its zoom (within ours). */
  showViewport({ x, y, zoom }, source = "summon") {
    const r = this.el.getBoundingClientRect();
    const z = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, zoom));
    this.view = { z, x: r.width / 2 - x * z, y: r.height / 2 - y * z };
    this.applyView(source);
  }

  /** Zoom and pan so that every note and cluster is in view. */
  fit() {
    const boxes = [...this.boxes.values()];
    for (const n of overlay(this.client, this.localMoves).notes) {
      const s = this.sizes.get(n.id) || { w: NOTE_W, h: NOTE_H };
      boxes.push({ x: n.x, y: n.y, w: s.w, h: s.h });
    }
    const r = this.el.getBoundingClientRect();
    if (!boxes.length || !r.width) { this.view = { x: 40, y: 40, z: 1 }; this.applyView("fit"); return; }
    const minX = Math.min(...boxes.map((b) => b.x)), minY = Math.min(...boxes.map((b) => b.y));
    const maxX = Math.max(...boxes.map((b) => b.x + b.w)), maxY = Math.max(...boxes.map((b) => b.y + b.h));
    const m = 40;
    const z = Math.min(ZOOM_MAX, 1.2, Math.max(ZOOM_MIN, Math.min((r.width - 2 * m) / (maxX - minX), (r.height - 2 * m) / (maxY - minY))));
    this.view = { z, x: (r.width - (maxX - minX) * z) / 2 - minX * z, y: (r.height - (maxY - minY) * z) / 2 - minY * z };
    this.applyView("fit");
  }

  /** Lay the whole board out (facilitators): one op, the server decides; then fit the view. */
  async tidy() {
    await this.actions.tidy();
    this.render();
    requestAnimationFrame(() => this.fit());
  }

  /** A free spot near the middle of the view for a new note: the nearest place no note covers. */
  freeSpot() {
    const r = this.el.getBoundingClientRect();
    const c = this.toWorld(r.left + r.width / 2, r.top + r.height / 2);
    const x0 = Math.round(c.x - NOTE_W / 2), y0 = Math.round(c.y - NOTE_H / 2);
    const rects = overlay(this.client, this.localMoves).notes.map((n) => {
      const s = this.sizes.get(n.id) || { w: NOTE_W, h: NOTE_H };
      return { x: n.x - 12, y: n.y - 12, x2: n.x + s.w + 12, y2: n.y + s.h + 12 };
    });
    for (const b of this.boxes.values()) rects.push({ x: b.x - 12, y: b.y - 12, x2: b.x + b.w + 12, y2: b.y + b.h + 12 });
    const free = (x, y) => !rects.some((b) => x < b.x2 && x + NOTE_W > b.x && y < b.y2 && y + NOTE_H > b.y);
    for (let ring = 0; ring <= 12; ring++) {
      const step = 40 * ring;
      for (let i = -ring; i <= ring; i++) {
        for (const [dx, dy] of [[i, -ring], [i, ring], [-ring, i], [ring, i]]) {
          const x = x0 + (step ? dx * 40 : 0), y = y0 + (step ? dy * 40 : 0);
          if (free(x, y)) return { x, y };
        }
      }
    }
    return { x: x0 + 24, y: y0 + 24 };
  }

  /** Open an editor for a new note at world (x, y). */
  startDraft(x, y, cluster = null) {
    if (this.locked()) { announce(t("board.lockedSay")); return; }
    if (this.draft) this.draft.remove();
    const back = document.activeElement;
    const el = h("div", { class: "note draft editing", "data-testid": "draft", style: { left: `${x}px`, top: `${y}px` } });
    const close = () => { el.remove(); if (this.draft === el) this.draft = null; this.render(); };
    const editor = noteEditor({
      clusters: null,
      hints: (area) => attachSimilar(this.client, area),
      onSave: ({ text, color }) => {
        close();
        if (!text.trim()) { (back && back.isConnected ? back : this.el).focus(); return; }
        const p = this.actions.addNote({ text, color, x, y, cluster });
        this.focusRef = p.ref;
        this.render();
      },
      onCancel: () => { close(); (back && back.isConnected ? back : this.el).focus(); },
      onPasteLines: ({ lines, color }) => {
        close();
        this.actions.pasteNotes({ lines, color, x, y, cluster });
        this.el.focus();
        this.render();
      },
    });
    el.dataset.color = "yellow";
    el.append(editor);
    editor.addEventListener("click", (e) => e.stopPropagation());
    new MutationObserver(() => { el.dataset.color = editor.dataset.color; }).observe(editor, { attributes: true, attributeFilter: ["data-color"] });
    this.noteLayer.append(el);
    this.draft = el;
    this.empty.hidden = true;
    editor.focusText();
  }

  /** Edit an existing note in place. */
  startEdit(id) {
    const el = this.noteEls.get(id);
    const note = this.board.notes.get(id);
    if (!el || !note) return;
    if (!mayChange(this.board, note)) { announce(t("note.notYours")); return; }
    if (this.locked()) { announce(t("board.lockedSay")); return; }
    this.editing = id;
    el.classList.add("editing");
    const finish = () => {
      this.editing = null;
      el.classList.remove("editing");
      el.dataset.sig = "";
      this.render();
      el.focus();
    };
    const editor = noteEditor({
      text: note.text, color: note.color, cluster: note.cluster, clusters: this.board.clusters,
      onSave: (v) => { this.actions.editNote(note, v); finish(); },
      onCancel: finish,
    });
    fill(el, editor);
    editor.focusText();
  }

  render() {
    // On a phone the list is shown instead: the board page renders the canvas when it shows it.
    if (this.root.hidden) return;
    const v = overlay(this.client, this.localMoves);
    const seen = new Set();
    const byId = new Map(v.notes.map((n) => [n.id, n]));
    for (const n of v.notes) {
      seen.add(n.id);
      let el = this.noteEls.get(n.id);
      if (!el) {
        el = h("div", {
          class: "note", tabindex: 0, role: "group",
          "data-testid": "note", "data-id": n.id, "aria-describedby": "note-keys",
        });
        this.noteEls.set(n.id, el);
        this.noteLayer.append(el);
      }
      this.paintNote(el, n, v.clusters);
    }
    for (const [id, el] of this.noteEls) {
      if (seen.has(id)) continue;
      if (el.contains(document.activeElement)) {
        if (id.startsWith("ref:")) this.focusRef = id.slice(4);
        else this.el.focus();
      }
      el.remove();
      this.noteEls.delete(id);
      if (this.editing === id) this.editing = null;
    }
    for (const [id, el] of this.noteEls) this.sizes.set(id, { w: el.offsetWidth || NOTE_W, h: el.offsetHeight || NOTE_H });
    this.layoutClusters(v, byId);
    this.empty.hidden = !this.board.loaded || v.notes.length > 0 || v.clusters.size > 0 || !!this.draft;
    this.empty.textContent = t(this.locked() ? "canvas.emptyLocked" : "canvas.empty");
    this.restoreFocus();
    if (!this.fitted && this.board.loaded) {
      this.fitted = true;
      if (v.notes.length) this.fit();
    }
  }

  /**
   * Repaint only the notes `ids` (and empty the set): what a full render would change when
   * nothing but their places did (a drag shown live). A note not drawn yet takes a full render.
   */
  paintNotes(ids) {
    if (!ids.size) return;
    const wanted = new Set(ids);
    ids.clear();
    if (this.root.hidden) return;
    if ([...wanted].some((id) => !this.noteEls.has(id) && this.board.notes.has(id))) { this.render(); return; }
    const v = overlay(this.client, this.localMoves);
    for (const n of v.notes) {
      if (!wanted.has(n.id)) continue;
      const el = this.noteEls.get(n.id);
      this.paintNote(el, n, v.clusters);
      this.sizes.set(n.id, { w: el.offsetWidth || NOTE_W, h: el.offsetHeight || NOTE_H });
    }
  }

  restoreFocus() {
    if (!this.focusRef) return;
    const ghost = this.noteEls.get(`ref:${this.focusRef}`);
    const seq = this.refSeq.get(this.focusRef);
    const real = seq != null && this.noteEls.get(this.seqNote.get(seq));
    const target = real || ghost;
    if (target && !this.draft && this.editing === null) {
      if (document.activeElement !== target) target.focus({ preventScroll: true });
      if (real) this.focusRef = null;
    }
  }

  paintNote(el, n, clusters) {
    let pos = { x: n.x, y: n.y };
    const remote = this.remoteDrags.get(n.id);
    if (this.drag?.id === n.id) pos = this.drag;
    else if (remote) pos = remote;
    el.style.left = `${pos.x}px`;
    el.style.top = `${pos.y}px`;
    el.dataset.color = n.color || "yellow";
    el.classList.toggle("dragging", this.drag?.id === n.id);
    el.classList.toggle("remote-drag", !!remote && this.drag?.id !== n.id);
    el.classList.toggle("pending", !!n.pending);
    el.classList.toggle("lifted", this.lifted === n.id);
    if (this.editing === n.id) return;
    const by = authorText(this.board, n);
    const votes = votesText(this.board, n.id);
    const matrix = isMatrix(this.board.voting);
    const open = this.board.voting.status === "open" && !this.board.isClosed();
    const voting = open && this.board.voting.target !== "clusters" && !matrix;
    const scoring = open && matrix;
    const scores = scoresText(this.board, n.id);
    const mover = remote && this.board.name(remote.actor);
    const flags = flagsOf(this.board, n.id);
    const sig = JSON.stringify([n.text, by, votes, n.pending, n.private, this.locked(), voting, mover, n.cluster && clusters.get(n.cluster)?.title, this.board.myVotes[n.id], scoring, scores, flags]);
    el.setAttribute("aria-label", noteLabel(this.board, n, clusters) + flags.map((f) => ". " + t("boundary.outside", { boundary: f.boundary ? f.boundary.text : t("boundary.removed") }) + ": " + f.reason).join(""));
    if (el.dataset.sig === sig) return;
    el.dataset.sig = sig;
    const mine = mayChange(this.board, n) && !n.id.startsWith("ref:") && !this.locked();
    fill(el,
      h("div", { class: "note-text", "data-testid": "note-text" }, n.text),
      flagBadges(this.board, n.id),
      h("div", { class: "note-foot" },
        by ? h("span", { class: "note-author", "data-testid": "note-author" }, by) : null,
        votes ? h("span", { class: "note-votes", "data-testid": "note-votes" }, votes) : null,
        scores ? h("span", { class: "note-votes", "data-testid": "note-scores" }, scores) : null,
        scoring && !n.id.startsWith("ref:") ? h("button", { type: "button", class: "small vote-btn", tabindex: -1, "data-action": "score", "data-testid": "note-score", "aria-label": t("matrix.score"), title: t("matrix.score") }, t("matrix.scoreShort")) : null,
        n.pending ? h("span", { class: "note-pending", "data-testid": "note-pending" }, icon("clock"), " ", t(`note.${n.pending}`)) : null,
        n.private ? h("span", { class: "note-private", "data-testid": "note-private" }, icon("eye"), " ", t("note.private")) : null,
        mover ? h("span", { class: "note-mover" }, t("note.movedBy", { name: mover })) : null,
        voting && !n.id.startsWith("ref:") ? h("span", { class: "vote-btns" },
          h("button", { type: "button", class: "small vote-btn", tabindex: -1, "data-action": "vote", "data-testid": "note-vote", "aria-label": t("vote.add"), title: t("vote.add") }, "+●"),
          this.board.myVotes[n.id] ? h("button", { type: "button", class: "small vote-btn", tabindex: -1, "data-action": "unvote", "data-testid": "note-unvote", "aria-label": t("vote.remove"), title: t("vote.remove") }, "−●") : null) : null),
      mine ? h("div", { class: "note-actions" },
        h("button", { type: "button", class: "small icon", tabindex: -1, "data-action": "edit", "data-testid": "note-edit", "aria-label": t("note.edit"), title: t("note.edit") }, icon("pencil")),
        h("button", { type: "button", class: "small icon", tabindex: -1, "data-action": "delete", "data-testid": "note-delete", "aria-label": t("note.delete"), title: t("note.delete") }, icon("trash"))) : null);
  }

  /** Cluster frames around their notes (an empty cluster sits at its own x, y). */
  layoutClusters(v, byId) {
    this.boxes.clear();
    const seen = new Set();
    const clusterVoting = this.board.voting.status === "open" && this.board.voting.target === "clusters";
    for (const c of v.clusters.values()) {
      seen.add(c.id);
      const members = laidOut(v.notes, c.id);
      // The frame is the server's grid at the cluster's place (or where it is being dragged).
      const at = this.clusterDrag?.id === c.id ? this.clusterDrag : c;
      const box = frameBox(at.x, at.y, members.length);
      this.boxes.set(c.id, box);
      let el = this.clusterEls.get(c.id);
      if (!el) {
        el = h("section", { class: "cluster", "data-testid": "cluster", "data-id": c.id });
        this.clusterEls.set(c.id, el);
        this.clusterLayer.append(el);
      }
      Object.assign(el.style, { left: `${box.x}px`, top: `${box.y}px`, width: `${box.w}px`, height: `${box.h}px` });
      const over = this.dropTarget?.kind === "cluster" ? this.dropTarget.id : this.dropTarget?.note?.cluster;
      el.classList.toggle("drop-target", over === c.id);
      el.classList.toggle("pending", !!c.pending);
      const votes = votesText(this.board, c.id, "clusters");
      const sig = JSON.stringify([c.title, members.length, votes, clusterVoting, this.board.myVotes[c.id], !!c.pending]);
      if (el.dataset.sig === sig) continue;
      el.dataset.sig = sig;
      el.setAttribute("aria-label", t("cluster.aria", { title: c.title, n: members.length }));
      const real = !c.id.startsWith("ref:");
      // A rename re-draws the head under the focused button: focus stays on the cluster.
      const focused = el.contains(document.activeElement) ? document.activeElement.dataset.action : null;
      fill(el, h("div", { class: "cluster-head", "data-id": c.id },
        h("div", { class: "cluster-name" },
          h("h3", { class: "cluster-title", "data-testid": "cluster-title" }, c.title),
          h("span", { class: "cluster-count" }, t("cluster.count", { n: members.length }), votes ? " · " : "",
            votes ? h("span", { class: "note-votes", "data-testid": "cluster-votes" }, votes) : null)),
        real && clusterVoting ? h("button", { type: "button", class: "small vote-btn", "data-action": "cvote", "data-testid": "cluster-vote", "aria-label": t("vote.addTo", { title: c.title }) }, "+●") : null,
        real && clusterVoting && this.board.myVotes[c.id] ? h("button", { type: "button", class: "small vote-btn", "data-action": "cunvote", "aria-label": t("vote.removeFrom", { title: c.title }) }, "−●") : null,
        real ? h("span", { class: "cluster-tools" },
          h("button", { type: "button", class: "small icon", "data-action": "crename", "data-testid": "cluster-rename", "aria-label": t("cluster.renameNamed", { title: c.title }), title: t("cluster.rename") }, icon("pencil")),
          h("button", { type: "button", class: "small icon", "data-action": "cdelete", "data-testid": "cluster-delete", "aria-label": t("cluster.deleteNamed", { title: c.title }), title: t("cluster.delete") }, "✕")) : null));
      if (focused) (el.querySelector(`[data-action="${focused}"]`) || this.el).focus({ preventScroll: true });
    }
    for (const [id, el] of this.clusterEls) if (!seen.has(id)) { el.remove(); this.clusterEls.delete(id); }
    for (const [id, el] of this.noteEls) {
      // Only a loose note makes a new cluster; over a cluster's note, its frame lights up.
      const target = this.dropTarget?.kind === "note" && this.dropTarget.id === id && !this.dropTarget.note.cluster;
      el.classList.toggle("drop-target", target);
      if (target) el.dataset.dropLabel = t("drag.dropToGroup");
    }
    void byId;
  }

  /** What lies under world point p (other than note `except`): {kind: note|cluster, id} or null. */
  hit(p, except) {
    const v = overlay(this.client, this.localMoves);
    for (const n of [...v.notes].reverse()) {
      if (n.id === except || n.id.startsWith("ref:")) continue;
      const s = this.sizes.get(n.id) || { w: NOTE_W, h: NOTE_H };
      if (p.x >= n.x && p.x <= n.x + s.w && p.y >= n.y && p.y <= n.y + s.h) return { kind: "note", id: n.id, note: n };
    }
    for (const [id, b] of this.boxes) {
      if (id.startsWith("ref:")) continue;
      if (p.x >= b.x && p.x <= b.x + b.w && p.y >= b.y && p.y <= b.y + b.h) return { kind: "cluster", id };
    }
    return null;
  }
}
