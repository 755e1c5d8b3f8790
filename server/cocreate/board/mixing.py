"""Splitting a workshop's participants into breakout rooms.

Pure: no I/O, no clock, no global randomness. The caller passes a seeded
`random.Random`, so a split can be reproduced from its seed.

`mix` breaks silos. It guarantees two things:

- room sizes differ by at most one;
- for every stakeholder group, its headcount in any two rooms differs by at
  most one, so every room holds as many different groups as it can.

Within those guarantees it keeps people of the same organisation apart: it
minimises the number of same-organisation pairs sharing a room by local
search, which finds a good split, not always the best one.

With `balance_sites`, it then also spreads remote people: it swaps pairs
that keep both guarantees until no two rooms' remote headcounts differ by
more than one, or no such swap is left; so in a hybrid event no room is all
remote while there are on-site people to share. Site balance comes before
organisation separation: a swap may bring two colleagues together.

`random` shuffles and deals; only the room sizes are balanced.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Strategy = Literal["mix", "random"]
STRATEGIES: tuple[Strategy, ...] = ("mix", "random")


class MixingError(ValueError):
    """A split that cannot be made; the protocol reports it as `invalid`."""

    code = "invalid"


@dataclass(frozen=True)
class Person:
    """Someone to place: `group` None is a group of its own; `organisation`
    None (or blank) never counts as shared with anyone."""

    id: str
    group: str | None = None
    organisation: str | None = None
    site: str = "onsite"  # onsite | remote


def split_rooms(
    people: Sequence[Person],
    room_ids: Sequence[str],
    strategy: Strategy,
    rng: random.Random,
    *,
    balance_sites: bool = False,
) -> dict[str, str]:
    """Assign every person to one of `room_ids`; return `{person_id: room_id}`.

    Every person appears exactly once in the result, in the order given.
    Rooms may stay empty when there are fewer people than rooms.
    Organisations are compared ignoring case and surrounding white space.

    Raises `MixingError` when `room_ids` is empty or repeats an id, when two
    people share an id, or when `strategy` is neither "mix" nor "random".
    Nothing else is checked; nothing but `rng` changes. `mix` takes well
    under a second for 5,000 people.
    """
    if len(room_ids) < 1:
        raise MixingError("a split needs at least one room")
    if len(set(room_ids)) != len(room_ids):
        raise MixingError("room ids must be distinct")
    if len({p.id for p in people}) != len(people):
        raise MixingError("person ids must be distinct")
    if strategy == "random":
        slots = _deal_random(people, len(room_ids), rng)
    elif strategy == "mix":
        slots = _mix(people, len(room_ids), rng)
        if balance_sites:
            _balance_sites(people, slots, len(room_ids))
    else:
        raise MixingError(f"unknown strategy {strategy!r}; use 'mix' or 'random'")
    return {p.id: room_ids[slots[i]] for i, p in enumerate(people)}


# Local search can stop short of the fewest pairs; a few fresh deals usually
# reach it. Attempts stop once no split could do better.
_ATTEMPTS = 4


def _mix(people: Sequence[Person], k: int, rng: random.Random) -> list[int]:
    floor = _pairs_floor(people, k)
    best: list[int] = []
    best_pairs = -1
    for _ in range(_ATTEMPTS):
        slots = _deal_mixed(people, k, rng)
        improver = _Improver(people, slots, k, floor)
        improver.run()
        if best_pairs < 0 or improver.pairs < best_pairs:
            best, best_pairs = slots, improver.pairs
        if best_pairs == floor:
            break
    return best


def _balance_sites(people: Sequence[Person], slots: list[int], k: int) -> None:
    """Swap a remote and an on-site person between a more and a less remote room
    while that narrows a gap of two or more and keeps sizes and group headcounts
    within their bounds (a swap inside one group always does). Each swap lowers
    the sum of squared remote counts, so this ends."""
    totals = _totals(people)
    bounds = {g: (t // k, -(-t // k)) for g, t in totals.items()}
    group_count = {g: [0] * k for g in totals}
    remote = [0] * k
    for i, p in enumerate(people):
        group_count[p.group][slots[i]] += 1
        remote[slots[i]] += p.site == "remote"

    def may_swap(ga: str | None, gb: str | None, hi: int, lo: int) -> bool:
        return ga == gb or (
            group_count[ga][hi] > bounds[ga][0] and group_count[ga][lo] < bounds[ga][1]
            and group_count[gb][lo] > bounds[gb][0] and group_count[gb][hi] < bounds[gb][1])

    def find_swap() -> tuple[int, int] | None:
        gaps = sorted(((lo, hi) for lo in range(k) for hi in range(k)
                       if remote[hi] - remote[lo] >= 2),
                      key=lambda p: remote[p[0]] - remote[p[1]])
        for lo, hi in gaps:
            away: dict[str | None, int] = {}  # group -> a remote person in hi
            here: dict[str | None, int] = {}  # group -> an on-site person in lo
            for i, p in enumerate(people):
                if slots[i] == hi and p.site == "remote":
                    away.setdefault(p.group, i)
                elif slots[i] == lo and p.site != "remote":
                    here.setdefault(p.group, i)
            for ga, a in away.items():  # within one group first: it changes no headcount
                if ga in here:
                    return a, here[ga]
            for ga, a in away.items():
                for gb, b in here.items():
                    if may_swap(ga, gb, hi, lo):
                        return a, b
        return None

    while (step := find_swap()) is not None:
        a, b = step
        hi, lo = slots[a], slots[b]
        group_count[people[a].group][hi] -= 1
        group_count[people[a].group][lo] += 1
        group_count[people[b].group][lo] -= 1
        group_count[people[b].group][hi] += 1
        slots[a], slots[b] = lo, hi
        remote[hi] -= 1
        remote[lo] += 1


def _deal_random(people: Sequence[Person], k: int, rng: random.Random) -> list[int]:
    order = list(range(len(people)))
    rng.shuffle(order)
    start = rng.randrange(k)
    slots = [0] * len(people)
    for n, i in enumerate(order):
        slots[i] = (start + n) % k
    return slots


def _deal_mixed(people: Sequence[Person], k: int, rng: random.Random) -> list[int]:
    """One round-robin deal over all groups, each group a contiguous run.

    The deal continues where the previous group stopped, so room sizes stay
    balanced; a run of n people over k rooms gives each room n//k or n//k+1 of
    that group. Which member of a group takes which seat of its run is greedy:
    the one whose organisation is least present in that room, larger
    organisations first on a tie.
    """
    groups: dict[str | None, list[int]] = {}
    for i, p in enumerate(people):
        groups.setdefault(p.group, []).append(i)
    runs = list(groups.values())
    rng.shuffle(runs)
    runs.sort(key=len, reverse=True)  # stable: ties keep the shuffled order
    slots = [0] * len(people)
    present: list[dict[str, int]] = [{} for _ in range(k)]
    cursor = rng.randrange(k)
    for members in runs:
        waiting = _by_organisation(people, members, rng)
        for _ in members:
            room = present[cursor]
            org = min(waiting, key=lambda o: (room.get(o, 0) if o else 0, -len(waiting[o])))
            i = waiting[org].pop()
            if not waiting[org]:
                del waiting[org]
            slots[i] = cursor
            if org is not None:
                room[org] = room.get(org, 0) + 1
            cursor = (cursor + 1) % k
    return slots


def _by_organisation(
    people: Sequence[Person], members: list[int], rng: random.Random
) -> dict[str | None, list[int]]:
    """The members by organisation, in a random order (min() keeps the first tie)."""
    shuffled = list(members)
    rng.shuffle(shuffled)
    by_org: dict[str | None, list[int]] = {}
    for i in shuffled:
        by_org.setdefault(_org(people[i]), []).append(i)
    return by_org


def _org(p: Person) -> str | None:
    if p.organisation is None:
        return None
    key = p.organisation.strip().casefold()
    return key or None


class _Improver:
    """Local search that lowers same-organisation pairs per room.

    A step moves one person to another room or swaps two people, only when
    every room's size and every group's per-room headcount stays within its
    floor/ceiling, so both guarantees hold after every step. Each step lowers
    the number of pairs by at least one, so the search ends; it also ends as
    soon as it reaches `floor`, a bound no split can beat.
    """

    def __init__(self, people: Sequence[Person], slots: list[int], k: int, floor: int) -> None:
        self.people = people
        self.slots = slots
        self.k = k
        self.floor = floor
        self.orgs = [_org(p) for p in people]
        n = len(people)
        self.size_lo, self.size_hi = n // k, -(-n // k)
        self.size = [0] * k
        self.org_count: list[dict[str, int]] = [{} for _ in range(k)]
        # room -> (group, org) -> people there; people of one cell are interchangeable.
        self.cells: list[dict[tuple[str | None, str | None], list[int]]] = [{} for _ in range(k)]
        totals = _totals(people)
        self.group_count = {g: [0] * k for g in totals}
        self.group_bounds = {g: (t // k, -(-t // k)) for g, t in totals.items()}
        for i in range(n):
            self._place(i, slots[i], +1)
        self.pairs = sum(c * (c - 1) // 2 for room in self.org_count for c in room.values())

    def run(self) -> None:
        improved = True
        while improved and self.pairs > self.floor:
            improved = False
            for i in range(len(self.people)):
                org = self.orgs[i]
                if org is not None and self.org_count[self.slots[i]][org] > 1:
                    improved |= self._improve(i)

    def _improve(self, a: int) -> bool:
        """Make the best step that takes `a` out of its room, if one helps.

        Every improving swap gains on at least one of its two sides, and each
        side is tried from its own person, so only rooms where `a`'s own side
        gains need looking at.
        """
        r, ga, oa = self.slots[a], self.people[a].group, self.orgs[a]
        assert oa is not None
        best_gain = 0
        best_move: tuple[int, int | None] | None = None
        for s in range(self.k):
            own = self.org_count[r][oa] - 1 - self.org_count[s].get(oa, 0)
            if s == r or own <= 0:
                continue
            a_may_move = self._may_move(ga, r, s)
            room_sizes_allow = self.size[r] > self.size_lo and self.size[s] < self.size_hi
            if a_may_move and room_sizes_allow and own > best_gain:
                best_gain, best_move = own, (s, None)
            for (gb, ob), there in self.cells[s].items():
                if not there or ob == oa:
                    continue
                if gb != ga and not (a_may_move and self._may_move(gb, s, r)):
                    continue
                other = 0 if ob is None else (
                    self.org_count[s][ob] - 1 - self.org_count[r].get(ob, 0))
                if own + other > best_gain:
                    best_gain, best_move = own + other, (s, there[0])
        if best_move is None:
            return False
        s, b = best_move
        self._place(a, r, -1)
        self._place(a, s, +1)
        if b is not None:
            self._place(b, s, -1)
            self._place(b, r, +1)
        self.pairs -= best_gain
        return True

    def _may_move(self, group: str | None, src: int, dst: int) -> bool:
        lo, hi = self.group_bounds[group]
        counts = self.group_count[group]
        return counts[src] > lo and counts[dst] < hi

    def _place(self, i: int, room: int, delta: int) -> None:
        group, org = self.people[i].group, self.orgs[i]
        self.size[room] += delta
        self.group_count[group][room] += delta
        if org is not None:
            counts = self.org_count[room]
            counts[org] = counts.get(org, 0) + delta
        cell = self.cells[room].setdefault((group, org), [])
        if delta > 0:
            cell.append(i)
            self.slots[i] = room
        else:
            cell.remove(i)


def _pairs_floor(people: Sequence[Person], k: int) -> int:
    """Fewest same-organisation pairs any split into k rooms can have."""
    sizes: dict[str, int] = {}
    for p in people:
        org = _org(p)
        if org is not None:
            sizes[org] = sizes.get(org, 0) + 1
    floor = 0
    for m in sizes.values():
        q, extra = divmod(m, k)
        floor += extra * (q + 1) * q // 2 + (k - extra) * q * (q - 1) // 2
    return floor


def _totals(people: Sequence[Person]) -> dict[str | None, int]:
    totals: dict[str | None, int] = {}
    for p in people:
        totals[p.group] = totals.get(p.group, 0) + 1
    return totals
