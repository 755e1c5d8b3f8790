"""A note's terms: its words without stop words, reduced to their stems in the
note's language, and a spelling of the same words that lines languages up.

Stems join word forms ("bussiliinid", "bussiliinide" -> "bussiliini"). The
lined-up spelling (lower case, accents folded, doubled letters made single)
lets character n-grams link related words across languages ("bussiliin",
"Buslinie", "bus line" all hold "bus" and "lin").
"""

from __future__ import annotations

import functools
import re
import unicodedata

import snowballstemmer

from cocreate.grouping.language import STOP_WORDS, WORD

_STEMMERS = {"en": "english", "et": "estonian", "de": "german"}
_DOUBLED = re.compile(r"(.)\1+")


@functools.cache
def _stemmer(lang: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(_STEMMERS[lang])


def surface_words(text: str, lang: str) -> list[str]:
    """The note's words as written, minus stop words of its language and one-letter ones."""
    stop = STOP_WORDS.get(lang, frozenset())
    return [w for w in WORD.findall(text) if len(w) > 1 and w.lower() not in stop]


def stems(words: list[str], lang: str) -> list[str]:
    """`lang:stem` for each word, so that a stem means one thing in one language."""
    stemmer = _stemmer(lang if lang in _STEMMERS else "en")
    return [f"{lang}:{s}" for s in stemmer.stemWords([w.lower() for w in words])]


def fold(word: str) -> str:
    """Lower case without accents and doubled letters: a spelling shared across languages."""
    plain = unicodedata.normalize("NFKD", word.lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c)).replace("ß", "s")
    return _DOUBLED.sub(r"\1", plain)


def lined_up(words: list[str], lang: str) -> str:
    """The folded stems of the words, one space apart, for character n-grams."""
    stemmer = _stemmer(lang if lang in _STEMMERS else "en")
    return " ".join(fold(s) for s in stemmer.stemWords([w.lower() for w in words]))
