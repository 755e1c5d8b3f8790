// The one implementation of the Cocreate wire protocol for every page
// (docs/protocol.md): hello/welcome with `since`, ops with refs and acks,
// events in seq order, reconnect with exponential backoff and jitter, an outbox
// of ops made offline that survives a reload and is resent with the same ref,
// and the server clock offset from ping/pong.

import { Board } from "./board-state.js";
import { randomId } from "./dom.js";

const PING_EVERY_MS = 15000;
const DEAD_AFTER_MS = 40000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 15000;
const RETRY_CODES = new Set(["unavailable", "rate_limited"]);
const CLOSE_UNAUTHORISED = 4401;
const CLOSE_REMOVED = 4403; // a facilitator removed this participant: never reconnect
const CLOSE_TOO_MANY_SOCKETS = 4429; // this person has too many tabs or devices open

/**
 * Options: `token`; `room` (a room to open, default the participant's own);
 * `outboxKey` (localStorage key for unsent ops, null to keep them in memory only).
 *
 * Events (`on(type, fn)`): status(name), welcome(msg), event(ev), change(),
 * presence(list), drag(frame), cursor(frame), overview(msg), moved(roomId),
 * announce(ev), op({op, data, done}) (an op about to be queued; `done` is what op() returns),
 * ack({ref, seq, op}), matched({ref, seq, op}) (our event came before its ack),
 * reject({op, data, code, message}), fatal(reason).
 */
export class Client {
  constructor({ token, room = null, outboxKey = null }) {
    this.token = token;
    this.explicitRoom = room;
    this.currentRoom = room;
    this.outboxKey = outboxKey;
    this.board = new Board();
    this.status = "connecting";
    this.ws = null;
    this.ready = false;       // welcome received on this socket for the current room
    this.gen = 0;             // bumped on every new socket or room, to ignore stale errors
    this.attempt = 0;
    this.stopped = false;
    this.handlers = new Map();
    this.outbox = this._loadOutbox(); // [{ref, op, data, gen, seq}]
    this.waiters = new Map();  // ref -> {resolve}
    this.questions = new Map();  // ref -> resolve, for ask()
    this.offsetSamples = [];
    this.offset = 0;
    this.lastHeard = 0;
    this.timers = [];
    this.watchingOverview = false;
    this._online = () => { this.attempt = 0; this._connectSoon(0); };
    this._offline = () => { if (this.ws) this.ws.close(); this._setStatus("offline"); };
  }

  on(type, fn) {
    if (!this.handlers.has(type)) this.handlers.set(type, new Set());
    this.handlers.get(type).add(fn);
    return this;
  }

  _emit(type, arg) {
    for (const fn of this.handlers.get(type) || []) {
      try { fn(arg); } catch (e) { console.error(e); }
    }
  }

  start() {
    window.addEventListener("online", this._online);
    window.addEventListener("offline", this._offline);
    this.timers.push(setInterval(() => this._tick(), 5000));
    this._connect();
    return this;
  }

  stop() {
    this.stopped = true;
    window.removeEventListener("online", this._online);
    window.removeEventListener("offline", this._offline);
    for (const t of this.timers) clearInterval(t);
    clearTimeout(this.reconnectTimer);
    if (this.ws) this.ws.close(1000);
    this.ws = null;
  }

  /** Server time now, in ms since the epoch. */
  now() { return Date.now() + this.offset; }

  /**
   * Send an op. It goes into the outbox first, so an op made offline is sent
   * when the connection is back, with the same ref. The promise never rejects:
   * it resolves {ok: true, seq} on ack and {ok: false, code, message} when the
   * server refuses the op (a "reject" event is emitted too).
   */
  op(op, data = {}) {
    const entry = { ref: randomId(), op, data, gen: -1, seq: null };
    const promise = new Promise((resolve) => this.waiters.set(entry.ref, { resolve }));
    promise.ref = entry.ref;
    // Before it is queued, so a listener (undo.js) still sees the board without it.
    this._emit("op", { op, data, done: promise });
    this.outbox.push(entry);
    this._saveOutbox();
    if (this.ready) this._send(entry);
    this._emit("change");
    return promise;
  }

  /**
   * Ask a question about the board (clusters.suggest, notes.similar): sent only
   * while connected, never stored or resent (it changes nothing). Resolves with the
   * answer frame, {ok: false, code, message} when refused, or null when offline or
   * when the connection drops first.
   */
  ask(op, data = {}) {
    if (!this.ready || !this.ws || this.ws.readyState !== WebSocket.OPEN) return Promise.resolve(null);
    const ref = `q-${randomId()}`;
    const answer = new Promise((resolve) => this.questions.set(ref, resolve));
    this._raw({ type: "op", ref, op, data });
    return answer;
  }

  _answer(msg) {
    const resolve = this.questions.get(msg.ref);
    if (!resolve) return;
    this.questions.delete(msg.ref);
    resolve(msg.type === "error" ? { ok: false, code: msg.code, message: msg.message } : msg);
  }

  /** Ops not yet applied to the board: [{ref, op, data, sent, acked}]. */
  pending() {
    return this.outbox.filter((e) => e.matched == null)
      .map((e) => ({ ref: e.ref, op: e.op, data: e.data, sent: e.gen === this.gen, acked: e.seq != null }));
  }

  /** Send a cursor or drag frame when connected; dropped otherwise (never stored). */
  volatile(frame) {
    if (this.ready && this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
  }

  /** Ask for the facilitator's all-rooms overview (kept across reconnects). */
  watchOverview() {
    this.watchingOverview = true;
    if (this.ready) this._raw({ type: "overview.watch" });
  }

  /** Switch this connection to another room (facilitators and walls). */
  openRoom(roomId) {
    this.explicitRoom = roomId;
    this.currentRoom = roomId;
    this._hello(false);
  }

  _connectSoon(delay) {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this._connect(), delay);
  }

  _connect() {
    if (this.stopped) return;
    if (this.ws && this.ws.readyState <= WebSocket.OPEN) {
      if (this.ready) return;
      this.ws.close();
    }
    if (navigator.onLine === false) {
      // The browser knows it is offline: keep the outbox and wait for "online".
      this._setStatus("offline");
      this._scheduleReconnect();
      return;
    }
    this._setStatus(this.board.loaded ? "reconnecting" : "connecting");
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
    let ws;
    try { ws = new WebSocket(url); } catch { this._scheduleReconnect(); return; }
    this.ws = ws;
    this.ready = false;
    this.gen += 1;
    ws.onopen = () => { if (ws === this.ws) { this.lastHeard = Date.now(); this._hello(true); } };
    ws.onmessage = (m) => { if (ws === this.ws) this._message(m.data); };
    ws.onclose = (e) => { if (ws === this.ws) this._closed(e); };
  }

  _hello(withSince) {
    this.ready = false;
    // Presence as changes against the last list: a hall of 2,000 is not sent to each of them whole every time someone arrives.
    const frame = { type: "hello", token: this.token, presence: "changes" };
    const room = this.currentRoom || this.explicitRoom;
    if (room) frame.room = room;
    if (withSince && this.board.loaded && (!room || room === this.board.room?.id)) frame.since = this.board.seq;
    this.helloRoom = room;
    this._raw(frame);
  }

  _closed(e) {
    this.ready = false;
    this.ws = null;
    for (const resolve of this.questions.values()) resolve(null); // unanswered: ask again later
    this.questions.clear();
    if (this.stopped) return;
    if (e.code === CLOSE_UNAUTHORISED) {
      if (this.helloRoom && this.helloRoom !== this.explicitRoom) {
        // Moved while away: the old room is no longer ours; go to our current one.
        this.currentRoom = this.explicitRoom;
        this._connectSoon(0);
        return;
      }
      this._setStatus("unauthorised");
      this._emit("fatal", "unauthorised");
      return;
    }
    if (e.code === CLOSE_REMOVED || e.code === CLOSE_TOO_MANY_SOCKETS) {
      const why = e.code === CLOSE_REMOVED ? "removed" : "too-many";
      this._setStatus("unauthorised");
      this._emit("fatal", why);
      return;
    }
    this._scheduleReconnect();
  }

  _scheduleReconnect() {
    const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** this.attempt);
    this.attempt += 1;
    const delay = ceiling / 2 + Math.random() * ceiling / 2;
    this._setStatus(navigator.onLine === false ? "offline" : "reconnecting");
    this._connectSoon(delay);
  }

  _tick() {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return;
    if (Date.now() - this.lastHeard > DEAD_AFTER_MS) { this.ws.close(); return; }
    if (this.ready && Date.now() - this.lastPing >= PING_EVERY_MS - 100) this._ping();
  }

  _ping() {
    this.lastPing = Date.now();
    this._raw({ type: "ping", t: Date.now() });
  }

  _raw(frame) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
  }

  _send(entry) {
    entry.gen = this.gen;
    this._raw({ type: "op", ref: entry.ref, op: entry.op, data: entry.data });
  }

  _message(text) {
    this.lastHeard = Date.now();
    let msg;
    try { msg = JSON.parse(text); } catch { return; }
    switch (msg.type) {
      case "welcome": return this._welcome(msg);
      case "event": return this._event(msg);
      case "ack": return this.questions.has(msg.ref) ? undefined : this._ack(msg);
      case "error": return this.questions.has(msg.ref) ? this._answer(msg) : this._error(msg);
      case "suggestions": case "similar": case "team_suggestion": return this._answer(msg);
      case "pong": return this._pong(msg);
      case "presence":
        this.board.setPresence(msg.participants || [], msg.ready);
        this._emit("presence", this.board.presence);
        return this._emit("change");
      case "presence.changes":
        this.board.changePresence(msg.joined || [], msg.left || [], msg.ready);
        this._emit("presence", this.board.presence);
        return this._emit("change");
      case "moved": return this._moved(msg.room);
      case "summon": return this._emit("summon", msg);
      case "drag": case "cursor": case "viewport": return this._emit(msg.type, msg);
      case "overview": return this._emit("overview", msg);
      default: return undefined;
    }
  }

  _welcome(msg) {
    const me = msg.participant;
    if (me.role === "participant" && !this.explicitRoom && me.room && me.room !== msg.room.id) {
      // We asked for a room we are no longer in (moved while away): follow.
      this.currentRoom = me.room;
      this._hello(false);
      return;
    }
    this.board.welcome(msg);
    this.currentRoom = msg.room.id;
    this.attempt = 0;
    this.ready = true;
    this.offsetSamples = [];
    this._addOffset(msg.server_time, Date.now(), Date.now(), 1e9);
    this._setStatus("online");
    this._emit("welcome", msg);
    this._emit("change");
    this._ping();
    setTimeout(() => this.ready && this._ping(), 700);
    setTimeout(() => this.ready && this._ping(), 1600);
    if (this.watchingOverview && me.role === "facilitator") this._raw({ type: "overview.watch" });
    this._settleOutbox();
    for (const entry of this.outbox) if (entry.seq == null) this._send(entry);
  }

  _event(ev) {
    if (!this.ready || ev.room !== this.board.room?.id) return;
    if (ev.seq <= this.board.seq) return; // already applied
    if (ev.seq !== this.board.seq + 1) {
      // A gap should not happen; catch up from the log.
      if (this.ws) this.ws.close();
      return;
    }
    this.board.apply(ev);
    this._match(ev);
    this._settleOutbox();
    this._emit("event", ev);
    if (ev.op === "announce") this._emit("announce", ev);
    this._emit("change");
  }

  /**
   * Our own event may come before its ack. For an added note or cluster, mark the
   * waiting op whose data it matches, so the board does not show it twice meanwhile.
   */
  _match(ev) {
    if (!ev.actor || ev.actor !== this.board.me?.id || (ev.op !== "note.add" && ev.op !== "cluster.add")) return;
    const d = ev.data;
    const same = (e) => e.op === ev.op && e.seq == null && e.matched == null && (ev.op === "note.add"
      ? e.data.text === d.text && (e.data.color || "yellow") === d.color && (e.data.x ?? 0) === d.x && (e.data.y ?? 0) === d.y
      : e.data.title === d.title);
    const entry = this.outbox.find(same);
    if (entry) {
      entry.matched = ev.seq;
      this._emit("matched", { ref: entry.ref, seq: ev.seq, op: entry.op });
    }
  }

  _ack(msg) {
    const entry = this.outbox.find((e) => e.ref === msg.ref);
    const waiter = this.waiters.get(msg.ref);
    if (waiter) { this.waiters.delete(msg.ref); waiter.resolve({ ok: true, seq: msg.seq }); }
    if (!entry) return;
    entry.seq = msg.seq;
    this._settleOutbox();
    this._emit("ack", { ref: msg.ref, seq: msg.seq, op: entry.op });
    this._emit("change");
  }

  /** Drop acked ops whose event we have applied (or that went to another room). */
  _settleOutbox() {
    const before = this.outbox.length;
    this.outbox = this.outbox.filter((e) => e.seq == null || e.seq > this.board.seq);
    if (this.outbox.length !== before) this._saveOutbox();
  }

  _error(msg) {
    if (msg.ref == null) { console.warn("server:", msg.code, msg.message); return; }
    const entry = this.outbox.find((e) => e.ref === msg.ref);
    if (!entry || entry.gen !== this.gen) return; // stale: it will be (or was) resent
    if (RETRY_CODES.has(msg.code)) {
      entry.gen = -1;
      setTimeout(() => { if (this.ready && entry.gen === -1 && this.outbox.includes(entry)) this._send(entry); },
        1000 + Math.random() * 1000);
      return;
    }
    this.outbox = this.outbox.filter((e) => e !== entry);
    this._saveOutbox();
    const waiter = this.waiters.get(msg.ref);
    if (waiter) { this.waiters.delete(msg.ref); waiter.resolve({ ok: false, code: msg.code, message: msg.message }); }
    this._emit("reject", { op: entry.op, data: entry.data, code: msg.code, message: msg.message });
    this._emit("change");
  }

  _moved(room) {
    this.gen += 1; // answers to ops sent before this are stale; resend after the welcome
    this.outbox = this.outbox.filter((e) => e.seq == null);
    this.currentRoom = room;
    if (this.explicitRoom) this.explicitRoom = room;
    this._emit("moved", room);
    this._hello(false);
  }

  _pong(msg) {
    const t1 = Date.now();
    if (typeof msg.t !== "number" || typeof msg.server_time !== "number") return;
    this._addOffset(msg.server_time, msg.t, t1, t1 - msg.t);
  }

  _addOffset(serverTime, t0, t1, rtt) {
    this.offsetSamples.push({ offset: serverTime - (t0 + t1) / 2, rtt });
    this.offsetSamples = this.offsetSamples.slice(-5);
    this.offset = this.offsetSamples.reduce((a, b) => (b.rtt < a.rtt ? b : a)).offset;
  }

  _setStatus(status) {
    if (this.status === status) return;
    this.status = status;
    this._emit("status", status);
  }

  _loadOutbox() {
    if (!this.outboxKey) return [];
    try {
      return (JSON.parse(localStorage.getItem(this.outboxKey)) || [])
        .map((e) => ({ ref: e.ref, op: e.op, data: e.data, gen: -1, seq: null }));
    } catch { return []; }
  }

  _saveOutbox() {
    if (!this.outboxKey) return;
    const unsent = this.outbox.filter((e) => e.seq == null).map(({ ref, op, data }) => ({ ref, op, data }));
    if (unsent.length) localStorage.setItem(this.outboxKey, JSON.stringify(unsent));
    else localStorage.removeItem(this.outboxKey);
  }
}
