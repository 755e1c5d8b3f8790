"""Results by stakeholder group: what each group wrote and voted for, per cluster.

A group is shown only when at least `GROUP_MIN` participants of the workshop
belong to it, so a count never points at one or two people. Votes are counted
only while the room's tally is visible to everyone (never a hidden vote before
its reveal); private notes are not counted. A vote counts for a cluster when
it is on the cluster itself or on one of its notes. Actions are counted only
while the room's vote is on actions (a vote's target is then an action id);
their groups are the groups that voted, as with clusters.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from cocreate.board.participants import Participant
from cocreate.board.state import BoardState

GROUP_MIN = 3


def shown_groups(participants: list[Participant], minimum: int = GROUP_MIN) -> list[str]:
    """The groups with at least `minimum` participants, in the workshop's join order."""
    sizes = Counter(p.group for p in participants if p.role == "participant" and p.group)
    order = dict.fromkeys(p.group for p in participants if p.group)
    return [g for g in order if g is not None and sizes[g] >= minimum]


def small_groups(joined: list[Participant], order: list[str],
                 minimum: int = GROUP_MIN) -> list[str]:
    """The groups of `joined` (everyone who joined, the removed too: their notes
    stay, labelled) with fewer than `minimum` participants, in the workshop's
    `order`, then join order. Shown by group, their labels say "a participant"."""
    sizes = Counter(p.group for p in joined if p.role == "participant" and p.group)
    in_order = dict.fromkeys(p.group for p in joined if p.group)
    return small_groups_of([(g, sizes[g]) for g in in_order if g], order, minimum)


def small_groups_of(sizes: list[tuple[str, int]], order: list[str],
                    minimum: int = GROUP_MIN) -> list[str]:
    """`small_groups` from each group's participant count, the groups in join order."""
    present = {g for g, _ in sizes}
    named = dict.fromkeys([*(g for g in order if g in present), *(g for g, _ in sizes)])
    small = {g for g, n in sizes if n < minimum}
    return [g for g in named if g in small]


def results_by_group(state: BoardState, participants: list[Participant],
                     minimum: int = GROUP_MIN) -> dict[str, Any]:
    """`{"min_group", "groups", "votes_shown", "clusters": [{"id", "title", "notes": {group: n},
    "votes": {group: n} | null}], "actions": [{"id", "title", "votes": {group: n}}]}`; a group
    absent from a row's counts has none there. While the room's visible vote is on
    actions, `actions` holds it and the clusters' `votes` are null (that vote was
    not on them); otherwise `actions` is empty."""
    groups = shown_groups(participants, minimum)
    shown = set(groups)
    group_of = {p.id: p.group for p in participants}
    votes_shown = state.voting.tally_visible()

    def votes_on(targets: set[str]) -> dict[str, int]:
        votes: Counter[str] = Counter()
        for voter, by_target in state.votes.items():
            group = group_of.get(voter)
            if group in shown:
                votes[group] += sum(k for t, k in by_target.items() if t in targets)
        return {g: k for g, k in votes.items() if k}

    clusters = []
    for cluster in state.clusters.values():
        members = [n for n in state.notes.values() if n.cluster == cluster.id and not n.private]
        notes = Counter(n.author_group for n in members if n.author_group in shown)
        row: dict[str, Any] = {"id": cluster.id, "title": cluster.title,
                               "notes": dict(notes), "votes": None}
        if votes_shown and state.voting.target != "actions":
            row["votes"] = votes_on({cluster.id, *(n.id for n in members)})
        clusters.append(row)
    actions = ([{"id": a.id, "title": a.title, "votes": votes_on({a.id})}
                for a in state.actions.values()]
               if votes_shown and state.voting.target == "actions" else [])
    return {"min_group": minimum, "groups": groups, "votes_shown": votes_shown,
            "clusters": clusters, "actions": actions}
