"""Persistence: SQLModel tables, the per-room event log, the op transaction."""
