"""Checks on the web/ sources that need no browser: the translations are
complete, nothing turns text into markup, the offline shell lists every file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[2] / "web"
LANGUAGES = ("en", "et", "de")
SOURCES = sorted(WEB.glob("js/*.js"))
PAGES = sorted(WEB.glob("*.html"))


def catalogue(lang: str) -> dict[str, object]:
    return json.loads((WEB / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))


def used_keys() -> set[str]:
    keys: set[str] = set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r"\bt\(\"([a-zA-Z0-9_.]+)\"", text))
        keys |= set(re.findall(r"\"data-i18n\": \"([a-zA-Z0-9_.]+)\"", text))
    for path in PAGES:
        text = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r"data-i18n(?:-title)?=\"([a-zA-Z0-9_.]+)\"", text))
        for attrs in re.findall(r"data-i18n-attr=\"([^\"]+)\"", text):
            keys |= {pair.split(":")[1].strip() for pair in attrs.split(";") if ":" in pair}
    return keys


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_catalogue_has_every_key_the_pages_use(lang):
    missing = sorted(used_keys() - set(catalogue(lang)))
    assert not missing, missing


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_catalogues_have_the_same_keys_and_plural_forms(lang):
    en, other = catalogue("en"), catalogue(lang)
    assert set(en) == set(other), set(en) ^ set(other)
    for key, value in en.items():
        assert isinstance(other[key], type(value)), key
        placeholders = set(re.findall(r"\{(\w+)\}", json.dumps(value)))
        assert set(re.findall(r"\{(\w+)\}", json.dumps(other[key]))) <= placeholders | {"n"}, key


def test_no_source_turns_text_into_markup():
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        for banned in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                       "new Function"):
            assert banned not in text, f"{path.name} uses {banned}"


def test_no_page_loads_anything_from_elsewhere():
    for path in PAGES + SOURCES + sorted(WEB.glob("css/*.css")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(src|href)=\"(https?:)?//", text), path.name
        assert "@import url(http" not in text and "cdn" not in text.lower(), path.name


def test_the_offline_shell_lists_every_file():
    sw = (WEB / "sw.js").read_text(encoding="utf-8")
    listed = set(re.findall(r"\"(/[^\"]*)\"", sw.split("];")[0]))
    files = {"/" + p.relative_to(WEB).as_posix() for p in WEB.rglob("*")
             if p.is_file() and p.name != "sw.js"}
    assert files <= listed, sorted(files - listed)
