"""Social hackathon: the phases, pitches and the teams recruited around them.

The hackathon belongs to the workshop, like its actions: every op here is a
workshop-level op, decided under the lock of every room of the workshop, so
two `team.join`s racing on two processes are decided one after the other and
the second sees the first. A team is a pitch's members; the holder is in their
own, and each participant is in at most one team.

Each op is accepted in some phases only (`PHASES_OF`); in another it is
refused with `invalid` and a message naming the phase it is accepted in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cocreate.board import actions, jury, teams, validate
from cocreate.board.errors import BoardError
from cocreate.board.limits import (
    PITCH_TEXT_MAX,
    PITCHES_MAX,
    PREFERRED_PITCHES_MAX,
    TIMER_SECONDS_MAX,
    TITLE_MAX,
)
from cocreate.board.participants import Participant
from cocreate.board.state import Actor, BoardState

PHASES = ("ideas", "pitch", "teams", "work", "jury", "done")
PHASES_OF: dict[str, tuple[str, ...]] = {
    "pitch.add": ("pitch",),
    "pitch.update": ("pitch", "teams"),
    "pitch.withdraw": ("pitch", "teams"),
    "pitch.present": ("pitch", "teams"),
    "team.join": ("teams",),
    "team.leave": ("teams",),
    "teams.apply": ("teams",),
    "teams.to_rooms": ("teams", "work"),  # its rule is board.team_rooms'
    "team.prefer": ("pitch", "teams"),
    "jury.criteria": ("ideas", "pitch", "teams", "work", "jury"),
    "jury.score": ("jury",),
    "jury.close": ("jury",),
}
# `participant.role` (making someone a juror) is accepted in every phase.
HACKATHON_OPS = frozenset({"hackathon.phase", *PHASES_OF, *jury.JURY_OPS})
# Sent by participants (the rule checks whose pitch); the rest are a facilitator's,
# but for a juror's scores.
PARTICIPANT_OPS = frozenset({"pitch.add", "pitch.update", "pitch.withdraw", "team.join",
                             "team.leave", "team.prefer"})
JUROR_OPS = frozenset({"jury.score"})
# Who joins or leaves is the sender: a participant (a facilitator moves people with teams.apply).
JOINER_OPS = frozenset({"team.join", "team.leave"})
_FIELDS: dict[str, dict[str, str]] = {
    "pitch.add": {"title": "str", "text": "str", "needs": "list?", "holder": "id?"},
    "pitch.update": {"id": "id?", "pitch": "id?", "title": "str?", "text": "str?",
                     "needs": "list?"},
    "pitch.withdraw": {"id": "id?", "pitch": "id?"},
    "pitch.present": {"id": "id?", "seconds": "int?"},
    "team.join": {"id": "id?", "pitch": "id?"},
    "teams.apply": {"teams": "list"},
    "team.prefer": {"pitches": "ids"},
    "jury.score": {"pitch": "id"},
}
PRESENT_SECONDS = 180  # how long a pitch is presented when `pitch.present` names no time


@dataclass
class Pitch:
    id: str
    title: str
    text: str
    holder: str
    members: list[str]  # the holder first, then who joined, in order
    needs: list[str] = field(default_factory=list)
    source: dict[str, str] | None = None
    created: int = 0
    updated: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "text": self.text, "holder": self.holder,
                "members": list(self.members), "needs": list(self.needs),
                "source": self.source, "created": self.created, "updated": self.updated}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Pitch:
        return cls(d["id"], d["title"], d["text"], d["holder"], list(d["members"]),
                   list(d.get("needs") or []), d.get("source"), d.get("created", 0),
                   d.get("updated", 0))


@dataclass
class Hackathon:
    phase: str = "ideas"
    pitches: dict[str, Pitch] = field(default_factory=dict)
    # The pitch the wall shows and when its time is up: {"pitch", "ends_at", "duration_ms"}.
    presenting: dict[str, Any] | None = None
    jury: jury.Jury = field(default_factory=jury.Jury)

    def team_of(self, pid: str) -> Pitch | None:
        return next((p for p in self.pitches.values() if pid in p.members), None)


@dataclass(frozen=True)
class HackathonChange:
    """An op's event data, and what the store writes: the phase, pitches changed
    (None: withdrawn), and the presented pitch when `presents` (None: none)."""

    op: str
    data: dict[str, Any]
    phase: str | None = None
    pitches: dict[str, Pitch | None] = field(default_factory=dict)
    presents: bool = False
    presenting: dict[str, Any] | None = None
    # What a jury op changes (board.jury), and whose preferred pitches `team.prefer` sets.
    jury: jury.JuryChange | None = None
    preference: tuple[str, list[str]] | None = None


def pitch_view(pitch: Pitch, people: dict[str, Participant],
               rule: dict[str, Any]) -> dict[str, Any]:
    """The pitch as everyone sees it: its team's members by name and group, and viability."""
    members = [{"id": m, "name": people[m].name if m in people else "",
                "group": people[m].group if m in people else None} for m in pitch.members]
    return {**pitch.as_dict(), "team": members,
            "viability": teams.viability([m["group"] for m in members], rule, pitch.needs)}


def hackathon_view(hack: Hackathon, people: dict[str, Participant],
                   rule: dict[str, Any], jurors: int = 0) -> dict[str, Any]:
    """The welcome's `hackathon`: `{"phase", "team_rule", "pitches": [pitch_view],
    "presenting", "jury"}`; `jurors` is how many the workshop has now."""
    return {"phase": hack.phase, "team_rule": rule,
            "pitches": [pitch_view(p, people, rule) for p in hack.pitches.values()],
            "presenting": hack.presenting, "jury": hack.jury.view(jurors)}


def decide_hackathon(hack: Hackathon, participants: list[Participant], settings: dict[str, Any],
                     room: BoardState | None, op: str, data: dict[str, Any], actor: Actor,
                     now: int, new_id: str, scores: jury.Scores | None = None,
                     more_ids: Callable[[], str] | None = None) -> HackathonChange:
    """The change `op` makes; `settings` are the workshop's (groups, team_rule,
    min_pitch_text), `room` the sender's board (where a pitch's source is);
    for jury ops, `scores` are every juror's and `more_ids` names the actions a
    close adds."""
    if op not in HACKATHON_OPS:
        raise BoardError("unknown_op", f"there is no op called {op!r}")
    if op in JUROR_OPS:
        if actor.role != "juror":
            raise BoardError("forbidden", f"only a juror may send {op}")
    elif op not in PARTICIPANT_OPS and actor.role != "facilitator":
        raise BoardError("forbidden", f"only a facilitator may send {op}")
    if op in PARTICIPANT_OPS and actor.role not in ("participant", "facilitator"):
        raise BoardError("forbidden", f"only a participant or facilitator may send {op}")
    if op in JOINER_OPS | {"team.prefer"} and actor.role != "participant":
        raise BoardError("forbidden", f"only a participant may send {op}: it is about "
                                      "their own team")
    people = {p.id: p for p in participants}
    rule = teams.team_rule(settings.get("team_rule"), settings.get("groups") or [])
    if op == "hackathon.phase":
        return _phase(hack, people, rule, data)
    # What the protocol's error precedence puts first: the fields' types, then
    # whether the pitch named exists, and only then the phase.
    validate.expect(data, **_FIELDS.get(op, {}))
    named = data.get("id") or data.get("pitch")
    if op in ("pitch.update", "pitch.withdraw", "pitch.present", "team.join", "jury.score") and (
            named is not None and named not in hack.pitches):
        raise BoardError("not_found", "that pitch does not exist")
    phases = PHASES_OF.get(op, PHASES)
    if hack.phase not in phases:
        raise BoardError("invalid", f"{op} is accepted in the {' or '.join(phases)} phase; "
                                    f"this is the {hack.phase} phase")
    if op in jury.JURY_OPS:
        return _jury(hack, people, rule, op, data, actor, scores or {}, room, now,
                     more_ids or (lambda: new_id))
    if op == "team.prefer":
        return _prefer(hack, data, actor)
    if op == "pitch.add":
        pitch = _add(hack, people, settings, room, data, actor, now, new_id)
    elif op == "teams.apply":
        return _apply(hack, people, rule, data, now)
    elif op == "pitch.present":
        return _present(hack, data, now)
    else:
        validate.expect(data, id="id?", pitch="id?")
        pid = data.get("id") or data.get("pitch")
        if op == "team.leave":
            pitch = _leave(hack, actor)
        else:
            current = hack.pitches.get(pid or "")
            if current is None:
                raise BoardError("not_found", "that pitch does not exist")
            pitch = Pitch.from_dict(current.as_dict())
            if op == "team.join":
                _join(hack, pitch, rule, actor)
            else:
                if actor.role != "facilitator" and actor.id != pitch.holder:
                    raise BoardError("forbidden", "only its holder or a facilitator may change "
                                                  "a pitch")
                if op == "pitch.withdraw":
                    # A withdrawn pitch is no longer presented.
                    stops = (hack.presenting or {}).get("pitch") == pitch.id
                    return HackathonChange(op, {"id": pitch.id}, pitches={pitch.id: None},
                                           presents=stops)
                _update(pitch, settings, data)
    pitch.updated = now
    return HackathonChange(op, {"pitch": pitch_view(pitch, people, rule)},
                           pitches={pitch.id: pitch})


def _jury(hack: Hackathon, people: dict[str, Participant], rule: dict[str, Any], op: str,
          data: dict[str, Any], actor: Actor, scores: jury.Scores, room: BoardState | None,
          now: int, new_ids: Callable[[], str]) -> HackathonChange:
    team_groups = {p.id: list(dict.fromkeys(g for g in (m["group"] for m in
                                                          pitch_view(p, people, rule)["team"])
                                            if g))
                   for p in hack.pitches.values()}
    in_team = {m: p.title for p in hack.pitches.values() for m in p.members}
    change = jury.decide_jury(
        hack.jury, op, data, actor.id, actor.role,
        [(p.id, p.title) for p in hack.pitches.values()], team_groups,
        {p.id: p.role for p in people.values()}, in_team, scores,
        len(room.actions) if room is not None else 0, now, new_ids)
    return HackathonChange(op, change.data, jury=change)


def _prefer(hack: Hackathon, data: dict[str, Any], actor: Actor) -> HackathonChange:
    """The pitches a participant would join, best first, for the suggested teams; only
    they (and the suggestion) know: the event says nothing of them."""
    pitches = validate.id_list(data, "pitches")
    if len(pitches) > PREFERRED_PITCHES_MAX:
        raise BoardError("invalid", f"name at most {PREFERRED_PITCHES_MAX} pitches")
    if any(p not in hack.pitches for p in pitches):
        raise BoardError("not_found", "that pitch does not exist")
    return HackathonChange("team.prefer", {}, preference=(actor.id, pitches))


def _phase(hack: Hackathon, people: dict[str, Participant], rule: dict[str, Any],
           data: dict[str, Any]) -> HackathonChange:
    """Leaving the teams phase names the teams that are not viable: their members
    are invited to join another (`not_viable`)."""
    validate.expect(data, phase="str")
    phase = validate.choice(data, "phase", PHASES, "ideas")
    not_viable = []
    if hack.phase == "teams" and phase != "teams":
        not_viable = [p.id for p in hack.pitches.values()
                      if not pitch_view(p, people, rule)["viability"]["viable"]]
    return HackathonChange("hackathon.phase", {"phase": phase, "previous": hack.phase,
                                               "not_viable": not_viable}, phase=phase)


def _present(hack: Hackathon, data: dict[str, Any], now: int) -> HackathonChange:
    """The wall shows the pitch `id` for `seconds` (None: no pitch any more)."""
    validate.expect(data, id="id?", seconds="int?")
    if data.get("id") is None:
        return HackathonChange("pitch.present", {"presenting": None}, presents=True)
    if data["id"] not in hack.pitches:
        raise BoardError("not_found", "that pitch does not exist")
    seconds = validate.integer(data, "seconds", PRESENT_SECONDS)
    if not 1 <= seconds <= TIMER_SECONDS_MAX:
        raise BoardError("invalid", f"a pitch is presented for 1 to {TIMER_SECONDS_MAX} seconds")
    presenting = {"pitch": data["id"], "ends_at": now + seconds * 1000,
                  "duration_ms": seconds * 1000}
    return HackathonChange("pitch.present", {"presenting": presenting}, presents=True,
                           presenting=presenting)


def _add(hack: Hackathon, people: dict[str, Participant], settings: dict[str, Any],
         room: BoardState | None, data: dict[str, Any], actor: Actor, now: int,
         new_id: str) -> Pitch:
    """A participant pitches for themselves; a facilitator names the `holder` (someone
    without a device), who is a participant: the holder leads the team."""
    validate.expect(data, title="str", text="str", needs="list?", holder="id?")
    if actor.role == "facilitator" and data.get("holder") is None:
        raise BoardError("bad_message", "'holder' is required: the participant whose pitch it is")
    holder = data.get("holder") or actor.id
    if actor.role != "facilitator" and holder != actor.id:
        raise BoardError("forbidden", "a participant pitches for themselves only")
    if holder not in people or people[holder].role != "participant":
        raise BoardError("not_found" if actor.role == "facilitator" else "forbidden",
                         "a pitch's holder is a participant of this workshop, who leads its team")
    if len(hack.pitches) >= PITCHES_MAX:
        raise BoardError("invalid", f"a hackathon has at most {PITCHES_MAX} pitches")
    mine = hack.team_of(holder)
    if mine is not None:
        raise BoardError("invalid", f"{'you are' if holder == actor.id else 'they are'} in the "
                                    f"team of {mine.title!r} already")
    pitch = Pitch(new_id, "", "", holder, [holder],
                  source=actions._source(data.get("source"), room, actor), created=now)
    _update(pitch, settings, data)
    return pitch


def _update(pitch: Pitch, settings: dict[str, Any], data: dict[str, Any]) -> None:
    validate.expect(data, title="str?", text="str?", needs="list?")
    if data.get("title") is not None:
        pitch.title = validate.text(data, "title", TITLE_MAX, what="a pitch's title").strip()
    if data.get("text") is not None:
        text = validate.text(data, "text", PITCH_TEXT_MAX, what="a pitch's text").strip()
        least = int(settings.get("min_pitch_text") or 0)
        if len(text) < least:
            raise BoardError("invalid", f"a pitch's text is at least {least} characters; "
                                        f"this one is {len(text)}")
        pitch.text = text
    if "needs" in data:
        pitch.needs = teams.group_list(data.get("needs"), settings.get("groups") or [], "needs")


def _join(hack: Hackathon, pitch: Pitch, rule: dict[str, Any], actor: Actor) -> None:
    mine = hack.team_of(actor.id)
    if mine is not None:
        raise BoardError("invalid", "you are in that team" if mine.id == pitch.id
                         else f"you are in the team of {mine.title!r} already; leave it first")
    if len(pitch.members) >= rule["max_size"]:
        raise BoardError("invalid", f"that team is full ({rule['max_size']} people)")
    pitch.members.append(actor.id)


def _leave(hack: Hackathon, actor: Actor) -> Pitch:
    mine = hack.team_of(actor.id)
    if mine is None:
        raise BoardError("invalid", "you are in no team")
    if mine.holder == actor.id:
        raise BoardError("invalid", "a holder stays in their own team; withdraw the pitch instead")
    pitch = Pitch.from_dict(mine.as_dict())
    pitch.members.remove(actor.id)
    return pitch


def _apply(hack: Hackathon, people: dict[str, Participant], rule: dict[str, Any],
           data: dict[str, Any], now: int) -> HackathonChange:
    """Each listed team becomes its holder and the members listed (a member listed
    leaves their old team); unlisted teams keep theirs but for who moved."""
    validate.expect(data, teams="list")
    wanted: dict[str, list[str]] = {}
    for team in data["teams"]:
        if not isinstance(team, dict):
            raise BoardError("bad_message", "'teams' must be a list of {\"pitch\", \"members\"}")
        validate.expect(team, pitch="id", members="ids")
        if team["pitch"] not in hack.pitches:
            raise BoardError("not_found", "a team names a pitch that does not exist")
        if team["pitch"] in wanted:
            raise BoardError("invalid", "a pitch is listed twice")
        wanted[team["pitch"]] = list(dict.fromkeys(team["members"]))
    placed: dict[str, str] = {}
    for pitch_id, members in wanted.items():
        holder = hack.pitches[pitch_id].holder
        for m in members:
            person = people.get(m)
            if person is None or person.role != "participant":
                raise BoardError("not_found", "a team names someone who is not a participant")
            if m in placed and placed[m] != pitch_id:
                raise BoardError("invalid", f"{person.name} is listed in two teams")
            other = hack.team_of(m)
            if other is not None and other.holder == m and other.id != pitch_id:
                raise BoardError("invalid", f"{person.name} holds a pitch and stays in its team")
            placed[m] = pitch_id
        placed[holder] = pitch_id
    changed: dict[str, Pitch | None] = {}
    for pitch in hack.pitches.values():
        if pitch.id in wanted:
            members = [pitch.holder, *(m for m in wanted[pitch.id] if m != pitch.holder)]
        else:
            members = [m for m in pitch.members if placed.get(m, pitch.id) == pitch.id]
        if len(members) > rule["max_size"]:
            raise BoardError("invalid", f"the team of {pitch.title!r} would be over "
                                        f"{rule['max_size']} people")
        if members != pitch.members:
            new = Pitch.from_dict(pitch.as_dict())
            new.members, new.updated = members, now
            changed[pitch.id] = new
    views = [pitch_view(p, people, rule) for p in changed.values() if p is not None]
    return HackathonChange("teams.apply", {"pitches": views}, pitches=changed)


def apply(hack: Hackathon, op: str, data: dict[str, Any]) -> None:
    """Every room's board keeps the workshop's hackathon (from the event data)."""
    if op == "hackathon.phase":
        hack.phase = data["phase"]
    elif op == "pitch.present":
        hack.presenting = data["presenting"]
    elif op in jury.JURY_OPS:
        jury.apply(hack.jury, op, data)
    elif op in ("team.prefer", "teams.to_rooms"):  # nothing of the hackathon changes
        pass
    elif op == "pitch.withdraw":
        hack.pitches.pop(data["id"], None)
        hack.jury.scored.pop(data["id"], None)
        if (hack.presenting or {}).get("pitch") == data["id"]:
            hack.presenting = None
    elif op == "teams.apply":
        for view in data["pitches"]:
            hack.pitches[view["id"]] = Pitch.from_dict(view)
    else:
        hack.pitches[data["pitch"]["id"]] = Pitch.from_dict(data["pitch"])
