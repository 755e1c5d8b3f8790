"""World Café: table hosts, and rotating everyone else to new tables.

A table is a breakout room that is not archived. Its host stays when the
others rotate. The host is whoever the facilitator named (`room.host`) while
they sit there; by default the first person a change seats at a table that
has no host there (for a split, the first it assigns to each room); when the
host leaves and nobody arrives, the first of those left, in the order they
joined. Who met whom (`WorkshopState.met`) counts how often two people were
seated at one table by a split, an assignment or a rotation.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from cocreate.board import validate
from cocreate.board.errors import BoardError
from cocreate.board.mixing import MixingError, Person
from cocreate.board.rooms import WorkshopChange, WorkshopState
from cocreate.board.rotation import encounters, repeats, rotate


def room_host(workshop: WorkshopState, data: dict[str, Any]) -> WorkshopChange:
    room_id = validate.ident(data, "room")
    pid = validate.ident(data, "participant")
    room = next((r for r in workshop.rooms if r.id == room_id), None)
    if room is None:
        raise BoardError("not_found", "no such room in this workshop")
    person = next((p for p in workshop.participants if p.id == pid), None)
    if person is None:
        raise BoardError("not_found", "no such participant in this workshop")
    if room.plenary or room.archived:
        raise BoardError("invalid", "only a breakout room that is not archived has a host")
    if person.role != "participant" or person.room_id != room.id:
        raise BoardError("invalid", "a host must be a participant in that room")
    return WorkshopChange("room.host", {"room": room.id, "participant": pid},
                          hosts={room.id: pid})


# Who sits where and who hosts which table, sorted: what a rotation depends on.
Basis = tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]


@dataclass(frozen=True)
class Rotation:
    """A rotation worked out ahead of its op (off the database thread), and the
    seats and hosts it was worked out from."""

    basis: Basis
    after: dict[str, str]


def plan_rotation(workshop: WorkshopState, rng: random.Random) -> Rotation:
    """Where `rooms.rotate` would seat everyone now (the search is the slow part)."""
    hosts = current_hosts(workshop)
    tables = [r.id for r in workshop.rooms if r.id in hosts]
    seated = [p for p in workshop.participants if p.role == "participant" and p.room_id in hosts]
    people = [Person(p.id, p.group, p.organisation, p.site) for p in seated]
    seats = {p.id: p.room_id for p in seated}
    try:
        after = rotate(people, seats, {t: hosts[t] for t in tables}, workshop.met, rng)
    except MixingError as e:
        raise BoardError("invalid", str(e)) from None
    return Rotation(_basis(seats, hosts), after)


def _basis(seats: dict[str, str], hosts: dict[str, str]) -> Basis:
    return tuple(sorted(seats.items())), tuple(sorted(hosts.items()))


def rooms_rotate(workshop: WorkshopState, rng: random.Random,
                 prepared: Rotation | None = None) -> WorkshopChange:
    """Hosts stay; everyone else at a table moves to another (`rotation.rotate`).
    People in the plenary stay there; with fewer than two tables nobody moves.
    A `prepared` rotation is used if people still sit as it assumed."""
    hosts = current_hosts(workshop)
    tables = [r.id for r in workshop.rooms if r.id in hosts]
    seats = {p.id: p.room_id for p in workshop.participants
             if p.role == "participant" and p.room_id in hosts}
    if prepared is None or prepared.basis != _basis(seats, hosts):
        prepared = plan_rotation(workshop, rng)
    after = prepared.after
    moves = {pid: room for pid, room in after.items() if seats[pid] != room}
    data = {"moves": moves, "hosts": {t: hosts[t] for t in tables},
            "repeats": repeats(after, workshop.met)}
    stale: dict[str, str | None] = {t: hosts[t] for t in tables
                                    if workshop.hosts.get(t) != hosts[t]}
    return WorkshopChange("rooms.rotate", data, moves=dict(moves), hosts=stale)


def current_hosts(workshop: WorkshopState) -> dict[str, str]:
    """The host of every table with people: as stored while they sit there,
    else the first of its people in the order they joined."""
    seats = {p.id: p.room_id for p in workshop.participants if p.role == "participant"}
    out: dict[str, str] = {}
    for room in workshop.rooms:
        if room.plenary or room.archived:
            continue
        host = workshop.hosts.get(room.id)
        if host is None or seats.get(host) != room.id:
            host = next((pid for pid, seat in seats.items() if seat == room.id), None)
        if host is not None:
            out[room.id] = host
    return out


def follow_up(workshop: WorkshopState, change: WorkshopChange) -> None:
    """Fill in the hosts and encounters `change` brings about (see the module
    docstring); a change that moves and removes no one brings none."""
    if not change.moves and not change.removals:
        return
    removed = set(change.removals)
    before = {p.id: p.room_id for p in workshop.participants if p.role == "participant"}
    after = {pid: change.moves.get(pid, room) for pid, room in before.items()
             if pid not in removed}
    archived = {r.id: r.archived for r in workshop.rooms}
    archived.update({r.id: r.archived for r in change.changed_rooms})
    tables = [r.id for r in workshop.rooms + change.new_rooms
              if not r.plenary and not archived.get(r.id, False)]
    change.encounters = encounters(before, after, tables)
    arrivals = [pid for pid in change.moves if pid in after]
    order = arrivals + [pid for pid in after if pid not in change.moves]
    known = {**workshop.hosts, **change.hosts}
    for room in [r.id for r in workshop.rooms + change.new_rooms if not r.plenary]:
        host = known.get(room)
        if room in tables and host is not None and after.get(host) == room:
            continue
        new = None
        if room in tables:
            new = next((pid for pid in order if after[pid] == room), None)
        if new != workshop.hosts.get(room):
            change.hosts[room] = new
