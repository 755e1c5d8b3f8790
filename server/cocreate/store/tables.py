"""The database schema. Changes to it go through migrations (cocreate/migrations)."""

from __future__ import annotations

from typing import Optional

from sqlalchemy import BigInteger, Column, Index, Text
from sqlmodel import Field, SQLModel


class Workshop(SQLModel, table=True):
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


class Room(SQLModel, table=True):
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
    timer_duration_ms: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    timer_ends_at: Optional[int] = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    timer_remaining_ms: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    voting_status: str = "idle"
    voting_budget: int = 0
    voting_max_per_note: int = 0
    voting_hidden: bool = False
    voting_revealed: bool = False
    voting_target: str = "notes"
    agenda: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))
    round_index: Optional[int] = None

    __table_args__ = (Index("ix_room_timer_due", "timer_status", "timer_ends_at"),)


class Participant(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    workshop_id: str = Field(foreign_key="workshop.id", index=True, max_length=32)
    name: str
    role: str
    group: Optional[str] = None
    organisation: Optional[str] = None
    site: str = "onsite"  # onsite | remote
    room_id: str = Field(max_length=32)
    token_hash: str = Field(max_length=64, unique=True)
    created: int = Field(sa_column=Column(BigInteger, nullable=False))


class Note(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    room_id: str = Field(foreign_key="room.id", index=True, max_length=32)
    text: str = Field(sa_column=Column(Text, nullable=False))
    color: str
    x: float
    y: float
    cluster_id: Optional[str] = Field(default=None, max_length=32)
    author_id: Optional[str] = Field(default=None, max_length=32)
    author_group: Optional[str] = None
    private: bool = False
    created: int = Field(sa_column=Column(BigInteger, nullable=False))
    updated: int = Field(sa_column=Column(BigInteger, nullable=False))


class Cluster(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    room_id: str = Field(foreign_key="room.id", index=True, max_length=32)
    title: str
    x: float
    y: float


class Vote(SQLModel, table=True):
    room_id: str = Field(primary_key=True, max_length=32)
    participant_id: str = Field(primary_key=True, max_length=32)
    target_id: str = Field(primary_key=True, max_length=32)
    count: int


class EventLog(SQLModel, table=True):
    __tablename__ = "event_log"
    room_id: str = Field(primary_key=True, max_length=32)
    seq: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    op: str
    actor: Optional[str] = Field(default=None, max_length=32)
    ts: int = Field(sa_column=Column(BigInteger, nullable=False))
    data: str = Field(sa_column=Column(Text, nullable=False))  # JSON, unredacted


class AcceptedRef(SQLModel, table=True):
    """Refs of accepted ops, so a retried op is acked and not applied twice."""

    __tablename__ = "accepted_ref"
    participant_id: str = Field(primary_key=True, max_length=32)
    ref: str = Field(primary_key=True, max_length=200)
    room_id: str = Field(max_length=32)
    seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    created: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))


class Snapshot(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    room_id: str = Field(foreign_key="room.id", index=True, max_length=32)
    name: str
    seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    created: int = Field(sa_column=Column(BigInteger, nullable=False))
    state: str = Field(sa_column=Column(Text, nullable=False))  # JSON


class Connection(SQLModel, table=True):
    """Open sockets, for presence across processes."""

    id: str = Field(primary_key=True, max_length=32)
    process_id: str = Field(index=True, max_length=32)
    participant_id: str = Field(max_length=32)
    room_id: str = Field(index=True, max_length=32)
    opened: int = Field(sa_column=Column(BigInteger, nullable=False))


class ProcessBeat(SQLModel, table=True):
    """Each server process's heartbeat; connections of a silent process drop out."""

    __tablename__ = "process_beat"
    id: str = Field(primary_key=True, max_length=32)
    seen: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
