"""The jury's rules: weighted totals against a hand calculation, ranks, what the
board keeps (never a score), the juror role and winners into actions."""

import itertools

import pytest

from cocreate.board.errors import BoardError
from cocreate.board.hackathon import Hackathon, Pitch, apply, decide_hackathon, hackathon_view
from cocreate.board.jury import Jury, check_criteria, check_scores, decide_jury, ranking
from cocreate.board.participants import Participant
from cocreate.board.state import Actor
from cocreate.board.teams import team_rule

CRITERIA = [{"name": "impact", "weight": 40}, {"name": "feasibility", "weight": 30},
            {"name": "collaboration", "weight": 30}]
PITCHES = [("bus", "Village bus"), ("shop", "Shop on wheels"), ("net", "Mesh network")]


def _code(call) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(BoardError) as info:
        call()
    return info.value.code


def test_weighted_totals_match_a_hand_calculation() -> None:
    scores = {
        "j1": {"bus": {"impact": 5, "feasibility": 3, "collaboration": 4},
               "shop": {"impact": 2, "feasibility": 5, "collaboration": 3}},
        "j2": {"bus": {"impact": 4, "feasibility": 4, "collaboration": 2},
               "shop": {"impact": 3}},
    }
    rows = {r["pitch"]: r for r in ranking(CRITERIA, PITCHES, scores)}
    # bus: means impact 4.5, feasibility 3.5, collaboration 3.0
    #      (40*4.5 + 30*3.5 + 30*3.0) / 100 = (180 + 105 + 90) / 100 = 3.75
    assert rows["bus"]["means"] == {"impact": 4.5, "feasibility": 3.5, "collaboration": 3.0}
    assert rows["bus"]["score"] == pytest.approx(3.75)
    # shop: impact (2+3)/2 = 2.5, feasibility 5, collaboration 3, all scored:
    #       (40*2.5 + 30*5 + 30*3) / 100 = (100 + 150 + 90) / 100 = 3.4
    assert rows["shop"]["score"] == pytest.approx(3.4)
    assert rows["bus"]["jurors"] == 2 and rows["shop"]["jurors"] == 2
    assert (rows["bus"]["rank"], rows["shop"]["rank"]) == (1, 2)
    assert rows["net"] == {"pitch": "net", "title": "Mesh network", "score": None,
                           "jurors": 0, "means": {}, "rank": None}


def test_only_criteria_with_a_score_count_towards_the_weights() -> None:
    scores = {"j1": {"bus": {"impact": 4}}, "j2": {"bus": {"feasibility": 2}}}
    (bus, *_) = ranking(CRITERIA, PITCHES, scores)
    # (40*4 + 30*2) / (40 + 30) = 220 / 70
    assert bus["score"] == pytest.approx(220 / 70)
    assert "collaboration" not in bus["means"]


def test_equal_scores_share_a_rank_and_unscored_pitches_come_last() -> None:
    pitches = [("a", "A"), ("b", "B"), ("c", "C"), ("d", "D"), ("e", "E")]
    same = {"impact": 3, "feasibility": 3, "collaboration": 3}
    scores = {"j": {"a": {"impact": 5, "feasibility": 5, "collaboration": 5},
                    "b": same, "c": same, "d": {"impact": 1, "feasibility": 1,
                                                "collaboration": 1}}}
    ranked = ranking(CRITERIA, pitches, scores)
    assert [(r["pitch"], r["rank"]) for r in ranked] == [
        ("a", 1), ("b", 2), ("c", 2), ("d", 4), ("e", None)]


def test_criteria_are_checked() -> None:
    assert check_criteria({"criteria": [{"name": " impact ", "weight": 40}]}) == [
        {"name": "impact", "weight": 40}]
    assert _code(lambda: check_criteria({"criteria": []})) == "invalid"
    assert _code(lambda: check_criteria({"criteria": [{"name": "a", "weight": 0}]})) == "invalid"
    assert _code(lambda: check_criteria({"criteria": [{"name": "a", "weight": 101}]})) == "invalid"
    assert _code(lambda: check_criteria({"criteria": [
        {"name": "a", "weight": 1}, {"name": "a", "weight": 2}]})) == "invalid"
    assert _code(lambda: check_criteria({"criteria": [
        {"name": f"c{i}", "weight": 1} for i in range(11)]})) == "invalid"
    assert _code(lambda: check_criteria({"criteria": [{"name": "a"}]})) == "bad_message"
    assert _code(lambda: check_criteria({"criteria": [{"name": "a", "weight": 1,
                                                       "x": 1}]})) == "bad_message"


def test_scores_are_checked_and_null_takes_them_back() -> None:
    assert check_scores({"pitch": "bus", "scores": {"impact": 5}}, CRITERIA) == {"impact": 5}
    assert check_scores({"pitch": "bus", "scores": None}, CRITERIA) is None
    assert check_scores({"pitch": "bus", "scores": {}}, CRITERIA) is None
    assert _code(lambda: check_scores({"pitch": "bus", "scores": {"impact": 6}},
                                      CRITERIA)) == "invalid"
    assert _code(lambda: check_scores({"pitch": "bus", "scores": {"impact": 0}},
                                      CRITERIA)) == "invalid"
    assert _code(lambda: check_scores({"pitch": "bus", "scores": {"beauty": 3}},
                                      CRITERIA)) == "invalid"
    assert _code(lambda: check_scores({"pitch": "bus", "scores": {"impact": True}},
                                      CRITERIA)) == "bad_message"
    assert _code(lambda: check_scores({"pitch": "bus", "scores": {"impact": 2.5}},
                                      CRITERIA)) == "bad_message"


ROLES = {"j1": "juror", "j2": "juror", "p": "participant", "f": "facilitator"}


def _decide(jury: Jury, op: str, data: dict, actor: str, scores: dict | None = None,
            in_team: dict | None = None):  # type: ignore[no-untyped-def]
    ids = (f"a{i}" for i in itertools.count())
    return decide_jury(jury, op, data, actor, ROLES[actor], PITCHES,
                       {"bus": ["Council", "NGO"], "shop": ["Business"], "net": []},
                       ROLES, in_team or {}, scores or {}, 0, 7, lambda: next(ids))


def test_only_a_juror_scores_and_only_a_facilitator_sets_criteria_or_closes() -> None:
    jury = Jury(criteria=list(CRITERIA))
    for who in ("p", "f"):
        assert _code(lambda who=who: _decide(jury, "jury.score", {
            "pitch": "bus", "scores": {"impact": 3}}, who)) == "forbidden"
    for op, data in (("jury.criteria", {"criteria": CRITERIA}), ("jury.close", {}),
                     ("participant.role", {"participant": "p", "role": "juror"})):
        for who in ("p", "j1"):
            assert _code(lambda op=op, data=data, who=who: _decide(jury, op, data, who)
                         ) == "forbidden"


def test_a_score_event_says_how_many_scored_and_never_the_score() -> None:
    jury = Jury(criteria=list(CRITERIA))
    first = _decide(jury, "jury.score", {"pitch": "bus", "scores": {"impact": 5}}, "j1")
    assert first.data == {"pitch": "bus", "scored": 1}
    assert first.score == ("j1", "bus", {"impact": 5})
    stored = {"j1": {"bus": {"impact": 5}}}
    again = _decide(first.jury, "jury.score", {"pitch": "bus", "scores": {"impact": 2}}, "j1",
                    stored)
    assert again.data == {"pitch": "bus", "scored": 1}
    second = _decide(first.jury, "jury.score", {"pitch": "bus", "scores": {"impact": 2}}, "j2",
                     stored)
    assert second.data == {"pitch": "bus", "scored": 2}
    back = _decide(first.jury, "jury.score", {"pitch": "bus", "scores": None}, "j1", stored)
    assert back.data == {"pitch": "bus", "scored": 0} and back.jury.scored == {}
    assert "5" not in str(Jury(list(CRITERIA), {"bus": 1}).view(2))


def test_scoring_needs_criteria_and_an_open_jury_and_a_real_pitch() -> None:
    assert _code(lambda: _decide(Jury(), "jury.score", {"pitch": "bus",
                                                        "scores": {"impact": 3}}, "j1")
                 ) == "invalid"
    closed = Jury(list(CRITERIA), {}, [])
    assert _code(lambda: _decide(closed, "jury.score", {"pitch": "bus",
                                                        "scores": {"impact": 3}}, "j1")
                 ) == "invalid"
    assert _code(lambda: _decide(closed, "jury.close", {}, "f")) == "invalid"
    assert _code(lambda: _decide(Jury(list(CRITERIA)), "jury.score",
                                 {"pitch": "nope", "scores": {"impact": 3}}, "j1")
                 ) == "not_found"


def test_criteria_names_stay_once_scored_but_weights_may_change() -> None:
    scored = Jury(list(CRITERIA), {"bus": 1})
    renamed = [{"name": "reach", "weight": 40}, *CRITERIA[1:]]
    assert _code(lambda: _decide(scored, "jury.criteria", {"criteria": renamed}, "f")
                 ) == "invalid"
    reweighted = [{**c, "weight": 10} for c in CRITERIA]
    assert _decide(scored, "jury.criteria", {"criteria": reweighted}, "f").jury.criteria == \
        reweighted


def test_the_close_ranks_and_makes_the_winners_actions_with_the_teams_groups() -> None:
    scores = {"j1": {"bus": {"impact": 5, "feasibility": 5, "collaboration": 5},
                     "shop": {"impact": 1, "feasibility": 1, "collaboration": 1},
                     "net": {"impact": 3, "feasibility": 3, "collaboration": 3}}}
    change = _decide(Jury(list(CRITERIA), {"bus": 1, "shop": 1, "net": 1}), "jury.close",
                     {"winners": 2}, "f", scores)
    assert [r["pitch"] for r in change.data["result"]] == ["bus", "net", "shop"]
    # net is second but its team has no group: no owner, so no action
    assert [(a["title"], a["owner_group"], a["parties"], a["source"])
            for a in change.data["actions"]] == [
        ("Village bus", "Council", ["Council", "NGO"], {"pitch": "bus"})]
    assert change.jury.closed
    assert _code(lambda: _decide(Jury(list(CRITERIA)), "jury.close", {"winners": -1}, "f")
                 ) == "invalid"


def test_a_juror_is_in_no_team_and_a_demoted_juror_takes_their_scores_along() -> None:
    assert _code(lambda: _decide(Jury(), "participant.role",
                                 {"participant": "p", "role": "juror"}, "f",
                                 in_team={"p": "Village bus"})) == "invalid"
    assert _code(lambda: _decide(Jury(), "participant.role",
                                 {"participant": "f", "role": "juror"}, "f")) == "not_found"
    assert _code(lambda: _decide(Jury(), "participant.role",
                                 {"participant": "p", "role": "wall"}, "f")) == "invalid"
    made = _decide(Jury(), "participant.role", {"participant": "p", "role": "juror"}, "f")
    assert made.role == ("p", "juror") and made.drop_scores_of is None
    jury = Jury(list(CRITERIA), {"bus": 2, "shop": 1})
    back = _decide(jury, "participant.role", {"participant": "j1", "role": "participant"},
                   "f", {"j1": {"bus": {"impact": 3}, "shop": {"impact": 4}},
                         "j2": {"bus": {"impact": 1}}})
    assert back.drop_scores_of == "j1"
    assert back.data == {"participant": "j1", "role": "participant", "scored": {"bus": 1}}


PEOPLE = [Participant("h", "w", "Hanna", "participant", "NGO", None, "onsite", "r"),
          Participant("j", "w", "Jaan", "juror", None, None, "onsite", "r")]


def test_the_hackathon_accepts_jury_ops_in_their_phases_only() -> None:
    hack = Hackathon(phase="teams")
    hack.pitches["bus"] = Pitch("bus", "Village bus", "A bus", "h", ["h"])
    change = decide_hackathon(hack, PEOPLE, {"groups": ["NGO"]}, None, "jury.criteria",
                              {"criteria": CRITERIA}, Actor("f", "facilitator"), 1, "x")
    apply(hack, change.op, change.data)
    with pytest.raises(BoardError, match="jury.score is accepted in the jury phase"):
        decide_hackathon(hack, PEOPLE, {}, None, "jury.score",
                         {"pitch": "bus", "scores": {"impact": 4}}, Actor("j", "juror"), 1, "x")
    hack.phase = "jury"
    change = decide_hackathon(hack, PEOPLE, {}, None, "jury.score",
                              {"pitch": "bus", "scores": {"impact": 4}}, Actor("j", "juror"), 1,
                              "x")
    apply(hack, change.op, change.data)
    view = hackathon_view(hack, {p.id: p for p in PEOPLE}, team_rule(None, ["NGO"]),
                          jurors=1)["jury"]
    assert view == {"criteria": CRITERIA, "jurors": 1, "scored": {"bus": 1}, "closed": False,
                    "result": None}
    with pytest.raises(BoardError) as info:
        decide_hackathon(hack, PEOPLE, {}, None, "team.prefer", {"pitches": ["bus"]},
                         Actor("j", "juror"), 1, "x")
    assert info.value.code == "forbidden"
