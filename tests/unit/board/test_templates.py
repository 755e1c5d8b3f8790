"""Method templates: every built-in is a valid agenda in every language; saving and deleting."""

from __future__ import annotations

import copy
import itertools
from typing import Any

import pytest

from cocreate import board
from cocreate.board.errors import BoardError
from cocreate.board.limits import TEMPLATES_MAX
from cocreate.board.names import LANGUAGES
from cocreate.board.rooms import RoomInfo, WorkshopState
from cocreate.board.rule import Context
from cocreate.board.state import Actor, BoardState
from cocreate.board.templates import (
    TemplateFileError,
    builtin_in,
    builtin_template,
    template_rounds,
)
from cocreate.board.workshop import decide_workshop
from cocreate.templates import builtins_in, load_builtins
from support.rules import run_op

NOW = 1_700_000_000_000
FAC = Actor("fac", "facilitator", "Fran")
ANN = Actor("ann", "participant", "Ann")
_ids = itertools.count(1)
METHODS = {"start-stop-continue", "how-might-we", "impact-effort", "double-diamond",
           "world-cafe"}


def _ctx() -> Context:
    return Context(NOW, lambda: f"t{next(_ids)}")


def _workshop(templates: list[dict[str, Any]] | None = None, language: str = "en") -> WorkshopState:
    return WorkshopState("w", "p", [RoomInfo("p", "Plenary", True)], [],
                         {"language": language}, templates or [])


AGENDA = [{"id": "r1", "title": "Ideas", "seconds": 300, "private": True, "lock": False,
           "lock_at_end": True, "voting": None, "done": True, "ended": 4},
          {"id": "r2", "title": "Vote", "seconds": 120, "private": False, "lock": True,
           "lock_at_end": False,
           "voting": {"budget": 3, "max_per_note": 2, "hidden": True, "target": "notes"}}]


def _save(workshop: WorkshopState, data: dict[str, Any],
          agenda: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    change = decide_workshop(workshop, "template.save", data, FAC, _ctx(), agenda=agenda)
    assert change.op == "template.save"
    return change.data


# --- the built-ins ----------------------------------------------------------------------------


def test_the_methods_the_issue_names_are_built_in() -> None:
    assert {t["id"].removeprefix("builtin:") for t in load_builtins()} >= METHODS


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("slug", sorted(METHODS))
def test_every_built_in_is_an_agenda_that_agenda_set_accepts(slug: str, language: str) -> None:
    template = next(t for t in builtins_in(language) if t["id"] == f"builtin:{slug}")
    assert template["language"] == language and template["name"] and template["description"]
    state = BoardState("room")
    (event,) = run_op(state, "agenda.set", {"rounds": template["rounds"]}, FAC, NOW)
    assert [r["title"] for r in event.data["rounds"]] == [r["title"] for r in template["rounds"]]
    assert len(state.agenda) == len(template["rounds"]) >= 3


def test_built_ins_speak_the_workshop_language() -> None:
    english, estonian, german = (builtins_in(lang) for lang in ("en", "et", "de"))
    cafe = [next(t for t in ts if t["id"] == "builtin:world-cafe")
            for ts in (english, estonian, german)]
    assert [t["name"] for t in cafe] == ["World Café", "Maailmakohvik", "World Café"]
    assert cafe[1]["rounds"][1]["title"] == "Kohvikuvoor 1"
    assert cafe[2]["rounds"][1]["title"] == "Café-Runde 1"
    # The same rounds in every language, only the words differ.
    strip = [[{k: v for k, v in r.items() if k != "title"} for r in t["rounds"]] for t in cafe]
    assert strip[0] == strip[1] == strip[2]


def test_an_unknown_language_falls_back_to_english() -> None:
    (first, *_) = load_builtins()
    assert builtin_in(first, "fr")["name"] == first["name"]["en"]


GOOD = {"order": 1, "name": {"en": "A", "et": "B", "de": "C"},
        "description": {"en": "a", "et": "b", "de": "c"},
        "rounds": [{"title": {"en": "One", "et": "Üks", "de": "Eins"}, "seconds": 60}]}


def _broken(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    raw = copy.deepcopy(GOOD)
    target: Any = raw
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return raw


@pytest.mark.parametrize(("path", "value", "says"), [
    (("name", "de"), KeyError, "name must be given in exactly en, et, de"),
    (("rounds", 0, "title", "et"), "   ", "must not be empty"),
    (("rounds", 0, "seconds"), 14_401, "a round lasts 0 to 14400 seconds"),
    (("rounds", 0, "lock_at_ned"), True, "round 1 may only have the keys"),
    (("rounds", 0, "voting"), {"budget": 0}, "budget"),
    (("rounds",), [], "at least one round"),
    (("colour",), "red", "unknown keys ['colour']"),
    (("order",), "first", "'order' must be an integer"),
])
def test_a_broken_built_in_file_is_refused_with_what_is_wrong(path: tuple[Any, ...], value: Any,
                                                              says: str) -> None:
    assert builtin_template("fine", GOOD)["id"] == "builtin:fine"
    with pytest.raises(TemplateFileError) as e:
        builtin_template("broken", _broken(path, value))
    assert "'broken'" in str(e.value) and says in str(e.value)


# --- saving -----------------------------------------------------------------------------------


def test_saving_keeps_the_rooms_agenda_without_its_ids_and_progress() -> None:
    saved = _save(_workshop(language="et"), {"name": "  Our retro  "}, AGENDA)
    assert saved == {
        "id": saved["id"], "builtin": False, "name": "Our retro", "description": "",
        "language": "et", "created": NOW,
        "rounds": [{"title": "Ideas", "seconds": 300, "private": True, "lock": False,
                    "lock_at_end": True, "voting": None},
                   {"title": "Vote", "seconds": 120, "private": False, "lock": True,
                    "lock_at_end": False, "voting": AGENDA[1]["voting"]}]}
    assert template_rounds(saved["rounds"]) == saved["rounds"]


def test_saving_given_rounds_is_how_a_file_is_uploaded() -> None:
    saved = _save(_workshop(), {"name": "From a file", "description": "Brought along",
                                "language": "de", "rounds": [{"title": "Eins", "seconds": 0}]},
                  AGENDA)
    assert saved["description"] == "Brought along" and saved["language"] == "de"
    assert [r["title"] for r in saved["rounds"]] == ["Eins"]


@pytest.mark.parametrize(("data", "agenda", "code", "says"), [
    ({"name": "Empty"}, [], "invalid", "agenda is empty"),
    ({"name": ""}, AGENDA, "invalid", "must not be empty"),
    ({"name": "x" * 201}, AGENDA, "invalid", "limit is 200"),
    ({"name": "Long", "description": "d" * 1001}, AGENDA, "invalid", "1000"),
    ({"name": "Lang", "language": "fr"}, AGENDA, "invalid", "'language'"),
    ({"name": "No rounds", "rounds": []}, AGENDA, "invalid", "at least one round"),
    ({"name": "Bad round", "rounds": [{"title": "T", "seconds": -1}]}, AGENDA, "invalid",
     "0 to 14400"),
    ({"name": "Too many", "rounds": [{"title": "T", "seconds": 0}] * 31}, AGENDA, "invalid",
     "at most 30"),
    ({"name": 5}, AGENDA, "bad_message", "'name'"),
    ({"name": "Typed", "rounds": "all"}, AGENDA, "bad_message", "'rounds'"),
])
def test_a_bad_save_is_refused(data: dict[str, Any], agenda: list[dict[str, Any]], code: str,
                               says: str) -> None:
    with pytest.raises(BoardError) as e:
        _save(_workshop(), data, agenda)
    assert e.value.code == code and says in e.value.message


def test_a_name_is_saved_once_per_workshop_whatever_its_case() -> None:
    first = _save(_workshop(), {"name": "Retro"}, AGENDA)
    with pytest.raises(BoardError) as e:
        _save(_workshop([first]), {"name": "RETRO "}, AGENDA)
    assert e.value.code == "invalid" and "exists already" in e.value.message
    assert _save(_workshop([first]), {"name": "Retro 2"}, AGENDA)["name"] == "Retro 2"


def test_a_workshop_keeps_a_bounded_number_of_templates() -> None:
    kept = [{"id": f"k{i}", "name": f"T{i}"} for i in range(TEMPLATES_MAX)]
    with pytest.raises(BoardError) as e:
        _save(_workshop(kept), {"name": "One more"}, AGENDA)
    assert e.value.code == "invalid" and str(TEMPLATES_MAX) in e.value.message


# --- deleting ---------------------------------------------------------------------------------


def test_deleting_a_saved_template() -> None:
    saved = _save(_workshop(), {"name": "Retro"}, AGENDA)
    change = decide_workshop(_workshop([saved]), "template.delete", {"id": saved["id"]}, FAC,
                             _ctx())
    assert (change.op, change.data) == ("template.delete", {"id": saved["id"]})


@pytest.mark.parametrize(("template_id", "code"), [
    ("builtin:world-cafe", "invalid"),
    ("someone-elses", "not_found"),
])
def test_built_ins_and_unknown_templates_cannot_be_deleted(template_id: str, code: str) -> None:
    with pytest.raises(BoardError) as e:
        decide_workshop(_workshop(), "template.delete", {"id": template_id}, FAC, _ctx())
    assert e.value.code == code


@pytest.mark.parametrize("op", ["template.save", "template.delete"])
def test_only_facilitators_keep_templates(op: str) -> None:
    with pytest.raises(BoardError) as e:
        decide_workshop(_workshop(), op, {"name": "Mine", "id": "x"}, ANN, _ctx(), agenda=AGENDA)
    assert e.value.code == "forbidden"
    assert op not in board.ROOM_OPS
