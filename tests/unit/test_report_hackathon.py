"""The report's hackathon section: a section per pitch (team by group, viability,
jury score, votes on its source note), best ranked first after the close, and each
juror's scores only once the jury has closed."""

from __future__ import annotations

from typing import Any

from cocreate import report_hackathon, report_workshop, report_workshop_html

Shape = dict[str, Any]
ROOMS = [{"id": "r1", "name": "Plenary", "plenary": True}]
CRITERIA = [{"name": "impact", "weight": 40}, {"name": "feasibility", "weight": 60}]


def _pitch(pid: str, title: str, team: list[tuple[str, str, str | None]], viable: bool,
           missing: list[Shape], source: str | None = None) -> Shape:
    return {"id": pid, "title": title, "text": f"{title} text", "holder": team[0][0],
            "source": None if source is None else {"room": "r1", "note": source},
            "team": [{"id": i, "name": n, "group": g} for i, n, g in team],
            "viability": {"viable": viable, "missing": missing, "text": ""}}


def _hackathon(closed: bool) -> Shape:
    result = [{"pitch": "p2", "title": "Shop", "score": 4.2, "rank": 1, "jurors": 2,
               "means": {"impact": 4.5, "feasibility": 4.0}},
              {"pitch": "p1", "title": "Bus", "score": None, "rank": None, "jurors": 0,
               "means": {}}]
    return {"phase": "done" if closed else "jury", "pitches": [
        _pitch("p1", "Bus", [("a", "Ann", "City"), ("b", "Bo", "City")], False,
               [{"reason": "groups", "count": 1}, {"reason": "any_of", "groups": ["NGO"]}],
               source="n1"),
        _pitch("p2", "Shop", [("c", "Cy", "NGO"), ("d", "Di", "City"), ("e", "Ed", "NGO")],
               True, [])],
        "jury": {"criteria": CRITERIA, "jurors": 2, "scored": {"p2": 2},
                 "closed": closed, "result": result if closed else None}}


BOARD = {"notes": [{"id": "n1", "text": "Buses", "color": "yellow", "x": 0, "y": 0,
                    "cluster": None, "author": None, "author_group": "City", "created": 1,
                    "updated": 0, "private": False, "source": None}],
         "clusters": [], "voting": {"status": "closed", "target": "notes", "hidden": False,
                                    "tally": {"n1": 3}},
         "actions": [], "results_by_group": None}
DETAIL = [{"juror": "Judy", "pitch": "p2", "title": "Shop",
           "scores": {"impact": 5, "feasibility": 4}},
          {"juror": "Jo", "pitch": "p2", "title": "Shop",
           "scores": {"impact": 4, "feasibility": 4}}]


def _doc(closed: bool, lang: str = "en") -> Shape:
    workshop = {"id": "w", "title": "Village", "groups": ["City", "NGO"], "rooms": ROOMS}
    return report_workshop.document(workshop, [(ROOMS[0], BOARD)], {}, [], lang,
                                    _hackathon(closed), DETAIL)


def test_each_pitch_has_its_team_by_group_viability_jury_score_and_votes() -> None:
    hack = _doc(closed=True)["hackathon"]
    assert [p["title"] for p in hack["pitches"]] == ["Shop", "Bus"]  # ranked first
    shop, bus = hack["pitches"]
    assert shop["team"] == [{"group": "NGO", "members": ["Cy", "Ed"]},
                            {"group": "City", "members": ["Di"]}]
    assert shop["jury"] == {"score": 4.2, "rank": 1, "jurors": 2,
                            "means": {"impact": 4.5, "feasibility": 4.0}}
    assert bus["votes"] == 3 and shop["votes"] is None  # the votes on its source note
    md = report_workshop.to_markdown(_doc(closed=True))
    assert "### Rank 1: Shop" in md
    assert "- Team: NGO: Cy, Ed; City: Di" in md
    assert "- Viable team" in md
    assert "- Not viable: needs 1 more group; someone from NGO" in md
    assert "- Jury: 4.20 (rank 1, 2 jurors; impact 4.50, feasibility 4.00)" in md
    assert "- Votes: 3 votes" in md
    assert "| Judy | Shop | 5 | 4 |" in md


def test_before_the_close_no_score_and_no_jurors_detail() -> None:
    doc = _doc(closed=False)
    hack = doc["hackathon"]
    assert hack["jury_detail"] is None and all(p["jury"] is None for p in hack["pitches"])
    md = report_workshop.to_markdown(doc)
    assert "Judy" not in md and "Jury:" not in md
    assert "Judy" not in report_workshop_html.to_html(doc)


def test_a_workshop_without_a_hackathon_has_no_section() -> None:
    assert report_hackathon.section(
        {"phase": "ideas", "pitches": [], "jury": {}}, [], None) is None
    workshop = {"id": "w", "title": "Plain", "rooms": ROOMS}
    doc = report_workshop.document(workshop, [(ROOMS[0], BOARD)], {}, [], "en")
    assert doc["hackathon"] is None and "Hackathon" not in report_workshop.to_markdown(doc)


def test_the_section_reads_in_estonian_and_german_and_in_html() -> None:
    assert "Žürii: 4.20 (1. koht" in report_workshop.to_markdown(_doc(True, "et"))
    assert "Tragfähiges Team" in report_workshop.to_markdown(_doc(True, "de"))
    html = report_workshop_html.to_html(_doc(True))
    assert "<h3>Rank 1: Shop</h3>" in html and '<th scope="row">Judy</th>' in html
