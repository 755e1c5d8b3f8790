"""The leak census: every byte one viewer can receive, in one corpus, and the
searches the redaction rules are checked with.

A `Corpus` is one viewer's everything: the raw text of every frame their live
sockets received, a reconnect with `since=0` (the replay), a fresh welcome,
the facilitator's overview (its room previews included), every HTTP answer
(headers and body) of every route they may call (the workshop, its
participants, the join page, the QR code, the room exports in every format,
the snapshot list and each snapshot, health and metrics). `gather` fills it; a
route that refuses the viewer (a participant asking for a snapshot) is kept
too: its error body is something the viewer receives.

Checks are of two kinds. Secrets that are unique strings (a private note's
text, its coordinates) are searched for as raw substrings over all bytes.
Secrets that are ids which are legitimately visible elsewhere (a participant's
id is in the presence list; a note's id is on the board) are checked on the
structure: `dicts` walks every JSON value of the corpus, `frames` and
`events` give the WebSocket frames with where they came from.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from support.api import Api, Member, Workshop
from support.ws import Client, connect

Message = dict[str, Any]

EXPORT_FORMATS = ("md", "csv", "json")
# The ops whose `actor` would say who wrote a note (protocol: "the actor of `note.*`
# events is hidden the same way"); `notes.reveal` carries whole notes.
NOTE_OPS = ("note.add", "note.edit", "note.move", "note.delete", "note.group", "notes.reveal")
VOLATILE_TYPES = ("cursor", "drag")
MATRIX_HIDDEN_MD = "Scores are hidden until the facilitator reveals them."


@dataclass(frozen=True)
class Item:
    """One thing the viewer received: `source` says where from, `kind` which kind of
    source (`live`, `replay`, `welcome`, `http`), `text` every byte of it (for HTTP,
    the status line and headers too) and `value` its body parsed as JSON, if it is."""

    source: str
    kind: str
    text: str
    body: str
    value: Any = None
    is_json: bool = False


@dataclass
class Corpus:
    viewer: str
    items: list[Item] = field(default_factory=list)

    # filling

    def add(self, source: str, kind: str, text: str, body: str | None = None) -> None:
        body = text if body is None else body
        try:
            value, is_json = json.loads(body), True
        except ValueError:
            value, is_json = None, False
        self.items.append(Item(source, kind, text, body, value, is_json))

    def add_frames(self, source: str, kind: str, client: Client, start: int = 0) -> None:
        for i, raw in enumerate(client.raw[start:], start):
            self.add(f"{source} frame {i}", kind, raw)

    def add_response(self, source: str, response: httpx.Response) -> None:
        head = [f"{response.status_code} {response.reason_phrase}"]
        head += [f"{name}: {value}" for name, value in response.headers.items()]
        self.add(source, "http", "\n".join(head) + "\n\n" + response.text, response.text)

    # reading

    def kinds(self) -> set[str]:
        return {item.kind for item in self.items}

    def of(self, kind: str | None = None, source: str = "") -> list[Item]:
        return [item for item in self.items
                if (kind is None or item.kind == kind) and source in item.source]

    def only(self, kind: str | None = None, source: str = "") -> Corpus:
        """The part of the corpus of one kind, or from sources naming `source`."""
        return Corpus(f"{self.viewer} [{kind or source}]", self.of(kind, source))

    def hits(self, marker: str, items: Sequence[Item] | None = None) -> list[str]:
        """Where `marker` occurs, as `source: ...excerpt...`."""
        out = []
        for item in self.items if items is None else items:
            at = item.text.find(marker)
            if at >= 0:
                excerpt = item.text[max(0, at - 120):at + len(marker) + 120]
                out.append(f"{item.source}: ...{excerpt}...")
        return out

    def assert_absent(self, markers: dict[str, str], items: Sequence[Item] | None = None,
                      what: str = "") -> None:
        """None of `markers` (what it is -> the string) occurs in any byte."""
        found = {name: self.hits(marker, items) for name, marker in markers.items()}
        found = {name: where for name, where in found.items() if where}
        assert not found, (f"{self.viewer} received what is hidden from them {what}: "
                           + json.dumps(found, indent=1)[:6000])

    def assert_present(self, name: str, marker: str, kinds: Sequence[str] = (),
                       sources: Sequence[str] = ()) -> None:
        """A control: `marker` is there, in every kind and source named, so the census
        over those sources could have found it."""
        assert self.hits(marker), (self.viewer, "control marker missing everywhere", name)
        for kind in kinds:
            assert self.hits(marker, self.of(kind)), (self.viewer, name, "not in", kind)
        for source in sources:
            assert self.hits(marker, self.of(source=source)), (self.viewer, name, "not in",
                                                               source)

    def dicts(self, kind: str | None = None, source: str = "") -> Iterator[tuple[str, Message]]:
        """Every JSON object anywhere in the corpus, nested ones included."""
        for item in self.of(kind, source):
            if item.is_json:
                for found in _walk(item.value):
                    yield item.source, found

    def frames(self, type_: str | None = None) -> Iterator[tuple[str, Message, str]]:
        """(source, frame, raw) of every WebSocket frame, optionally of one type."""
        for item in self.items:
            if item.kind != "http" and isinstance(item.value, dict) and (
                    type_ is None or item.value.get("type") == type_):
                yield item.source, item.value, item.text

    def events(self, *ops: str) -> Iterator[tuple[str, Message, str]]:
        for source, frame, raw in self.frames("event"):
            if not ops or frame.get("op") in ops:
                yield source, frame, raw

    def extend(self, other: Corpus) -> Corpus:
        self.items.extend(other.items)
        return self


def _walk(value: Any) -> Iterator[Message]:
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)


# generic findings (each a list of human-readable places; empty means none)


def author_links(corpus: Corpus, author_id: str) -> list[str]:
    """Every place that links `author_id` to a note: a note (any object with an
    `author`) naming them, or a `note.*` / `notes.reveal` event with them as actor.
    Their id in presence or the participant list is not a link."""
    out = [f"{source}: author in {json.dumps(d)[:300]}"
           for source, d in corpus.dicts() if d.get("author") == author_id]
    out += [f"{source}: actor of {frame['op']} {raw[:300]}"
            for source, frame, raw in corpus.events(*NOTE_OPS) if frame.get("actor") == author_id]
    return out


def volatile_actors(corpus: Corpus) -> list[str]:
    """Cursor and drag frames that name who moved (when authors are not named they
    must not: they would tell whose note it probably is)."""
    return [f"{source}: {raw[:300]}" for type_ in VOLATILE_TYPES
            for source, frame, raw in corpus.frames(type_) if frame.get("actor") is not None]


def overview_items(corpus: Corpus) -> list[Item]:
    """The facilitator's overview frames, with their room previews."""
    return [item for item in corpus.items if item.kind != "http"
            and isinstance(item.value, dict) and item.value.get("type") == "overview"]


def previews(corpus: Corpus) -> Iterator[tuple[str, Message]]:
    """(source, PV) of every room preview in the overview frames."""
    for item in overview_items(corpus):
        for room in item.value.get("rooms", ()):
            if isinstance(room.get("preview"), dict):
                yield item.source, room["preview"]


def preview_votes(corpus: Corpus) -> list[str]:
    """Vote counts on a preview's notes or frames (a hidden vote must show none)."""
    return [f"{source}: votes on {json.dumps(shown)[:200]}" for source, pv in previews(corpus)
            for shown in pv.get("notes", []) + pv.get("clusters", []) if "votes" in shown]


def snapshot_ids(corpus: Corpus) -> list[str]:
    """Every snapshot id the viewer was told about (`snapshot.save`, `round.end`)."""
    ids = []
    for _, frame, _ in corpus.events("snapshot.save", "round.end"):
        data = frame.get("data") or {}
        found = data.get("id") if frame["op"] == "snapshot.save" else (
            data.get("snapshot") or {}).get("id")
        if isinstance(found, str) and found not in ids:
            ids.append(found)
    return ids


# gathering


async def _reconnect(corpus: Corpus, ws_url: str, member: Member, room: str,
                     since: int | None, overview: bool) -> None:
    kind = "welcome" if since is None else "replay"
    label = f"{member.name} {kind} since={since} room={room}"
    async with connect(ws_url, member.token, room=room, since=since, label=label) as client:
        welcome = client.welcome
        assert welcome is not None
        if since is not None and welcome["state"] is None and welcome["seq"] > since:
            await client.event(welcome["seq"])
        if overview:
            start = client.mark()
            await client.send({"type": "overview.watch"})
            await client.wait_type("overview", start=start)
        await client.ping()
        corpus.add_frames(label, kind, client)


async def gather(corpus: Corpus, *, ws_url: str, api: Api, workshop: Workshop, member: Member,
                 live: Sequence[tuple[Client, int]] = (),
                 rooms: Sequence[str] | None = None, followup: str | None = None) -> Corpus:
    """Everything `member` can receive, into `corpus`.

    `live` are the viewer's open sockets, each with the index of its first frame to
    count (0 for all). Then, per room, a reconnect with `since=0` and one without
    `since` (a facilitator's also watches the overview), and every HTTP route.
    A refusal is collected too, but exports must answer 200 (else they prove
    nothing) and snapshots 200 for facilitators and 403 for everyone else; so is the
    series page (the workshop's series, 404 when it is in none) and the follow-up
    page of the token `followup` (public: anyone with it may read it).
    """
    rooms = list(rooms or [workshop.plenary_room_id])
    facilitator = member.role == "facilitator"
    for client, start in live:
        corpus.add_frames(f"live {client.label}", "live", client, start)
    for room in rooms:
        await _reconnect(corpus, ws_url, member, room, 0, overview=False)
        await _reconnect(corpus, ws_url, member, room, None, overview=facilitator)

    def get(path: str, expect: int | None = 200, **params: str) -> httpx.Response:
        r = api.get(path, token=member.token, params=params or None)
        shown = path + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")
        corpus.add_response(f"GET {shown}", r)
        assert expect is None or r.status_code == expect, (corpus.viewer, shown, r.status_code,
                                                           r.text[:500])
        return r

    series_id = get(f"/api/workshops/{workshop.id}").json()["series_id"]
    get(f"/api/workshops/{workshop.id}/participants")
    get(f"/api/series/{series_id or '0' * 32}",
        expect=404 if series_id is None else 200 if facilitator else 403)
    get(f"/api/followup/{followup or 'no-such-link'}", expect=200 if followup else 404)
    get("/api/me/data")  # the reader's own data: nothing of anyone else
    # Method templates are the facilitators': everyone else is refused.
    get(f"/api/workshops/{workshop.id}/templates", expect=200 if facilitator else 403)
    # The archive is its facilitators' (while it would show them nothing hidden from them).
    get(f"/api/workshops/{workshop.id}/export", expect=None, format="archive")
    get(f"/api/join/{workshop.join_code}")
    # The privacy notice and the two statements: the operator's words, nobody's data.
    get(f"/api/join/{workshop.join_code}/privacy")
    get("/privacy")
    get("/accessibility")
    get("/api/qr.svg", code=workshop.join_code)
    get("/healthz")
    get("/metrics", expect=None)
    snapshot_status = 200 if facilitator else 403
    listed: list[str] = []
    for room in rooms:
        for fmt in EXPORT_FORMATS:
            get(f"/api/rooms/{room}/export", format=fmt)
        get(f"/api/rooms/{room}/results")
        r = get(f"/api/rooms/{room}/snapshots", expect=snapshot_status)
        if r.status_code == 200:
            listed += [s["id"] for s in r.json()]
    for snapshot in dict.fromkeys(listed + snapshot_ids(corpus)):
        get(f"/api/snapshots/{snapshot}", expect=snapshot_status)
    # The workshop's report is the facilitators' (and its organiser's); after the rooms'
    # exports, which the checks read first. Its PDF is left out here, its text compressed
    # (tests/integration/test_exports_workshop_report.py reads it back with pdftotext).
    for fmt in (*EXPORT_FORMATS, "actions.csv", "ics"):
        get(f"/api/workshops/{workshop.id}/export", expect=200 if facilitator else 403,
            format=fmt)
    return corpus


def hidden_score_findings(corpus: Corpus, viewer: str, own_scores: set[str],
                          scored: set[str], results_hidden: bool = True) -> list[str]:
    """What in `corpus` tells `viewer` about someone else's scores in a hidden matrix
    vote: a `vote.score` event of another voter with data or an actor, or naming a
    scored note; a `my_scores` that is not the viewer's own; and while
    `results_hidden`, any `results` (live, welcome, snapshot) and any mean in an
    export (JSON `scores`, CSV `mean_1`/`mean_2`, a Markdown table)."""
    out = []
    for source, frame, raw in corpus.events("vote.score"):
        if frame["actor"] == viewer:
            continue  # the viewer's own scores
        if frame["data"] != {} or frame["actor"] is not None:
            out.append(f"{source}: another's scores {raw[:300]}")
        out += [f"{source}: scored note {note} in {raw[:300]}" for note in scored if note in raw]
    for source, d in corpus.dicts():
        if isinstance(d.get("my_scores"), dict) and set(d["my_scores"]) - own_scores:
            out.append(f"{source}: my_scores {d['my_scores']}")
        if results_hidden and d.get("results") is not None:
            out.append(f"{source}: results {d['results']}")
        if results_hidden and d.get("scores") is not None and "means" in json.dumps(d["scores"]):
            out.append(f"{source}: scores {d['scores']}")
    if results_hidden:
        # A room's export: the workshop's report carries no matrix means at all.
        for item in corpus.of("http", "/api/rooms/"):
            if "format=csv" not in item.source:
                continue
            rows = list(csv.DictReader(io.StringIO(item.body)))
            # No rows or no mean columns would prove nothing: a finding too.
            means = [(r.get("mean_1"), r.get("mean_2")) for r in rows]
            if not rows or "mean_1" not in rows[0] or any(a or b for a, b in means):
                out.append(f"{item.source}: means {means}")
        for item in corpus.of("http", "/api/rooms/"):
            if "format=md" not in item.source:
                continue
            if MATRIX_HIDDEN_MD not in item.text or "| ---: | ---: | ---: |" in item.text:
                out.append(f"{item.source}: a table of means")
    return out
