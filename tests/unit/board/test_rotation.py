"""World Café rotation: hosts stay, everyone else moves, groups stay mixed,
and people meet far fewer of the same people again than a mixed reshuffle."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Mapping

import pytest

from cocreate.board.mixing import MixingError, Person, split_rooms
from cocreate.board.rotation import encounters, pair, repeats, rotate

ROOMS = [f"table-{n}" for n in range(4)]
Seats = dict[str, str]
Met = dict[tuple[str, str], int]


def _people(n: int, groups: int) -> list[Person]:
    return [Person(f"p{i:02}", f"group-{i % groups}") for i in range(n)]


def _first_split(people: list[Person], seed: int) -> tuple[Seats, dict[str, str]]:
    seats = split_rooms(people, ROOMS, "mix", random.Random(seed))
    hosts: dict[str, str] = {}
    for pid, room in seats.items():  # the first person assigned hosts the table
        hosts.setdefault(room, pid)
    return seats, {r: hosts[r] for r in ROOMS}


def _meet(met: Met, before: Mapping[str, str], after: Mapping[str, str]) -> None:
    for key in encounters(before, after, ROOMS):
        met[key] = met.get(key, 0) + 1


def _mixed_shuffle(people: list[Person], hosts: dict[str, str]) -> Callable[..., Seats]:
    """The baseline: hosts stay, the others are split afresh by `mix` with a
    random seed (so some may stay at their table and meet old faces)."""
    movers = [p for p in people if p.id not in hosts.values()]

    def shuffle(seats: Seats, met: Met, rng: random.Random) -> Seats:
        out = split_rooms(movers, ROOMS, "mix", random.Random(rng.randrange(1 << 30)))
        out.update({pid: room for room, pid in hosts.items()})
        return out
    return shuffle


def _three_rotations(people: list[Person], seats: Seats, step: Callable[..., Seats],
                     seed: int) -> tuple[int, list[Seats]]:
    """Repeat encounters over three rotations; the first split's count as met."""
    met: Met = {}
    _meet(met, {}, seats)
    rng = random.Random(seed)
    total, seen = 0, []
    for _ in range(3):
        after = step(seats, met, rng)
        total += repeats(after, met)
        _meet(met, seats, after)
        seats = after
        seen.append(after)
    return total, seen


def _check_mixed(people: list[Person], seats: Seats) -> None:
    sizes = Counter(seats.values())
    assert max(sizes.values()) - min(sizes.values()) <= 1, sizes
    for group in {p.group for p in people}:
        per_room = Counter(seats[p.id] for p in people if p.group == group)
        counts = [per_room[r] for r in ROOMS]
        assert max(counts) - min(counts) <= 1, (group, counts)


@pytest.mark.parametrize("groups", [1, 4])
def test_hosts_stay_everyone_else_moves_and_groups_stay_mixed(groups: int) -> None:
    people = _people(24, groups)
    seats, hosts = _first_split(people, 3)

    def ours(seats: Seats, met: Met, rng: random.Random) -> Seats:
        return rotate(people, seats, hosts, met, rng)
    before = seats
    _, seen = _three_rotations(people, seats, ours, 11)
    for after in seen:
        assert sorted(after) == sorted(p.id for p in people)
        assert all(after[pid] == room for room, pid in hosts.items())
        movers = [p.id for p in people if p.id not in hosts.values()]
        assert all(after[pid] != before[pid] for pid in movers)
        _check_mixed(people, after)
        before = after


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_without_groups_three_rotations_repeat_less_than_half_a_mixed_shuffle(seed: int) -> None:
    """24 people, 4 tables, one stakeholder group: fewer than half the repeat
    encounters of the baseline, with the same seeds for both."""
    people = _people(24, 1)
    seats, hosts = _first_split(people, seed)

    def ours(seats: Seats, met: Met, rng: random.Random) -> Seats:
        return rotate(people, seats, hosts, met, rng)
    mine, _ = _three_rotations(people, seats, ours, seed + 100)
    baseline, _ = _three_rotations(people, seats, _mixed_shuffle(people, hosts), seed + 100)
    # Pigeonhole: 5 movers per table over 3 other tables: >= 2 pairs per table.
    assert 3 * 4 * 2 <= mine < baseline / 2, (mine, baseline)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_with_four_groups_three_rotations_repeat_far_less_than_a_mixed_shuffle(seed: int) -> None:
    people = _people(24, 4)
    seats, hosts = _first_split(people, seed)

    def ours(seats: Seats, met: Met, rng: random.Random) -> Seats:
        return rotate(people, seats, hosts, met, rng)
    mine, _ = _three_rotations(people, seats, ours, seed + 100)
    baseline, _ = _three_rotations(people, seats, _mixed_shuffle(people, hosts), seed + 100)
    assert mine < baseline * 0.65, (mine, baseline)


# Measured, seeds 0/1/2 (baselines 67/66/76 repeats): one rotation at a time
# 35/42/41; annealing all three rotations together (600,000 swaps) 33/38/37, so
# only seed 0 gets under half; the schedule that keeps repeats at the pigeonhole
# floor (movers in fixed pairs on an affine plane of order 4) breaks some table's
# group bounds at least 6 times with these groups.
@pytest.mark.xfail(strict=True, reason="with four stakeholder groups kept mixed at every "
                   "table the search reaches 0.52-0.64 of the baseline, not below half")
def test_with_four_groups_three_rotations_repeat_less_than_half_a_mixed_shuffle() -> None:
    people = _people(24, 4)
    seats, hosts = _first_split(people, 0)

    def ours(seats: Seats, met: Met, rng: random.Random) -> Seats:
        return rotate(people, seats, hosts, met, rng)
    mine, _ = _three_rotations(people, seats, ours, 100)
    baseline, _ = _three_rotations(people, seats, _mixed_shuffle(people, hosts), 100)
    assert mine < baseline / 2, (mine, baseline)


def test_a_rotation_is_reproducible_from_its_seed() -> None:
    people = _people(24, 4)
    seats, hosts = _first_split(people, 5)
    met: Met = {}
    _meet(met, {}, seats)
    assert rotate(people, seats, hosts, met, random.Random(9)) == \
        rotate(people, seats, hosts, met, random.Random(9))


def test_one_table_moves_nobody() -> None:
    people = _people(3, 1)
    seats = {p.id: "t" for p in people}
    assert rotate(people, seats, {"t": "p00"}, {}, random.Random(1)) == seats


def test_bad_input_is_refused() -> None:
    people = _people(4, 1)
    seats = {"p00": "a", "p01": "a", "p02": "b", "p03": "b"}
    with pytest.raises(MixingError):
        rotate(people, seats, {"a": "p02", "b": "p03"}, {}, random.Random(1))  # host elsewhere
    with pytest.raises(MixingError):
        rotate(people, {**seats, "p01": "c"}, {"a": "p00", "b": "p02"}, {}, random.Random(1))
    with pytest.raises(MixingError):
        rotate([*people, people[0]], seats, {"a": "p00", "b": "p02"}, {}, random.Random(1))


def test_encounters_are_the_pairs_someone_moved_into() -> None:
    before = {"a": "t1", "b": "t1", "c": "t2"}
    after = {"a": "t1", "b": "t1", "c": "t1", "d": "plenary"}
    assert sorted(encounters(before, after, ["t1", "t2"])) == [("a", "c"), ("b", "c")]
    assert pair("z", "a") == ("a", "z")
    assert repeats(after, {("a", "c"): 2, ("a", "b"): 0}) == 1
