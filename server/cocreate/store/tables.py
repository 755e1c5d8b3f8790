"""The database schema. Changes to it go through migrations (cocreate/migrations).

Each table is a SQLModel class named `...Row` (a row of it, not the board's
`Note` or `Cluster`); queries use the `Table` objects at the end.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Index, Table, Text, false
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
    # The language the server names what it creates in ("Room 1", report headings).
    language: str = Field(default="en", sa_column=Column(
        Text, nullable=False, default="en", server_default="en"))


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
    agenda: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))
    round_index: int | None = None
    # ids of the participants who said they are done, as a JSON list
    ready: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))
    # Hidden from room lists and splits; the board stays for reports.
    archived: bool = Field(default=False, sa_column=Column(
        Boolean, nullable=False, default=False, server_default=false()))

    __table_args__ = (Index("ix_room_timer_due", "timer_status", "timer_ends_at"),)


class ParticipantRow(SQLModel, table=True):
    __tablename__ = "participant"

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


class SnapshotRow(SQLModel, table=True):
    __tablename__ = "snapshot"

    id: str = Field(primary_key=True, max_length=32)
    room_id: str = Field(foreign_key="room.id", index=True, max_length=32)
    name: str
    seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    created: int = Field(sa_column=Column(BigInteger, nullable=False))
    state: str = Field(sa_column=Column(Text, nullable=False))  # JSON


class OpenSocketRow(SQLModel, table=True):
    """Open sockets, for presence across processes."""

    __tablename__ = "connection"  # the first schema's name

    id: str = Field(primary_key=True, max_length=32)
    process_id: str = Field(index=True, max_length=32)
    participant_id: str = Field(max_length=32)
    room_id: str = Field(index=True, max_length=32)
    opened: int = Field(sa_column=Column(BigInteger, nullable=False))


class ProcessBeatRow(SQLModel, table=True):
    """Each server process's heartbeat; connections of a silent process drop out."""

    __tablename__ = "process_beat"
    id: str = Field(primary_key=True, max_length=32)
    seen: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))


def _table(name: str) -> Table:
    return SQLModel.metadata.tables[name]


WORKSHOP = _table("workshop")
ROOM = _table("room")
PARTICIPANT = _table("participant")
NOTE = _table("note")
CLUSTER = _table("cluster")
VOTE = _table("vote")
EVENT_LOG = _table("event_log")
ACCEPTED_REF = _table("accepted_ref")
SNAPSHOT = _table("snapshot")
OPEN_SOCKET = _table("connection")
PROCESS_BEAT = _table("process_beat")
