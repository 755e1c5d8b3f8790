"""The privacy notice's sentences: who runs it, what is kept for how long, and who sees
names, as each author display mode makes it true, in three languages."""

from __future__ import annotations

import pytest

from cocreate.privacy_text import Controller, days, notice

CITY = Controller("Tartu City Government", "privacy@tartu.example", "dpo@tartu.example")


def test_the_notice_names_the_controller_the_data_and_the_retention() -> None:
    who, stored, sees, careful = notice("en", CITY, 90, "named", True)
    assert who == ("This service is run by Tartu City Government. Contact: "
                   "privacy@tartu.example. Data protection officer: dpo@tartu.example.")
    assert "name you enter" in stored and "votes" in stored
    assert stored.endswith("deleted 90 days after the workshop closes.")
    assert "show your name to everyone" in sees
    assert "facilitators" not in sees  # named: everyone sees, facilitators too
    assert "trade-union membership" in careful


def test_without_a_controller_the_notice_says_whom_to_ask() -> None:
    who = notice("de", Controller(), 180, "named", True)[0]
    assert who == ("Der Betreiber dieses Servers hat nicht angegeben, wer verantwortlich ist: "
                   "Fragen Sie die Moderation.")


@pytest.mark.parametrize(("authors", "sees_authors", "said", "not_said"), [
    ("group", True, ["only your stakeholder group", "The facilitators see who wrote"],
     ["name to"]),
    ("hidden", True, ["without your name or group", "The facilitators see who wrote"],
     ["Not even"]),
    ("hidden", False, ["without your name or group", "Not even the facilitators"],
     ["The facilitators see"]),
])
def test_who_sees_names_follows_the_author_display_mode(
        authors: str, sees_authors: bool, said: list[str], not_said: list[str]) -> None:
    sees = notice("en", CITY, 180, authors, sees_authors)[2]
    assert sees.startswith("Everyone in the workshop sees the list of who has joined")
    for words in said:
        assert words in sees
    for words in not_said:
        assert words not in sees


def test_estonian_and_german_count_the_days() -> None:
    assert (days("et", 1), days("et", 180)) == ("1 päeva", "180 päeva")
    assert (days("de", 1), days("de", 30)) == ("1 Tag", "30 Tage")
    assert notice("et", CITY, 30, "named", True)[1].endswith(
        "kustutatakse 30 päeva pärast töötoa sulgemist.")
    assert notice("fr", CITY, 2, "named", True)[1].endswith("2 days after the workshop closes.")
