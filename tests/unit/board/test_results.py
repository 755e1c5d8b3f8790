"""Results by stakeholder group: only groups of at least three, votes only when visible."""

from __future__ import annotations

from cocreate.board.actions import Action
from cocreate.board.participants import Participant
from cocreate.board.results import results_by_group, shown_groups
from cocreate.board.state import BoardState, Cluster, Note, Voting


def person(pid: str, group: str | None, role: str = "participant") -> Participant:
    return Participant(pid, "ws", pid, role, group, None, "onsite", "r")  # type: ignore[arg-type]


PEOPLE = [person("fac", None, "facilitator"),
          person("u1", "Union"), person("u2", "Union"), person("u3", "Union"),
          person("n1", "NGO"), person("n2", "NGO"),  # only two: never shown
          person("c1", "City"), person("c2", "City"), person("c3", "City"),
          person("w", "City", "wall")]


def note(nid: str, cluster: str | None, group: str, private: bool = False) -> Note:
    return Note(nid, nid, "yellow", 0, 0, cluster, None, 1, 1, group, private)


def board(voting: Voting) -> BoardState:
    state = BoardState("r", voting=voting)
    state.clusters = {"k1": Cluster("k1", "Transport", 0, 0), "k2": Cluster("k2", "Parks", 0, 0)}
    for n in (note("a", "k1", "Union"), note("b", "k1", "Union"), note("c", "k1", "NGO"),
              note("d", "k2", "City"), note("e", "k2", "Union", private=True),
              note("f", None, "City")):
        state.notes[n.id] = n
    state.votes = {"u1": {"a": 2}, "u2": {"b": 1, "d": 1}, "n1": {"a": 3}, "c1": {"d": 2},
                   "fac": {"a": 5}}
    return state


def test_a_group_of_two_is_left_out() -> None:
    assert shown_groups(PEOPLE) == ["Union", "City"]


def test_notes_and_votes_per_cluster_by_group_once_votes_are_visible() -> None:
    result = results_by_group(board(Voting("closed", 5, 3)), PEOPLE)
    assert result["groups"] == ["Union", "City"] and result["votes_shown"] is True
    transport, parks = result["clusters"]
    # NGO's note and votes are not shown; a facilitator's votes belong to no group.
    assert transport == {"id": "k1", "title": "Transport", "notes": {"Union": 2},
                         "votes": {"Union": 3}}
    # A private note is not counted.
    assert parks == {"id": "k2", "title": "Parks", "notes": {"City": 1},
                     "votes": {"Union": 1, "City": 2}}


def test_hidden_votes_stay_hidden_before_their_reveal() -> None:
    hidden = results_by_group(board(Voting("closed", 5, 3, hidden=True)), PEOPLE)
    assert hidden["votes_shown"] is False
    assert all(c["votes"] is None for c in hidden["clusters"])
    assert hidden["clusters"][0]["notes"] == {"Union": 2}
    revealed = results_by_group(board(Voting("closed", 5, 3, hidden=True, revealed=True)),
                                PEOPLE)
    assert revealed["clusters"][0]["votes"] == {"Union": 3}


def test_votes_on_a_cluster_count_for_it() -> None:
    state = board(Voting("open", 5, 3, target="clusters"))
    state.votes = {"c2": {"k1": 2}, "c3": {"k1": 1}}
    assert results_by_group(state, PEOPLE)["clusters"][0]["votes"] == {"City": 3}


def test_votes_on_actions_by_group_leave_a_group_of_two_out() -> None:
    state = board(Voting("closed", 5, 3, target="actions"))
    state.actions = {"x1": Action("x1", "Night buses", "City", ["City", "Union"]),
                     "x2": Action("x2", "Bike lanes", "Union", ["Union"])}
    state.votes = {"u1": {"x1": 2}, "u3": {"x2": 1}, "n1": {"x1": 3}, "n2": {"x2": 2},
                   "c2": {"x1": 1}}
    result = results_by_group(state, PEOPLE)
    assert result["actions"] == [
        {"id": "x1", "title": "Night buses", "votes": {"Union": 2, "City": 1}},
        {"id": "x2", "title": "Bike lanes", "votes": {"Union": 1}}]
    assert "NGO" not in str(result)
    # That vote was not on the clusters: they show no votes, not zero.
    assert all(c["votes"] is None for c in result["clusters"])


def test_action_votes_stay_hidden_before_their_reveal_and_need_an_action_vote() -> None:
    hidden = board(Voting("closed", 5, 3, hidden=True, target="actions"))
    hidden.actions = {"x1": Action("x1", "Night buses", "City", ["City"])}
    hidden.votes = {"u1": {"x1": 2}}
    assert results_by_group(hidden, PEOPLE)["actions"] == []
    on_notes = board(Voting("closed", 5, 3))
    on_notes.actions = hidden.actions
    assert results_by_group(on_notes, PEOPLE)["actions"] == []


def test_small_groups_are_those_with_people_but_fewer_than_three() -> None:
    from cocreate.board.results import small_groups
    people = [Participant(f"p{i}", "w", f"P{i}", "participant", group, None, "onsite", "r")
              for i, group in enumerate(["City", "City", "City", "Union", "Union", "NGO"])]
    facilitator = Participant("f", "w", "F", "facilitator", "Press", None, "onsite", "r")
    assert small_groups([*people, facilitator], ["Union", "City", "Business"]) == [
        "Union", "NGO", "Press"]
    assert small_groups([], ["City"]) == []
