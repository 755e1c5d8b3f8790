// Undo and redo of this person's own changes to the board. A step is every
// board op the page sent in one task (a drop that moves a note and makes a
// cluster is one step). Its inverse is worked out from the board as it was just
// before the op, and sent as ordinary ops, so everyone in the room sees the
// undo. A note or cluster that comes back gets a new id from the server; steps
// that name the old id follow it through `alias`.
//
// An undo never overwrites what someone else did: a step remembers the fields
// it set as the server applied them, and when any of them differs now the step
// is dropped and nothing is sent (docs/protocol.md, Undo on the board).

import { overlay } from "./notes-view.js";

const KEPT = 100;     // steps kept on each stack
const RECENT = 1000;  // add events remembered, to learn the id an added note got
const WAIT_MS = 3000; // how long an undo waits for the server to answer the step it undoes
const NOTE_FIELDS = ["text", "color", "x", "y", "cluster"];

/**
 * Per op: `inverse(data, view, as)` gives the ops that undo it, from `view` (the
 * board just before it; null when there is nothing to undo), and
 * `claims(data, as, view)` the fields it sets: [kind, id, fields] (fields null:
 * it removes the thing). `as` names what an `.add` creates until the server says
 * its id. A new op slots in with a row here.
 */
const RULES = {
  "note.add": {
    inverse: (d, v, as) => [{ op: "note.delete", data: { id: as } }],
    claims: (d, as) => [["note", as, NOTE_FIELDS]],
  },
  "note.edit": {
    inverse: (d, v) => {
      const n = v.notes.get(d.id);
      if (!n) return null;
      const data = { id: d.id };
      if (d.text != null) data.text = n.text;
      if (d.color != null) data.color = n.color;
      return [{ op: "note.edit", data }];
    },
    claims: (d) => [["note", d.id, ["text", "color"].filter((f) => d[f] != null)]],
  },
  "note.move": {
    // A move may also take the note out of its cluster (dragged out of the frame):
    // its undo puts it back, and the regrouping is skipped when nothing changed.
    inverse: (d, v) => {
      const n = v.notes.get(d.id);
      return n ? [{ op: "note.group", data: { id: d.id, cluster: n.cluster ?? null } },
        { op: "note.move", data: { id: d.id, x: n.x, y: n.y } }] : null;
    },
    claims: (d) => [["note", d.id, ["x", "y", "cluster"]]],
  },
  "note.group": {
    inverse: (d, v) => {
      const n = v.notes.get(d.id);
      return n ? [{ op: "note.group", data: { id: d.id, cluster: n.cluster ?? null } }] : null;
    },
    claims: (d) => [["note", d.id, ["cluster"]]],
  },
  "note.delete": {
    inverse: (d, v) => {
      const n = v.notes.get(d.id);
      if (!n) return null;
      const data = { text: n.text, color: n.color, x: n.x, y: n.y };
      if (n.cluster) data.cluster = n.cluster;
      return [{ op: "note.add", data, as: d.id }];
    },
    claims: (d) => [["note", d.id, null]],
  },
  "cluster.add": {
    inverse: (d, v, as) => [
      { op: "cluster.delete", data: { id: as } },
      // A note taken from another cluster goes back there.
      ...(d.notes || []).map((id) => v.notes.get(id)).filter((n) => n?.cluster)
        .map((n) => ({ op: "note.group", data: { id: n.id, cluster: n.cluster } })),
    ],
    claims: (d, as) => [["cluster", as, ["title"]], ...(d.notes || []).map((id) => ["note", id, ["cluster"]])],
  },
  "cluster.rename": {
    inverse: (d, v) => {
      const c = v.clusters.get(d.id);
      return c ? [{ op: "cluster.rename", data: { id: d.id, title: c.title } }] : null;
    },
    claims: (d) => [["cluster", d.id, ["title"]]],
  },
  "cluster.delete": {
    inverse: (d, v) => {
      const c = v.clusters.get(d.id);
      if (!c) return null;
      const notes = [...v.notes.values()].filter((n) => n.cluster === d.id).map((n) => n.id);
      return [{ op: "cluster.add", data: { title: c.title, x: c.x, y: c.y, notes }, as: d.id }];
    },
    claims: (d, as, v) => [["cluster", d.id, null],
      ...[...v.notes.values()].filter((n) => n.cluster === d.id).map((n) => ["note", n.id, ["cluster"]])],
  },
  "cluster.move": {
    inverse: (d, v) => {
      const c = v.clusters.get(d.id);
      return c ? [{ op: "cluster.move", data: { id: d.id, x: c.x, y: c.y } }] : null;
    },
    claims: (d) => [["cluster", d.id, ["x", "y"]]],
  },
};

/** What a step did, for "Undone: ..." (the most telling of its ops). */
const TELLING = ["cluster.add", "cluster.delete", "note.delete", "note.add", "note.group",
  "note.edit", "cluster.rename", "cluster.move", "note.move"];

/** Names of ids in op data that may need following to a re-added note or cluster. */
const ID_FIELDS = ["id", "cluster"];

export class UndoHistory {
  constructor(client) {
    this.client = client;
    this.board = client.board;
    this.done = [];
    this.undone = [];
    this.alias = new Map();    // id (or "new:N") -> the id the server gave its (re-)added thing
    this.added = new Map();    // seq -> id added by that event
    this.waiting = [];         // [{seq, resolve}] until the board reaches seq
    this.open = null;          // the step being recorded in this task
    this.replay = null;        // {step, as} while undo or redo sends
    this.fresh = 0;
    this.sent = null;          // the step the last undo or redo sent
    this.running = Promise.resolve();
    this.room = null;
    this.listeners = new Set();
    client.on("op", (o) => this._record(o));
    client.on("event", (ev) => this._event(ev));
    client.on("welcome", (msg) => {
      if (msg.room?.id !== this.room) { this.room = msg.room?.id ?? null; this.added.clear(); this.clear(); }
      this._wake();
    });
  }

  onChange(fn) { this.listeners.add(fn); }

  canUndo() { return this.done.length > 0; }
  canRedo() { return this.undone.length > 0; }

  clear() {
    this.done = [];
    this.undone = [];
    this._changed();
  }

  /**
   * Undo the last step; resolves {result: "done"|"nothing"|"wait"|"changed", what?: op name,
   * added?: refs of the note.add ops that brought notes back}.
   * A step the server has not answered yet is waited for a moment ("wait" if it stays
   * unanswered, e.g. offline). Calls run one after the other.
   */
  undo() { return this._queue(() => this._flip(this.done, this.undone)); }

  redo() { return this._queue(() => this._flip(this.undone, this.done)); }

  /** Run undos and redos one after the other, each once the server has answered the last. */
  _queue(fn) {
    const run = this.running.then(fn);
    this.running = run.then(() => this._answered(this.sent)).catch(() => undefined);
    return run;
  }

  /** Resolves when `step` is answered, or after WAIT_MS. */
  _answered(step) {
    if (!step || step.settled) return Promise.resolve();
    return Promise.race([step.finished, new Promise((resolve) => setTimeout(resolve, WAIT_MS))]);
  }

  async _flip(from, to) {
    this.sent = null;
    let step = from.at(-1);
    if (step && !step.settled) {
      await this._answered(step);
      step = from.at(-1); // a step the server refused is gone by now
    }
    if (!step) return { result: "nothing" };
    if (!step.settled) return { result: "wait" };
    from.pop();
    const what = step.what || telling(step);
    if (step.broken || this._overtaken(step)) { this._changed(); return { result: "changed", what }; }
    const next = this._newStep();
    next.what = what; // redoing a delete is still "deleting a note", though it sends an add
    const added = []; // refs of notes brought back, for focus
    for (const part of step.parts.filter((p) => p.ok).reverse()) {
      for (const o of part.inverse) {
        const data = this._fit(o.op, this._follow(o.data), this._view());
        if (!data) continue;
        this.replay = { step: next, as: o.as };
        try {
          const sent = this.client.op(o.op, data);
          if (o.op === "note.add") added.push(sent.ref);
        } finally { this.replay = null; }
      }
    }
    this._close(next, to);
    this.sent = next;
    return { result: "done", what, added };
  }

  _newStep() {
    const step = { parts: [], pending: [], settled: false, broken: false, what: null };
    step.finished = new Promise((resolve) => { step.finish = resolve; });
    return step;
  }

  _record({ op, data, done }) {
    const rule = RULES[op];
    if (!rule) return;
    const v = this._view();
    const fresh = !this.replay;
    const as = this.replay?.as ?? (op.endsWith(".add") ? `new:${++this.fresh}` : undefined);
    const inverse = rule.inverse(data, v, as);
    if (!inverse) return;
    let step = this.replay?.step;
    if (!step) {
      if (!this.open) {
        this.open = this._newStep();
        const opened = this.open;
        queueMicrotask(() => { this.open = null; this._close(opened, this.done); });
      }
      step = this.open;
    }
    const part = { op, as, inverse, claims: rule.claims(data, as, v), snapshot: null, ok: null, seq: 0 };
    step.parts.push(part);
    step.pending.push(this._settle(part, done));
    if (fresh) this.undone = [];
  }

  _close(step, stack) {
    if (!step.parts.length) return;
    stack.push(step);
    if (stack.length > KEPT) stack.splice(0, stack.length - KEPT);
    this._changed();
    Promise.all(step.pending).then(() => this._finish(step, stack));
  }

  async _settle(part, done) {
    const r = await done;
    part.ok = !!r.ok;
    if (!r.ok) return;
    part.seq = r.seq;
    await this._reach(r.seq);
    if (part.op.endsWith(".add")) {
      const id = this.added.get(r.seq);
      if (id) this.alias.set(part.as, id); else part.broken = true;
    }
  }

  /** All of a step's ops answered: it may be undone now, unless the server refused all of it. */
  _finish(step, stack) {
    const ok = step.parts.filter((p) => p.ok);
    if (!ok.length) {
      const i = stack.indexOf(step);
      if (i >= 0) stack.splice(i, 1);
    } else {
      // Taken as the board reaches the step's last event (acks come before events, and
      // this runs before the next message), so later changes are not in it.
      for (const part of ok) {
        part.snapshot = part.claims.map(([kind, id, fields]) => {
          const thing = this._thing(kind, this._id(id));
          return fields === null ? null : fields.map((f) => thing?.[f] ?? null);
        });
      }
      step.broken = ok.some((p) => p.broken);
      step.settled = true;
    }
    step.finish();
    this._changed();
  }

  /** Has anything the step set changed since? */
  _overtaken(step) {
    for (const part of step.parts.filter((p) => p.ok)) {
      for (const [i, [kind, id, fields]] of part.claims.entries()) {
        const thing = this._thing(kind, this._id(id));
        const was = part.snapshot[i];
        if (fields === null) { if (thing) return true; continue; }
        if (!thing) return true;
        for (const [j, f] of fields.entries()) {
          const now = thing[f] ?? null;
          const then = f === "cluster" && was[j] ? this._id(was[j]) : was[j];
          if (now !== then) return true;
        }
      }
    }
    return false;
  }

  /** Op data with ids followed to what the server calls them now. */
  _follow(data) {
    const out = { ...data };
    for (const f of ID_FIELDS) if (typeof out[f] === "string") out[f] = this._id(out[f]);
    if (Array.isArray(out.notes)) out.notes = out.notes.map((id) => this._id(id));
    return out;
  }

  /**
   * Adjust an inverse to the board `v` now (the ops just sent included): a cluster
   * gone since is left out; an op that would change nothing is skipped.
   */
  _fit(op, data, v) {
    const gone = (id) => id && !v.clusters.has(id);
    const n = data.id && v.notes.get(data.id);
    if (op === "note.add" && gone(data.cluster)) { const { cluster, ...rest } = data; void cluster; return rest; }
    if (op === "note.move" && n && n.x === data.x && n.y === data.y) return null;
    if (op === "note.group" && (gone(data.cluster) || (n && (n.cluster ?? null) === (data.cluster ?? null)))) return null;
    return data;
  }

  _id(id) {
    let cur = id;
    for (let i = 0; i < 1000 && this.alias.has(cur); i++) cur = this.alias.get(cur);
    return cur;
  }

  _thing(kind, id) { return (kind === "note" ? this.board.notes : this.board.clusters).get(id) || null; }

  /** The board as this person sees it (with their ops not yet applied): {notes, clusters} maps. */
  _view() {
    const v = overlay(this.client);
    return { notes: new Map(v.notes.map((n) => [n.id, n])), clusters: v.clusters };
  }

  _event(ev) {
    const d = ev.data || {};
    if ((ev.op === "note.add" || ev.op === "cluster.add") && d.id) {
      this.added.set(ev.seq, d.id);
      if (this.added.size > RECENT) this.added.delete(this.added.keys().next().value);
    }
    this._wake();
  }

  _reach(seq) {
    if (this.board.seq >= seq) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ seq, resolve }));
  }

  _wake() {
    const ready = this.waiting.filter((w) => this.board.seq >= w.seq);
    this.waiting = this.waiting.filter((w) => this.board.seq < w.seq);
    for (const w of ready) w.resolve();
  }

  _changed() { for (const fn of this.listeners) fn(); }
}

function telling(step) {
  const ops = step.parts.filter((p) => p.ok).map((p) => p.op);
  return TELLING.find((op) => ops.includes(op)) || ops[0];
}
