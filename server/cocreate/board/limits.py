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
PRIVACY_NOTE_MAX = 2000  # the organiser's own words in a workshop's privacy notice
LIST_MAX = 50  # constraints and stakeholder groups of a workshop
REASON_MAX = 500  # why a note is flagged as outside a boundary
CHALLENGE_TEXT_MAX = 1000  # a proposal to push a boundary
CHALLENGES_MAX = 200  # proposals to push boundaries in one workshop
FLAGS_MAX = 500  # flags on notes in one workshop
COORD_LIMIT = 1_000_000.0
ZOOM_MAX = 8.0  # a summon's or a followed viewport's zoom, above 0
ANNOUNCE_MAX = 1000
ROOMS_MAX = 50  # breakout rooms one split may make (themes of a split by themes)
COLLECT_TOP_MAX = 100  # notes per room `rooms.collect` brings back with `top`
BUDGET_MAX = 100  # dots per person in a vote
CRITERION_MAX = 40  # characters of a matrix vote's criterion name
SCORE_MAX = 5  # a matrix vote's score on one criterion, from 1
AGENDA_MAX = 30  # rounds on one agenda
ROUND_SECONDS_MAX = 4 * 3600
TEMPLATE_DESCRIPTION_MAX = 1000  # characters of a method template's description
TEMPLATES_MAX = 50  # method templates one workshop may keep
TIMER_SECONDS_MAX = 24 * 3600
ACTIONS_MAX = 200  # actions of one workshop
ACTION_PROGRESS_MAX = 100  # progress entries of one action
PITCHES_MAX = 100  # pitches of one hackathon
PITCH_TEXT_MAX = 2000  # characters of a pitch's text (and the least a workshop may require)
TEAM_SIZE_MAX = 50  # people in one team: a team rule's max_size at most
JURY_CRITERIA_MAX = 10  # criteria of a hackathon jury
JURY_WEIGHT_MAX = 100  # a jury criterion's weight, from 1
JURY_SCORE_MAX = 5  # a juror's score of a pitch on one criterion, from 1
PREFERRED_PITCHES_MAX = 3  # pitches one person says they would join (`team.prefer`)
REF_MAX = 200  # characters of an op's ref
VOLATILE_ID_MAX = 200  # characters of a drag frame's id
EMAIL_MAX = 254  # an organiser's email (RFC 5321's longest path)
PASSWORD_MAX = 1024  # an organiser's password; bounded so hashing it costs a known time
RETENTION_DAYS_MAX = 3650  # days a workshop is kept after closing (or its last activity)
PASTE_LINES_MAX = 100  # notes one `notes.paste` adds
ARCHIVE_BYTES_MAX = 20 * 1024 * 1024  # a workshop archive `POST /api/workshops/import` reads
FRAME_BYTES_MAX = 65_536  # one WebSocket message; a bigger one closes the socket (1009)
