"""The hackathon's jury: weighted criteria, jurors' scores kept secret until the
close, and the weighted ranking that the close makes public.

A pitch's result is Σ weight × (the mean of the jurors' scores on that
criterion) / Σ weight, over the criteria with at least one score. Until
`jury.close` no frame carries a score or a mean, to anyone (facilitators
included): the board keeps only how many jurors scored each pitch, and the
scores themselves stay in the database, read by the store for the close and
for a juror's own welcome. So the rules here take the scores as an argument
instead of finding them on the board.

The close turns the winning pitches into actions, with their team's groups as
the parties that commit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cocreate.board import validate
from cocreate.board.actions import Action
from cocreate.board.errors import BoardError
from cocreate.board.limits import (
    ACTIONS_MAX,
    JURY_CRITERIA_MAX,
    JURY_SCORE_MAX,
    JURY_WEIGHT_MAX,
    NAME_MAX,
    PITCHES_MAX,
)

# juror id -> pitch id -> criterion -> score
Scores = Mapping[str, Mapping[str, Mapping[str, int]]]
DEFAULT_WINNERS = 3  # pitches a close turns into actions when it names no number


@dataclass
class Jury:
    criteria: list[dict[str, Any]] = field(default_factory=list)  # [{"name", "weight"}]
    scored: dict[str, int] = field(default_factory=dict)  # pitch -> jurors who scored it
    result: list[dict[str, Any]] | None = None  # the ranking, once closed

    @property
    def closed(self) -> bool:
        return self.result is not None

    def view(self, jurors: int) -> dict[str, Any]:
        """What everyone sees: the criteria, k of n per pitch, and the result once closed."""
        return {"criteria": [dict(c) for c in self.criteria], "jurors": jurors,
                "scored": dict(self.scored), "closed": self.closed, "result": self.result}


def check_criteria(data: dict[str, Any]) -> list[dict[str, Any]]:
    """`{"criteria": [{"name", "weight"}]}`: 1 to JURY_CRITERIA_MAX, names unique."""
    validate.expect(data, criteria="list")
    out: list[dict[str, Any]] = []
    for c in data["criteria"]:
        if not isinstance(c, dict) or set(c) - {"name", "weight"}:
            raise BoardError("bad_message", "'criteria' must be a list of {\"name\", \"weight\"}")
        validate.expect(c, name="str", weight="int")
        name = validate.text(c, "name", NAME_MAX, what="a criterion's name").strip()
        if not 1 <= c["weight"] <= JURY_WEIGHT_MAX:
            raise BoardError("invalid", f"a criterion's weight is 1 to {JURY_WEIGHT_MAX}")
        if any(o["name"] == name for o in out):
            raise BoardError("invalid", f"the criterion {name!r} is listed twice")
        out.append({"name": name, "weight": c["weight"]})
    if not 1 <= len(out) <= JURY_CRITERIA_MAX:
        raise BoardError("invalid", f"a jury has 1 to {JURY_CRITERIA_MAX} criteria")
    return out


def check_scores(data: dict[str, Any], criteria: Sequence[dict[str, Any]]) -> dict[str, int] | None:
    """`{"pitch", "scores": {criterion: 1-5}}`; null (or `{}`) takes the juror's back."""
    validate.expect(data, pitch="id")
    scores = data.get("scores")
    if scores is None or scores == {}:
        return None
    if not isinstance(scores, dict) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in scores.values()):
        raise BoardError("bad_message", "'scores' must map criteria to whole numbers")
    names = {c["name"] for c in criteria}
    for name, score in scores.items():
        if name not in names:
            raise BoardError("invalid", f"{str(name)[:NAME_MAX]!r} is not a criterion of "
                                        "this jury")
        if not 1 <= score <= JURY_SCORE_MAX:
            raise BoardError("invalid", f"a score is 1 to {JURY_SCORE_MAX}")
    return dict(scores)


def check_winners(data: dict[str, Any]) -> int:
    validate.expect(data, winners="int?")
    winners = validate.integer(data, "winners", DEFAULT_WINNERS)
    if not 0 <= winners <= PITCHES_MAX:
        raise BoardError("invalid", f"'winners' is 0 to {PITCHES_MAX}")
    return winners


def ranking(criteria: Sequence[dict[str, Any]], pitches: Sequence[tuple[str, str]],
            scores: Scores) -> list[dict[str, Any]]:
    """Every pitch (`(id, title)`, in order) with its weighted result, best first.

    Each entry: `{"pitch", "title", "score": float|None, "rank": int|None,
    "jurors": k, "means": {criterion: float}}`. A pitch nobody scored has no
    score or rank and comes last; equal scores share a rank (1, 2, 2, 4).
    """
    weight = {c["name"]: c["weight"] for c in criteria}
    rows: list[dict[str, Any]] = []
    for pitch_id, title in pitches:
        given: dict[str, list[int]] = {}
        jurors = 0
        for by_pitch in scores.values():
            mine = by_pitch.get(pitch_id)
            if not mine:
                continue
            jurors += 1
            for name, given_score in mine.items():
                if name in weight:
                    given.setdefault(name, []).append(given_score)
        means = {c["name"]: sum(given[c["name"]]) / len(given[c["name"]])
                 for c in criteria if given.get(c["name"])}
        total = sum(weight[n] for n in means)
        result = sum(weight[n] * m for n, m in means.items()) / total if total else None
        rows.append({"pitch": pitch_id, "title": title, "score": result, "jurors": jurors,
                     "means": means})
    rows.sort(key=lambda r: (r["score"] is None, -(r["score"] or 0.0)))
    previous_score: Any = None
    previous_rank = 0
    for place, row in enumerate(rows, start=1):
        if row["score"] is None:
            row["rank"] = None
            continue
        rank = previous_rank if row["score"] == previous_score else place
        row["rank"] = rank
        previous_score, previous_rank = row["score"], rank
    return rows


def winning_actions(result: Sequence[dict[str, Any]], team_groups: Mapping[str, list[str]],
                    winners: int, existing: int, now: int,
                    new_id: Any) -> list[Action]:
    """An action per winning pitch (ranked, scored, in the top `winners`), its team's
    groups as parties and the first of them as owner; none past ACTIONS_MAX."""
    out: list[Action] = []
    for row in result:
        if row["rank"] is None or row["rank"] > winners:
            continue
        groups = team_groups.get(row["pitch"]) or []
        if not groups or existing + len(out) >= ACTIONS_MAX:
            continue  # an action is owned by a group: a team without one has no owner
        out.append(Action(new_id(), row["title"], groups[0], list(groups),
                          source={"pitch": row["pitch"]}, created=now, updated=now))
    return out


JURY_OPS = frozenset({"jury.criteria", "jury.score", "jury.close", "participant.role"})
ROLES_SET = ("participant", "juror")  # what `participant.role` may make someone


@dataclass(frozen=True)
class JuryChange:
    """What a jury op changes: the jury after it (criteria, counts, result), a juror's
    scores of one pitch (None: taken back), someone's new role (whose scores go when
    a juror stops being one before the close), and the actions a close adds."""

    data: dict[str, Any]
    jury: Jury
    score: tuple[str, str, dict[str, int] | None] | None = None
    role: tuple[str, str] | None = None
    drop_scores_of: str | None = None
    actions: list[Action] = field(default_factory=list)
    at: int = 0  # when the op was decided (a score's `updated`)


def decide_jury(jury: Jury, op: str, data: dict[str, Any], actor_id: str, actor_role: str,
                pitches: Sequence[tuple[str, str]], team_groups: Mapping[str, list[str]],
                roles: Mapping[str, str], in_team: Mapping[str, str], scores: Scores,
                existing_actions: int, now: int, new_id: Any) -> JuryChange:
    """`pitches` are `(id, title)` in order, `roles` everyone's role by id, `in_team`
    the pitch title of whoever is in a team, `scores` every juror's (read by the store)."""
    if op == "jury.score":
        if actor_role != "juror":
            raise BoardError("forbidden", "only a juror scores pitches")
    elif actor_role != "facilitator":
        raise BoardError("forbidden", f"only a facilitator may send {op}")
    if op == "participant.role":
        return _role(jury, data, roles, in_team, scores)
    if op == "jury.criteria":
        criteria = check_criteria(data)
        if jury.closed:
            raise BoardError("invalid", "the jury has closed; its criteria stay as they were")
        if any(jury.scored.values()) and ({c["name"] for c in criteria}
                                          != {c["name"] for c in jury.criteria}):
            raise BoardError("invalid", "jurors have scored already: the criteria's names "
                                        "stay, their weights may change")
        return JuryChange({"criteria": criteria},
                          Jury(criteria, dict(jury.scored), jury.result))
    if op == "jury.score":
        given = check_scores(data, jury.criteria)
        if data["pitch"] not in {p for p, _ in pitches}:
            raise BoardError("not_found", "that pitch does not exist")
        _open(jury)
        others = sum(1 for juror, by_pitch in scores.items()
                     if juror != actor_id and by_pitch.get(data["pitch"]))
        scored = others + (given is not None)
        counts = {**jury.scored, data["pitch"]: scored}
        if not scored:
            counts.pop(data["pitch"])
        return JuryChange({"pitch": data["pitch"], "scored": scored},
                          Jury(list(jury.criteria), counts, None),
                          score=(actor_id, data["pitch"], given), at=now)
    winners = check_winners(data)
    _open(jury)
    result = ranking(jury.criteria, pitches, scores)
    actions = winning_actions(result, team_groups, winners, existing_actions, now, new_id)
    return JuryChange({"result": result, "actions": [a.as_dict() for a in actions]},
                      Jury(list(jury.criteria), dict(jury.scored), result), actions=actions)


def _open(jury: Jury) -> None:
    if jury.closed:
        raise BoardError("invalid", "the jury has closed")
    if not jury.criteria:
        raise BoardError("invalid", "the jury has no criteria yet: a facilitator sets them "
                                    "with jury.criteria")


def _role(jury: Jury, data: dict[str, Any], roles: Mapping[str, str],
          in_team: Mapping[str, str], scores: Scores) -> JuryChange:
    """A participant becomes a juror or back. A juror is in no team (they judge the
    teams); one who stops being a juror before the close takes their scores along."""
    validate.expect(data, participant="id", role="str")
    pid = data["participant"]
    role = validate.choice(data, "role", ROLES_SET, "participant")
    if roles.get(pid) not in ROLES_SET:
        raise BoardError("not_found", "no such participant (or juror) in this workshop")
    if role == "juror" and pid in in_team:
        raise BoardError("invalid", f"they are in the team of {in_team[pid]!r}: a juror is in "
                                    "no team; take them out of it first")
    drops = role != "juror" and roles[pid] == "juror" and not jury.closed and pid in scores
    counts = dict(jury.scored)
    if drops:
        for pitch_id, given in scores[pid].items():
            if given and counts.get(pitch_id):
                counts[pitch_id] -= 1
                if not counts[pitch_id]:
                    del counts[pitch_id]
    return JuryChange({"participant": pid, "role": role, "scored": counts},
                      Jury(list(jury.criteria), counts, jury.result), role=(pid, role),
                      drop_scores_of=pid if drops else None)


def apply(jury: Jury, op: str, data: dict[str, Any]) -> None:
    """Every room's board keeps the jury as the events say (never a score)."""
    if op == "jury.criteria":
        jury.criteria = [dict(c) for c in data["criteria"]]
    elif op in ("jury.score",):
        if data["scored"]:
            jury.scored[data["pitch"]] = data["scored"]
        else:
            jury.scored.pop(data["pitch"], None)
    elif op == "participant.role":
        jury.scored = dict(data["scored"])
    elif op == "jury.close":
        jury.result = data["result"]
