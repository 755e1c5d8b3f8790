"""The series rules: what a carried action keeps and loses, the review round, the
next event's settings, and the series and follow-up views (no person named)."""

from __future__ import annotations

import pytest

from cocreate.board.actions import Action
from cocreate.board.limits import ACTION_PROGRESS_MAX
from cocreate.board.series import (
    carried,
    followup_view,
    is_open,
    next_event_settings,
    review_round,
    series_view,
)

DAY = 86_400_000


def _action(**kw: object) -> Action:
    a = Action("a1", "Benches", "City", ["City", "NGO"], "in_progress", 60, "Parks dept",
               "Olga Owner", {"note": "n1", "room": "r1"}, "2027-05-01",
               {"NGO": {"participant": "p1", "name": "Nadia", "ts": 3 * DAY}},
               [{"text": "Ordered", "date": "1970-01-02", "ts": DAY, "participant": "p2",
                 "name": "Fran", "percent": 60}], "p2", 1, 2)
    for k, v in kw.items():
        setattr(a, k, v)
    return a


def test_a_carried_action_keeps_what_was_agreed_and_forgets_who() -> None:
    c = carried(_action(), "a2", 10 * DAY, "Parks 1", "et")
    assert (c.id, c.series_action, c.title, c.owner_group, c.owner_org) == (
        "a2", "a1", "Benches", "City", "Parks dept")
    assert (c.parties, c.status, c.percent, c.due) == (["City", "NGO"], "in_progress", 60,
                                                      "2027-05-01")
    assert c.commits == {"NGO": {"participant": None, "name": None, "ts": 3 * DAY}}
    assert [p["text"] for p in c.progress] == ["Ordered", "Üle toodud üritusest Parks 1"]
    assert all(p["participant"] is None and p["name"] is None for p in c.progress)
    assert c.progress[-1]["date"] == "1970-01-11"
    assert c.source is None and c.author is None and c.created == 10 * DAY


def test_a_carried_action_keeps_its_first_series_id_and_stays_within_the_progress_limit(
        ) -> None:
    entries = [{"text": f"step {i}", "date": "1970-01-01", "ts": i, "participant": None,
                "name": None} for i in range(ACTION_PROGRESS_MAX)]
    c = carried(_action(series_action="a0", progress=entries), "a3", DAY, "Parks 2", "en")
    assert c.series_action == "a0"
    assert len(c.progress) == ACTION_PROGRESS_MAX
    assert c.progress[0]["text"] == "step 1" and c.progress[-1]["text"] == "Carried from Parks 2"


@pytest.mark.parametrize(("status", "open_"), [("proposed", True), ("agreed", True),
                                               ("in_progress", True), ("blocked", True),
                                               ("done", False), ("dropped", False)])
def test_done_and_dropped_actions_are_not_carried(status: str, open_: bool) -> None:
    assert is_open(_action(status=status)) is open_


@pytest.mark.parametrize(("language", "title"), [("en", "Review open actions"),
                                                 ("et", "Avatud tegevuste ülevaatus"),
                                                 ("de", "Offene Maßnahmen überprüfen"),
                                                 ("fr", "Review open actions")])
def test_the_review_round_is_named_in_the_workshop_language(language: str, title: str) -> None:
    r = review_round(language, "r1")
    assert (r["id"], r["title"], r["seconds"], r["voting"], r["done"]) == ("r1", title, 0,
                                                                          None, False)


def test_the_next_event_takes_the_previous_settings_the_body_leaves_out() -> None:
    previous = {"title": "Parks 1", "challenge": "Greener", "constraints": ["Budget"],
                "boundaries": [{"id": "b1", "text": "Budget"}], "groups": ["City"],
                "language": "de"}
    assert next_event_settings(previous, {"series_of": "w1", "title": "Parks 2"}) == {
        "title": "Parks 2", "challenge": "Greener", "boundaries": [{"id": "b1", "text": "Budget"}],
        "groups": ["City"], "language": "de"}
    # Constraints in the body stand for the boundaries: the previous ones are not kept.
    assert next_event_settings(previous, {"constraints": ["Time"]})["constraints"] == ["Time"]
    assert "boundaries" not in next_event_settings(previous, {"constraints": ["Time"]})


def test_the_series_view_follows_each_action_across_events_by_its_series_id() -> None:
    first = _action()
    second = carried(first, "a2", DAY, "Parks 1", "en")
    second.status = "done"
    events = [{"id": "w1", "title": "Parks 1", "date": "1970-01-01", "status": "closed"},
              {"id": "w2", "title": "Parks 2", "date": "1970-01-02", "status": "open"}]
    view = series_view("s1", events, {"w1": [first, _action(id="a9", title="Kiosk")],
                                      "w2": [second]})
    assert [a["id"] for a in view["actions"]] == ["a1", "a9"]
    benches = view["actions"][0]
    assert {w: e["status"] for w, e in benches["events"].items()} == {"w1": "in_progress",
                                                                      "w2": "done"}
    assert benches["events"]["w2"]["action"] == "a2"
    assert "Fran" not in repr(view) and "Nadia" not in repr(view) and "Olga" not in repr(view)


def test_the_followup_view_names_no_one() -> None:
    workshop = {"title": "Parks 1", "challenge": "Greener", "language": "en",
                "boundaries": [{"id": "b1", "text": "Budget"}]}
    view = followup_view(workshop, [_action()])
    action = view["actions"][0]
    assert action["commits"] == [{"group": "NGO", "date": "1970-01-04"}]
    assert action["progress"] == [{"text": "Ordered", "date": "1970-01-02", "percent": 60}]
    assert "owner_person" not in action and "author" not in action
    for name in ("Fran", "Nadia", "Olga", "p1", "p2"):
        assert name not in repr(view), name
