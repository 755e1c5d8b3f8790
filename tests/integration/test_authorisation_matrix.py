"""The authorisation matrix: every op and every HTTP route, by every role, in every room.

What is allowed comes from the tables in this module (written from docs/protocol.md),
never from running the code. The lists of ops and routes come from the code
(`cocreate.board.ROOM_OPS`, `SERVER_OPS`, `cocreate.board.workshop.WORKSHOP_OPS`,
`cocreate.board.queries.QUERY_OPS`, `cocreate.app.ROUTES`): an op or a route added
without a row here fails `test_the_matrix_has_a_row_for_every_op_and_every_route`.

Roles: the facilitator, a participant (in the plenary), a wall and a juror of workshop W; a
participant of W whom the facilitator removed; the facilitator of another workshop W2
(the outsider); no token. Rooms: W's plenary (own), a breakout of W nobody is in, and
W2's plenary. An op is sent on a socket opened for a room; where the role may not open
that room the hello is closed with 4401 and the ops sent after it do nothing.

Allowed cells are acked (HTTP: 2xx). Refused cells answer the documented error and
change nothing: the board of every room (a fresh welcome of its facilitator: seq,
state, workshop) and both workshops' participant lists are compared before and after.
Besides the matrix: a participant on someone else's note (`forbidden`), and every id a
payload names taken from another room or workshop (`not_found`).
Every failing cell is collected, so one run names all of them.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from starlette.routing import Route, WebSocketRoute

from cocreate.app import ROUTES
from cocreate.board import ROOM_OPS, SERVER_OPS
from cocreate.board.queries import QUERY_OPS
from cocreate.board.workshop import WORKSHOP_OPS
from support.api import Api, Member, Workshop, assert_error
from support.organisers import OrganiserApi, add_organiser
from support.server import ServerProcess
from support.ws import Client, Message, run
from support.ws import connect as _connect

# Hundreds of cells on one socket outrun the frame budget: the matrix's clients send a
# rate-limited op again, as the web client does, so each cell gets its real answer.
connect = functools.partial(_connect, patient=True)

REPLY_S = 10.0  # a reply that takes longer is a failing cell, not a hung test
QUERY_REPLY_S = 90.0  # a server's first question loads scikit-learn (seconds under load)

ROLES = ("facilitator", "participant", "wall", "juror", "removed", "outsider", "none")
ROOMS = ("own", "breakout", "other_workshop")

# Which room each one may open (docs/protocol.md, Opening: facilitators and walls any
# room of their workshop, a participant their current room or the plenary).
OPENS: dict[str, frozenset[str]] = {
    "facilitator": frozenset({"own", "breakout"}),
    "participant": frozenset({"own"}),
    "wall": frozenset({"own", "breakout"}),
    "juror": frozenset({"own", "breakout"}),  # like a wall (Hackathon, The jury)
    "removed": frozenset(),
    "outsider": frozenset({"other_workshop"}),  # W2's plenary is the outsider's own
    "none": frozenset(),
}
# The role each one has in the workshop of a room it may open.
ROLE_THERE = {"facilitator": "facilitator", "participant": "participant", "wall": "wall",
              "juror": "juror", "outsider": "facilitator"}


# --- the ops -------------------------------------------------------------------------------


@dataclass
class Ids:
    """What a payload names, in the room the op is sent in."""

    note: str = ""        # a note of this room (in an allowed run: one the sender wrote)
    other_note: str = ""  # a note of this room someone else wrote
    cluster: str = ""     # a cluster of this room
    participant: str = ""  # someone to move (room.assign)
    room: str = ""        # a room of the workshop to move them to
    removable: str = ""   # someone to remove (participant.remove)
    breakout: str = ""    # a breakout room of the workshop (room.rename, room.archive)
    template: str = ""    # a method template the workshop saved (template.delete)
    snapshot: str = ""    # a snapshot of this room (snapshot.restore)
    action: str = ""      # an action of the workshop (NGO, Pat's group, is a party)
    pitch: str = ""       # a pitch of the workshop's hackathon
    holder: str = ""      # whose pitch an allowed run's pitch.add is (its own per run)


Data = Callable[[Ids], dict[str, Any]]


def nothing(ids: Ids) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Step:
    """An op that sets up the state a row needs: by the room's facilitator or the sender."""

    who: str  # "facilitator" | "sender"
    op: str
    data: Data = nothing
    keep: str | None = None  # store the event's data["id"] as this field of Ids
    key: str = "id"  # the event's field holding that id (or the object with it)


@dataclass(frozen=True)
class OpRow:
    who: frozenset[str]  # the roles that may send it
    data: Data           # what a sender it allows would send, and have accepted
    prepare: tuple[Step, ...] = ()  # the state it needs (allowed runs only)
    cleanup: tuple[Step, ...] = ()  # what puts the room back for the next row
    authored: bool = False  # a participant only on a note they wrote
    refused_with: str = "forbidden"  # what every sender outside `who` gets
    # The fields of Ids the payload names: each, taken from another room or workshop,
    # is `not_found` (a board's notes and clusters are its own; people and rooms the
    # workshop's).
    names: frozenset[str] = frozenset()
    # What cannot be undone (a jury's close) runs in one room of a workshop; its cell in
    # the workshop's other room counts as done there.
    once: bool = False


EVERYONE = frozenset({"participant", "facilitator"})
FACILITATOR = frozenset({"facilitator"})
PARTICIPANT = frozenset({"participant"})
JUROR = frozenset({"juror"})
NO_CLIENT = frozenset[str]()
NOTE, CLUSTER = frozenset({"note"}), frozenset({"cluster"})
BOARD_FIELDS = frozenset({"note", "other_note", "cluster", "snapshot"})  # the rest: the workshop's

NEW_NOTE = Step("sender", "note.add", lambda i: {"text": "Mine"}, keep="note")
NEW_CLUSTER = Step("sender", "cluster.add", lambda i: {"title": "Ours"}, keep="cluster")
VOTING = Step("facilitator", "voting.start", lambda i: {"budget": 3})
TIMER = Step("facilitator", "timer.start", lambda i: {"seconds": 600})
TIMER_STOP = Step("facilitator", "timer.stop")
AGENDA = Step("facilitator", "agenda.set", lambda i: {"rounds": [
    {"title": "Silent ideation", "seconds": 0, "private": True},
    {"title": "Discussion", "seconds": 0}]})
ROUND_END = Step("facilitator", "round.end")
ONE_ROUND = [{"title": "One", "seconds": 60}]
SNAPSHOT = Step("facilitator", "snapshot.save", lambda i: {"name": "Before"}, keep="snapshot")
ACTION = frozenset({"action"})


def _action_data(ids: Ids) -> dict[str, Any]:
    return {"title": "Open the data", "owner_group": "City", "parties": ["NGO"]}


NEW_ACTION = Step("facilitator", "action.add", _action_data, keep="action")
FLAG_ACTION = Step("facilitator", "constraint.flag", lambda i: {
    "target": {"action": i.action}, "boundary": "b1", "reason": "Needs a new law"})
# A participant commits their own group (Pat's is NGO); a facilitator names the party.
COMMIT_NGO = Step("sender", "action.commit", lambda i: {"id": i.action, "group": "NGO"})

# The hackathon: ops are accepted in their phase only, so each row sets it first. A
# facilitator pitches for a participant (`holder`); Tom (Ids.participant) holds the
# pitch a participant joins; each row's cleanup withdraws its pitch for the next.
def _phase(phase: str) -> Step:
    return Step("facilitator", "hackathon.phase", lambda i: {"phase": phase})


TOMS_PITCH = Step("facilitator", "pitch.add", lambda i: {
    "title": "A village bus", "text": "Twice a day", "holder": i.participant},
    keep="pitch", key="pitch")
# The sender's own pitch (a facilitator's for this run's holder).
OWN_PITCH = Step("sender", "pitch.add", lambda i: {
    "title": "A village bus", "text": "Twice a day", "holder": i.holder},
    keep="pitch", key="pitch")
PITCH_PHASE, TEAMS_PHASE = _phase("pitch"), _phase("teams")
WITHDRAW = Step("facilitator", "pitch.withdraw", lambda i: {"id": i.pitch})
TOMS_TEAM = (PITCH_PHASE, TOMS_PITCH, TEAMS_PHASE)
JURY_PHASE = _phase("jury")
# A team of one is viable under this rule, so Tom's pitch alone is a team to give a room.
SOLO_TEAMS = Step("facilitator", "workshop.settings", lambda i: {
    "team_rule": {"min_size": 1, "min_groups": 1}})
DEFAULT_TEAMS = Step("facilitator", "workshop.settings", lambda i: {"team_rule": None})
CRITERIA = Step("facilitator", "jury.criteria", lambda i: {"criteria": [
    {"name": "impact", "weight": 40}]})

# One row per op, in the order an allowed run sends them: the ops that move people or
# change the workshop come last. Who may send each: docs/protocol.md, Ops.
OPS: dict[str, OpRow] = {
    "note.add": OpRow(EVERYONE, lambda i: {"text": "An idea", "x": 10, "y": 20,
                                           "cluster": i.cluster},
                      prepare=(NEW_CLUSTER,), names=CLUSTER),
    "notes.paste": OpRow(EVERYONE, lambda i: {"lines": ["One", "Two"], "x": 10, "y": 20,
                                              "cluster": i.cluster},
                         prepare=(NEW_CLUSTER,), names=CLUSTER),
    "note.edit": OpRow(EVERYONE, lambda i: {"id": i.note, "text": "Edited"},
                       prepare=(NEW_NOTE,), authored=True, names=NOTE),
    "note.move": OpRow(EVERYONE, lambda i: {"id": i.note, "x": 30, "y": 40},
                       prepare=(NEW_NOTE,), names=NOTE),
    "note.group": OpRow(EVERYONE, lambda i: {"id": i.note, "cluster": i.cluster},
                        prepare=(NEW_NOTE, NEW_CLUSTER), names=NOTE | CLUSTER),
    "note.delete": OpRow(EVERYONE, lambda i: {"id": i.note}, prepare=(NEW_NOTE,),
                         authored=True, names=NOTE),
    "cluster.add": OpRow(EVERYONE, lambda i: {"title": "A theme", "notes": [i.note]},
                         prepare=(NEW_NOTE,), names=NOTE),
    "cluster.rename": OpRow(EVERYONE, lambda i: {"id": i.cluster, "title": "Renamed"},
                            prepare=(NEW_CLUSTER,), names=CLUSTER),
    "cluster.delete": OpRow(EVERYONE, lambda i: {"id": i.cluster}, prepare=(NEW_CLUSTER,),
                            names=CLUSTER),
    "cluster.move": OpRow(EVERYONE, lambda i: {"id": i.cluster, "x": 500, "y": 400},
                          prepare=(NEW_CLUSTER,), names=CLUSTER),
    "board.tidy": OpRow(FACILITATOR, nothing),
    "board.lock": OpRow(FACILITATOR, nothing,
                        cleanup=(Step("facilitator", "board.unlock"),)),
    "board.unlock": OpRow(FACILITATOR, nothing, prepare=(Step("facilitator", "board.lock"),)),
    "vote.add": OpRow(EVERYONE, lambda i: {"note": i.note}, prepare=(VOTING, NEW_NOTE),
                      names=NOTE),
    "vote.remove": OpRow(EVERYONE, lambda i: {"note": i.note}, prepare=(
        VOTING, NEW_NOTE, Step("sender", "vote.add", lambda i: {"note": i.note})), names=NOTE),
    "vote.score": OpRow(EVERYONE, lambda i: {"note": i.note,
                                             "scores": {"Impact": 4, "Ease": 2}},
                        prepare=(Step("facilitator", "voting.start", lambda i: {
                            "kind": "matrix", "criteria": ["Impact", "Ease"]}), NEW_NOTE),
                        names=NOTE),
    "voting.start": OpRow(FACILITATOR,
                          lambda i: {"budget": 3, "max_per_note": 2, "hidden": False}),
    "voting.stop": OpRow(FACILITATOR, nothing, prepare=(VOTING,)),
    "voting.reveal": OpRow(FACILITATOR, nothing, prepare=(
        Step("facilitator", "voting.start", lambda i: {"budget": 3, "hidden": True}),
        Step("facilitator", "voting.stop"))),
    "timer.start": OpRow(FACILITATOR, lambda i: {"seconds": 600, "label": "Ideation"},
                         cleanup=(TIMER_STOP,)),
    "timer.pause": OpRow(FACILITATOR, nothing, prepare=(TIMER,), cleanup=(TIMER_STOP,)),
    "timer.resume": OpRow(FACILITATOR, nothing,
                          prepare=(TIMER, Step("facilitator", "timer.pause")),
                          cleanup=(TIMER_STOP,)),
    "timer.add": OpRow(FACILITATOR, lambda i: {"seconds": 60}, prepare=(TIMER,),
                       cleanup=(TIMER_STOP,)),
    "timer.extend": OpRow(FACILITATOR, lambda i: {"seconds": 60}, prepare=(TIMER,),
                          cleanup=(TIMER_STOP,)),
    "timer.stop": OpRow(FACILITATOR, nothing, prepare=(TIMER,)),
    # Only the server sends it; a client naming it gets unknown_op (no op of that name).
    "timer.end": OpRow(NO_CLIENT, nothing, refused_with="unknown_op"),
    "agenda.set": OpRow(FACILITATOR, lambda i: {"rounds": [{"title": "One", "seconds": 60}]}),
    "round.start": OpRow(FACILITATOR, lambda i: {"index": 1}, prepare=(AGENDA,),
                         cleanup=(ROUND_END,)),
    "round.end": OpRow(FACILITATOR, nothing, prepare=(
        AGENDA, Step("facilitator", "round.start", lambda i: {"index": 1}))),
    "notes.reveal": OpRow(FACILITATOR, nothing, prepare=(
        AGENDA, Step("facilitator", "round.start", lambda i: {"index": 0}),
        Step("facilitator", "note.add", lambda i: {"text": "Private for now"})),
        cleanup=(ROUND_END,)),
    "snapshot.save": OpRow(FACILITATOR, lambda i: {"name": "Matrix"}),
    # A snapshot id of another room is not_found: the board's own, like a note.
    "snapshot.restore": OpRow(FACILITATOR, lambda i: {"id": i.snapshot}, prepare=(SNAPSHOT,),
                              names=frozenset({"snapshot"})),
    "ready.set": OpRow(PARTICIPANT, lambda i: {"ready": True},
                       cleanup=(Step("sender", "ready.set", lambda i: {"ready": False}),)),
    # Actions are workshop-level; participants add them only when a setting lets them.
    "action.add": OpRow(FACILITATOR, lambda i: {**_action_data(i), "source": {"note": i.note}},
                        names=NOTE),
    "action.update": OpRow(FACILITATOR, lambda i: {"id": i.action, "status": "agreed"},
                           prepare=(NEW_ACTION,), names=ACTION),
    "action.progress": OpRow(FACILITATOR, lambda i: {"id": i.action, "text": "Started"},
                             prepare=(NEW_ACTION,), names=ACTION),
    "action.commit": OpRow(EVERYONE, lambda i: {"id": i.action, "group": "NGO"},
                           prepare=(NEW_ACTION,), names=ACTION),
    "action.uncommit": OpRow(EVERYONE, lambda i: {"id": i.action, "group": "NGO"},
                             prepare=(NEW_ACTION, COMMIT_NGO), names=ACTION),
    "action.delete": OpRow(FACILITATOR, lambda i: {"id": i.action}, prepare=(NEW_ACTION,),
                           names=ACTION),
    "hackathon.phase": OpRow(FACILITATOR, lambda i: {"phase": "ideas"}),
    # A participant changes a pitch they hold (they pitch first), a facilitator any.
    "pitch.update": OpRow(EVERYONE, lambda i: {"id": i.pitch, "title": "A night bus"},
                          prepare=(PITCH_PHASE, OWN_PITCH), cleanup=(WITHDRAW,)),
    "pitch.withdraw": OpRow(EVERYONE, lambda i: {"id": i.pitch},
                            prepare=(PITCH_PHASE, OWN_PITCH)),
    "pitch.present": OpRow(FACILITATOR, lambda i: {"id": i.pitch, "seconds": 60},
                           prepare=(PITCH_PHASE, OWN_PITCH), cleanup=(WITHDRAW,)),
    "team.join": OpRow(PARTICIPANT, lambda i: {"pitch": i.pitch}, prepare=TOMS_TEAM,
                       cleanup=(Step("sender", "team.leave"), WITHDRAW)),
    "team.leave": OpRow(PARTICIPANT, nothing, prepare=(
        *TOMS_TEAM, Step("sender", "team.join", lambda i: {"pitch": i.pitch})),
        cleanup=(WITHDRAW,)),
    "teams.apply": OpRow(FACILITATOR, lambda i: {"teams": [{"pitch": i.pitch, "members": []}]},
                         prepare=(PITCH_PHASE, OWN_PITCH, TEAMS_PHASE), cleanup=(WITHDRAW,)),
    "team.prefer": OpRow(PARTICIPANT, lambda i: {"pitches": [i.pitch]},
                         prepare=(PITCH_PHASE, TOMS_PITCH),
                         cleanup=(Step("sender", "team.prefer", lambda i: {"pitches": []}),
                                  WITHDRAW)),
    # The jury: a juror scores (and takes it back), a facilitator sets criteria and
    # closes, once per workshop (a close is final).
    "jury.score": OpRow(JUROR, lambda i: {"pitch": i.pitch, "scores": {"impact": 3}},
                        prepare=(CRITERIA, PITCH_PHASE, TOMS_PITCH, JURY_PHASE),
                        cleanup=(Step("sender", "jury.score",
                                      lambda i: {"pitch": i.pitch, "scores": None}),
                                 PITCH_PHASE, WITHDRAW)),
    "jury.criteria": OpRow(FACILITATOR, lambda i: {"criteria": [
        {"name": "impact", "weight": 40}, {"name": "feasibility", "weight": 30}]}, once=True),
    "jury.close": OpRow(FACILITATOR, lambda i: {"winners": 0}, prepare=(JURY_PHASE,),
                        once=True),
    # Tom (in no team now) becomes a juror and back.
    "participant.role": OpRow(FACILITATOR, lambda i: {"participant": i.participant,
                                                      "role": "juror"},
                              cleanup=(Step("facilitator", "participant.role", lambda i: {
                                  "participant": i.participant, "role": "participant"}),),
                              names=frozenset({"participant"})),
    # A question in the teams phase: acked, answered to the facilitator alone.
    "teams.suggest": OpRow(FACILITATOR, nothing, prepare=(TEAMS_PHASE,)),
    # Every viable team (Tom's, and the pitches runs before kept) gets a new room and
    # its members move there; every run acks, so it runs in both rooms of W.
    "teams.to_rooms": OpRow(FACILITATOR, nothing, prepare=(SOLO_TEAMS, *TOMS_TEAM),
                            cleanup=(WITHDRAW, DEFAULT_TEAMS)),
    # The last hackathon row: each run's own holder keeps the pitch it adds.
    "pitch.add": OpRow(EVERYONE, lambda i: {"title": "More benches", "text": "In the park",
                                            "holder": i.holder}, prepare=(PITCH_PHASE,)),
    # Workshop-level (docs/protocol.md, Rooms and the workshop): facilitator only.
    "announce": OpRow(FACILITATOR, lambda i: {"text": "Coffee in five minutes"}),
    "room.add": OpRow(FACILITATOR, lambda i: {"name": "Another breakout"}),
    "workshop.settings": OpRow(FACILITATOR, lambda i: {"challenge": "A new challenge"}),
    "room.assign": OpRow(FACILITATOR, lambda i: {"participant": i.participant, "room": i.room},
                         names=frozenset({"participant", "room"})),
    "rooms.split": OpRow(FACILITATOR, lambda i: {"count": 2, "strategy": "mix"}),
    "room.rename": OpRow(FACILITATOR, lambda i: {"room": i.breakout, "name": "Renamed"},
                         names=frozenset({"breakout"})),
    # Archived and restored at once, so the room is there for the rows after it.
    "room.archive": OpRow(FACILITATOR, lambda i: {"room": i.breakout, "archived": False},
                          names=frozenset({"breakout"})),
    # Breakout rooms hold notes by now (the note rows ran in every room).
    "rooms.collect": OpRow(FACILITATOR, lambda i: {"top": 3}),
    "rooms.recall": OpRow(FACILITATOR, nothing),
    "summon": OpRow(FACILITATOR, lambda i: {"viewport": {"x": 0, "y": 0, "zoom": 1}}),
    # A workshop keeps each template name once: one name per room the row runs in.
    "template.save": OpRow(FACILITATOR, lambda i: {"name": f"Saved beside {i.room}",
                                                   "rounds": ONE_ROUND}),
    "template.delete": OpRow(FACILITATOR, lambda i: {"id": i.template}, prepare=(
        Step("facilitator", "template.save",
             lambda i: {"name": f"To delete beside {i.room}", "rounds": ONE_ROUND},
             keep="template"),), names=frozenset({"template"})),
    # Nobody sits in a breakout room here, so nobody moves.
    "rooms.rotate": OpRow(FACILITATOR, nothing),
    "room.host": OpRow(FACILITATOR,
                       lambda i: {"room": i.breakout, "participant": i.participant},
                       prepare=(Step("facilitator", "room.assign", lambda i: {
                           "participant": i.participant, "room": i.breakout}),),
                       cleanup=(Step("facilitator", "rooms.recall"),),
                       names=frozenset({"participant", "breakout"})),
    "participant.remove": OpRow(FACILITATOR, lambda i: {"participant": i.removable},
                                names=frozenset({"removable"})),
    # A note of another room is not flaggable from this one (not_found).
    "constraint.flag": OpRow(FACILITATOR, lambda i: {"target": {"note": i.note},
                                                     "boundary": "b1", "reason": "Too costly"},
                             prepare=(NEW_NOTE,), names=NOTE),
    # Flags take notes and actions alike: the unflag row takes an action's off.
    "constraint.unflag": OpRow(FACILITATOR, lambda i: {"target": {"action": i.action}},
                               prepare=(NEW_ACTION, FLAG_ACTION), names=ACTION),
    # Questions: acked, answered to the asker alone, nothing changes.
    "clusters.suggest": OpRow(FACILITATOR, lambda i: {"granularity": 0.5}),
    "notes.similar": OpRow(EVERYONE, lambda i: {"text": "Pat's note"}),
    "constraint.challenge": OpRow(EVERYONE, lambda i: {"boundary": "b1",
                                                       "text": "Raise the budget"}),
    # Closed and reopened at once, so the rows after it find the workshop open.
    "workshop.close": OpRow(FACILITATOR, nothing,
                            cleanup=(Step("facilitator", "workshop.reopen"),)),
    "workshop.reopen": OpRow(FACILITATOR, nothing,
                             prepare=(Step("facilitator", "workshop.close"),)),
}


def foreign_rooms(room: str, name: str) -> list[str]:
    """The rooms whose `name` (a field of Ids) a sender in `room` may not name: another
    room's notes and clusters, another workshop's people and rooms."""
    def workshop(r: str) -> str:
        return "W2" if r == "other_workshop" else "W"
    return [r for r in ROOMS if r != room
            and (name in BOARD_FIELDS or workshop(r) != workshop(room))]


def expected_op(op: str, role: str, room: str) -> tuple[str, Any]:
    """("closed", 4401) at hello, ("ack", None), or ("error", code): from the tables."""
    if room not in OPENS[role]:
        return ("closed", 4401)
    row = OPS[op]
    if ROLE_THERE[role] in row.who:
        return ("ack", None)
    return ("error", row.refused_with)


# --- the routes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RouteRow:
    # public: anyone; member: any member of the workshop the id belongs to; opener: a
    # member who may open that room (OPENS); facilitator: its facilitator; series: a
    # facilitator of one of its events or the organiser owning it; operator: the
    # metrics token; socket: the op matrix above; self: anyone with a token of theirs,
    # about themselves; self_participant: a participant (role) about themselves.
    rule: str
    target: str = ""  # what the path names: "" | "code" | "workshop" | "room" | "snapshot"
    url: Callable[[str], str] = lambda target: ""
    body: Callable[[str, str], Any] | None = None  # (target, role) -> JSON body of a POST
    ok: int = 200
    # A member of another workshop naming this one's id (docs/protocol.md, HTTP).
    other_workshop: tuple[int, str] = (403, "forbidden")


def _archive(title: str) -> dict[str, Any]:
    """The smallest archive an import takes: a workshop and its plenary."""
    return {"format": "cocreate-archive", "version": 1, "exported": 1,
            "workshop": {"id": "w", "title": title, "plenary_room_id": "p", "created": 1},
            "rooms": [{"id": "p", "name": "Plenary", "plenary": True}]}


ROUTE_ROWS: dict[str, RouteRow] = {
    "POST /api/workshops": RouteRow(
        "public", body=lambda target, role: {"title": f"Made by {role}"}, ok=201,
        url=lambda target: "/api/workshops"),
    # The permission of creating a workshop (here the `open` policy: anyone).
    "POST /api/workshops/import": RouteRow(
        "public", body=lambda target, role: _archive(f"Imported by {role}"), ok=201,
        url=lambda target: "/api/workshops/import"),
    "POST /api/join": RouteRow(
        "public", "code", url=lambda target: "/api/join", ok=201,
        body=lambda target, role: {"join_code": target, "name": f"Joined as {role}"}),
    "GET /api/join/{code}": RouteRow("public", "code", lambda code: f"/api/join/{code}"),
    # Before the follow-up rows below re-issue (and revoke) the link it reads.
    "GET /api/followup/{token}": RouteRow("public", "followup",
                                          lambda token: f"/api/followup/{token}"),
    "POST /api/workshops/{workshop_id}/followup": RouteRow(
        "facilitator", "workshop", lambda wid: f"/api/workshops/{wid}/followup", ok=201,
        body=lambda target, role: {}),
    "DELETE /api/workshops/{workshop_id}/followup": RouteRow(
        "facilitator", "workshop", lambda wid: f"/api/workshops/{wid}/followup", ok=204),
    # A facilitator of an event of the series, or the organiser owning it (each organiser
    # owns one of the two series; neither is "not yours": 403 both ways).
    "GET /api/series/{series_id}": RouteRow(
        "series", "series", lambda sid: f"/api/series/{sid}"),
    "GET /api/join/{code}/privacy": RouteRow(
        "public", "code", lambda code: f"/api/join/{code}/privacy?lang=et"),
    "GET /privacy": RouteRow("public", url=lambda target: "/privacy"),
    "GET /accessibility": RouteRow("public", url=lambda target: "/accessibility"),
    "GET /api/workshops/{workshop_id}/participants": RouteRow(
        "member", "workshop", lambda wid: f"/api/workshops/{wid}/participants"),
    "GET /api/workshops/{workshop_id}": RouteRow(
        "member", "workshop", lambda wid: f"/api/workshops/{wid}"),
    # Its facilitators by token, its organiser by session (W3, W4 are the organisers').
    "GET /api/workshops/{workshop_id}/export": RouteRow(
        "reporter", "reported", lambda wid: f"/api/workshops/{wid}/export?format=json"),
    "GET /api/workshops/{workshop_id}/templates": RouteRow(
        "facilitator", "workshop", lambda wid: f"/api/workshops/{wid}/templates"),
    # A member who may open the room, as on the socket: not a breakout one is not in.
    "GET /api/rooms/{room_id}/export": RouteRow(
        "opener", "room", lambda room: f"/api/rooms/{room}/export?format=json"),
    # Another workshop's room or snapshot is "not in your workshop": 404 (the code;
    # the generic HTTP table of the protocol would say 403, see the report).
    "GET /api/rooms/{room_id}/results": RouteRow(
        "opener", "room", lambda room: f"/api/rooms/{room}/results"),
    "GET /api/rooms/{room_id}/snapshots": RouteRow(
        "facilitator", "room", lambda room: f"/api/rooms/{room}/snapshots",
        other_workshop=(404, "not_found")),
    "GET /api/snapshots/{snapshot_id}": RouteRow(
        "facilitator", "snapshot", lambda snap: f"/api/snapshots/{snap}",
        other_workshop=(404, "not_found")),
    "GET /api/qr.svg": RouteRow("public", "code", lambda code: f"/api/qr.svg?code={code}"),
    "GET /healthz": RouteRow("public", url=lambda target: "/healthz"),
    "GET /metrics": RouteRow("operator", url=lambda target: "/metrics"),
    # Anyone may try; with the right email and password everyone signs in.
    "POST /api/organiser/login": RouteRow(
        "public", url=lambda target: "/api/organiser/login", ok=204,
        body=lambda target, role: {"email": ORGANISER_EMAILS["organiser"],
                                   "password": PASSWORD}),
    "GET /api/organiser": RouteRow("signed_in", url=lambda target: "/api/organiser"),
    "GET /api/organiser/workshops": RouteRow(
        "signed_in", url=lambda target: "/api/organiser/workshops"),
    # Another organiser's workshop is "not one of yours": 404, as if it did not exist.
    "POST /api/organiser/workshops/{workshop_id}/facilitator-link": RouteRow(
        "organiser", "organised", lambda wid: f"/api/organiser/workshops/{wid}/facilitator-link",
        ok=201, body=lambda target, role: {}, other_workshop=(404, "not_found")),
    "POST /api/organiser/workshops/{workshop_id}/co-facilitators": RouteRow(
        "organiser", "organised", lambda wid: f"/api/organiser/workshops/{wid}/co-facilitators",
        ok=201, body=lambda target, role: {"name": f"Colleague of {role}"},
        other_workshop=(404, "not_found")),
    "DELETE /api/organiser/workshops/{workshop_id}/co-facilitators/{participant_id}": RouteRow(
        "organiser", "co_facilitator", lambda path: path, ok=204,
        other_workshop=(404, "not_found")),
    # A facilitator of the workshop or the organiser who created it; anyone else is
    # refused. Its allowed cells delete W, W2, W3 and W4, so they run after every
    # refused one (see `deletion_cells`).
    "DELETE /api/workshops/{workshop_id}": RouteRow(
        "deleter", "deletable", lambda wid: f"/api/workshops/{wid}", ok=204),
    # Near the end: an allowed erasure leaves its participant gone for the cells after it.
    # A participant's own data, by their own token: every role holding one.
    "GET /api/me/data": RouteRow("self", url=lambda target: "/api/me/data"),
    # Someone of the workshop (a fresh participant of W, of W2) for its facilitator.
    "POST /api/workshops/{workshop_id}/participants/{participant_id}/erase": RouteRow(
        "facilitator", "erasable", lambda path: path, ok=204, body=lambda target, role: {}),
    # Only a participant erases themselves (the cast's Pat, in the last cell Pat sends).
    "POST /api/me/erase": RouteRow("self_participant", url=lambda target: "/api/me/erase",
                                   ok=204, body=lambda target, role: {}),
    # Last: signing out ends the session the organiser cells above use.
    "POST /api/organiser/logout": RouteRow(
        "public", url=lambda target: "/api/organiser/logout", ok=204,
        body=lambda target, role: {}),
    "WS /ws": RouteRow("socket"),
}

# Which of the three rooms (or workshops) each kind of target has.
TARGET_ROOMS = {"": ("own",), "code": ("own", "other_workshop"),
                "workshop": ("own", "other_workshop"), "room": ROOMS, "snapshot": ROOMS,
                "organised": ("own", "other_workshop"), "deletable": ("own", "other_workshop"),
                "reported": ("own", "other_workshop", "organised", "other_organised"),
                "co_facilitator": ("own", "other_workshop"), "followup": ("own",),
                "series": ("own", "other_workshop"), "erasable": ("own", "other_workshop")}
# Over HTTP there are more credentials: the operator's metrics token, and the session
# cookies of two organisers (each owns a workshop of its own, W3 and W4: the organiser's
# is "own", the other organiser's "other_workshop").
ORGANISERS = ("organiser", "other_organiser")
ORGANISER_EMAILS = {"organiser": "olga@example.org", "other_organiser": "otto@example.org"}
PASSWORD = "a long enough password"
HTTP_ROLES = (*ROLES, "operator", *ORGANISERS)


def expected_route(row: RouteRow, role: str, where: str) -> tuple[int, str | None]:
    """The status (and error code) the tables give `role` for the id of `where`."""
    if row.rule == "public":
        return (row.ok, None)
    if row.rule == "deleter":
        if role in ORGANISERS:  # W3 or W4, by their session cookie
            theirs = (where == "other_workshop") == (role == "other_organiser")
            return (row.ok, None) if theirs else (404, "not_found")
        if role in ("removed", "none", "operator"):
            return (401, "unauthorized")
        theirs = (where == "other_workshop") == (role == "outsider")
        return (row.ok, None) if theirs and ROLE_THERE[role] == "facilitator" else (
            403, "forbidden")
    if row.rule == "operator":
        return (200, None) if role == "operator" else (401, "unauthorized")
    if row.rule == "reporter":
        return _expected_reporter(row, role, where)
    if row.rule in ("signed_in", "organiser") and role not in ORGANISERS:
        return (401, "unauthorized")
    if row.rule == "signed_in":
        return (row.ok, None)
    if row.rule == "organiser":
        theirs = (where == "other_workshop") == (role == "other_organiser")
        return (row.ok, None) if theirs else row.other_workshop
    if row.rule == "series" and role in ORGANISERS:
        theirs = (where == "other_workshop") == (role == "other_organiser")
        return (row.ok, None) if theirs else row.other_workshop
    if role in ("removed", "none", "operator", *ORGANISERS):
        return (401, "unauthorized")
    if row.rule == "self":
        return (row.ok, None)
    if row.rule == "self_participant":
        return (row.ok, None) if role == "participant" else (403, "forbidden")
    if row.rule in ("facilitator", "series") and ROLE_THERE[role] != "facilitator":
        return (403, "forbidden")
    if row.rule == "opener" and role == "participant" and where == "breakout":
        return (403, "forbidden")
    theirs = (where == "other_workshop") == (role == "outsider")
    return (row.ok, None) if theirs else row.other_workshop


def _expected_reporter(row: RouteRow, role: str, where: str) -> tuple[int, str | None]:
    """A workshop's facilitator (bearer) or the organiser who owns it (cookie); another
    organiser's workshop is "not one of yours" (404), another workshop 403."""
    if role in ORGANISERS:
        theirs = where == ("organised" if role == "organiser" else "other_organised")
        return (row.ok, None) if theirs else (404, "not_found")
    if role in ("removed", "none", "operator"):
        return (401, "unauthorized")
    home = "other_workshop" if role == "outsider" else "own"
    if where == home and ROLE_THERE[role] == "facilitator":
        return (row.ok, None)
    return (403, "forbidden")


def route_key(route: Any) -> str:
    if isinstance(route, WebSocketRoute):
        return f"WS {route.path}"
    assert isinstance(route, Route), route
    methods = sorted(set(route.methods or ()) - {"HEAD"})  # HEAD comes with every GET
    return f"{' '.join(methods)} {route.path}"


def test_the_matrix_has_a_row_for_every_op_and_every_route() -> None:
    ops = set(ROOM_OPS) | set(SERVER_OPS) | set(WORKSHOP_OPS) | set(QUERY_OPS)
    missing, extra = sorted(ops - set(OPS)), sorted(set(OPS) - ops)
    assert not missing, (f"ops without a row in OPS of {__name__}: {missing}; add one "
                         "(a payload a permitted sender would have accepted, and who may send it)")
    assert not extra, f"rows in OPS of {__name__} for ops the code does not have: {extra}"
    for op in SERVER_OPS:
        assert OPS[op].who == NO_CLIENT and OPS[op].refused_with == "unknown_op", op
    routes = {route_key(r) for r in ROUTES}
    missing, extra = sorted(routes - set(ROUTE_ROWS)), sorted(set(ROUTE_ROWS) - routes)
    assert not missing, (f"routes without a row in ROUTE_ROWS of {__name__}: {missing}; add "
                         "one (its rule: public, member, facilitator, operator)")
    assert not extra, f"rows in ROUTE_ROWS of {__name__} for routes the code lacks: {extra}"


# --- running it ----------------------------------------------------------------------------


class Findings:
    """Every failing cell, and how many cells of each kind ran."""

    def __init__(self) -> None:
        self.failures: list[str] = []
        self.cells: dict[str, int] = {}

    def count(self, kind: str, n: int = 1) -> None:
        self.cells[kind] = self.cells.get(kind, 0) + n

    def fail(self, cell: str, message: str) -> None:
        self.failures.append(f"{cell}: {message}")

    def check(self) -> None:
        assert not self.failures, (f"{len(self.failures)} failing cells of {self.cells}:\n"
                                   + "\n".join(self.failures))


def _short(value: Any) -> str:
    text = json.dumps(value, sort_keys=True)
    return text if len(text) <= 600 else text[:600] + "..."


def _differences(before: Any, after: Any, path: str = "") -> list[str]:
    """Where two looks at the boards differ, as short paths."""
    if isinstance(before, dict) and isinstance(after, dict):
        return [d for k in sorted(set(before) | set(after), key=str)
                for d in _differences(before.get(k), after.get(k), f"{path}/{k}")]
    if (isinstance(before, list) and isinstance(after, list) and len(before) == len(after)):
        return [d for i, (b, a) in enumerate(zip(before, after, strict=True))
                for d in _differences(b, a, f"{path}[{i}]")]
    return [] if before == after else [f"{path}: {_short(before)} -> {_short(after)}"]


def _changed(before: Any, after: Any) -> str:
    return "changed " + "; ".join(_differences(before, after)[:6])


@dataclass
class Cast:
    """Workshop W and W2, their people and rooms, as HTTP set them up."""

    w: Workshop
    w2: Workshop
    participant: Member
    wall: Member
    juror: Member  # joins as a participant; the scenario makes them a juror
    removed: Member
    assignee: Member
    removables: list[Member]  # one for each allowed run that removes someone
    assignee2: Member
    removable2: Member
    rooms: dict[str, str]  # "own" | "breakout" | "other_workshop" -> room id

    def token(self, role: str) -> str | None:
        return {"facilitator": self.w.facilitator.token, "participant": self.participant.token,
                "wall": self.wall.token, "juror": self.juror.token,
                "removed": self.removed.token,
                "outsider": self.w2.facilitator.token, "none": None}[role]

    def facilitator_of(self, room: str) -> str:
        return self.w2.facilitator.token if room == "other_workshop" else self.w.facilitator.token


def _cast(api: Api) -> Cast:
    # Each with one boundary: a workshop created with constraints numbers them b1, b2, ...
    w = api.workshop(title="Workshop W", constraints=["Budget"])
    w2 = api.workshop(title="Workshop W2", constraints=["Budget"])
    return Cast(
        w=w, w2=w2, participant=api.member(w, "Pat", "NGO"),
        wall=api.member(w, "Projector", role="wall"), juror=api.member(w, "Judy"),
        removed=api.member(w, "Rem", "City"),
        assignee=api.member(w, "Tom", "City"),
        removables=[api.member(w, "Rae", "Business"), api.member(w, "Ray", "NGO")],
        assignee2=api.member(w2, "Tia", "NGO"), removable2=api.member(w2, "Rex", "City"),
        rooms={"own": w.plenary_room_id, "other_workshop": w2.plenary_room_id})


async def _make_juror(facilitator: Client, cast: Cast) -> None:
    await facilitator.ack("participant.role", {"participant": cast.juror.participant_id,
                                               "role": "juror"}, timeout=REPLY_S)


async def _new_id(client: Client, op: str, data: dict[str, Any], key: str = "id") -> str:
    seq = await client.ack(op, data, timeout=REPLY_S)
    event = await client.event(seq, timeout=REPLY_S)
    value = event["data"][key]
    return str(value["id"] if isinstance(value, dict) else value)


async def _boards(server: ServerProcess, http: httpx.AsyncClient, cast: Cast) -> dict[str, Any]:
    """Every room's board as its facilitator's fresh welcome, and both workshops'
    participant lists and method templates."""

    async def board(room: str) -> dict[str, Any]:
        async with connect(server.ws, cast.facilitator_of(room), room=cast.rooms[room],
                           label=f"look-{room}") as c:
            w = c.welcome
            assert w is not None
            return {"seq": w["seq"], "state": w["state"], "workshop": w["workshop"],
                    "room": w["room"]}

    async def people(workshop: Workshop) -> Any:
        r = await http.get(f"/api/workshops/{workshop.id}/participants",
                           headers={"Authorization": f"Bearer {workshop.facilitator.token}"})
        assert r.status_code == 200, r.text
        return r.json()

    async def templates(workshop: Workshop) -> Any:
        r = await http.get(f"/api/workshops/{workshop.id}/templates",
                           headers={"Authorization": f"Bearer {workshop.facilitator.token}"})
        assert r.status_code == 200, r.text
        return r.json()

    found = await asyncio.gather(*(board(room) for room in ROOMS), people(cast.w),
                                 people(cast.w2), templates(cast.w), templates(cast.w2))
    out = {f"board of {room}": found[i] for i, room in enumerate(ROOMS)}
    out["participants of W"], out["participants of W2"] = found[-4], found[-3]
    out["templates of W"], out["templates of W2"] = found[-2], found[-1]
    return out


async def _step(step: Step, sender: Client, facilitator: Client, ids: Ids) -> None:
    client = sender if step.who == "sender" else facilitator
    if step.keep is None:
        await client.ack(step.op, step.data(ids), timeout=REPLY_S)
    else:
        setattr(ids, step.keep, await _new_id(client, step.op, step.data(ids), step.key))


def test_every_op_by_every_role_in_every_room(server: ServerProcess, api: Api) -> None:
    cast = _cast(api)
    findings = Findings()
    # The last look at the boards: refused cells change nothing, so one cell's look
    # after is the next one's look before (any failing cell takes a fresh one).
    looked: list[dict[str, Any]] = []

    async def look(http: httpx.AsyncClient) -> dict[str, Any]:
        return looked.pop() if looked else await _boards(server, http, cast)

    def looked_after(before: dict[str, Any], after: dict[str, Any], cell: str) -> None:
        if after != before:
            findings.fail(cell, _changed(before, after))
        else:
            looked[:] = [after]

    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=server.http, timeout=30, trust_env=False) as http, \
                connect(server.ws, cast.w.facilitator.token, label="fac-own") as fac_own, \
                connect(server.ws, cast.w2.facilitator.token, label="out-own") as out_own:
            cast.rooms["breakout"] = await _new_id(fac_own, "room.add", {"name": "Breakout"},
                                                   key="room")
            w2_breakout = await _new_id(out_own, "room.add", {"name": "W2 breakout"},
                                        key="room")
            await _make_juror(fac_own, cast)
            # The removed participant: their open socket closes with 4403.
            async with connect(server.ws, cast.removed.token, label="removed") as gone:
                await fac_own.ack("participant.remove",
                                  {"participant": cast.removed.participant_id})
                code = await gone.wait_closed(REPLY_S)
                if code != 4403:
                    findings.fail("removed participant's open socket", f"closed with {code}")
            async with connect(server.ws, cast.w.facilitator.token, room=cast.rooms["breakout"],
                               label="fac-breakout") as fac_breakout, \
                    connect(server.ws, cast.participant.token, label="participant") as pat, \
                    connect(server.ws, cast.wall.token, label="wall-own") as wall_own, \
                    connect(server.ws, cast.wall.token, room=cast.rooms["breakout"],
                            label="wall-breakout") as wall_breakout, \
                    connect(server.ws, cast.juror.token, label="juror-own") as juror_own, \
                    connect(server.ws, cast.juror.token, room=cast.rooms["breakout"],
                            label="juror-breakout") as juror_breakout:
                sockets = {("facilitator", "own"): fac_own,
                           ("facilitator", "breakout"): fac_breakout,
                           ("participant", "own"): pat, ("wall", "own"): wall_own,
                           ("wall", "breakout"): wall_breakout,
                           ("juror", "own"): juror_own, ("juror", "breakout"): juror_breakout,
                           ("outsider", "other_workshop"): out_own}
                facilitators = {"own": fac_own, "breakout": fac_breakout,
                                "other_workshop": out_own}
                assert set(sockets) == {(r, room) for r in ROLES for room in OPENS[r]}, \
                    "OPENS changed: open a socket here for each room a role may open"
                for (role, room), client in sockets.items():
                    assert client.welcome is not None
                    if client.welcome["room"]["id"] != cast.rooms[room]:
                        findings.fail(f"hello of {role} for {room}",
                                      f"welcome for {client.welcome['room']}")
                    findings.count("hellos allowed")
                # What the payloads name in each room.
                base = {
                    "own": Ids(note=await _new_id(pat, "note.add", {"text": "Pat's"}),
                               other_note=await _new_id(fac_own, "note.add", {"text": "Fran's"}),
                               participant=cast.assignee.participant_id,
                               room=cast.rooms["breakout"], breakout=cast.rooms["breakout"],
                               removable=cast.assignee.participant_id),
                    "breakout": Ids(note=await _new_id(fac_breakout, "note.add", {"text": "B"}),
                                    participant=cast.assignee.participant_id,
                                    room=cast.rooms["own"], breakout=cast.rooms["breakout"],
                                    removable=cast.assignee.participant_id),
                    "other_workshop": Ids(
                        note=await _new_id(out_own, "note.add", {"text": "W2's"}),
                        participant=cast.assignee2.participant_id, room=w2_breakout,
                        breakout=w2_breakout, removable=cast.assignee2.participant_id),
                }
                base["own"].template = base["breakout"].template = await _new_id(
                    fac_own, "template.save", {"name": "Base", "rounds": ONE_ROUND})
                base["other_workshop"].template = await _new_id(
                    out_own, "template.save", {"name": "Base", "rounds": ONE_ROUND})
                for room, facilitator in facilitators.items():
                    base[room].cluster = await _new_id(facilitator, "cluster.add",
                                                       {"title": "Base"})
                    base[room].other_note = base[room].other_note or base[room].note
                    base[room].snapshot = await _new_id(facilitator, "snapshot.save",
                                                        {"name": "Base"})
                    base[room].action = await _new_id(facilitator, "action.add",
                                                      _action_data(base[room]))

                async def refused(cell: str, client: Client, op: str, data: dict[str, Any],
                                  code: str) -> None:
                    before = await look(http)
                    try:
                        reply = await client.request(op, data, timeout=REPLY_S)
                    except AssertionError as e:
                        findings.fail(cell, f"no reply: {e}")
                        return
                    if reply.get("type") != "error" or reply.get("code") != code:
                        findings.fail(cell, f"expected error {code}, got {_short(reply)}")
                    looked_after(before, await _boards(server, http, cast), cell)

                # 1. Refused cells on sockets that may open their room.
                for (role, room), client in sockets.items():
                    for op, row in OPS.items():
                        outcome, code = expected_op(op, role, room)
                        if outcome == "error":
                            findings.count(f"cell: refused, {code}")
                            await refused(f"{op} by {role} in {room}", client, op,
                                          row.data(base[room]), code)
                        elif (outcome == "ack" and row.authored
                              and ROLE_THERE[role] == "participant"):
                            # Not the author: only the facilitator besides.
                            ids = dataclasses.replace(base[room], note=base[room].other_note)
                            findings.count("extra: forbidden, not the author")
                            await refused(f"{op} by {role} in {room} on someone else's note",
                                          client, op, row.data(ids), "forbidden")
                        if outcome == "ack":
                            # Ids of another room or workshop: not_found, whoever sends them.
                            for name in sorted(row.names):
                                for there in foreign_rooms(room, name):
                                    ids = dataclasses.replace(
                                        base[room], **{name: getattr(base[there], name)})
                                    findings.count("extra: not_found, an id from elsewhere")
                                    await refused(f"{op} by {role} in {room} naming the {name} "
                                                  f"of {there}", client, op, row.data(ids),
                                                  "not_found")

                # 2. Refused at hello: 4401, and the ops sent right after it do nothing.
                for role in ROLES:
                    for room in ROOMS:
                        if room in OPENS[role]:
                            continue
                        findings.count("cell: refused, closed 4401 at hello", len(OPS))
                        await refused_at_hello(role, room, base[room], http)

                # 3. Allowed cells: each op after the state it needs; people move last.
                looked.clear()
                removables = {("facilitator", "breakout"): cast.removables[0].participant_id,
                              ("facilitator", "own"): cast.removables[1].participant_id,
                              ("outsider", "other_workshop"): cast.removable2.participant_id}
                # Whose pitch each run's pitch.add is: the participant's own; facilitators
                # name someone the rows before do not need.
                holders = {("participant", "own"): cast.participant.participant_id,
                           ("wall", "own"): "", ("wall", "breakout"): "",
                           ("juror", "own"): "", ("juror", "breakout"): "",
                           ("facilitator", "breakout"): cast.removables[0].participant_id,
                           ("facilitator", "own"): cast.removables[1].participant_id,
                           ("outsider", "other_workshop"): cast.removable2.participant_id}
                order = [("participant", "own"), ("juror", "own"), ("juror", "breakout"),
                         ("wall", "own"), ("wall", "breakout"),
                         ("facilitator", "breakout"), ("facilitator", "own"),
                         ("outsider", "other_workshop")]
                assert set(order) == set(sockets)
                once_done: set[tuple[str, str]] = set()
                for role, room in order:
                    ids = dataclasses.replace(base[room])
                    ids.removable = removables.get((role, room), ids.removable)
                    ids.holder = holders[(role, room)]
                    for op, row in OPS.items():
                        workshop = "W2" if room == "other_workshop" else "W"
                        if (row.once and expected_op(op, role, room)[0] == "ack"
                                and (workshop, op) in once_done):
                            findings.count("cell: allowed, done in the workshop's other room")
                            continue
                        if expected_op(op, role, room)[0] == "ack":
                            if row.once:
                                once_done.add((workshop, op))
                            findings.count("cell: allowed, ack")
                            await allowed(f"{op} by {role} in {room}", sockets[(role, room)],
                                          facilitators[room], op, row, ids)

    async def refused_at_hello(role: str, room: str, ids: Ids,
                               http: httpx.AsyncClient) -> None:
        cell = f"every op by {role} in {room}"
        token = cast.token(role)
        before = await look(http)
        client = await Client.open(server.ws, label=f"{role}-{room}")
        try:
            frames = [{"type": "op", "ref": f"{role}-{room}-{op}", "op": op,
                       "data": row.data(ids)} for op, row in OPS.items()]
            if token is None:
                # Before any hello an op is a bad message; the socket waits for a hello.
                start = client.mark()
                for frame in frames:
                    await client.send(frame)
                try:
                    await client.wait_for(
                        lambda m: len(client.of_type("error", start)) >= len(frames),
                        start=start, timeout=REPLY_S, what="an error for every op")
                except AssertionError as e:
                    findings.fail(cell + " before hello", str(e))
                codes = {m.get("code") for m in client.of_type("error", start)}
                if codes - {"bad_message"}:
                    findings.fail(cell + " before hello", f"answered {codes}")
            hello: Message = {"type": "hello", "room": cast.rooms[room]}
            if token is not None:
                hello["token"] = token
            start = client.mark()
            await client.send(hello)
            for frame in frames:
                await client.send(frame)
            try:
                code = await client.wait_closed(REPLY_S)
            except AssertionError as e:
                findings.fail(cell, str(e))
                code = None
            if code is not None and code != 4401:
                findings.fail(cell, f"hello closed with {code}, not 4401")
            answered = [m for m in client.messages[start:] if m.get("type") != "presence"]
            if answered:
                findings.fail(cell, f"answered after the hello: {_short(answered[:3])}")
        finally:
            await client.close()
        looked_after(before, await _boards(server, http, cast), cell)

    async def allowed(cell: str, sender: Client, facilitator: Client, op: str, row: OpRow,
                      base: Ids) -> None:
        ids = dataclasses.replace(base)
        try:
            for step in row.prepare:
                await _step(step, sender, facilitator, ids)
        except AssertionError as e:
            findings.fail(cell, f"could not set up the state it needs: {e}")
            return
        try:
            reply = await sender.request(
                op, row.data(ids), timeout=QUERY_REPLY_S if op in QUERY_OPS else REPLY_S)
        except AssertionError as e:
            findings.fail(cell, f"no reply: {e}")
            return
        if reply.get("type") != "ack":
            findings.fail(cell, f"expected an ack, got {_short(reply)}")
        try:
            for step in row.cleanup:
                await _step(step, sender, facilitator, ids)
        except AssertionError as e:
            findings.fail(cell, f"could not clean up after it: {e}")

    # A guard against a hang, not a budget: the hackathon rows' set-up steps are
    # workshop-level ops (every room locked), slow on a loaded PostgreSQL machine.
    run(scenario(), timeout=480)
    cells = sum(n for kind, n in findings.cells.items() if kind.startswith("cell:"))
    assert cells == len(OPS) * len(ROLES) * len(ROOMS), findings.cells
    findings.check()


def test_every_route_by_every_role_for_every_id(start_server: Any, database_url: str) -> None:
    metrics_token = "matrix-metrics-token"
    for email in ORGANISER_EMAILS.values():
        add_organiser(database_url, email, PASSWORD)
    # Open, so that the cast is made as before and anyone's POST /api/workshops is a 201.
    # Creating and importing spend from one throttle; both rows' cells fit in a minute's.
    server = start_server(extra_env={"COCREATE_METRICS_TOKEN": metrics_token,
                                     "COCREATE_CREATE_POLICY": "open",
                                     "COCREATE_CREATES_PER_MINUTE": "100"})
    findings = Findings()
    with Api(server.http) as api, \
            OrganiserApi(server.http, ORGANISER_EMAILS["organiser"], PASSWORD) as olga, \
            OrganiserApi(server.http, ORGANISER_EMAILS["other_organiser"], PASSWORD) as otto:
        cast = _cast(api)
        snapshots: dict[str, str] = {}
        # The organisers' cells sign in on sessions of their own; these look.
        organised = {"own": olga.workshop(title="W3").id, "other_workshop":
                     otto.workshop(title="W4").id}
        co_facilitators = {}
        for where, who in (("own", olga), ("other_workshop", otto)):
            wid = organised[where]
            r = who.post(f"/api/organiser/workshops/{wid}/co-facilitators", {"name": "Co"})
            assert r.status_code == 201, r.text
            co_facilitators[where] = (f"/api/organiser/workshops/{wid}/co-facilitators/"
                                      f"{r.json()['participant_id']}")
        # W's series (its next event made with Olga signed in: hers) and W2's (Otto's).
        series = {}
        for where, workshop, who in (("own", cast.w, olga), ("other_workshop", cast.w2, otto)):
            r = who.http.post("/api/workshops", json={"series_of": workshop.id},
                              headers={"Authorization": f"Bearer {workshop.facilitator.token}"})
            assert r.status_code == 201, r.text
            series[where] = r.json()["series_id"]
        r = api.http.post(f"/api/workshops/{cast.w.id}/followup", json={},
                          headers={"Authorization": f"Bearer {cast.w.facilitator.token}"})
        assert r.status_code == 201, r.text
        followup = {"own": r.json()["token"]}
        sessions = {role: OrganiserApi(server.http, email, PASSWORD)
                    for role, email in ORGANISER_EMAILS.items()}

        async def setup() -> None:
            async with connect(server.ws, cast.w.facilitator.token) as fac, \
                    connect(server.ws, cast.w2.facilitator.token) as outsider:
                cast.rooms["breakout"] = await _new_id(fac, "room.add", {"name": "Breakout"},
                                                       key="room")
                snapshots["own"] = await _new_id(fac, "snapshot.save", {"name": "Plenary"})
                snapshots["other_workshop"] = await _new_id(outsider, "snapshot.save",
                                                            {"name": "W2"})
                await fac.ack("participant.remove", {"participant": cast.removed.participant_id})
                await _make_juror(fac, cast)
            async with connect(server.ws, cast.w.facilitator.token,
                               room=cast.rooms["breakout"]) as fac_breakout:
                snapshots["breakout"] = await _new_id(fac_breakout, "snapshot.save",
                                                      {"name": "Breakout"})
        run(setup(), timeout=60)

        ids = {
            "": {"own": ""},
            "code": {"own": cast.w.join_code, "other_workshop": cast.w2.join_code},
            "workshop": {"own": cast.w.id, "other_workshop": cast.w2.id},
            "room": cast.rooms,
            "snapshot": snapshots,
            "organised": organised,
            "reported": {"own": cast.w.id, "other_workshop": cast.w2.id,
                         "organised": organised["own"],
                         "other_organised": organised["other_workshop"]},
            "co_facilitator": co_facilitators,
            "followup": followup,
            "series": series,
            # A token names W or W2, an organiser's cookie the workshop they created.
            "deletable": {"own": cast.w.id, "other_workshop": cast.w2.id},
            "deletable by an organiser": organised,
            "erasable": {where: f"/api/workshops/{w.id}/participants/"
                                f"{api.member(w, 'Era', 'NGO').participant_id}/erase"
                         for where, w in (("own", cast.w), ("other_workshop", cast.w2))},
        }

        def credentials(role: str) -> list[dict[str, str]]:
            if role == "operator":
                return [{"Authorization": f"Bearer {metrics_token}"}]
            if role in ORGANISERS:
                return [sessions[role].credentials()]
            if role == "none":
                return [{}, {"Authorization": "Bearer not-a-token-of-anyone"}]
            token = cast.token(role)
            return [{"Authorization": f"Bearer {token}"}]

        def everything() -> dict[str, Any]:
            fac = {"Authorization": f"Bearer {cast.w.facilitator.token}"}
            out = {"Authorization": f"Bearer {cast.w2.facilitator.token}"}
            looks = {
                "W": (f"/api/workshops/{cast.w.id}", fac),
                "participants of W": (f"/api/workshops/{cast.w.id}/participants", fac),
                "W2": (f"/api/workshops/{cast.w2.id}", out),
                "participants of W2": (f"/api/workshops/{cast.w2.id}/participants", out),
                "templates of W": (f"/api/workshops/{cast.w.id}/templates", fac),
                "templates of W2": (f"/api/workshops/{cast.w2.id}/templates", out),
            }
            for room, token in (("own", fac), ("breakout", fac), ("other_workshop", out)):
                looks[f"board of {room}"] = (
                    f"/api/rooms/{cast.rooms[room]}/export?format=json", token)
                looks[f"snapshots of {room}"] = (f"/api/rooms/{cast.rooms[room]}/snapshots",
                                                 token)

            async def get_all() -> list[httpx.Response]:
                async with httpx.AsyncClient(base_url=server.http, timeout=30,
                                             trust_env=False) as http:
                    return await asyncio.gather(*(http.get(path, headers=headers)
                                                  for path, headers in looks.values()))
            found = {}
            for name, r in zip(looks, asyncio.run(get_all()), strict=True):
                assert r.status_code == 200, (name, r.status_code, r.text)
                found[name] = r.text
            for name, who in (("workshops of an organiser", olga),
                              ("workshops of the other organiser", otto)):
                r = who.get("/api/organiser/workshops")
                assert r.status_code == 200, (name, r.status_code, r.text)
                found[name] = r.text
            return found

        looked: list[dict[str, Any]] = []  # the last look, while nothing changed since

        def call(key: str, row: RouteRow, role: str, where: str,
                 headers: dict[str, str]) -> None:
            bad = " (a made-up token)" if role == "none" and headers else ""
            cell = f"{key} by {role}{bad} for {where}"
            kind = ("deletable by an organiser"
                    if row.target == "deletable" and role in ORGANISERS else row.target)
            target = ids[kind][where]
            status, code = expected_route(row, role, where)
            findings.count("cell: allowed" if code is None else f"cell: refused, {status}")
            before = (looked.pop() if looked else everything()) if code is not None else None
            if key.startswith("POST "):
                assert row.body is not None
                looked.clear()  # a join or a new workshop changes what a look sees
                r = api.http.post(row.url(target), json=row.body(target, role), headers=headers)
                api.http.cookies.clear()  # a sign-in's cookie is not for the next cell
            elif key.startswith("DELETE "):
                looked.clear()
                r = api.http.delete(row.url(target), headers=headers)
            else:
                r = api.http.get(row.url(target), headers=headers)
            try:
                if code is None:
                    assert r.status_code == status, (r.status_code, r.text[:300])
                else:
                    assert_error(r, status, code)
            except AssertionError as e:
                findings.fail(cell, str(e))
            if before is not None:
                after = everything()
                looked[:] = [after]
                if after != before:
                    findings.fail(cell, _changed(before, after))

        def deletion_cells(key: str, row: RouteRow, allowed_ones: bool) -> None:
            """Its refused cells where the row stands, while W to W4 exist (and before
            the erasure rows after it take the participant away); its allowed ones,
            which delete their workshops (whose tokens are then unknown: 401), last."""
            cells = [(role, where, headers) for role in HTTP_ROLES
                     for where in TARGET_ROOMS[row.target] for headers in credentials(role)]
            if not allowed_ones:
                for role, where, headers in cells:
                    if expected_route(row, role, where)[1] is not None:
                        call(key, row, role, where, headers)
                return
            allowed = [c for c in cells if expected_route(row, c[0], c[1])[1] is None]
            assert len(allowed) == 4, allowed  # W, W2, W3 and W4, once each
            for role, where, headers in allowed:
                call(key, row, role, where, headers)
            r = api.get(f"/api/workshops/{cast.w.id}", token=cast.w.facilitator.token)
            if r.status_code != 401:
                findings.fail(f"{key}: W after its deletion", f"answered {r.status_code}")
            for who, where in ((olga, "own"), (otto, "other_workshop")):
                listed = who.get("/api/organiser/workshops").text
                if organised[where] in listed:
                    findings.fail(f"{key}: {who.email}'s workshops", "the deleted one is listed")

        deleting = []
        for key, row in ROUTE_ROWS.items():
            if key == "POST /api/organiser/logout":
                # Before the organisers sign out: they delete their own workshops too.
                for deleted_key, deleted_row in deleting:
                    deletion_cells(deleted_key, deleted_row, allowed_ones=True)
                deleting.clear()
            if row.rule == "socket":
                continue  # the op matrix above: every op, role and room on /ws
            if row.rule == "deleter":
                deletion_cells(key, row, allowed_ones=False)
                deleting.append((key, row))
                continue
            for role in HTTP_ROLES:
                for where in TARGET_ROOMS[row.target]:
                    for headers in credentials(role):
                        call(key, row, role, where, headers)
        for key, row in deleting:
            deletion_cells(key, row, allowed_ones=True)
        for session in sessions.values():
            session.close()
    findings.check()
