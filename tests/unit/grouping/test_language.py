"""The language of a note, among the workshop's languages, from its own words."""

from __future__ import annotations

import pytest

from cocreate.grouping.language import detect


@pytest.mark.parametrize(("text", "lang"), [
    ("The library should open on Sundays", "en"),
    ("Raamatukogu võiks olla avatud pühapäeviti", "et"),
    ("Raamatukogu lahtiolekuajad pikemaks", "et"),  # no stop word: the long vowels tell
    ("Die Bibliothek sollte sonntags öffnen", "de"),
    ("Mehr Buslinien in die Dörfer", "de"),
])
def test_a_note_in_each_language(text: str, lang: str) -> None:
    assert detect(text, "en") == lang


def test_no_sign_means_the_workshop_language_and_only_its_languages_are_guessed() -> None:
    assert detect("OK, 5G!", "et") == "et"
    assert detect("", "de") == "de"
    assert detect("Die Bibliothek sollte sonntags öffnen", "en", ("en", "et")) in ("en", "et")
