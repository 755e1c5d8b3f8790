"""What the team suggestion's worker process runs (`cocreate.queries`). scipy (HiGHS)
is loaded inside the call, in that process: the server that hands the work over
never imports it."""

from __future__ import annotations

from typing import Any


def suggest_plain(pitches: list[tuple[str, list[str], list[str]]],
                  groups_of: dict[str, str | None], free: list[str], rule: dict[str, Any],
                  preferences: dict[str, list[str]]) -> dict[str, Any]:
    """`team_suggestion.suggest_teams` of pitches given as `(id, members, needs)`,
    plain data both ways: `{"teams", "unplaced", "short"}`."""
    from cocreate.team_suggestion import TeamToBe, suggest_teams
    return suggest_teams([TeamToBe(pid, tuple(members), tuple(needs))
                          for pid, members, needs in pitches],
                         groups_of, free, rule, preferences)
