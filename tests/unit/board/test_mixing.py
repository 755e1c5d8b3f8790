"""Breakout-room splits: both balance guarantees, and organisation separation."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Sequence

import pytest

from cocreate.board.mixing import MixingError, Person, split_rooms


def _rooms(k: int) -> list[str]:
    return [f"room-{n}" for n in range(k)]


def _population(n: int, groups: int, orgs: int, rng: random.Random) -> list[Person]:
    names: list[str | None] = [f"group-{g}" for g in range(groups)]
    if groups > 1 and rng.random() < 0.3:
        names[-1] = None  # people who gave no group
    return [
        Person(
            id=f"p{i}",
            group=rng.choice(names),
            organisation=rng.choice([None, *(f"Org {o}" for o in range(orgs))]),
        )
        for i in range(n)
    ]


def _check_complete(people: Sequence[Person], rooms: Sequence[str], result: dict[str, str]) -> None:
    assert sorted(result) == sorted(p.id for p in people)
    assert set(result.values()) <= set(rooms)


def _check_sizes(rooms: Sequence[str], result: dict[str, str]) -> None:
    sizes = Counter(result.values())
    counts = [sizes[r] for r in rooms]
    assert max(counts) - min(counts) <= 1, counts


def _check_groups(people: Sequence[Person], rooms: Sequence[str], result: dict[str, str]) -> None:
    by_group: dict[str | None, Counter[str]] = {}
    for p in people:
        by_group.setdefault(p.group, Counter())[result[p.id]] += 1
    for group, per_room in by_group.items():
        counts = [per_room[r] for r in rooms]
        assert max(counts) - min(counts) <= 1, (group, counts)


def _balanced(people: Sequence[Person], rooms: Sequence[str], result: dict[str, str]) -> bool:
    try:
        _check_sizes(rooms, result)
        _check_groups(people, rooms, result)
    except AssertionError:
        return False
    return True


def _same_org_pairs(people: Sequence[Person], result: dict[str, str]) -> int:
    together = Counter(
        (result[p.id], p.organisation.strip().casefold())
        for p in people
        if p.organisation and p.organisation.strip()
    )
    return sum(n * (n - 1) // 2 for n in together.values())


def test_24_people_in_4_groups_into_4_rooms_gives_every_room_all_groups() -> None:
    people = [Person(f"p{i}", f"group-{i % 4}", f"org-{i % 5}") for i in range(24)]
    rooms = _rooms(4)
    result = split_rooms(people, rooms, "mix", random.Random(1))
    for room in rooms:
        inside = [p for p in people if result[p.id] == room]
        assert len(inside) == 6
        assert {p.group for p in inside} == {"group-0", "group-1", "group-2", "group-3"}


def test_50_people_in_6_groups_into_7_rooms_keeps_both_balances() -> None:
    rng = random.Random(50)
    people = [Person(f"p{i}", f"group-{i % 6}", f"org-{rng.randrange(12)}") for i in range(50)]
    rooms = _rooms(7)
    result = split_rooms(people, rooms, "mix", random.Random(7))
    _check_complete(people, rooms, result)
    _check_sizes(rooms, result)
    _check_groups(people, rooms, result)
    # 50 into 7 rooms: one room of 8, six of 7.
    assert sorted(Counter(result.values()).values()) == [7, 7, 7, 7, 7, 7, 8]


def test_mix_keeps_both_balances_over_many_random_populations() -> None:
    meta = random.Random(2024)
    for trial in range(400):
        n, groups, k = meta.randint(0, 80), meta.randint(1, 8), meta.randint(1, 12)
        people = _population(n, groups, meta.randint(1, 10), meta)
        rooms = _rooms(k)
        result = split_rooms(people, rooms, "mix", random.Random(trial))
        _check_complete(people, rooms, result)
        _check_sizes(rooms, result)
        _check_groups(people, rooms, result)


def test_random_keeps_sizes_balanced_over_many_random_populations() -> None:
    meta = random.Random(99)
    for trial in range(200):
        n, k = meta.randint(0, 80), meta.randint(1, 12)
        people = _population(n, meta.randint(1, 8), 3, meta)
        rooms = _rooms(k)
        result = split_rooms(people, rooms, "random", random.Random(trial))
        _check_complete(people, rooms, result)
        _check_sizes(rooms, result)


def test_mix_separates_organisations_where_a_naive_deal_stacks_them() -> None:
    # Each group lists its organisations in the same order, so dealing every
    # group round-robin from room 0 would put all of Org k in room k.
    rooms = _rooms(4)
    people = [Person(f"g{g}-o{o}", f"group-{g}", f"Org {o}") for g in range(4) for o in range(4)]
    naive = {p.id: rooms[i % 4] for i, p in enumerate(people)}
    assert _same_org_pairs(people, naive) == 4 * 6
    for seed in range(30):
        result = split_rooms(people, rooms, "mix", random.Random(seed))
        _check_groups(people, rooms, result)
        assert _same_org_pairs(people, result) == 0


def test_mix_separates_organisations_across_groups() -> None:
    # Org A and Org B each have one member in each of two groups; the
    # colleague must end up in the other room.
    rooms = _rooms(2)
    people = [
        Person("1", "admin", "Org A"), Person("2", "admin", "Org B"),
        Person("3", "ngo", "Org A"), Person("4", "ngo", "Org B"),
    ]
    for seed in range(30):
        result = split_rooms(people, rooms, "mix", random.Random(seed))
        assert _same_org_pairs(people, result) == 0
        assert result["1"] != result["3"] and result["2"] != result["4"]


def test_mix_uses_room_size_slack_to_separate_organisations() -> None:
    # 3 people, 2 rooms: the two colleagues of different groups must not be
    # the pair that shares a room.
    rooms = _rooms(2)
    people = [Person("a", "admin", "City"), Person("b", "union", " city "),
              Person("c", "ngo", None)]
    for seed in range(30):
        result = split_rooms(people, rooms, "mix", random.Random(seed))
        assert result["a"] != result["b"]


def test_mix_reaches_the_fewest_pairs_on_small_populations() -> None:
    meta = random.Random(11)
    for trial in range(60):
        people = [
            Person(str(i), meta.choice("abc"), meta.choice(["X", "Y", "Z", None]))
            for i in range(meta.randint(2, 7))
        ]
        rooms = _rooms(meta.randint(2, 3))
        fewest = min(
            _same_org_pairs(people, split)
            for split in (
                {p.id: r for p, r in zip(people, choice, strict=True)}
                for choice in itertools.product(rooms, repeat=len(people))
            )
            if _balanced(people, rooms, split)
        )
        result = split_rooms(people, rooms, "mix", random.Random(trial))
        assert _same_org_pairs(people, result) == fewest, (people, result)


def test_mix_with_unavoidable_collisions_spreads_the_big_organisation() -> None:
    people = [Person(f"c{i}", f"group-{i % 2}", "City") for i in range(10)]
    people += [Person(f"n{i}", "ngo", f"NGO {i}") for i in range(5)]
    result = split_rooms(people, _rooms(3), "mix", random.Random(0))
    # 10 of one organisation in 3 rooms: 4, 3, 3 at best.
    assert sorted(Counter(result[p.id] for p in people[:10]).values()) == [3, 3, 4]
    assert _same_org_pairs(people, result) == 6 + 3 + 3


def test_mix_separates_better_than_random_on_average() -> None:
    meta = random.Random(5)
    mixed = dealt = 0
    for trial in range(100):
        people = _population(meta.randint(10, 60), meta.randint(2, 6), meta.randint(2, 5), meta)
        rooms = _rooms(meta.randint(2, 8))
        mixed += _same_org_pairs(people, split_rooms(people, rooms, "mix", random.Random(trial)))
        dealt += _same_org_pairs(people, split_rooms(people, rooms, "random", random.Random(trial)))
    assert mixed < dealt


def test_more_rooms_than_people_puts_each_person_alone() -> None:
    people = [Person("a", "x", "o"), Person("b", "x", "o"), Person("c", None, None)]
    rooms = _rooms(5)
    for strategy in ("mix", "random"):
        result = split_rooms(people, rooms, strategy, random.Random(3))
        _check_complete(people, rooms, result)
        assert len(set(result.values())) == 3


def test_no_people_gives_an_empty_split() -> None:
    assert split_rooms([], _rooms(3), "mix", random.Random(0)) == {}
    assert split_rooms([], _rooms(3), "random", random.Random(0)) == {}


def test_no_group_counts_as_a_group_of_its_own() -> None:
    people = [Person(f"n{i}", None, None) for i in range(4)] + [
        Person(f"g{i}", "ngo", None) for i in range(4)
    ]
    result = split_rooms(people, _rooms(4), "mix", random.Random(0))
    for room in _rooms(4):
        assert sorted(p.group or "" for p in people if result[p.id] == room) == ["", "ngo"]


def test_same_seed_gives_same_split_and_result_follows_input_order() -> None:
    people = _population(40, 5, 6, random.Random(8))
    rooms = _rooms(6)
    first = split_rooms(people, rooms, "mix", random.Random(42))
    assert first == split_rooms(people, rooms, "mix", random.Random(42))
    assert list(first) == [p.id for p in people]
    assert any(
        split_rooms(people, rooms, "mix", random.Random(seed)) != first for seed in range(5)
    )


@pytest.mark.parametrize(
    ("people", "rooms", "strategy", "message"),
    [
        ([Person("a")], [], "mix", "at least one room"),
        ([Person("a")], ["r", "r"], "mix", "distinct"),
        ([Person("a"), Person("a")], ["r"], "random", "distinct"),
        ([Person("a")], ["r"], "alphabetical", "unknown strategy"),
    ],
)
def test_impossible_splits_raise_a_mixing_error(
    people: list[Person], rooms: list[str], strategy: str, message: str
) -> None:
    with pytest.raises(MixingError, match=message) as caught:
        split_rooms(people, rooms, strategy, random.Random(0))  # type: ignore[arg-type]
    assert isinstance(caught.value, ValueError)
    assert caught.value.code == "invalid"


def _remote_spread(people: Sequence[Person], rooms: Sequence[str],
                   result: dict[str, str]) -> list[int]:
    remote = Counter(result[p.id] for p in people if p.site == "remote")
    return [remote[r] for r in rooms]


def _hybrid_30() -> list[Person]:
    """13 remote and 17 on-site people in five groups of six; remote people are
    more of some groups than of others, as when a department joins from afar."""
    groups = {"City": 4, "NGO": 3, "Union": 3, "Business": 2, "Ministry": 1}
    return [Person(f"{g}{i}", g, None, "remote" if i < remote else "onsite")
            for g, remote in groups.items() for i in range(6)]


def test_13_remote_and_17_on_site_people_in_5_rooms_give_every_room_2_or_3_remote() -> None:
    people, rooms = _hybrid_30(), _rooms(5)
    lopsided = 0
    for seed in range(20):
        result = split_rooms(people, rooms, "mix", random.Random(seed), balance_sites=True)
        _check_complete(people, rooms, result)
        _check_sizes(rooms, result)
        _check_groups(people, rooms, result)
        assert sorted(_remote_spread(people, rooms, result)) == [2, 2, 3, 3, 3], seed
        plain = _remote_spread(people, rooms, split_rooms(people, rooms, "mix",
                                                          random.Random(seed)))
        lopsided += max(plain) - min(plain) >= 2
    # Groups alone do not spread sites: without the balance most splits are lopsided.
    assert lopsided >= 10


def test_site_balance_keeps_both_guarantees_over_many_random_populations() -> None:
    rng = random.Random(7)
    for _ in range(200):
        people = [Person(p.id, p.group, p.organisation,
                         "remote" if rng.random() < rng.random() else "onsite")
                  for p in _population(rng.randrange(0, 60), rng.randrange(1, 6), 4, rng)]
        rooms = _rooms(rng.randrange(1, 8))
        seed = rng.randrange(1 << 30)
        result = split_rooms(people, rooms, "mix", random.Random(seed), balance_sites=True)
        _check_complete(people, rooms, result)
        _check_sizes(rooms, result)
        _check_groups(people, rooms, result)
        plain = split_rooms(people, rooms, "mix", random.Random(seed))
        balanced = _remote_spread(people, rooms, result)
        before = _remote_spread(people, rooms, plain)
        assert max(balanced) - min(balanced) <= max(max(before) - min(before), 1)


def test_site_balance_swaps_across_groups_where_groups_have_slack() -> None:
    # Ministry joins entirely remote, 5 people in 2 rooms (3 and 2); City is on
    # site. Only a swap between the groups, within each group's bounds, helps.
    people = [Person(f"m{i}", "Ministry", None, "remote") for i in range(5)]
    people += [Person(f"c{i}", "City", None, "onsite") for i in range(5)]
    people += [Person("e", "NGO", None, "remote")]
    rooms = _rooms(2)
    for seed in range(10):
        result = split_rooms(people, rooms, "mix", random.Random(seed), balance_sites=True)
        _check_sizes(rooms, result)
        _check_groups(people, rooms, result)
        spread = _remote_spread(people, rooms, result)
        assert max(spread) - min(spread) <= 1, (seed, spread)
