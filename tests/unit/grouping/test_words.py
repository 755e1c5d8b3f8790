"""A note's terms: stop words out, stems per language, a spelling shared across languages."""

from __future__ import annotations

from cocreate.grouping.words import fold, lined_up, stems, surface_words


def test_word_forms_share_a_stem() -> None:
    assert stems(["bussiliinid"], "et") == stems(["bussiliinide"], "et")
    assert stems(["Buslinien"], "de") == stems(["buslinie"], "de")
    assert stems(["libraries"], "en") == stems(["library"], "en")


def test_stop_words_and_single_letters_go() -> None:
    assert surface_words("More bus lines to the villages", "en") == ["bus", "lines", "villages"]
    assert surface_words("Rohkem bussiliine ja ka rattateid", "et") == ["bussiliine", "rattateid"]


def test_the_lined_up_spelling_folds_accents_and_doubled_letters() -> None:
    assert fold("Öffnungszeiten") == "ofnungszeiten"
    assert fold("Straße") == "strase"
    assert lined_up(["bussiliinid"], "et").startswith("busilin")
    assert lined_up(["Buslinien"], "de").startswith("buslin")
