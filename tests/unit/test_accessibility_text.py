"""The statements' words: every language has every sentence (a missing one would fail
a page for its readers), with the same placeholders, and the project's gaps exist."""

from __future__ import annotations

import re

import pytest

from cocreate import accessibility_text, privacy_text

PLACEHOLDER = re.compile(r"\{(\w+)\}")


@pytest.mark.parametrize("module", [accessibility_text, privacy_text],
                         ids=["accessibility", "privacy"])
@pytest.mark.parametrize("language", ["et", "de"])
def test_every_language_has_every_sentence_with_its_placeholders(module, language) -> None:
    english, other = module._TEXT["en"], module._TEXT[language]
    assert set(other) == set(english)
    for key, words in english.items():
        assert set(PLACEHOLDER.findall(other[key])) == set(PLACEHOLDER.findall(words)), key
        assert other[key] != words or key in ("contact",), (language, key)


def test_the_projects_gaps_are_sentences_of_every_language() -> None:
    for language in ("en", "et", "de"):
        gaps = [accessibility_text.text(language, key) for key in accessibility_text.PROJECT_GAPS]
        assert len(set(gaps)) == len(gaps) == 4
    assert accessibility_text.text("fr", "status.partially").startswith(
        "This service is partially compliant")
