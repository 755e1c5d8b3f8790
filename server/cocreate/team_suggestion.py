"""Suggested hackathon teams: place the people not yet in a team so that as many
teams as possible are viable, by a mixed-integer program (scipy's HiGHS).

Pure and deterministic (same pitches, people and rule: same suggestion), but not
cheap: a hall of 300 free people and 100 pitches is 30,000 binaries, so callers
run it off the event loop and the database thread, as the grouping suggestions do.

The program, per pitch p and free person i (a participant in no team yet):

- `x[i,p]` person i joins p; each person joins at most one team, and only a team
  that the suggestion makes viable (nobody is parked in a team that fails);
- `v[p]` p is viable: its size (the members it has plus who joins) is at least
  `min_size`, it has `min_groups` distinct groups, each of the pitch's `needs`,
  and one of `required_any`; no team goes over `max_size`;
- `y[g,p]` group g is present in p, bounded by who of g is there.

It maximises, in this order, viable teams, people placed, and people placed in a
team they said they preferred. Teams already formed keep their members.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_array

from cocreate.board.teams import viability

# Seconds HiGHS may search; past it the best plan found so far is the suggestion.
SOLVER_SECONDS = 10.0
_VIABLE_WEIGHT = 10_000.0
_PLACED_WEIGHT = 10.0
_PREFERRED_WEIGHT = 1.0


@dataclass(frozen=True)
class TeamToBe:
    """A pitch as the suggestion sees it: who is in its team now, and the groups it needs."""

    pitch: str
    members: tuple[str, ...]
    needs: tuple[str, ...] = ()


def suggest_teams(pitches: Sequence[TeamToBe], groups_of: Mapping[str, str | None],
                  free: Sequence[str], rule: dict[str, Any],
                  preferences: Mapping[str, Sequence[str]] | None = None) -> dict[str, Any]:
    """`{"teams": [{"pitch", "members"}], "unplaced": [id], "short": [group]}`.

    `groups_of` maps every person named (members and `free`) to their group (None:
    counts for size only); `preferences` maps a free person to the pitches they
    would join. `teams` lists every pitch with its members after the suggestion
    (current members first), `unplaced` the free people no viable team took, and
    `short` the groups whose lack leaves a team unviable that nobody unplaced has.
    """
    people = list(dict.fromkeys(p for p in free if p in groups_of))
    plan = _solve(pitches, groups_of, people, rule, preferences or {}) if pitches else {}
    joined: dict[str, list[str]] = {t.pitch: [] for t in pitches}
    for person in people:
        if person in plan:
            joined[plan[person]].append(person)
    teams = [{"pitch": t.pitch, "members": [*t.members, *joined[t.pitch]]} for t in pitches]
    unplaced = [p for p in people if p not in plan]
    return {"teams": teams, "unplaced": unplaced,
            "short": _short(pitches, teams, groups_of, unplaced, rule)}


def _solve(pitches: Sequence[TeamToBe], groups_of: Mapping[str, str | None],
           people: list[str], rule: dict[str, Any],
           preferences: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Who of `people` joins which pitch."""
    groups = sorted({g for g in groups_of.values() if g})
    n_p, n_i, n_g = len(pitches), len(people), len(groups)
    # Variables: x[i,p] (n_i*n_p), then v[p] (n_p), then y[g,p] (n_g*n_p).
    def x(i: int, p: int) -> int:
        return i * n_p + p

    def v(p: int) -> int:
        return n_i * n_p + p

    def y(g: int, p: int) -> int:
        return n_i * n_p + n_p + g * n_p + p

    n_vars = n_i * n_p + n_p + n_g * n_p
    rows: list[tuple[dict[int, float], float, float]] = []
    for i in range(n_i):
        rows.append(({x(i, p): 1.0 for p in range(n_p)}, -np.inf, 1.0))
    index_of_group = {g: k for k, g in enumerate(groups)}
    for p, team in enumerate(pitches):
        have = Counter(groups_of.get(m) for m in team.members)
        size_now = len(team.members)
        joiners = {x(i, p): 1.0 for i in range(n_i)}
        for i in range(n_i):
            rows.append(({x(i, p): 1.0, v(p): -1.0}, -np.inf, 0.0))
        # At most max_size (a team already over it takes nobody more).
        rows.append((joiners, -np.inf, max(0.0, rule["max_size"] - size_now)))
        rows.append(({**joiners, v(p): -float(rule["min_size"])}, -float(size_now), np.inf))
        for g, k in index_of_group.items():
            row = {y(k, p): 1.0}
            for i, person in enumerate(people):
                if groups_of[person] == g:
                    row[x(i, p)] = -1.0
            rows.append((row, -np.inf, float(have[g] > 0)))
        rows.append(({**{y(k, p): 1.0 for k in range(n_g)}, v(p): -float(rule["min_groups"])},
                     0.0, np.inf))
        for need in team.needs:
            if need in index_of_group:
                rows.append(({y(index_of_group[need], p): 1.0, v(p): -1.0}, 0.0, np.inf))
            else:  # a group nobody is in can never be present
                rows.append(({v(p): 1.0}, -np.inf, 0.0))
        required = [index_of_group[g] for g in rule.get("required_any") or []
                    if g in index_of_group]
        if rule.get("required_any"):
            rows.append(({**{y(k, p): 1.0 for k in required}, v(p): -1.0}, 0.0, np.inf))
    matrix = lil_array((len(rows), n_vars))
    lower, upper = np.empty(len(rows)), np.empty(len(rows))
    for r, (coefficients, lo, hi) in enumerate(rows):
        for column, value in coefficients.items():
            matrix[r, column] = value
        lower[r], upper[r] = lo, hi
    gain = np.zeros(n_vars)
    position = {t.pitch: p for p, t in enumerate(pitches)}
    for i, person in enumerate(people):
        liked = {position[q] for q in preferences.get(person, ()) if q in position}
        for p in range(n_p):
            gain[x(i, p)] = _PLACED_WEIGHT + (_PREFERRED_WEIGHT if p in liked else 0.0)
    for p in range(n_p):
        gain[v(p)] = _VIABLE_WEIGHT
    result = milp(-gain, integrality=np.ones(n_vars), bounds=Bounds(0, 1),
                  constraints=LinearConstraint(matrix.tocsr(), lower, upper),
                  options={"time_limit": SOLVER_SECONDS, "disp": False})
    if result.x is None:
        return {}
    chosen = np.round(result.x).astype(int)
    return {person: pitches[p].pitch for i, person in enumerate(people) for p in range(n_p)
            if chosen[x(i, p)]}


def _short(pitches: Sequence[TeamToBe], teams: list[dict[str, Any]],
           groups_of: Mapping[str, str | None], unplaced: list[str],
           rule: dict[str, Any]) -> list[str]:
    """Groups a team still lacks (named by a pitch's needs or `required_any`, or any
    group it does not have when it lacks groups) of which nobody is left unplaced."""
    left = {groups_of[p] for p in unplaced}
    every = sorted({g for g in groups_of.values() if g} | set(rule.get("required_any") or [])
                   | {g for t in pitches for g in t.needs})
    short: list[str] = []
    for team, pitch in zip(teams, pitches, strict=True):
        member_groups = [groups_of.get(m) for m in team["members"]]
        verdict = viability(member_groups, rule, pitch.needs)
        for reason in verdict["missing"]:
            if reason["reason"] == "group":
                wanted = [reason["group"]]
            elif reason["reason"] == "any_of":
                wanted = list(reason["groups"])
            elif reason["reason"] == "groups":
                wanted = [g for g in every if g not in member_groups]
            else:
                continue
            short.extend(g for g in wanted if g not in left)
    return list(dict.fromkeys(short))
