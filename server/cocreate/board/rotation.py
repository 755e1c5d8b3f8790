"""World Café rotation: hosts stay at their tables, everyone else moves on.

Pure: no I/O, no clock, no global randomness; the caller passes a seeded
`random.Random` and who met whom so far (`met`: times two people shared a
table). `rotate` returns where everyone sits next:

- every table keeps its host;
- everyone else moves to another table whenever the sizes and the group
  balance below allow it (with one table, nobody can);
- table sizes differ by at most one, and so does each stakeholder group's
  headcount at any two tables (hosts included), as `mixing.split_rooms`
  guarantees for a split, whenever the hosts' seats allow it;
- within that, as few people as possible sit with someone they have met
  before, and among equal counts, with people they met fewer times.

A room's movers cannot all go to different tables once there are more of
them than other tables, so some repeats are unavoidable: with 5 movers per
table and 3 other tables, at least 2 pairs per table meet again each
rotation. The search is simulated annealing over single moves and swaps of
movers, which keeps whoever moves furthest from everyone they met, from a
few fresh random starts; it finds a good rotation, not always the best one.
Its work is bounded by `_STEPS_PER_MOVER` per start (and `_STEPS_MAX`), so
the time grows with the number of movers up to a cap, not with the history;
it stops early once nobody meets anyone again.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations

from cocreate.board.mixing import MixingError, Person

Pair = tuple[str, str]

# How much one reunion weighs against one more time met: a rotation with
# fewer people meeting again always wins; among equal ones, fewer times met.
_REPEAT = 64
_STAY = 1 << 16  # a mover left at their own table
_UNBALANCED = 1 << 22  # one person past a size or group bound
_STARTS = 3
_STEPS_PER_MOVER = 600
_STEPS_MAX = 40_000  # per start: about half a second for 200 people on one core


def pair(a: str, b: str) -> Pair:
    """The key of two people in `met`: their ids in order."""
    return (a, b) if a < b else (b, a)


def encounters(before: Mapping[str, str], after: Mapping[str, str],
               tables: Iterable[str]) -> list[Pair]:
    """The pairs who meet at a table because someone moved: everyone at one of
    `tables` in `after` with each person who was not at that table `before`."""
    kept = set(tables)
    seated: dict[str, list[str]] = {}
    for pid, room in after.items():
        if room in kept:
            seated.setdefault(room, []).append(pid)
    out: list[Pair] = []
    for room, ids in seated.items():
        for a, b in combinations(sorted(ids), 2):
            if before.get(a) != room or before.get(b) != room:
                out.append((a, b))
    return out


def repeats(assignment: Mapping[str, str], met: Mapping[Pair, int]) -> int:
    """How many pairs sharing a table in `assignment` have met before."""
    seated: dict[str, list[str]] = {}
    for pid, room in assignment.items():
        seated.setdefault(room, []).append(pid)
    return sum(1 for ids in seated.values() for a, b in combinations(ids, 2)
               if met.get(pair(a, b), 0) > 0)


def rotate(people: Sequence[Person], seats: Mapping[str, str], hosts: Mapping[str, str],
           met: Mapping[Pair, int], rng: random.Random) -> dict[str, str]:
    """Where everyone in `people` sits after one rotation: `{person_id: table}`.

    `seats` is where each person sits now (a table of `hosts` for each);
    `hosts` maps each table to its host, one of `people` seated there. The
    tables are the keys of `hosts`, in their order. Raises `MixingError` when
    a host is missing or sits elsewhere, when someone sits at no table, or
    when two people share an id. Nothing but `rng` changes.
    """
    if len({p.id for p in people}) != len(people):
        raise MixingError("person ids must be distinct")
    tables = list(hosts)
    index = {t: r for r, t in enumerate(tables)}
    for table, host in hosts.items():
        if seats.get(host) != table:
            raise MixingError("every table's host must sit at that table")
    if any(seats.get(p.id) not in index for p in people):
        raise MixingError("everyone must sit at one of the tables")
    if len(tables) < 2:
        return {p.id: seats[p.id] for p in people}
    search = _Search(people, [index[seats[p.id]] for p in people],
                     {pid for pid in hosts.values()}, len(tables), met)
    best: list[int] | None = None
    best_cost = 0
    for _ in range(_STARTS):
        slots, cost = search.anneal(rng)
        if best is None or cost < best_cost:
            best, best_cost = slots, cost
    assert best is not None
    return {p.id: tables[best[i]] for i, p in enumerate(people)}


class _Search:
    """One rotation's cost and its annealing. People are indices; `near[i][r]`
    is what person i would cost at table r, given everyone else's seats."""

    def __init__(self, people: Sequence[Person], home: list[int], host_ids: set[str], k: int,
                 met: Mapping[Pair, int]) -> None:
        n = len(people)
        self.k = k
        self.home = home
        self.movers = [i for i, p in enumerate(people) if p.id not in host_ids]
        at = {p.id: i for i, p in enumerate(people)}
        self.weights: list[dict[int, int]] = [{} for _ in range(n)]
        for (a, b), times in met.items():
            i, j = at.get(a), at.get(b)
            if i is not None and j is not None and times > 0 and i != j:
                w = _REPEAT + min(times, _REPEAT - 1)
                self.weights[i][j] = w
                self.weights[j][i] = w
        groups: dict[str | None, int] = {}
        self.group = [groups.setdefault(p.group, len(groups)) for p in people]
        totals = [0] * len(groups)
        for g in self.group:
            totals[g] += 1
        self.size_bounds = (n // k, -(-n // k))
        self.group_bounds = [(t // k, -(-t // k)) for t in totals]

    def anneal(self, rng: random.Random) -> tuple[list[int], int]:
        k, movers = self.k, self.movers
        slots = list(self.home)
        for i in movers:  # a random start away from home
            slots[i] = (self.home[i] + 1 + rng.randrange(k - 1)) % k
        self._load(slots)
        steps = min(_STEPS_MAX, _STEPS_PER_MOVER * max(1, len(movers)))
        hot, cold = float(_REPEAT), 0.5
        cost = self.total
        best, best_cost = list(slots), cost
        for step in range(steps):
            if best_cost == 0:
                break
            temperature = hot * (cold / hot) ** (step / steps)
            a = movers[rng.randrange(len(movers))]
            if rng.random() < 0.5:
                b = movers[rng.randrange(len(movers))]
                if slots[a] == slots[b]:
                    continue
                delta = self._swap_delta(a, b)
            else:
                b = -1
                to = rng.randrange(k)
                if to == slots[a]:
                    continue
                delta = self._move_delta(a, to)
            if delta <= 0 or rng.random() < math.exp(-delta / temperature):
                if b < 0:
                    self._move(a, to)
                else:
                    ra, rb = slots[a], slots[b]
                    self._move(a, rb)
                    self._move(b, ra)
                cost += delta
                if cost < best_cost:
                    best, best_cost = list(slots), cost
        return best, best_cost

    def _load(self, slots: list[int]) -> None:
        self.slots = slots
        k = self.k
        self.size = [0] * k
        self.count = [[0] * k for _ in self.group_bounds]
        self.near = [[0] * k for _ in slots]
        for i, r in enumerate(slots):
            self.size[r] += 1
            self.count[self.group[i]][r] += 1
            for j, w in self.weights[i].items():
                self.near[j][r] += w
        lo, hi = self.size_bounds
        self.total = sum(_excess(s, lo, hi) for s in self.size) * _UNBALANCED
        for g, (glo, ghi) in enumerate(self.group_bounds):
            self.total += sum(_excess(c, glo, ghi) for c in self.count[g]) * _UNBALANCED
        self.total += sum(_STAY for i in self.movers if slots[i] == self.home[i])
        self.total += sum(self.near[i][slots[i]] for i in range(len(slots))) // 2

    def _move(self, i: int, to: int) -> None:
        src = self.slots[i]
        self.size[src] -= 1
        self.size[to] += 1
        g = self.group[i]
        self.count[g][src] -= 1
        self.count[g][to] += 1
        for j, w in self.weights[i].items():
            row = self.near[j]
            row[src] -= w
            row[to] += w
        self.slots[i] = to

    def _balance_delta(self, bounds: tuple[int, int], counts: list[int], src: int,
                       to: int) -> int:
        lo, hi = bounds
        before = _excess(counts[src], lo, hi) + _excess(counts[to], lo, hi)
        after = _excess(counts[src] - 1, lo, hi) + _excess(counts[to] + 1, lo, hi)
        return (after - before) * _UNBALANCED

    def _stay_delta(self, i: int, src: int, to: int) -> int:
        home = self.home[i]
        return _STAY * ((to == home) - (src == home))

    def _move_delta(self, i: int, to: int) -> int:
        src = self.slots[i]
        g = self.group[i]
        return (self.near[i][to] - self.near[i][src]
                + self._balance_delta(self.size_bounds, self.size, src, to)
                + self._balance_delta(self.group_bounds[g], self.count[g], src, to)
                + self._stay_delta(i, src, to))

    def _swap_delta(self, a: int, b: int) -> int:
        ra, rb = self.slots[a], self.slots[b]
        w = self.weights[a].get(b, 0)
        delta = (self.near[a][rb] - self.near[a][ra] + self.near[b][ra] - self.near[b][rb]
                 - 2 * w + self._stay_delta(a, ra, rb) + self._stay_delta(b, rb, ra))
        ga, gb = self.group[a], self.group[b]
        if ga != gb:
            delta += self._balance_delta(self.group_bounds[ga], self.count[ga], ra, rb)
            delta += self._balance_delta(self.group_bounds[gb], self.count[gb], rb, ra)
        return delta


def _excess(value: int, lo: int, hi: int) -> int:
    return max(0, value - hi) + max(0, lo - value)
