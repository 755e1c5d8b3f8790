"""The social hackathon's tables: pitches, their teams, the jury's secret scores and
the pitches people would join. Part of the schema in `tables.py`, which imports them."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Text
from sqlmodel import Field, SQLModel


class PitchRow(SQLModel, table=True):
    """A hackathon pitch of a workshop; its team is in `team_member`."""

    __tablename__ = "pitch"

    id: str = Field(primary_key=True, max_length=32)
    workshop_id: str = Field(foreign_key="workshop.id", index=True, max_length=32)
    holder_id: str = Field(max_length=32)
    title: str = Field(sa_column=Column(Text, nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    needs: str = Field(sa_column=Column(Text, nullable=False))  # JSON list of groups
    source: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # JSON
    created: int = Field(sa_column=Column(BigInteger, nullable=False))
    updated: int = Field(sa_column=Column(BigInteger, nullable=False))


class TeamMemberRow(SQLModel, table=True):
    """A participant in a pitch's team: the key makes two teams impossible."""

    __tablename__ = "team_member"

    workshop_id: str = Field(primary_key=True, max_length=32)
    participant_id: str = Field(primary_key=True, max_length=32)
    pitch_id: str = Field(foreign_key="pitch.id", index=True, max_length=32)
    position: int  # the holder 0, then who joined, in order


class JuryScoreRow(SQLModel, table=True):
    """A juror's scores of one pitch (JSON `{criterion: 1-5}`): secret until the close."""

    __tablename__ = "jury_score"

    pitch_id: str = Field(primary_key=True, max_length=32)
    juror_id: str = Field(primary_key=True, max_length=32)
    workshop_id: str = Field(foreign_key="workshop.id", index=True, max_length=32)
    scores: str = Field(sa_column=Column(Text, nullable=False))
    updated: int = Field(sa_column=Column(BigInteger, nullable=False))


class TeamPreferenceRow(SQLModel, table=True):
    """The pitches a participant would join, best first (JSON list), for suggested teams."""

    __tablename__ = "team_preference"

    workshop_id: str = Field(primary_key=True, max_length=32)
    participant_id: str = Field(primary_key=True, max_length=32)
    pitches: str = Field(sa_column=Column(Text, nullable=False))
