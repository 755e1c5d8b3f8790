"""Actions in a report: the CSV of actions and the calendar of their due dates."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import icalendar

from cocreate import report_actions


def _action(action_id: str, title: str, due: str | None) -> dict[str, Any]:
    return {"id": action_id, "title": title, "owner_group": "Linn", "owner_org": "Amet",
            "owner_person": None, "parties": ["Linn", "MTÜ"], "source": None, "due": due,
            "status": "in_progress", "percent": 30,
            "commits": [{"group": "Linn", "participant": None, "name": None}],
            "all_parties_committed": False,
            "progress": [{"date": "2026-12-02", "text": "Asukohad valitud"}],
            "author": None, "created": 0, "updated": 0}


ACTIONS = [_action("a1", "Pingid Õismäele", "2027-03-15"), _action("a2", "-1+1", None)]
WORKSHOP = {"id": "w1", "title": "Linnaruum"}


def test_one_csv_row_per_action_with_parties_commitments_and_progress() -> None:
    rows = list(csv.DictReader(io.StringIO(report_actions.to_csv(ACTIONS, "et"))))
    assert [r["action"] for r in rows] == ["Pingid Õismäele", "'-1+1"]  # a formula defused
    first = rows[0]
    assert (first["parties"], first["committed"], first["all_parties_committed"]) == (
        "Linn; MTÜ", "Linn", "no")
    assert (first["status"], first["percent"], first["due"]) == ("töös", "30", "2027-03-15")
    assert first["progress"] == "2026-12-02: Asukohad valitud"


def test_the_calendar_has_one_all_day_event_per_dated_action_with_a_stable_uid() -> None:
    calendar = icalendar.Calendar.from_ical(report_actions.to_ics(WORKSHOP, ACTIONS, "de"))
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Pingid Õismäele"
    assert event.decoded("dtstart") == date(2027, 3, 15)
    assert event.decoded("dtend") == date(2027, 3, 16)
    assert str(event["uid"]) == "action-a1@workshop-w1.cocreate"
    assert "in Arbeit (30 %)" in str(event["description"])
