// One room's board as the client knows it, kept in step by applying events in
// seq order. Pure data: no DOM, no sockets.

export const COLORS = ["yellow", "pink", "blue", "green", "orange", "purple", "white"];
const IDLE_VOTING = { status: "idle", budget: 0, max_per_note: 0, hidden: false, revealed: false, target: "notes", tally: null };
const IDLE_TIMER = { status: "idle", label: "", duration_ms: 0, ends_at: null, remaining_ms: 0 };
// Ops that change only the notes they name (each a new object): the rest of the
// board, and so how every other note is shown, stays as it was.
const NOTES_ONLY = new Set(["note.add", "note.edit", "note.move", "note.group", "notes.paste"]);

export class Board {
  constructor() {
    this.workshop = null;   // W
    this.room = null;       // R
    this.me = null;         // P
    this.people = new Map(); // every P seen in presence, by id (for author names)
    this.presence = [];     // P[] currently in the room
    // Bumped by every change other than a note's own: names, votes, modes, locks. A note
    // object and this unchanged mean the note shows as it did (NoteList.paint).
    this.version = 0;
    this.reset();
  }

  reset() {
    this.version++;
    this.seq = 0;
    this.loaded = false;
    this.notes = new Map();
    this.clusters = new Map();
    this.hidden = new Set(); // ids of other people's private notes
    this.voting = { ...IDLE_VOTING };
    this.timer = { ...IDLE_TIMER };
    this.locked = false;
    this.myVotes = {};
    this.myScores = {}; // a matrix vote's own scores: note id -> {criterion: 1-5}
    this.agenda = [];
    this.round = null;
    this.privateRound = false;
    // The ready-check: counts (from presence), whether I am done, and who is
    // done (facilitators, while authors are named; otherwise null).
    this.readiness = { done: 0, of: 0, mine: false, who: null };
    this.actions = new Map(); // the workshop's actions (the same in every room)
    // The workshop's hackathon: phase, pitches (id -> PV), the presented pitch,
    // and which teams were not viable when the teams phase ended; the jury (J:
    // criteria, k of n, the ranking once closed) and my own part (M).
    this.hackathon = { phase: "ideas", pitches: new Map(), presenting: null, notViable: [], jury: idleJury(), mine: idleMine() };
  }

  /** Take a welcome: the whole state, or (state null) keep ours and await the replay. */
  welcome(msg) {
    if (msg.state || !this.loaded || (this.room && this.room.id !== msg.room.id)) {
      this.reset();
      const s = msg.state || {};
      for (const n of s.notes || []) this.notes.set(n.id, n);
      for (const c of s.clusters || []) this.clusters.set(c.id, c);
      this.voting = { ...IDLE_VOTING, ...(s.voting || {}) };
      this.timer = { ...IDLE_TIMER, ...(s.timer || {}) };
      this.locked = !!s.locked;
      this.myVotes = { ...(s.my_votes || {}) };
      this.myScores = { ...(s.my_scores || {}) };
      this.agenda = s.agenda || [];
      this.round = s.round ?? null;
      this.privateRound = !!s.private_round;
      const r = s.ready || {};
      this.readiness = { done: r.done || 0, of: r.of || 0, mine: !!r.mine, who: r.who ? new Set(r.who) : null };
      this.seq = msg.seq;
    }
    // Every welcome carries the workshop's actions at its seq, also with state null.
    const actions = msg.actions || msg.state?.actions;
    if (actions) this.actions = new Map(actions.map((a) => [a.id, a]));
    const hack = msg.hackathon;
    if (hack) {
      const pitches = new Map(hack.pitches.map((p) => [p.id, p]));
      const past = !["ideas", "pitch", "teams"].includes(hack.phase);
      this.hackathon = { phase: hack.phase, pitches, presenting: hack.presenting || null,
        notViable: past ? hack.pitches.filter((p) => !p.viability.viable).map((p) => p.id) : [],
        jury: { ...idleJury(), ...(hack.jury || {}) }, mine: { ...idleMine(), ...(hack.mine || {}) } };
    }
    this.version++;
    this.loaded = true;
    this.workshop = msg.workshop;
    this.room = msg.room;
    this.me = msg.participant;
    this.people.set(msg.participant.id, msg.participant);
  }

  setPresence(list, ready) {
    this.version++; // a name may have changed, and so a note's author line
    const unique = new Map();
    for (const p of list) { unique.set(p.id, p); this.people.set(p.id, p); }
    this.presence = [...unique.values()];
    // A juror who joined by the join code comes with no event; present, they are counted.
    const jurors = [...this.people.values()].filter((p) => p.role === "juror").length;
    if (jurors > this.hackathon.jury.jurors) this.hackathon.jury = { ...this.hackathon.jury, jurors };
    if (ready) Object.assign(this.readiness, { done: ready.done, of: ready.of });
  }

  /** A `presence.changes` frame: who arrived or changed, who left, against the last list. */
  changePresence(joined, left, ready) {
    const here = new Map(this.presence.map((p) => [p.id, p]));
    for (const id of left) here.delete(id);
    for (const p of joined) here.set(p.id, p);
    const list = [...here.values()].sort((a, b) =>
      (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.setPresence(list, ready);
  }

  /** Participants here who have not said they are done (null: not ours to know). */
  notDone() {
    const who = this.readiness.who;
    if (!who) return null;
    return this.presence.filter((p) => p.role === "participant" && !who.has(p.id));
  }

  isFacilitator() { return this.me?.role === "facilitator"; }

  /** A closed workshop: its boards are read and exported, nobody changes them. */
  isClosed() { return !!this.workshop?.closed; }

  /** Whether this viewer may change nothing on the board now: closed, a juror, or locked for a participant. */
  readOnly() { return this.isClosed() || this.isJuror() || (this.locked && !this.isFacilitator()); }

  /** A juror scores the pitches and changes nothing on a board. */
  isJuror() { return this.me?.role === "juror"; }

  /** Apply one event (already checked to be seq + 1). */
  apply(ev) {
    this.seq = ev.seq;
    if (!NOTES_ONLY.has(ev.op)) this.version++;
    const d = ev.data || {};
    const fn = HANDLERS[ev.op];
    if (fn) fn(this, d, ev);
    if (d.layout) applyLayout(this, d.layout);
  }

  name(pid) {
    if (!pid) return null;
    return this.people.get(pid)?.name ?? null;
  }

  notesIn(clusterId) {
    return [...this.notes.values()].filter((n) => (n.cluster || null) === clusterId);
  }

  votesLeft() {
    const used = Object.values(this.myVotes).reduce((a, b) => a + b, 0);
    return Math.max(0, (this.voting.budget || 0) - used);
  }

  /** Tally shown to everyone (null while hidden). */
  tally() { return this.voting.tally || null; }
}

/** The round `round.start {}` starts, as the server picks it (null: none left). */
export function nextRound(b) {
  const n = b.agenda.length;
  if (b.round != null) return b.round + 1 < n ? b.round + 1 : null;
  let last = -1, lastSeq = -1;
  b.agenda.forEach((r, i) => { if (r.ended != null && r.ended > lastSeq) { lastSeq = r.ended; last = i; } });
  for (let k = 0; k < n; k++) {
    const i = (last + 1 + k) % n;
    if (!b.agenda[i].done) return i;
  }
  return null;
}

/** What is left on `timer` at server time `now` (ms). */
export function remaining(timer, now) {
  if (!timer) return 0;
  if (timer.status === "running" && timer.ends_at != null) return Math.max(0, timer.ends_at - now);
  if (timer.status === "paused") return timer.remaining_ms || 0;
  return 0;
}

function setNote(b, d) {
  if (d.private && d.text === undefined) { b.hidden.add(d.id); return; }
  b.hidden.delete(d.id);
  b.notes.set(d.id, { ...b.notes.get(d.id), ...d });
}

function dropVotesOn(b, id) {
  if (b.myScores[id]) { const s = { ...b.myScores }; delete s[id]; b.myScores = s; }
  if (b.voting.results && id in b.voting.results) {
    const r = { ...b.voting.results }; delete r[id]; b.voting = { ...b.voting, results: r };
  }
  if (b.myVotes[id]) { const v = { ...b.myVotes }; delete v[id]; b.myVotes = v; }
  if (b.voting.tally && id in b.voting.tally) {
    const t = { ...b.voting.tally }; delete t[id]; b.voting = { ...b.voting, tally: t };
  }
}

function setVoting(b, v) {
  if (!v) return;
  b.voting = { ...IDLE_VOTING, ...v };
}

const HANDLERS = {
  "ready.set": (b, d, ev) => {
    if (ev.actor && ev.actor === b.me?.id) b.readiness.mine = d.ready;
    if (ev.actor && b.readiness.who) b.readiness.who[d.ready ? "add" : "delete"](ev.actor);
    // The counts follow in the presence frame the server sends after it.
  },
  "note.add": setNote,
  "notes.paste": (b, d) => { for (const n of d.notes || []) setNote(b, n); },
  "note.edit": setNote,
  "note.move": (b, d) => {
    const n = b.notes.get(d.id);
    if (n) b.notes.set(d.id, { ...n, x: d.x, y: d.y, ...("cluster" in d ? { cluster: d.cluster } : {}) });
  },
  "cluster.move": (b, d) => { const c = b.clusters.get(d.id); if (c) b.clusters.set(d.id, { ...c, x: d.x, y: d.y }); },
  "note.group": (b, d) => { const n = b.notes.get(d.id); if (n) b.notes.set(d.id, { ...n, cluster: d.cluster ?? null }); },
  "note.delete": (b, d) => { b.notes.delete(d.id); b.hidden.delete(d.id); dropVotesOn(b, d.id); },
  "cluster.add": (b, d) => {
    const { notes = [], ...c } = d;
    b.clusters.set(c.id, c);
    for (const id of notes) { const n = b.notes.get(id); if (n) b.notes.set(id, { ...n, cluster: c.id }); }
  },
  "cluster.rename": (b, d) => { const { notes, ...c } = d; b.clusters.set(c.id, { ...b.clusters.get(c.id), ...c }); },
  "cluster.delete": (b, d) => {
    b.clusters.delete(d.id);
    for (const n of b.notes.values()) if (n.cluster === d.id) b.notes.set(n.id, { ...n, cluster: null });
    if (b.voting.target === "clusters") dropVotesOn(b, d.id);
  },
  "vote.add": applyVote,
  "vote.remove": applyVote,
  "vote.score": applyScore,
  "voting.start": (b, d) => { b.myVotes = {}; b.myScores = {}; setVoting(b, d); },
  "voting.stop": (b, d) => setVoting(b, d),
  "voting.reveal": (b, d) => setVoting(b, d),
  "timer.start": setTimer, "timer.pause": setTimer, "timer.resume": setTimer,
  "timer.stop": setTimer, "timer.add": setTimer, "timer.end": setTimer,
  "board.lock": (b, d) => { b.locked = !!d.locked; },
  "board.unlock": (b, d) => { b.locked = !!d.locked; },
  "agenda.set": (b, d) => { b.agenda = d.rounds || []; b.round = d.current ?? null; },
  "round.start": (b, d) => {
    b.readiness.mine = false;
    if (b.readiness.who) b.readiness.who = new Set();
    b.round = d.index;
    if (d.round && b.agenda[d.index]) b.agenda[d.index] = d.round;
    if (d.timer) b.timer = { ...IDLE_TIMER, ...d.timer };
    b.locked = !!d.locked;
    b.privateRound = !!d.private;
    if (d.voting) { b.myVotes = {}; b.myScores = {}; setVoting(b, d.voting); }
  },
  "round.end": (b, d, ev) => {
    if (d.index != null && b.agenda[d.index]) b.agenda[d.index] = { ...b.agenda[d.index], done: true, ended: ev.seq };
    b.round = null;
    b.privateRound = false;
    b.locked = false;
    if (d.timer) b.timer = { ...IDLE_TIMER, ...d.timer };
    if (d.voting) setVoting(b, d.voting);
  },
  // A reveal ends the round's privacy: nothing is private any more (the server does the same).
  "notes.reveal": (b, d) => { b.privateRound = false; for (const n of d.notes || []) setNote(b, { ...n, private: false }); },
  "room.add": (b, d) => { if (b.workshop && d.room) b.workshop.rooms = [...b.workshop.rooms.filter((r) => r.id !== d.room.id), d.room]; },
  "rooms.split": (b, d) => {
    // New rooms join the list; reused ones take their new names (a split by themes renames them).
    if (b.workshop) {
      const known = new Map(b.workshop.rooms.map((r) => [r.id, r]));
      for (const r of d.rooms || []) known.set(r.id, { ...known.get(r.id), ...r });
      b.workshop.rooms = [...known.values()];
    }
    movePeople(b, d.assignments || {});
  },
  "room.assign": (b, d) => movePeople(b, { [d.participant]: d.room }),
  // Each viable team to a new room of its own (named after its pitch).
  "teams.to_rooms": (b, d) => {
    if (b.workshop) b.workshop.rooms = [...b.workshop.rooms.filter((r) => !(d.rooms || []).some((x) => x.id === r.id)), ...(d.rooms || [])];
    movePeople(b, d.assignments || {});
  },
  // Erased at their request: their name leaves this memory too (a fresh welcome follows).
  "participant.erased": (b, d) => { b.people.delete(d.participant); },
  // World Café: a table's host, and a rotation that moves everyone else.
  "room.host": (b, d) => { if (b.workshop) b.workshop.hosts = { ...(b.workshop.hosts || {}), [d.room]: d.participant }; },
  "rooms.rotate": (b, d) => {
    if (b.workshop) b.workshop.hosts = { ...(b.workshop.hosts || {}), ...(d.hosts || {}) };
    movePeople(b, d.moves || {});
  },
  "room.rename": (b, d) => replaceRoom(b, d.room),
  "room.archive": (b, d) => { replaceRoom(b, d.room); movePeople(b, d.moves || {}); },
  "rooms.recall": (b, d) => {
    const moves = {};
    for (const p of b.people.values()) if (p.role === "participant") moves[p.id] = d.room;
    movePeople(b, moves);
  },
  "action.add": setAction, "action.update": setAction, "action.progress": setAction,
  "action.commit": setAction, "action.uncommit": setAction,
  "action.delete": (b, d) => { b.actions.delete(d.id); if (b.voting.target === "actions") dropVotesOn(b, d.id); },
  "hackathon.phase": (b, d) => { b.hackathon = { ...b.hackathon, phase: d.phase, notViable: d.not_viable || [] }; },
  "pitch.add": setPitch, "pitch.update": setPitch, "team.join": setPitch, "team.leave": setPitch,
  "teams.apply": (b, d) => { for (const p of d.pitches) b.hackathon.pitches.set(p.id, p); },
  "pitch.present": (b, d) => { b.hackathon = { ...b.hackathon, presenting: d.presenting }; },
  "pitch.withdraw": (b, d) => {
    b.hackathon.pitches.delete(d.id);
    // Its jury scores go with it (and it leaves my preferences).
    const { [d.id]: _gone, ...scored } = b.hackathon.jury.scored;
    b.hackathon.jury = { ...b.hackathon.jury, scored };
    const { [d.id]: _mine, ...scores } = b.hackathon.mine.scores;
    b.hackathon.mine = { prefers: b.hackathon.mine.prefers.filter((x) => x !== d.id), scores };
    if (b.hackathon.presenting?.pitch === d.id) b.hackathon = { ...b.hackathon, presenting: null };
  },
  "jury.criteria": (b, d) => { b.hackathon.jury = { ...b.hackathon.jury, criteria: d.criteria || [] }; },
  "jury.score": (b, d) => {
    const scored = { ...b.hackathon.jury.scored };
    if (d.scored) scored[d.pitch] = d.scored; else delete scored[d.pitch];
    // Someone who joined as a juror by the join code raises no event: k jurors scored, so n >= k.
    b.hackathon.jury = { ...b.hackathon.jury, scored, jurors: Math.max(b.hackathon.jury.jurors, d.scored || 0) };
  },
  // The ranking is public from now on; the winners become the workshop's actions.
  "jury.close": (b, d) => {
    b.hackathon.jury = { ...b.hackathon.jury, closed: true, result: d.result || [] };
    for (const a of d.actions || []) setAction(b, a);
  },
  "participant.role": (b, d) => {
    const before = b.people.get(d.participant)?.role;
    const j = b.hackathon.jury;
    const change = d.role === "juror" ? (before === "juror" ? 0 : 1) : (before && before !== "juror" ? 0 : -1);
    b.hackathon.jury = { ...j, scored: { ...(d.scored || {}) }, jurors: Math.max(0, j.jurors + change) };
    const p = b.people.get(d.participant);
    if (p) b.people.set(d.participant, { ...p, role: d.role });
    // My own new view comes with the welcome that follows the server's `moved`.
  },
  "workshop.settings": (b, d) => { if (b.workshop) b.workshop = { ...b.workshop, ...d }; },
  "workshop.close": (b, d) => { if (b.workshop) b.workshop = { ...b.workshop, closed: true, closed_at: d.closed_at }; },
  "workshop.reopen": (b) => { if (b.workshop) b.workshop = { ...b.workshop, closed: false, closed_at: null }; },
  // The whole board at once: notes and clusters become the snapshot's (votes stay).
  "snapshot.restore": (b, d) => {
    b.notes = new Map((d.notes || []).map((n) => [n.id, n]));
    b.clusters = new Map((d.clusters || []).map((c) => [c.id, c]));
    b.hidden = new Set();
  },
  "constraint.flag": (b, d) => {
    if (!b.workshop) return;
    const same = (f) => JSON.stringify(f.target) === JSON.stringify(d.target) && f.boundary === d.boundary;
    b.workshop = { ...b.workshop, flags: [...(b.workshop.flags || []).filter((f) => !same(f)), d] };
  },
  "constraint.unflag": (b, d) => {
    if (!b.workshop) return;
    const gone = (f) => JSON.stringify(f.target) === JSON.stringify(d.target) && (!d.boundary || f.boundary === d.boundary);
    b.workshop = { ...b.workshop, flags: (b.workshop.flags || []).filter((f) => !gone(f)) };
  },
  "constraint.challenge": (b, d) => {
    if (b.workshop) b.workshop = { ...b.workshop, challenges: [...(b.workshop.challenges || []), d] };
  },
};

/** The flags of the workshop on one note (or, with kind "action", one action): [{boundary: {id, text} | null, reason}]. */
export function flagsOf(board, id, kind = "note") {
  const w = board.workshop;
  if (!w) return [];
  return (w.flags || []).filter((f) => f.target && f.target[kind] === id)
    .map((f) => ({ boundary: (w.boundaries || []).find((x) => x.id === f.boundary) || null, reason: f.reason }));
}

function applyVote(b, d, ev) {
  if (!d.note) return; // a hidden vote by someone else
  if (d.my_votes) b.myVotes = { ...d.my_votes };
  if (typeof d.votes === "number" && b.voting.tally) b.voting = { ...b.voting, tally: { ...b.voting.tally, [d.note]: d.votes } };
  else if (typeof d.votes === "number" && !b.voting.hidden) b.voting = { ...b.voting, tally: { [d.note]: d.votes } };
}

/** A matrix score: mine (with my_scores), or a note's new means while they are shown. */
function applyScore(b, d) {
  if (!d.note) return; // hidden: someone scored something
  if (d.my_scores) b.myScores = { ...d.my_scores };
  if ("result" in d && b.voting.results) {
    const r = { ...b.voting.results };
    if (d.result) r[d.note] = d.result; else delete r[d.note];
    b.voting = { ...b.voting, results: r };
  }
}

/** Where the server's layout moved notes and frames with an event (its "layout"). */
function applyLayout(b, layout) {
  for (const m of layout.notes || []) { const n = b.notes.get(m.id); if (n) b.notes.set(m.id, { ...n, x: m.x, y: m.y }); }
  for (const m of layout.clusters || []) { const c = b.clusters.get(m.id); if (c) b.clusters.set(m.id, { ...c, x: m.x, y: m.y }); }
}

function idleJury() { return { criteria: [], jurors: 0, scored: {}, closed: false, result: null }; }

function idleMine() { return { prefers: [], scores: {} }; }

function setAction(b, d) { b.actions.set(d.id, d); }

function setPitch(b, d) { b.hackathon.pitches.set(d.pitch.id, d.pitch); }

function setTimer(b, d) { b.timer = { ...IDLE_TIMER, ...d }; }

/** A room's new name or archived flag, in the room list and on this board. */
function replaceRoom(b, room) {
  if (!room) return;
  if (b.workshop) b.workshop.rooms = b.workshop.rooms.map((r) => (r.id === room.id ? { ...r, ...room } : r));
  if (b.room?.id === room.id) b.room = { ...b.room, ...room };
}

function movePeople(b, moves) {
  for (const [pid, room] of Object.entries(moves)) {
    const p = b.people.get(pid);
    if (p) b.people.set(pid, { ...p, room });
    if (b.me && b.me.id === pid) b.me = { ...b.me, room };
  }
}

/**
 * Competition ranks of `entries` ([[id, votes]]): equal votes share a rank and
 * the next rank skips past them (1, 1, 1, 4), as in the server's exports.
 * Returns [{id, n, rank, tied}] most votes first (ties keep the given order).
 */
export function ranked(entries) {
  const rows = entries.map(([id, n], i) => ({ id, n, i })).sort((a, b) => (b.n - a.n) || (a.i - b.i));
  const count = new Map();
  for (const r of rows) count.set(r.n, (count.get(r.n) || 0) + 1);
  let rank = 0;
  return rows.map((r, i) => {
    if (i === 0 || r.n !== rows[i - 1].n) rank = i + 1;
    return { id: r.id, n: r.n, rank, tied: count.get(r.n) > 1 };
  });
}

const rankCache = new WeakMap();

/** The rank of one note or cluster in the board's shown tally (null while none is shown). */
export function rankOf(board, id) {
  const v = board.voting;
  if (!v.tally || v.status !== "closed") return null;
  let ranks = rankCache.get(v.tally);
  if (!ranks) {
    const ids = v.target === "clusters" ? [...board.clusters.keys()]
      : v.target === "actions" ? [...board.actions.keys()]
      : [...board.notes.values()].filter((n) => !n.private).map((n) => n.id);
    ranks = new Map(ranked(ids.map((x) => [x, v.tally[x] || 0])).map((r) => [r.id, r]));
    rankCache.set(v.tally, ranks);
  }
  const place = ranks.get(id);
  return place && place.n > 0 ? place : null; // a note nobody voted for has no place
}
