"""Actions: adding, editing, progress, commitments of parties and the derived flag."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from cocreate import board
from cocreate.board.actions import STATUS_PERCENT, Action, date_of, decide_action
from cocreate.board.errors import BoardError
from cocreate.board.limits import ACTION_PROGRESS_MAX, ACTIONS_MAX, NAME_MAX, TITLE_MAX
from cocreate.board.redaction import Disclosure, Viewer, event_audience, render_event
from cocreate.board.state import Actor, BoardState, Cluster, Event, Note, Voting

NOW = 1_700_000_000_000  # 2023-11-14 UTC
GROUPS = ["City", "NGO", "Union", "Company"]
SETTINGS: dict[str, Any] = {"groups": GROUPS, "participants_add_actions": False}
FAC = Actor("fac", "facilitator", "Fran")
CITY = Actor("c1", "participant", "Cleo", "City")
CITY2 = Actor("c2", "participant", "Carl", "City")
NGO = Actor("n1", "participant", "Nia", "NGO")
UNION = Actor("u1", "participant", "Uwe", "Union")
COMPANY = Actor("k1", "participant", "Kim", "Company")
WALL = Actor("w", "wall", "Wall")
_ids = itertools.count(1)


def _room() -> BoardState:
    state = BoardState("room1")
    state.notes["n"] = Note("n", "Bike lanes", "yellow", 0, 0, None, "c1", NOW, NOW)
    state.notes["p"] = Note("p", "secret", "yellow", 0, 0, None, "c1", NOW, NOW, private=True)
    state.clusters["k"] = Cluster("k", "Transport", 0, 0)
    return state


def run(state: BoardState, op: str, data: dict[str, Any], actor: Actor = FAC,
        settings: dict[str, Any] | None = None, now: int = NOW) -> dict[str, Any]:
    change = decide_action(state.actions, settings or SETTINGS, state, op, data, actor, now,
                           f"a{next(_ids)}")
    board.apply(state, Event(state.room_id, state.seq + 1, op, actor.id, now, change.data))
    return change.data


def refused(state: BoardState, code: str, op: str, data: dict[str, Any],
            actor: Actor = FAC, settings: dict[str, Any] | None = None) -> None:
    before = {k: a.as_dict() for k, a in state.actions.items()}
    with pytest.raises(BoardError) as e:
        decide_action(state.actions, settings or SETTINGS, state, op, data, actor, NOW, "x")
    assert e.value.code == code, e.value.message
    assert {k: a.as_dict() for k, a in state.actions.items()} == before


def three_parties(state: BoardState) -> str:
    return run(state, "action.add", {"title": "Open data portal", "owner_group": "City",
                                     "parties": ["NGO", "Union"]})["id"]


def test_an_action_from_a_note_names_its_owner_first_among_its_parties() -> None:
    state = _room()
    a = run(state, "action.add", {"title": "Bike lanes", "owner_group": "City",
                                  "parties": ["NGO", "City"], "source": {"note": "n"},
                                  "due": "2027-02-28", "owner_org": " Transport dept ",
                                  "owner_person": "Cleo"})
    assert a["parties"] == ["City", "NGO"]
    assert a["source"] == {"note": "n", "room": "room1"}
    assert (a["status"], a["percent"], a["due"]) == ("proposed", 0, "2027-02-28")
    assert a["owner_org"] == "Transport dept"
    assert a["all_parties_committed"] is False and a["commits"] == []
    assert list(state.actions) == [a["id"]]


def test_an_action_from_a_cluster_or_from_nothing() -> None:
    state = _room()
    assert run(state, "action.add", {"title": "T", "owner_group": "NGO",
                                     "source": {"cluster": "k"}})["source"]["cluster"] == "k"
    assert run(state, "action.add", {"title": "T", "owner_group": "NGO"})["source"] is None


def test_the_flag_is_set_only_when_the_third_party_commits() -> None:
    state = _room()
    aid = three_parties(state)
    assert run(state, "action.commit", {"id": aid}, CITY)["all_parties_committed"] is False
    assert run(state, "action.commit", {"id": aid}, NGO)["all_parties_committed"] is False
    last = run(state, "action.commit", {"id": aid}, UNION)
    assert last["all_parties_committed"] is True
    assert [(c["group"], c["participant"], c["name"]) for c in last["commits"]] == [
        ("City", "c1", "Cleo"), ("NGO", "n1", "Nia"), ("Union", "u1", "Uwe")]
    assert run(state, "action.uncommit", {"id": aid}, NGO)["all_parties_committed"] is False


def test_one_participant_commits_their_whole_group() -> None:
    state = _room()
    aid = three_parties(state)
    run(state, "action.commit", {"id": aid}, CITY)
    refused(state, "invalid", "action.commit", {"id": aid}, CITY2)
    run(state, "action.uncommit", {"id": aid}, CITY2)  # any member may take it back
    assert state.actions[aid].commits == {}


def test_who_is_not_a_party_cannot_commit_and_a_wall_never() -> None:
    state = _room()
    aid = three_parties(state)
    refused(state, "invalid", "action.commit", {"id": aid}, COMPANY)
    refused(state, "invalid", "action.commit", {"id": aid}, FAC)  # no group
    refused(state, "invalid", "action.uncommit", {"id": aid}, NGO)  # not committed
    refused(state, "forbidden", "action.commit", {"id": aid}, WALL)
    refused(state, "not_found", "action.commit", {"id": "nope"}, NGO)


def test_status_and_the_flag_are_independent() -> None:
    state = _room()
    aid = three_parties(state)
    agreed = run(state, "action.update", {"id": aid, "status": "agreed"})
    assert (agreed["status"], agreed["all_parties_committed"]) == ("agreed", False)
    for who in (CITY, NGO, UNION):
        run(state, "action.commit", {"id": aid}, who)
    dropped = run(state, "action.update", {"id": aid, "status": "dropped"})
    assert (dropped["status"], dropped["all_parties_committed"]) == ("dropped", True)


@pytest.mark.parametrize("status", list(STATUS_PERCENT))
def test_each_status_sets_its_default_progress(status: str) -> None:
    state = _room()
    aid = three_parties(state)
    if status == "proposed":
        run(state, "action.update", {"id": aid, "status": "done"})
    assert run(state, "action.update", {"id": aid, "status": status})["percent"] == \
        STATUS_PERCENT[status]


def test_dropping_a_party_drops_its_commitment_and_can_complete_the_rest() -> None:
    state = _room()
    aid = three_parties(state)
    run(state, "action.commit", {"id": aid}, CITY)
    run(state, "action.commit", {"id": aid}, NGO)
    a = run(state, "action.update", {"id": aid, "parties": ["NGO"]})
    assert a["parties"] == ["City", "NGO"] and a["all_parties_committed"] is True
    a = run(state, "action.update", {"id": aid, "owner_group": "Union"})
    assert a["parties"] == ["Union", "City", "NGO"] and a["all_parties_committed"] is False


def test_progress_is_dated_by_the_server_and_may_set_the_percentage() -> None:
    state = _room()
    aid = three_parties(state)
    a = run(state, "action.progress", {"id": aid, "text": "Budget found", "percent": 30})
    assert a["percent"] == 30
    assert a["progress"] == [{"text": "Budget found", "date": "2023-11-14", "ts": NOW,
                              "participant": "fac", "name": "Fran", "percent": 30}]
    a = run(state, "action.progress", {"id": aid, "text": "Met"})
    assert a["percent"] == 30 and "percent" not in a["progress"][1]


@pytest.mark.parametrize(("ms", "date"), [(0, "1970-01-01"), (951_782_400_000, "2000-02-29"),
                                          (4_107_542_399_999, "2100-02-28"),
                                          (1_798_761_599_000, "2026-12-31")])
def test_the_date_of_a_server_time(ms: int, date: str) -> None:
    assert date_of(ms) == date


@pytest.mark.parametrize(("data", "code"), [
    ({"title": "", "owner_group": "City"}, "invalid"),
    ({"title": "x" * (TITLE_MAX + 1), "owner_group": "City"}, "invalid"),
    ({"title": "T"}, "bad_message"),
    ({"title": "T", "owner_group": "Aliens"}, "invalid"),
    ({"title": "T", "owner_group": "City", "parties": ["Aliens"]}, "invalid"),
    ({"title": "T", "owner_group": "City", "parties": "NGO"}, "bad_message"),
    ({"title": "T", "owner_group": "City", "due": "2027-02-29"}, "invalid"),
    ({"title": "T", "owner_group": "City", "due": "2027-13-01"}, "invalid"),
    ({"title": "T", "owner_group": "City", "due": "next week"}, "invalid"),
    ({"title": "T", "owner_group": "City", "due": 20270101}, "bad_message"),
    ({"title": "T", "owner_group": "City", "owner_org": "x" * (NAME_MAX + 1)}, "invalid"),
    ({"title": "T", "owner_group": "City", "source": {"note": "gone"}}, "not_found"),
    ({"title": "T", "owner_group": "City", "source": {"cluster": "n"}}, "not_found"),
    ({"title": "T", "owner_group": "City", "source": {"room": "x"}}, "bad_message"),
    ({"title": "T", "owner_group": "City", "source": {"note": "p"}}, "invalid"),
])
def test_bad_actions_are_refused(data: dict[str, Any], code: str) -> None:
    refused(_room(), code, "action.add", data)


def test_someone_elses_private_note_is_not_found() -> None:
    refused(_room(), "not_found", "action.add",
            {"title": "T", "owner_group": "NGO", "source": {"note": "p"}}, NGO,
            {**SETTINGS, "participants_add_actions": True})


def test_bad_updates_and_progress_are_refused() -> None:
    state = _room()
    aid = three_parties(state)
    refused(state, "invalid", "action.update", {"id": aid, "status": "finished"})
    refused(state, "invalid", "action.progress", {"id": aid, "text": "x", "percent": 101})
    refused(state, "invalid", "action.progress", {"id": aid, "text": "  "})
    refused(state, "bad_message", "action.progress", {"id": aid, "text": "x", "percent": "5"})
    refused(state, "not_found", "action.delete", {"id": "nope"})


def test_participants_add_actions_only_when_the_workshop_lets_them() -> None:
    state = _room()
    data = {"title": "T", "owner_group": "NGO"}
    refused(state, "forbidden", "action.add", data, NGO)
    allowed = {**SETTINGS, "participants_add_actions": True}
    aid = run(state, "action.add", data, NGO, allowed)["id"]
    # Adding it does not make it theirs to edit (only its status: they own it, below).
    for op, d in (("action.update", {"id": aid, "title": "U"}), ("action.delete", {"id": aid})):
        refused(state, "forbidden", op, d, NGO, allowed)


def test_the_owners_set_the_status_and_report_progress_nothing_else() -> None:
    state = _room()
    aid = three_parties(state)  # owned by City, NGO and Union are parties
    done = run(state, "action.update", {"id": aid, "status": "in_progress"}, CITY2)
    assert (done["status"], done["percent"]) == ("in_progress", STATUS_PERCENT["in_progress"])
    entry = run(state, "action.progress", {"id": aid, "text": "Tender out", "percent": 60},
                CITY)["progress"][-1]
    assert (entry["text"], state.actions[aid].percent) == ("Tender out", 60)
    refused(state, "forbidden", "action.update", {"id": aid, "status": "done", "title": "X"},
            CITY)
    refused(state, "forbidden", "action.update", {"id": aid, "due": "2027-01-01"}, CITY)
    # A party is not an owner, and nobody learns through it that an action exists.
    refused(state, "forbidden", "action.update", {"id": aid, "status": "done"}, NGO)
    refused(state, "forbidden", "action.progress", {"id": aid, "text": "x"}, UNION)
    refused(state, "forbidden", "action.update", {"id": "nope", "status": "done"}, CITY)
    refused(state, "forbidden", "action.delete", {"id": aid}, CITY)
    refused(state, "forbidden", "action.update", {"id": aid, "status": "done"}, WALL)


def test_limits_on_actions_and_progress() -> None:
    state = _room()
    for i in range(ACTIONS_MAX):
        state.actions[f"x{i}"] = Action(f"x{i}", "T", "City", ["City"])
    refused(state, "invalid", "action.add", {"title": "T", "owner_group": "City"})
    action = state.actions["x0"]
    action.progress = [{"text": "x"}] * ACTION_PROGRESS_MAX
    refused(state, "invalid", "action.progress", {"id": "x0", "text": "more"})


def test_deleting_an_action_takes_its_votes_with_it() -> None:
    state = _room()
    aid = three_parties(state)
    state.voting = Voting("open", 3, 3, False, False, "actions")
    change = board.decide(state, "vote.add", {"note": aid}, NGO, board.Context(NOW, str))
    board.apply(state, Event("room1", 2, "vote.add", "n1", NOW, change[0].data))
    assert state.tally() == {aid: 1}
    run(state, "action.delete", {"id": aid})
    assert state.actions == {} and state.tally() == {}
    with pytest.raises(BoardError) as e:
        board.decide(state, "vote.add", {"note": aid}, NGO, board.Context(NOW, str))
    assert e.value.code == "not_found"


def test_who_committed_follows_the_author_display_rule() -> None:
    state = _room()
    aid = three_parties(state)
    data = run(state, "action.commit", {"id": aid}, NGO)
    event = Event("room1", 5, "action.commit", "n1", NOW, data)
    hidden = Disclosure("group", facilitator_sees_authors=False)
    for viewer in (Viewer("u1", "participant"), Viewer("fac", "facilitator")):
        audience = event_audience(event, viewer, hidden, {})
        frame = render_event(event, audience, hidden)
        assert frame["actor"] is None
        assert frame["data"]["commits"] == [{"group": "NGO", "participant": None,
                                             "name": None, "ts": NOW}]
    named = render_event(event, event_audience(event, Viewer("u1", "participant"),
                                                Disclosure(), {}), Disclosure())
    assert named["data"]["commits"][0]["name"] == "Nia"


def test_a_facilitator_may_record_a_partys_commitment_a_participant_only_their_own() -> None:
    state = _room()
    aid = three_parties(state)
    a = run(state, "action.commit", {"id": aid, "group": "Union"})
    assert a["commits"][0]["group"] == "Union" and a["commits"][0]["participant"] == "fac"
    refused(state, "forbidden", "action.commit", {"id": aid, "group": "City"}, NGO)
    assert run(state, "action.commit", {"id": aid, "group": "NGO"}, NGO)["commits"][1][
        "participant"] == "n1"
    run(state, "action.uncommit", {"id": aid, "group": "Union"})
    assert set(state.actions[aid].commits) == {"NGO"}
