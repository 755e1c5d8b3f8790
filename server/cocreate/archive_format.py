"""A workshop archive: the versioned JSON document `format=archive` exports and
`POST /api/workshops/import` reads back (docs/archive.md describes it).

The document holds each table's rows of one workshop under the table's column
names, JSON text columns as JSON values, and nothing that lets anyone in: no
tokens or their hashes, no join code, no event log, accepted refs or presence.
Reading one checks its shape here (pydantic models, so an error names the
field) and then that its references hold together (`check_references`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from cocreate.board.limits import (
    ACTIONS_MAX,
    ARCHIVE_BYTES_MAX,
    CHALLENGE_MAX,
    JURY_CRITERIA_MAX,
    JURY_SCORE_MAX,
    NAME_MAX,
    NOTE_TEXT_MAX,
    PITCH_TEXT_MAX,
    PITCHES_MAX,
    PREFERRED_PITCHES_MAX,
    PRIVACY_NOTE_MAX,
    RETENTION_DAYS_MAX,
    TEMPLATE_DESCRIPTION_MAX,
    TEMPLATES_MAX,
    TITLE_MAX,
)

FORMAT = "cocreate-archive"
VERSION = 1
__all__ = ["ARCHIVE_BYTES_MAX", "Archive", "ArchiveError", "read_archive"]

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
Title = Annotated[str, StringConstraints(max_length=TITLE_MAX)]
Name = Annotated[str, StringConstraints(max_length=NAME_MAX)]
Ms = Annotated[int, Field(ge=0)]


class _Strict(BaseModel):
    # Strict: "1" is not a number nor 1 a boolean; an unknown key is an error, so a
    # newer archive read by an older server fails loudly instead of losing data.
    model_config = ConfigDict(extra="forbid", strict=True)


class ArchivedWorkshop(_Strict):
    id: Id
    title: Title
    challenge: Annotated[str, StringConstraints(max_length=CHALLENGE_MAX)] = ""
    constraints: list[str] = []
    groups: list[Name] = []
    authors: Literal["named", "group", "hidden"] = "named"
    facilitator_sees_authors: bool = True
    plenary_room_id: Id
    created: Ms
    closed: bool = False
    language: Literal["en", "et", "de"] = "en"
    participants_add_actions: bool = False
    closed_at: Ms | None = None
    retention_days: Annotated[int, Field(ge=1, le=RETENTION_DAYS_MAX)] | None = None
    privacy_note: Annotated[str, StringConstraints(max_length=PRIVACY_NOTE_MAX)] = ""
    similar_hints: bool = True
    erase_policy: Literal["delete", "anonymise"] = "delete"
    hackathon_phase: Literal["ideas", "pitch", "teams", "work", "jury", "done"] = "ideas"
    team_rule: dict[str, Any] | None = None
    min_pitch_text: Annotated[int, Field(ge=0, le=PITCH_TEXT_MAX)] = 0
    jurors_join: bool = False
    jury_criteria: (Annotated[list[dict[str, Any]], Field(max_length=JURY_CRITERIA_MAX)]
                    | None) = None
    jury_result: Annotated[list[dict[str, Any]], Field(max_length=PITCHES_MAX)] | None = None


class ArchivedRoom(_Strict):
    id: Id
    name: Title
    plenary: bool = False
    position: int = 0
    locked: bool = False
    private_round: bool = False
    timer_status: Literal["idle", "running", "paused", "ended"] = "idle"
    timer_label: Title = ""
    timer_duration_ms: Ms = 0
    timer_ends_at: Ms | None = None
    timer_remaining_ms: int = 0
    voting_status: Literal["idle", "open", "closed"] = "idle"
    voting_budget: int = 0
    voting_max_per_note: int = 0
    voting_hidden: bool = False
    voting_revealed: bool = False
    voting_target: Literal["notes", "clusters", "actions"] = "notes"
    voting_kind: Literal["dots", "matrix"] = "dots"
    voting_criteria: list[str] = []
    agenda: list[dict[str, Any]] = []
    round_index: int | None = None
    ready: list[Id] = []
    archived: bool = False
    host_id: Id | None = None


class ArchivedParticipant(_Strict):
    id: Id
    name: Name
    role: Literal["facilitator", "participant", "wall", "juror"]
    group: Name | None = None
    organisation: Name | None = None
    site: Literal["onsite", "remote"] = "onsite"
    room_id: Id
    created: Ms
    removed: bool = False
    erased: bool = False


class ArchivedNote(_Strict):
    id: Id
    room_id: Id
    text: Annotated[str, StringConstraints(max_length=NOTE_TEXT_MAX)]
    color: Annotated[str, StringConstraints(max_length=32)]
    x: float
    y: float
    cluster_id: Id | None = None
    author_id: Id | None = None
    author_group: Name | None = None
    private: bool = False
    created: Ms
    updated: Ms
    source_room: Id | None = None
    source_note: Id | None = None


class ArchivedCluster(_Strict):
    id: Id
    room_id: Id
    title: Title
    x: float
    y: float
    source_room: Id | None = None


class ArchivedVote(_Strict):
    room_id: Id
    participant_id: Id
    target_id: Id
    count: Annotated[int, Field(ge=1)]


class ArchivedScore(_Strict):
    room_id: Id
    participant_id: Id
    target_id: Id
    first: int
    second: int


class ArchivedAction(_Strict):
    id: Id
    title: Title
    owner_group: Name
    owner_org: Name | None = None
    owner_person: Name | None = None
    parties: list[Name] = []
    source: dict[str, Any] | None = None
    due: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")] | None = None
    status: Annotated[str, StringConstraints(max_length=32)]
    percent: Annotated[int, Field(ge=0, le=100)]
    commits: list[dict[str, Any]] = []
    progress: list[dict[str, Any]] = []
    author_id: Id | None = None
    created: Ms
    updated: Ms


class ArchivedSnapshot(_Strict):
    id: Id
    room_id: Id
    name: Title
    seq: Annotated[int, Field(ge=0)]
    created: Ms
    state: dict[str, Any]


class ArchivedTemplate(_Strict):
    id: Id
    name: Title
    description: Annotated[str, StringConstraints(max_length=TEMPLATE_DESCRIPTION_MAX)] = ""
    language: Literal["en", "et", "de"]
    rounds: list[dict[str, Any]]
    created: Ms


class ArchivedPitch(_Strict):
    id: Id
    holder_id: Id
    title: Title
    text: Annotated[str, StringConstraints(max_length=PITCH_TEXT_MAX)] = ""
    needs: list[Name] = []
    source: dict[str, Any] | None = None
    created: Ms
    updated: Ms


class ArchivedTeamMember(_Strict):
    participant_id: Id
    pitch_id: Id
    position: Annotated[int, Field(ge=0)] = 0


class ArchivedJuryScore(_Strict):
    pitch_id: Id
    juror_id: Id
    scores: dict[Name, Annotated[int, Field(ge=1, le=JURY_SCORE_MAX)]]
    updated: Ms


class ArchivedTeamPreference(_Strict):
    participant_id: Id
    pitches: Annotated[list[Id], Field(max_length=PREFERRED_PITCHES_MAX)]


class ArchivedEncounter(_Strict):
    a: Id
    b: Id
    times: Annotated[int, Field(ge=1)]


class Archive(_Strict):
    format: Literal["cocreate-archive"]
    version: Literal[1]
    exported: Ms
    workshop: ArchivedWorkshop
    rooms: Annotated[list[ArchivedRoom], Field(min_length=1)]
    participants: list[ArchivedParticipant] = []
    notes: list[ArchivedNote] = []
    clusters: list[ArchivedCluster] = []
    votes: list[ArchivedVote] = []
    scores: list[ArchivedScore] = []
    actions: Annotated[list[ArchivedAction], Field(max_length=ACTIONS_MAX)] = []
    boundaries: list[dict[str, Any]] = []
    flags: list[dict[str, Any]] = []
    challenges: list[dict[str, Any]] = []
    snapshots: list[ArchivedSnapshot] = []
    templates: Annotated[list[ArchivedTemplate], Field(max_length=TEMPLATES_MAX)] = []
    encounters: list[ArchivedEncounter] = []
    pitches: Annotated[list[ArchivedPitch], Field(max_length=PITCHES_MAX)] = []
    team_members: list[ArchivedTeamMember] = []
    jury_scores: list[ArchivedJuryScore] = []
    team_preferences: list[ArchivedTeamPreference] = []


class ArchiveError(ValueError):
    """What is wrong with an archive, naming the field (`notes[3].room_id: ...`)."""


def _where(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the archive"


def read_archive(document: Any) -> Archive:
    """The archive in `document` (parsed JSON), checked; ArchiveError otherwise."""
    if not isinstance(document, dict):
        raise ArchiveError("the archive must be a JSON object")
    # Format and version first: a wrong one says so rather than listing every field.
    if document.get("format") != FORMAT:
        raise ArchiveError(f"format: must be {FORMAT!r}")
    if document.get("version") != VERSION:
        raise ArchiveError(f"version: this server reads version {VERSION} archives, "
                           f"not {document.get('version')!r}")
    try:
        archive = Archive.model_validate(document)
    except ValidationError as e:
        first = e.errors()[0]
        raise ArchiveError(f"{_where(first['loc'])}: {first['msg']}") from None
    check_references(archive)
    return archive


def _unique(what: str, ids: list[str]) -> set[str]:
    seen: set[str] = set()
    for i, value in enumerate(ids):
        if value in seen:
            raise ArchiveError(f"{what}[{i}].id: {value!r} appears twice")
        seen.add(value)
    return seen


def check_references(archive: Archive) -> None:
    """Every row names rooms, clusters and people the archive holds."""
    rooms = _unique("rooms", [r.id for r in archive.rooms])
    plenaries = [r.id for r in archive.rooms if r.plenary]
    if plenaries != [archive.workshop.plenary_room_id]:
        raise ArchiveError("workshop.plenary_room_id: must name the one room with plenary true")
    people = _unique("participants", [p.id for p in archive.participants])
    notes = _unique("notes", [n.id for n in archive.notes])
    clusters = {c.id: c.room_id for c in archive.clusters}
    _unique("clusters", [c.id for c in archive.clusters])
    actions = _unique("actions", [a.id for a in archive.actions])
    _unique("snapshots", [s.id for s in archive.snapshots])
    _unique("templates", [t.id for t in archive.templates])
    _unique("every table's", [*rooms, *people, *notes, *clusters, *actions])

    def room_of(what: str, room_id: str) -> None:
        if room_id not in rooms:
            raise ArchiveError(f"{what}.room_id: {room_id!r} is not a room of the archive")

    for i, r in enumerate(archive.rooms):
        if r.host_id is not None and r.host_id not in people:
            raise ArchiveError(f"rooms[{i}].host_id: not a participant of the archive")
    for i, p in enumerate(archive.participants):
        room_of(f"participants[{i}]", p.room_id)
    for i, n in enumerate(archive.notes):
        room_of(f"notes[{i}]", n.room_id)
        if n.cluster_id is not None and clusters.get(n.cluster_id) != n.room_id:
            raise ArchiveError(f"notes[{i}].cluster_id: not a cluster of the note's room")
    for i, c in enumerate(archive.clusters):
        room_of(f"clusters[{i}]", c.room_id)
    targets = notes | set(clusters) | actions
    marks = [("votes", i, v.room_id, v.target_id) for i, v in enumerate(archive.votes)]
    marks += [("scores", i, s.room_id, s.target_id) for i, s in enumerate(archive.scores)]
    for what, i, room_id, target_id in marks:
        room_of(f"{what}[{i}]", room_id)
        if target_id not in targets:
            raise ArchiveError(f"{what}[{i}].target_id: not a note, cluster or action "
                               "of the archive")
    for i, snap in enumerate(archive.snapshots):
        room_of(f"snapshots[{i}]", snap.room_id)
    for i, e in enumerate(archive.encounters):
        if e.a not in people or e.b not in people:
            raise ArchiveError(f"encounters[{i}]: names someone not among the participants")
    _check_hackathon(archive, people)


def _check_hackathon(archive: Archive, people: set[str]) -> None:
    pitches = _unique("pitches", [p.id for p in archive.pitches])
    for i, p in enumerate(archive.pitches):
        if p.holder_id not in people:
            raise ArchiveError(f"pitches[{i}].holder_id: not a participant of the archive")
    rows: list[tuple[str, int, str, list[str]]] = []
    rows += [("team_members", i, m.participant_id, [m.pitch_id])
             for i, m in enumerate(archive.team_members)]
    rows += [("jury_scores", i, s.juror_id, [s.pitch_id])
             for i, s in enumerate(archive.jury_scores)]
    rows += [("team_preferences", i, t.participant_id, t.pitches)
             for i, t in enumerate(archive.team_preferences)]
    for what, i, person, named in rows:
        if person not in people:
            raise ArchiveError(f"{what}[{i}]: names someone not among the participants")
        if any(p not in pitches for p in named):
            raise ArchiveError(f"{what}[{i}]: names a pitch the archive does not hold")
