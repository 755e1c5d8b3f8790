"""Every limit on what a client may send, in one place; docs/protocol.md lists each.

A value past its limit is refused with `invalid` (or `bad_message` where the
limit is on a frame's shape), and nothing changes.
"""

from __future__ import annotations

NOTE_TEXT_MAX = 1000
TITLE_MAX = 200  # workshop, cluster, room, round, snapshot and timer titles
NAME_MAX = 100  # a person's name, group or organisation
CHALLENGE_MAX = 5000
CONSTRAINT_MAX = 500
LIST_MAX = 50  # constraints and stakeholder groups of a workshop
COORD_LIMIT = 1_000_000.0
ZOOM_MAX = 8.0  # a summon's or a followed viewport's zoom, above 0
ANNOUNCE_MAX = 1000
ROOMS_MAX = 50  # breakout rooms one split may make (themes of a split by themes)
COLLECT_TOP_MAX = 100  # notes per room `rooms.collect` brings back with `top`
BUDGET_MAX = 100  # dots per person in a vote
AGENDA_MAX = 30  # rounds on one agenda
ROUND_SECONDS_MAX = 4 * 3600
TIMER_SECONDS_MAX = 24 * 3600
REF_MAX = 200  # characters of an op's ref
VOLATILE_ID_MAX = 200  # characters of a drag frame's id
FRAME_BYTES_MAX = 65_536  # one WebSocket message; a bigger one closes the socket (1009)
