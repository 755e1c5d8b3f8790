from cocreate.board.teams import DEFAULT_RULE, team_rule, viability

GROUPS = ["Public administration", "NGO / civil society", "Private sector", "Citizen / end user"]


def test_four_civil_servants_are_not_viable_until_an_ngo_member_joins() -> None:
    rule = team_rule({"required_any": GROUPS[1:]}, GROUPS)
    four = ["Public administration"] * 4
    verdict = viability(four, rule)
    assert not verdict["viable"]
    assert {"reason": "any_of", "groups": GROUPS[1:]} in verdict["missing"]
    assert viability([*four, "NGO / civil society"], rule) == {
        "viable": True, "missing": [], "text": "viable"}


def test_default_rule_is_three_to_eight_from_two_groups() -> None:
    assert team_rule(None, GROUPS) == DEFAULT_RULE
    verdict = viability(["Private sector", "Private sector"], DEFAULT_RULE)
    assert verdict["text"] == "needs 1 more person; needs 1 more group"


def test_a_pitch_needs_names_the_missing_group() -> None:
    verdict = viability(["Private sector"] * 3 + ["Public administration"], DEFAULT_RULE,
                        ["NGO / civil society"])
    assert verdict["text"] == "needs someone from NGO / civil society"
