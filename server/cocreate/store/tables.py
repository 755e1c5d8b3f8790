"""The database schema. Changes to it go through migrations (cocreate/migrations).

Each table is a SQLModel class named `...Row` (a row of it, not the board's
`Note` or `Cluster`); queries use the `Table` objects at the end.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Index, Integer, String, Table, Text, false, true
from sqlmodel import Field, SQLModel


def _big_zero() -> Column[int]:
    return Column(BigInteger, nullable=False, default=0)


class WorkshopRow(SQLModel, table=True):
    __tablename__ = "workshop"

    id: str = Field(primary_key=True, max_length=32)
    title: str
    challenge: str = ""
    constraints: str = "[]"  # JSON list of strings
    groups: str = "[]"  # JSON list of strings
    authors: str = "named"
    facilitator_sees_authors: bool = True
    join_code: str = Field(max_length=16, unique=True)
    plenary_room_id: str = Field(max_length=32)
    created: int = Field(sa_column=Column(BigInteger, nullable=False))
    closed: bool = False
    # When it was closed (board.lifecycle); None while open.
    closed_at: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    # Days it is kept after closing (or its last activity), set at creation; None for
    # workshops from before retention, which get the operator's COCREATE_RETENTION_DAYS.
    retention_days: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    # The language the server names what it creates in ("Room 1", report headings).
    language: str = Field(default="en", sa_column=Column(
        Text, nullable=False, default="en", server_default="en"))
    # The organiser who created it; None when created anonymously (`open` policy) or when
    # that organiser's account was removed.
    organiser_id: str | None = Field(default=None, index=True, max_length=32)
    # JSON lists: the constraints with their ids ({"id", "text"}), the flags on
    # what is outside one, and the proposals to push one (board.boundaries).
    boundaries: str = Field(default="[]", sa_column=Column(Text, nullable=False,
                                                           server_default="[]"))
    flags: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))
    challenges: str = Field(default="[]", sa_column=Column(Text, nullable=False,
                                                           server_default="[]"))
    # Whether participants, not only facilitators, may add actions.
    participants_add_actions: bool = Field(default=False, sa_column=Column(
        Boolean, nullable=False, default=False, server_default=false()))
    # The series it is an event of (`series.id`, a plain value: no foreign key either way).
    series_id: str | None = Field(default=None, index=True, max_length=32)
    # The organiser's own words in the join page's privacy notice ("" for none).
    privacy_note: str = Field(default="", sa_column=Column(
        Text, nullable=False, default="", server_default=""))
    # Whether "similar notes already here" is shown while someone writes a note.
    similar_hints: bool = Field(default=True, sa_column=Column(
        Boolean, nullable=False, default=True, server_default=true()))
    # What erasing a participant does to their notes (board.settings.ERASE_POLICIES).
    erase_policy: str = Field(default="delete", sa_column=Column(
        Text, nullable=False, default="delete", server_default="delete"))
    # The hackathon (board.hackathon): its phase, the team rule (JSON, None: the
    # default), the least characters of a pitch's text, the pitch presented (JSON).
    hackathon_phase: str = Field(default="ideas", sa_column=Column(
        Text, nullable=False, default="ideas", server_default="ideas"))
    team_rule: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    min_pitch_text: int = Field(default=0, sa_column=Column(
        Integer, nullable=False, default=0, server_default="0"))
    presenting: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # The jury (board.jury): its criteria (JSON list), its ranking once closed (JSON;
    # None: still open), and whether jurors may join by the join code themselves.
    jury_criteria: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    jury_result: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    jurors_join: bool = Field(default=False, sa_column=Column(
        Boolean, nullable=False, default=False, server_default=false()))


class SeriesRow(SQLModel, table=True):
    """A series of workshops that follow one another up (store/series.py). Its events
    name it by `workshop.series_id`; it names no workshop, so purging one leaves it."""

    __tablename__ = "series"

    id: str = Field(primary_key=True, max_length=32)
    # The organiser who owned the event it started from, if any (may read the series page).
    organiser_id: str | None = Field(default=None, index=True, max_length=32)
    created: int = Field(sa_column=Column(BigInteger, nullable=False))


class FollowupLinkRow(SQLModel, table=True):
    """A workshop's read-only follow-up link, hashed like every bearer token; at most
    one per workshop (re-issuing replaces it)."""

    __tablename__ = "followup_link"

    workshop_id: str = Field(primary_key=True, max_length=32)
    token_hash: str = Field(max_length=64, unique=True)
    created: int = Field(sa_column=Column(BigInteger, nullable=False))


class RoomRow(SQLModel, table=True):
    __tablename__ = "room"

    id: str = Field(primary_key=True, max_length=32)
    workshop_id: str = Field(foreign_key="workshop.id", index=True, max_length=32)
    name: str
    plenary: bool = False
    position: int = 0
    seq: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    locked: bool = False
    private_round: bool = False
    timer_status: str = "idle"
    timer_label: str = ""
    timer_duration_ms: int = Field(default=0, sa_column=_big_zero())
    timer_ends_at: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    timer_remaining_ms: int = Field(default=0, sa_column=_big_zero())
    voting_status: str = "idle"
    voting_budget: int = 0
    voting_max_per_note: int = 0
    voting_hidden: bool = False
    voting_revealed: bool = False
    voting_target: str = "notes"
    # "dots" or "matrix"; a matrix vote's two criterion names as a JSON list
    voting_kind: str = Field(default="dots", sa_column=Column(
        Text, nullable=False, default="dots", server_default="dots"))
    voting_criteria: str = Field(default="[]", sa_column=Column(
        Text, nullable=False, default="[]", server_default="[]"))
    agenda: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))
    round_index: int | None = None
    # ids of the participants who said they are done, as a JSON list
    ready: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))
    # Hidden from room lists and splits; the board stays for reports.
    archived: bool = Field(default=False, sa_column=Column(
        Boolean, nullable=False, default=False, server_default=false()))
    # The World Café table host (board/cafe.py keeps it seated here).
    host_id: str | None = Field(default=None, max_length=32)

    __table_args__ = (Index("ix_room_timer_due", "timer_status", "timer_ends_at"),)


class ParticipantRow(SQLModel, table=True):
    __tablename__ = "participant"
    # Every welcome counts the workshop's jurors and sizes its groups: these answer
    # both from the index alone (a row per person read otherwise, in a hall thousands).
    __table_args__ = (Index("ix_participant_workshop_role", "workshop_id", "role", "removed"),
                      Index("ix_participant_workshop_group", "workshop_id", "group", "role",
                            "created"))

    id: str = Field(primary_key=True, max_length=32)
    workshop_id: str = Field(foreign_key="workshop.id", index=True, max_length=32)
    name: str
    role: str
    group: str | None = None
    organisation: str | None = None
    site: str = "onsite"  # onsite | remote
    room_id: str = Field(max_length=32)
    token_hash: str = Field(max_length=64, unique=True)
    created: int = Field(sa_column=Column(BigInteger, nullable=False))
    # Removed by a facilitator: the token no longer works; their notes stay.
    removed: bool = Field(default=False, sa_column=Column(
        Boolean, nullable=False, default=False, server_default=false()))
    # Erased at their request: the row stays blank (its id keeps the log's order).
    erased: bool = Field(default=False, sa_column=Column(
        Boolean, nullable=False, default=False, server_default=false()))


class NoteRow(SQLModel, table=True):
    __tablename__ = "note"

    id: str = Field(primary_key=True, max_length=32)
    room_id: str = Field(foreign_key="room.id", index=True, max_length=32)
    text: str = Field(sa_column=Column(Text, nullable=False))
    color: str
    x: float
    y: float
    cluster_id: str | None = Field(default=None, max_length=32)
    author_id: str | None = Field(default=None, max_length=32)
    author_group: str | None = None
    private: bool = False
    created: int = Field(sa_column=Column(BigInteger, nullable=False))
    updated: int = Field(sa_column=Column(BigInteger, nullable=False))
    # A copy's original (themed splits, collected results); null for a note written here.
    source_room: str | None = Field(default=None, max_length=32)
    source_note: str | None = Field(default=None, max_length=32)


class ClusterRow(SQLModel, table=True):
    __tablename__ = "cluster"

    id: str = Field(primary_key=True, max_length=32)
    room_id: str = Field(foreign_key="room.id", index=True, max_length=32)
    title: str
    x: float
    y: float
    # The room whose results a collected cluster holds (or the plenary, for a seed).
    source_room: str | None = Field(default=None, max_length=32)


class VoteRow(SQLModel, table=True):
    __tablename__ = "vote"

    room_id: str = Field(primary_key=True, max_length=32)
    participant_id: str = Field(primary_key=True, max_length=32)
    target_id: str = Field(primary_key=True, max_length=32)
    count: int


class ScoreRow(SQLModel, table=True):
    """One person's scores of one note in a room's matrix vote, in criterion order."""

    __tablename__ = "score"

    room_id: str = Field(primary_key=True, max_length=32)
    participant_id: str = Field(primary_key=True, max_length=32)
    target_id: str = Field(primary_key=True, max_length=32)
    first: int
    second: int
class ActionRow(SQLModel, table=True):
    """An action of a workshop (not of a room): its owners, parties and who committed."""

    __tablename__ = "action"

    id: str = Field(primary_key=True, max_length=32)
    workshop_id: str = Field(foreign_key="workshop.id", index=True, max_length=32)
    title: str
    owner_group: str
    owner_org: str | None = None
    owner_person: str | None = None
    parties: str = Field(sa_column=Column(Text, nullable=False))  # JSON list of groups
    source: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # JSON
    due: str | None = None  # YYYY-MM-DD
    status: str
    percent: int
    commits: str = Field(sa_column=Column(Text, nullable=False))  # JSON list
    progress: str = Field(sa_column=Column(Text, nullable=False))  # JSON list
    author_id: str | None = Field(default=None, max_length=32)
    created: int = Field(sa_column=Column(BigInteger, nullable=False))
    updated: int = Field(sa_column=Column(BigInteger, nullable=False))
    # The action's id across a series: the id it had in the event it was first added
    # to; null on an action added in this event (its own id stands for it).
    series_action: str | None = Field(default=None, index=True, max_length=32)


class EventLogRow(SQLModel, table=True):
    __tablename__ = "event_log"
    room_id: str = Field(primary_key=True, max_length=32)
    seq: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    op: str
    actor: str | None = Field(default=None, max_length=32)
    ts: int = Field(sa_column=Column(BigInteger, nullable=False))
    data: str = Field(sa_column=Column(Text, nullable=False))  # JSON, unredacted


class AcceptedRefRow(SQLModel, table=True):
    """Refs of accepted ops, so a retried op is acked and not applied twice."""

    __tablename__ = "accepted_ref"
    participant_id: str = Field(primary_key=True, max_length=32)
    ref: str = Field(primary_key=True, max_length=200)
    room_id: str = Field(max_length=32)
    seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    created: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))


class EncounterRow(SQLModel, table=True):
    """How often two people of a workshop were seated at one table (a < b)."""

    __tablename__ = "encounter"
    workshop_id: str = Field(primary_key=True, max_length=32)
    a: str = Field(primary_key=True, max_length=32)
    b: str = Field(primary_key=True, max_length=32)
    times: int


class SnapshotRow(SQLModel, table=True):
    __tablename__ = "snapshot"

    id: str = Field(primary_key=True, max_length=32)
    room_id: str = Field(foreign_key="room.id", index=True, max_length=32)
    name: str
    seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    created: int = Field(sa_column=Column(BigInteger, nullable=False))
    state: str = Field(sa_column=Column(Text, nullable=False))  # JSON


class SavedTemplateRow(SQLModel, table=True):
    """A method template a facilitator saved: one room's agenda, kept by its
    workshop only (board/templates.py)."""

    __tablename__ = "saved_template"

    id: str = Field(primary_key=True, max_length=32)
    workshop_id: str = Field(foreign_key="workshop.id", index=True, max_length=32)
    name: str = Field(sa_column=Column(Text, nullable=False))
    description: str = Field(sa_column=Column(Text, nullable=False))
    language: str = Field(sa_column=Column(Text, nullable=False))  # of the round titles
    rounds: str = Field(sa_column=Column(Text, nullable=False))  # JSON list of rounds
    created: int = Field(sa_column=Column(BigInteger, nullable=False))


class OpenSocketRow(SQLModel, table=True):
    """Open sockets, for presence across processes."""

    __tablename__ = "connection"  # the first schema's name
    # Each welcome counts the room's participants for the ready-check: this index
    # answers it without reading a row (see presence.ready_counts).
    __table_args__ = (Index("ix_connection_room_role", "room_id", "role", "participant_id",
                            "process_id"),)

    id: str = Field(primary_key=True, max_length=32)
    process_id: str = Field(index=True, max_length=32)
    participant_id: str = Field(index=True, max_length=32)
    room_id: str = Field(index=True, max_length=32)
    opened: int = Field(sa_column=Column(BigInteger, nullable=False))
    # The participant's role when the socket said hello (a role change moves them,
    # so they say hello again).
    role: str = Field(default="participant", sa_column=Column(
        String(16), nullable=False, server_default="participant"))


class ProcessBeatRow(SQLModel, table=True):
    """Each server process's heartbeat; connections of a silent process drop out."""

    __tablename__ = "process_beat"
    id: str = Field(primary_key=True, max_length=32)
    seen: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))


class OrganiserRow(SQLModel, table=True):
    """Someone the operator lets create workshops (`cocreate organiser add`)."""

    __tablename__ = "organiser"

    id: str = Field(primary_key=True, max_length=32)
    email: str = Field(max_length=254, unique=True)  # lower case
    password_hash: str = Field(sa_column=Column(Text, nullable=False))  # Argon2id, PHC string
    created: int = Field(sa_column=Column(BigInteger, nullable=False))


class OrganiserSessionRow(SQLModel, table=True):
    """A signed-in organiser's cookie, stored hashed like every bearer token."""

    __tablename__ = "organiser_session"

    token_hash: str = Field(primary_key=True, max_length=64)
    organiser_id: str = Field(foreign_key="organiser.id", index=True, max_length=32)
    created: int = Field(sa_column=Column(BigInteger, nullable=False))
    expires: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))


class WorkshopDeletionRow(SQLModel, table=True):
    """What is kept of a deleted workshop: its id and dates, nothing personal."""

    __tablename__ = "workshop_deletion"

    workshop_id: str = Field(primary_key=True, max_length=32)
    created: int = Field(sa_column=Column(BigInteger, nullable=False))
    closed: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    deleted: int = Field(sa_column=Column(BigInteger, nullable=False))
    reason: str = Field(max_length=16)  # expired | deleted


# Registers the hackathon's tables in the same metadata before the handles below.
from cocreate.store import hackathon_tables  # noqa: E402, F401


def _table(name: str) -> Table:
    return SQLModel.metadata.tables[name]


WORKSHOP = _table("workshop")
ROOM = _table("room")
PARTICIPANT = _table("participant")
NOTE = _table("note")
CLUSTER = _table("cluster")
VOTE = _table("vote")
SCORE = _table("score")
EVENT_LOG = _table("event_log")
ACTION = _table("action")
PITCH = _table("pitch")
TEAM_MEMBER = _table("team_member")
JURY_SCORE = _table("jury_score")
TEAM_PREFERENCE = _table("team_preference")
ACCEPTED_REF = _table("accepted_ref")
SNAPSHOT = _table("snapshot")
SAVED_TEMPLATE = _table("saved_template")
ENCOUNTER = _table("encounter")
OPEN_SOCKET = _table("connection")
PROCESS_BEAT = _table("process_beat")
ORGANISER = _table("organiser")
ORGANISER_SESSION = _table("organiser_session")
SERIES = _table("series")
FOLLOWUP_LINK = _table("followup_link")
WORKSHOP_DELETION = _table("workshop_deletion")
