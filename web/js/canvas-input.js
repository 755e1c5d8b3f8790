// Input for the canvas: one drag state machine for mouse, pen, touch and
// keyboard. Space lifts the focused note, arrow keys move it (or nudge it when
// not lifted), Space drops, Escape cancels; each step is voiced politely.

import { announce } from "./dom.js";
import { t } from "./i18n.js";
import { overlay, mayChange } from "./notes-view.js";
import { NOTE_W, NOTE_H, PAD, HEAD } from "./layout.js";

const THRESHOLD = 4;
const NUDGE = 20;
const NUDGE_BIG = 100;
const DRAG_FRAME_MS = 50;

function noteNow(c, id) {
  return overlay(c.client, c.localMoves).notes.find((n) => n.id === id) || null;
}

/** The note's centre when its top left is at `pos`: the server decides membership by it. */
export function centreOf(pos) { return { x: pos.x + NOTE_W / 2, y: pos.y + NOTE_H / 2 }; }

/**
 * Finish a move of `note` to `pos`. One op either way: dropped on a loose note it
 * makes a new cluster of the two (`cluster.add`); anywhere else a `note.move`,
 * which the server turns into joining the frame under the note's centre, or
 * leaving its own frame when the centre is outside it.
 */
function drop(c, note, pos) {
  const target = c.hit(centreOf(pos), note.id);
  let said = t("drag.dropped");
  if (target?.kind === "note" && !target.note.cluster && !target.note.private && !note.private) {
    const title = t("cluster.defaultTitle", { n: c.board.clusters.size + 1 });
    c.actions.newCluster(title, [target.id, note.id], target.note.x - PAD, target.note.y - HEAD);
    said = t("drag.newCluster", { title });
  } else {
    const into = target?.kind === "cluster" ? target.id : target?.note?.cluster || null;
    if (pos.x !== note.x || pos.y !== note.y) c.actions.moveNote(note, pos.x, pos.y);
    if (note.private) said = t("drag.dropped");
    else if (into && into !== note.cluster) said = t("drag.droppedInto", { title: c.board.clusters.get(into)?.title || "" });
    else if (!into && note.cluster) said = t("drag.leftCluster");
  }
  c.dropTarget = null;
  announce(said);
}

function describeTarget(c, target) {
  if (!target) return t("drag.overNothing");
  // Over a note of a cluster, a drop joins that cluster (as over its frame).
  const cid = target.kind === "cluster" ? target.id : target.note.cluster;
  if (cid) return t("drag.overCluster", { title: c.board.clusters.get(cid)?.title || "" });
  return t("drag.overNote", { text: target.note.text.slice(0, 60) });
}

export function attachInput(c) {
  const vp = c.el;
  const pointers = new Map();
  let g = null; // the gesture in progress
  let lastDragSent = 0;
  const nudgeTimers = new Map();

  const sendDrag = (id, x, y, force = false) => {
    const now = performance.now();
    if (!force && now - lastDragSent < DRAG_FRAME_MS) return;
    lastDragSent = now;
    c.client.volatile({ type: "drag", id, x, y });
  };

  vp.addEventListener("pointerdown", (e) => {
    if (e.pointerType === "mouse" && e.button !== 0) return;
    if (e.target.closest("button, textarea, input, select, .editor, .draft")) return;
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      if (g?.kind === "note" || g?.kind === "cluster") { cancelGesture(); }
      g = { kind: "pinch", dist: Math.hypot(a.x - b.x, a.y - b.y), mid: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } };
      return;
    }
    const noteEl = e.target.closest(".note");
    const head = e.target.closest(".cluster-head");
    const base = { pointerId: e.pointerId, sx: e.clientX, sy: e.clientY, moved: false };
    if (noteEl && !noteEl.classList.contains("editing") && !noteEl.dataset.id.startsWith("ref:")) {
      const n = noteNow(c, noteEl.dataset.id);
      if (!n) return;
      g = { ...base, kind: "note", id: n.id, ox: n.x, oy: n.y };
    } else if (head && !head.dataset.id.startsWith("ref:")) {
      const v = overlay(c.client, c.localMoves);
      const cl = v.clusters.get(head.dataset.id);
      if (!cl) return;
      const members = v.notes.filter((n) => n.cluster === cl.id && !n.private && !n.id.startsWith("ref:"));
      g = { ...base, kind: "cluster", id: cl.id, cx: cl.x, cy: cl.y, members: members.map((n) => ({ n, ox: n.x, oy: n.y })) };
    } else {
      g = { ...base, kind: "pan", lx: e.clientX, ly: e.clientY };
    }
    vp.setPointerCapture(e.pointerId);
  });

  vp.addEventListener("pointermove", (e) => {
    if (!pointers.has(e.pointerId)) return;
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (!g) return;
    if (g.kind === "pinch") {
      const [a, b] = [...pointers.values()];
      if (!b) return;
      const dist = Math.hypot(a.x - b.x, a.y - b.y);
      const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
      c.panBy(mid.x - g.mid.x, mid.y - g.mid.y);
      if (g.dist > 0) c.zoomAt(dist / g.dist, mid.x, mid.y);
      g.dist = dist; g.mid = mid;
      return;
    }
    if (e.pointerId !== g.pointerId) return;
    const dx = e.clientX - g.sx, dy = e.clientY - g.sy;
    if (!g.moved && Math.hypot(dx, dy) < THRESHOLD) return;
    if (!g.moved && (g.kind === "note" || g.kind === "cluster") && c.locked()) {
      announce(t("board.lockedSay"));
      g = { kind: "none", pointerId: g.pointerId };
      return;
    }
    g.moved = true;
    if (g.kind === "pan") {
      c.panBy(e.clientX - g.lx, e.clientY - g.ly);
      g.lx = e.clientX; g.ly = e.clientY;
    } else if (g.kind === "note") {
      const x = Math.round(g.ox + dx / c.view.z), y = Math.round(g.oy + dy / c.view.z);
      c.drag = { id: g.id, x, y };
      c.dropTarget = c.hit(centreOf(c.drag), g.id);
      sendDrag(g.id, x, y);
      c.render();
    } else if (g.kind === "cluster") {
      const mx = Math.round(dx / c.view.z), my = Math.round(dy / c.view.z);
      c.clusterDrag = { id: g.id, x: g.cx + mx, y: g.cy + my };
      for (const m of g.members) c.localMoves.set(m.n.id, { x: m.ox + mx, y: m.oy + my });
      c.render();
    }
  });

  const end = (e) => {
    pointers.delete(e.pointerId);
    if (!g) return;
    if (g.kind === "pinch") { if (pointers.size === 0) g = null; return; }
    if (e.pointerId !== g.pointerId) return;
    const gesture = g;
    g = null;
    if (!gesture.moved) return;
    if (gesture.kind === "note") {
      const note = noteNow(c, gesture.id);
      const pos = c.drag ? { x: c.drag.x, y: c.drag.y } : null;
      c.drag = null;
      if (note && pos && e.type === "pointerup") {
        sendDrag(note.id, pos.x, pos.y, true);
        drop(c, note, pos);
      }
      c.dropTarget = null;
      c.render();
    } else if (gesture.kind === "cluster") {
      const to = c.clusterDrag;
      c.clusterDrag = null;
      for (const m of gesture.members) c.localMoves.delete(m.n.id);
      // One op moves the frame with its notes; the server finds it room near the drop.
      if (to && e.type === "pointerup" && (to.x !== gesture.cx || to.y !== gesture.cy)) {
        const cl = c.board.clusters.get(gesture.id);
        if (cl) c.actions.moveCluster(cl, to.x, to.y);
      }
      c.render();
    }
  };
  const cancelGesture = () => {
    if (g?.kind === "note") c.drag = null;
    if (g?.kind === "cluster") { c.clusterDrag = null; for (const m of g.members) c.localMoves.delete(m.n.id); }
    g = null;
    c.render();
  };
  vp.addEventListener("pointerup", end);
  vp.addEventListener("pointercancel", end);

  vp.addEventListener("wheel", (e) => {
    if (e.target.closest("textarea, .editor")) return;
    e.preventDefault();
    if (e.ctrlKey || e.metaKey) c.zoomAt(Math.exp(-e.deltaY * 0.01), e.clientX, e.clientY);
    else c.panBy(-e.deltaX, -e.deltaY);
  }, { passive: false });

  vp.addEventListener("dblclick", (e) => {
    if (e.target.closest("button, textarea, input, select, .editor, .draft")) return;
    const noteEl = e.target.closest(".note");
    if (noteEl) { c.startEdit(noteEl.dataset.id); return; }
    const head = e.target.closest(".cluster-head");
    if (head) { const cl = c.board.clusters.get(head.dataset.id); if (cl) c.actions.renameCluster(cl); return; }
    const p = c.toWorld(e.clientX, e.clientY);
    c.startDraft(Math.round(p.x - NOTE_W / 2), Math.round(p.y - 20));
  });

  vp.addEventListener("click", (e) => {
    const btn = e.target.closest("button[data-action]");
    if (!btn) return;
    const noteEl = btn.closest(".note");
    const note = noteEl && c.board.notes.get(noteEl.dataset.id);
    const head = btn.closest(".cluster-head");
    const cluster = head && c.board.clusters.get(head.dataset.id);
    switch (btn.dataset.action) {
      case "edit": if (note) c.startEdit(note.id); break;
      case "vote": if (note) c.actions.vote(note.id); break;
      case "score": if (note) c.actions.score(note.id); break;
      case "unvote": if (note) c.actions.unvote(note.id); break;
      case "delete": if (note) c.actions.deleteNote(note); break;
      case "cvote": if (cluster) c.actions.vote(cluster.id); break;
      case "cunvote": if (cluster) c.actions.unvote(cluster.id); break;
      case "crename": if (cluster) c.actions.renameCluster(cluster); break;
      case "cdelete": if (cluster) c.actions.deleteCluster(cluster); break;
      default: break;
    }
  });

  function keepInView(id) {
    const el = c.noteEls.get(id);
    if (!el) return;
    const r = el.getBoundingClientRect(), v = vp.getBoundingClientRect();
    const m = 24;
    let dx = 0, dy = 0;
    if (r.left < v.left + m) dx = v.left + m - r.left; else if (r.right > v.right - m) dx = v.right - m - r.right;
    if (r.top < v.top + m) dy = v.top + m - r.top; else if (r.bottom > v.bottom - m) dy = v.bottom - m - r.bottom;
    if (dx || dy) c.panBy(dx, dy);
  }

  function nudge(id, dx, dy) {
    if (c.locked()) { announce(t("board.lockedSay")); return; }
    const n = noteNow(c, id);
    if (!n) return;
    const next = { x: n.x + dx, y: n.y + dy };
    c.localMoves.set(id, next);
    c.render();
    keepInView(id);
    if (c.lifted === id) {
      const target = c.hit(centreOf(next), id);
      const key = target ? `${target.kind}:${target.id}` : "";
      if (key !== c.liftTargetKey) { c.liftTargetKey = key; announce(describeTarget(c, target)); }
      c.dropTarget = target;
      c.render();
      return;
    }
    clearTimeout(nudgeTimers.get(id)?.timer);
    const send = () => {
      clearTimeout(nudgeTimers.get(id)?.timer);
      nudgeTimers.delete(id);
      const p = c.localMoves.get(id);
      const note = c.board.notes.get(id);
      c.localMoves.delete(id);
      if (p && note) c.actions.moveNote(note, p.x, p.y);
      c.render();
    };
    nudgeTimers.set(id, { timer: setTimeout(send, 450), send });
  }

  /** Send nudges still waiting, so the next key (an edit, an undo) comes after them. */
  function flushNudges() { for (const { send } of [...nudgeTimers.values()]) send(); }

  function lift(id) {
    if (c.locked()) { announce(t("board.lockedSay")); return; }
    c.lifted = id;
    c.liftTargetKey = null;
    c.render();
    announce(t("drag.lifted"));
  }

  function dropLifted(id, cancel) {
    const n = c.board.notes.get(id);
    const p = c.localMoves.get(id);
    c.lifted = null;
    c.localMoves.delete(id);
    c.dropTarget = null;
    if (cancel || !n) { announce(t("drag.cancelled")); c.render(); return; }
    drop(c, n, p || { x: n.x, y: n.y });
    c.render();
  }

  vp.addEventListener("focusout", (e) => {
    if (c.lifted && e.target.dataset?.id === c.lifted) dropLifted(c.lifted, true);
  });

  vp.addEventListener("keydown", (e) => {
    if (e.target.closest("textarea, input, select, .editor, .draft, button")) return;
    if (!e.key.startsWith("Arrow") || e.ctrlKey || e.metaKey || e.altKey) flushNudges();
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const noteEl = e.target.classList.contains("note") ? e.target : null;
    if (noteEl) {
      const id = noteEl.dataset.id;
      if (id.startsWith("ref:")) return;
      const note = c.board.notes.get(id);
      if (!note) return;
      const step = e.shiftKey ? NUDGE_BIG : NUDGE;
      const arrows = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (arrows[e.key]) { e.preventDefault(); nudge(id, ...arrows[e.key]); return; }
      switch (e.key) {
        case "Enter": case "F2": e.preventDefault(); if (c.lifted === id) dropLifted(id, false); else c.startEdit(id); return;
        case " ": e.preventDefault(); if (c.lifted === id) dropLifted(id, false); else lift(id); return;
        case "Escape": if (c.lifted === id) { e.preventDefault(); dropLifted(id, true); } return;
        case "Delete": case "Backspace":
          e.preventDefault();
          if (mayChange(c.board, note)) c.actions.deleteNote(note); else announce(t("note.notYours"));
          return;
        case "v": case "V": {
          e.preventDefault();
          // When the vote is on clusters, V votes for the focused note's cluster.
          const target = c.board.voting.target === "clusters" ? note.cluster : id;
          if (!target) { announce(t("vote.needCluster")); return; }
          if (e.shiftKey) c.actions.unvote(target); else c.actions.vote(target);
          return;
        }
        default: return;
      }
    }
    if (e.target !== vp) return;
    const pan = e.shiftKey ? 200 : 60;
    const keys = {
      ArrowLeft: () => c.panBy(pan, 0), ArrowRight: () => c.panBy(-pan, 0),
      ArrowUp: () => c.panBy(0, pan), ArrowDown: () => c.panBy(0, -pan),
      "+": () => c.zoomAt(1.2), "=": () => c.zoomAt(1.2), "-": () => c.zoomAt(1 / 1.2), 0: () => c.fit(),
    };
    if (keys[e.key]) { e.preventDefault(); keys[e.key](); }
  });
}
